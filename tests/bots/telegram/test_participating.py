"""A participant's whole conversation in a private chat, as Telegram's updates drive it."""

from datetime import timedelta

from core.model import Choice, Privacy
from tests.bots.conftest import create, document
from tests.bots.telegram.conftest import (
    TelegramWorld,
    button_data,
    button_labels,
    message_id,
    text_of,
)
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import callback_query, private_message
from tests.organiser import create_invitation

ADA = 4242
BEN = 5151


async def joined(telegram: TelegramWorld, user_id: int = ADA, name: str = "Ada") -> None:
    await telegram.receive(private_message(user_id, "/start plan", first_name=name))
    await telegram.press(user_id, telegram.last(user_id), "Start", name=name)


async def votes(telegram: TelegramWorld) -> dict[tuple[int, int], Choice]:
    tables = telegram.memory.tables
    return {key: vote.choice for key, vote in tables.votes.items()}


async def test_start_with_a_slug_joins_and_shows_the_welcome_card(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)

    await telegram.receive(private_message(ADA, "/start plan"))

    [welcome] = telegram.fake.messages(ADA)
    assert text_of(welcome) == (
        "Plan\nA plan for the city.\n3 paragraphs · closes 25 Jan 2027, 10 days left\n"
        "Read them one at a time: agree or disagree, and comment where you wish."
    )
    assert button_labels(welcome) == ["Start"]


async def test_start_with_an_invitation_token_joins_a_private_consultation(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock, privacy=Privacy.PRIVATE)
    invitation = await create_invitation(
        FakeUnitOfWork(telegram.memory), "plan", 1, telegram.clock.now()
    )

    await telegram.receive(private_message(BEN, "/start plan"))
    await telegram.receive(private_message(ADA, f"/start {invitation.token}"))

    assert "by invitation only" in telegram.last_text(BEN)
    assert telegram.last_text(ADA).startswith("Plan\n")


async def test_a_bare_start_lists_the_open_consultations_as_buttons(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await create(telegram.memory, telegram.clock, slug="budget")

    await telegram.receive(private_message(ADA, "/start"))

    listing = telegram.last(ADA)
    assert text_of(listing).startswith("Open consultations\n• Plan — closes 25 Jan 2027")
    assert button_labels(listing) == ["Participate: Plan", "Participate: Plan"]
    await telegram.press(ADA, listing, "Participate")
    assert button_labels(telegram.last(ADA)) == ["Start"]


async def test_voting_through_every_paragraph_answers_edits_and_sends_the_next_card(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram)
    card = telegram.last(ADA)
    assert text_of(card).startswith("1. Purpose\nP1 · 1 of 3\n\nThe plan sets out")
    assert button_labels(card)[:4] == ["Agree", "Disagree", "Comment", "Comments (0)"]

    for number, choice in ((1, "Agree"), (2, "Disagree"), (3, "Agree")):
        telegram.fake.clear()
        await telegram.press(ADA, card, choice)

        assert telegram.methods() == ["answerCallbackQuery", "editMessageText", "sendMessage"]
        answer, edit, _ = telegram.fake.calls
        verb = "agree" if choice == "Agree" else "disagree"
        assert answer.params["text"] == f"Noted: you {verb} with P{number}."
        assert edit.params["message_id"] == card["message_id"]
        edited = telegram.message(ADA, message_id(card))
        assert f"You {verb} — tap to change" in text_of(edited)
        assert f"✓ {choice}" in button_labels(edited)
        card = telegram.last(ADA)

    assert text_of(card).startswith("🎉 You have voted on all 3 paragraphs of “Plan”.")
    assert len(await votes(telegram)) == 3


async def test_a_vote_can_be_changed_by_pressing_the_other_button(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram)
    card = telegram.last(ADA)
    await telegram.press(ADA, card, "Agree")
    edited = telegram.message(ADA, message_id(card))

    telegram.fake.clear()
    await telegram.press(ADA, edited, "Disagree")

    [answer] = telegram.fake.calls_to("answerCallbackQuery")
    assert answer.params["text"] == "Changed: you now disagree with P1."
    again = telegram.message(ADA, message_id(card))
    assert "You disagree — tap to change" in text_of(again)
    assert list((await votes(telegram)).values()) == [Choice.DISAGREE]


async def test_pressing_the_same_vote_again_is_not_an_error_when_nothing_changes(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram)
    card = telegram.last(ADA)
    await telegram.press(ADA, card, "Agree")
    edited = telegram.message(ADA, message_id(card))

    telegram.fake.clear()
    await telegram.press(ADA, edited, "Agree")

    [edit] = telegram.fake.calls_to("editMessageText")
    assert edit.status == 400  # "message is not modified", taken as success
    assert telegram.fake.calls_to("sendMessage")
    assert telegram.fake.calls_to("answerCallbackQuery")[0].params["text"] == (
        "You already agree with P1."
    )


async def test_an_old_card_pressed_after_the_close_is_edited_to_its_final_result(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, BEN, "Ben")
    await telegram.press(BEN, telegram.last(BEN), "Agree")
    await joined(telegram)
    card = telegram.last(ADA)
    telegram.clock.advance(timedelta(days=11))

    telegram.fake.clear()
    await telegram.press(ADA, card, "Agree")

    assert telegram.methods() == ["answerCallbackQuery", "editMessageText"]
    toast, edit = telegram.fake.calls
    assert toast.params["text"] == "Closed on 25 Jan 2027 — final result: 100% agree"
    assert edit.params["message_id"] == message_id(card)
    assert "<i>Closed on 25 Jan 2027 — final result: 100% agree</i>" in str(edit.params["text"])
    assert "reply_markup" not in edit.params
    assert len(await votes(telegram)) == 1


async def test_a_forged_payload_is_refused_by_toast_and_nothing_is_stored(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram)
    card = telegram.last(ADA)
    forged = button_data(card, "Agree").replace(":a", ":x")

    telegram.fake.clear()
    await telegram.receive(callback_query(ADA, forged, card))
    await telegram.receive(callback_query(ADA, "1:v:1:999:a", card))

    assert telegram.methods() == ["answerCallbackQuery", "answerCallbackQuery"]
    texts = [call.params["text"] for call in telegram.fake.calls]
    assert texts[0] == "This button is not valid any more. Type /help to see where you are."
    assert texts[1] == "That paragraph is not part of this consultation."
    assert await votes(telegram) == {}


async def test_hostile_text_in_the_document_is_shown_as_written(telegram: TelegramWorld) -> None:
    hostile = "Fish & chips <b>bold</b> _*[x](y) </i> &amp; 5 < 6"
    content = document(("<Heading> & co", (hostile,)))
    await create(telegram.memory, telegram.clock, content=content)

    await joined(telegram)

    card = telegram.last(ADA)
    assert text_of(card).startswith(f"<Heading> & co\nP1 · 1 of 1\n\n{hostile}\n\n")


async def test_an_oversized_paragraph_is_split_with_the_buttons_on_the_last_part(
    telegram: TelegramWorld,
) -> None:
    long = " ".join(f"Sentence {n} of a very long paragraph & more." for n in range(250))
    await create(telegram.memory, telegram.clock, content=document(("Long", (long,))))

    await joined(telegram)

    parts = telegram.fake.messages(ADA)[1:]
    assert len(parts) >= 3
    assert all(len(text_of(part)) <= 4096 for part in parts)
    assert ["reply_markup" in part for part in parts] == [False] * (len(parts) - 1) + [True]
    await telegram.press(ADA, parts[-1], "Agree")
    assert "You agree — tap to change" in text_of(telegram.fake.messages(ADA)[len(parts)])
