"""Organisers release paragraphs and read the delivery report from Telegram."""

from bots.chat.identities import telegram_ref
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import private_message
from tests.organiser import add_organiser

ADA = 4242  # an organiser
BEN = 5151


async def test_an_organiser_broadcasts_a_range_as_a_drip_and_reads_the_report(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await telegram.receive(private_message(BEN, "/start plan"))

    await telegram.receive(private_message(ADA, "/broadcast plan 1-2 every 1d"))
    assert telegram.last_text(ADA) == (
        "✅ Broadcast 1: P1–P2 to 1 recipient (2 messages), one every day. "
        "Follow it with /report 1."
    )
    await telegram.receive(private_message(ADA, "/report 1"))
    assert telegram.last_text(ADA) == (
        "Broadcast 1: 0 sent, 2 pending, 0 unreachable, 0 failed, 0 skipped (of 2)."
    )


async def test_broadcast_and_report_explain_their_arguments(telegram: TelegramWorld) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))

    await telegram.receive(private_message(ADA, "/broadcast"))
    assert telegram.last_text(ADA).startswith("⚠️ Usage: /broadcast SLUG [10-14] [every 1d]")
    await telegram.receive(private_message(ADA, "/broadcast plan 1-2 every often"))
    assert telegram.last_text(ADA).startswith(
        "⚠️ “often” is not an interval: write 1d, 12h or 30m."
    )
    await telegram.receive(private_message(ADA, "/report x"))
    assert telegram.last_text(ADA) == "⚠️ Usage: /report ID, with the number /broadcast gave"


async def test_only_organisers_may_broadcast(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)

    await telegram.receive(private_message(BEN, "/broadcast plan"))

    assert "organiser" in telegram.last_text(BEN)


async def test_an_organiser_cancels_a_drip_and_the_held_paragraph_opens(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await telegram.receive(private_message(BEN, "/start plan"))
    await telegram.receive(private_message(ADA, "/broadcast plan 1-2 every 1d"))
    await telegram.receive(private_message(BEN, "/progress"))
    assert "You have voted on 0 of 2 released paragraphs" in telegram.last_text(BEN)

    await telegram.receive(private_message(BEN, "/broadcast cancel 1"))
    assert "organiser" in telegram.last_text(BEN)
    await telegram.receive(private_message(ADA, "/broadcast cancel 1"))
    assert telegram.last_text(ADA).startswith(
        "✅ Broadcast 1 cancelled: 1 pending release stopped (P2; 1 message not sent)."
    )
    await telegram.receive(private_message(BEN, "/progress"))
    assert "You have voted on 0 of 3 paragraphs" in telegram.last_text(BEN)
    await telegram.receive(private_message(ADA, "/broadcast cancel x"))
    assert telegram.last_text(ADA).startswith("⚠️ “x” is not a broadcast number.")


async def test_a_redelivered_broadcast_command_queues_nothing_new_but_typing_it_again_does(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await telegram.receive(private_message(BEN, "/start plan"))
    command = private_message(ADA, "/broadcast plan 1")

    await telegram.receive(command)
    await telegram.receive(command)  # Telegram sends an update again after a 500

    assert telegram.last_text(ADA).startswith("Broadcast 1 was queued for this request already")
    assert len(telegram.memory.tables.outbox) == 1
    await telegram.receive(private_message(ADA, "/broadcast plan 1"))
    assert len(telegram.memory.tables.broadcasts) == 2
