"""Paragraph status in Telegram: /paragraph by an organiser, an old card's vote refused, /next."""

from bots.chat.identities import telegram_ref
from core.model import Choice, ParagraphStatus
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_labels, message_id, text_of
from tests.bots.telegram.test_participating import joined, votes
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import private_message
from tests.organiser import add_organiser

ORGANISER = 4242
BEN = 5151


async def test_an_organiser_decides_a_paragraph_and_an_old_cards_vote_is_refused(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ORGANISER))
    await joined(telegram, BEN, "Ben")
    card = telegram.last(BEN)
    await telegram.press(BEN, card, "Agree", name="Ben")

    await telegram.receive(private_message(ORGANISER, "/paragraph plan P1 decided"))
    answer = telegram.last_text(ORGANISER)
    telegram.fake.clear()
    await telegram.press(BEN, telegram.message(BEN, message_id(card)), "Disagree", name="Ben")

    assert "P1 of “Plan” is decided" in answer
    assert telegram.methods() == ["answerCallbackQuery", "editMessageText"]
    toast, edit = telegram.fake.calls
    assert toast.params["text"] == (
        "P1 is decided: its text is final and votes are no longer taken."
    )
    assert edit.params["message_id"] == message_id(card)
    text = str(edit.params["text"])
    assert "🔒 <b>Decided: this text is final and no longer put to the vote.</b>" in text
    assert "✅ You agree" in text
    redrawn = telegram.message(BEN, message_id(card))
    assert not {"Agree", "Disagree", "✓ Agree"} & set(button_labels(redrawn))
    assert list((await votes(telegram)).values()) == [Choice.AGREE]


async def test_a_participant_cannot_decide_a_paragraph(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, BEN, "Ben")

    await telegram.receive(private_message(BEN, "/paragraph plan P1 decided"))

    assert "Only the consultation's organisers can do that." in telegram.last_text(BEN)
    statuses = {p.status for p in telegram.memory.tables.paragraphs.values()}
    assert statuses == {ParagraphStatus.VOTING}


async def test_next_decided_lists_the_decided_paragraphs_and_opens_one(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ORGANISER))
    await telegram.receive(private_message(ORGANISER, "/paragraph plan P2 decided"))
    await joined(telegram, BEN, "Ben")

    await telegram.receive(private_message(BEN, "/next decided"))
    listing = telegram.last(BEN)
    await telegram.press(BEN, listing, "P2", name="Ben")

    assert text_of(listing) == (
        "Decided · 1 paragraph — Plan\n\nP2 · no votes yet · 0 comments · decided\n"
        "It is reviewed every year."
    )
    assert button_labels(listing)[0] == "P2"
    assert "Decided: this text is final" in text_of(telegram.last(BEN))


async def test_an_unknown_filter_gets_the_usage(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, BEN, "Ben")

    await telegram.receive(private_message(BEN, "/next best"))

    assert "Usage: /next for the next paragraph, or /next voted|commented|" in (
        telegram.last_text(BEN)
    )
