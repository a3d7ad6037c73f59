"""Telegram asks why after a Disagree: the next message is the reason, Skip skips (real PTB)."""

from core.model import Reasons
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_labels, text_of
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import private_message

ADA = 4242


async def joined(telegram: TelegramWorld, reasons: Reasons) -> None:
    await create(telegram.memory, telegram.clock, reasons=reasons)
    await telegram.receive(private_message(ADA, "/start plan"))
    await telegram.press(ADA, telegram.last(ADA), "Start")


async def disagree_and_tally(telegram: TelegramWorld) -> tuple[list[str], int]:
    async with FakeUnitOfWork(telegram.memory) as uow:
        reasons = await uow.statistics.disagreement_reasons(1)
        tally = await uow.statistics.tally(1)
    return [reason.body for reason in reasons], tally.disagree if tally else 0


async def test_a_disagree_asks_with_skip_and_the_next_message_is_the_reason(
    telegram: TelegramWorld,
) -> None:
    await joined(telegram, Reasons.OPTIONAL)
    card = telegram.last(ADA)

    await telegram.press(ADA, card, "Disagree")

    asked = telegram.last(ADA)
    assert text_of(asked) == "What would you change in P1? Send it as your next message."
    assert button_labels(asked) == ["Skip"]
    answer = private_message(ADA, "Say <b>who</b> pays.")
    await telegram.receive(answer)
    await telegram.receive(answer)  # Telegram delivers it again

    assert await disagree_and_tally(telegram) == (["Say <b>who</b> pays."], 1)
    assert text_of(telegram.last(ADA)).startswith("✅ Your comment on P1 was already saved.")
    assert len(telegram.memory.tables.comments) == 1


async def test_skip_sends_the_next_paragraph_and_a_second_press_changes_nothing(
    telegram: TelegramWorld,
) -> None:
    await joined(telegram, Reasons.OPTIONAL)
    await telegram.press(ADA, telegram.last(ADA), "Disagree")
    asked = telegram.last(ADA)

    await telegram.press(ADA, asked, "Skip")
    after_skip = telegram.last(ADA)
    await telegram.press(ADA, asked, "Skip")

    assert "P2 · 2 of 3" in text_of(after_skip)
    assert telegram.last(ADA) == after_skip  # the second press is answered by a toast only
    await telegram.receive(private_message(ADA, "Later thoughts"))
    assert await disagree_and_tally(telegram) == ([], 1)
    assert telegram.memory.tables.comments == {}


async def test_a_required_reason_opens_the_reply_box_and_the_disagree_counts_after_it(
    telegram: TelegramWorld,
) -> None:
    await joined(telegram, Reasons.REQUIRED)
    card = telegram.last(ADA)

    await telegram.press(ADA, card, "Disagree")

    redrawn = text_of(telegram.message(ADA, card["message_id"]))  # type: ignore[arg-type]
    assert "Your Disagree counts once you say what you would change." in redrawn
    asked = telegram.fake.calls_to("sendMessage")[-1].params
    assert asked["reply_markup"]["force_reply"] is True  # type: ignore[index]
    assert await disagree_and_tally(telegram) == ([], 0)
    prompt = telegram.last(ADA)
    await telegram.receive(private_message(ADA, "It costs too much.", reply_to=prompt))

    assert await disagree_and_tally(telegram) == (["It costs too much."], 1)
    assert text_of(telegram.last(ADA)).startswith(
        "✅ Thank you: your reason is saved and your Disagree with P1 counts."
    )
