"""Comments and replies from Telegram: ForceReply, replying to a card or to a comment."""

from tests.bots.conftest import create
from tests.bots.telegram.conftest import (
    TelegramWorld,
    button_data,
    button_labels,
    message_id,
    text_of,
)
from tests.fakes.memory_state import StoredComment
from tests.fakes.telegram_updates import callback_query, private_message

ADA = 4242
BEN = 5151
HOSTILE = "I <b>disagree</b> & so do _*[others]"


async def joined(telegram: TelegramWorld, user_id: int, name: str) -> None:
    await telegram.receive(private_message(user_id, "/start plan", first_name=name))
    await telegram.press(user_id, telegram.last(user_id), "Start", name=name)


def comments(telegram: TelegramWorld) -> list[StoredComment]:
    return sorted(telegram.memory.tables.comments.values(), key=lambda comment: comment.id)


async def test_comment_asks_with_force_reply_and_the_next_text_is_the_comment(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    card = telegram.last(ADA)

    await telegram.press(ADA, card, "Comment")
    [prompt] = telegram.fake.calls_to("sendMessage")[-1:]
    assert prompt.params["reply_markup"] == {
        "force_reply": True,
        "selective": True,
        "input_field_placeholder": "Your comment on P1",
    }
    prompt_message = telegram.last(ADA)
    answer = private_message(ADA, HOSTILE, reply_to=prompt_message)
    await telegram.receive(answer)

    [comment] = comments(telegram)
    assert (comment.body, comment.paragraph_id) == (HOSTILE, 1)
    posted = telegram.last(ADA)
    assert text_of(posted).startswith("✅ Thank you: your comment on P1 is saved.\nAda · ")
    assert text_of(posted).endswith(f"\n\n{HOSTILE}")
    reply_parameters = telegram.fake.calls_to("sendMessage")[-1].params["reply_parameters"]
    assert reply_parameters["message_id"] == answer["message"]["message_id"]  # type: ignore[index]


async def test_replying_to_a_card_comments_on_its_paragraph(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    first = telegram.last(ADA)
    await telegram.press(ADA, first, "Agree")  # the next card (P2) arrives

    await telegram.receive(private_message(ADA, "About P1 & more", reply_to=first))

    [comment] = comments(telegram)
    assert (comment.paragraph_id, comment.body) == (1, "About P1 & more")


async def test_a_redelivered_message_stores_one_comment(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    update = private_message(ADA, "Once only", reply_to=telegram.last(ADA))

    await telegram.receive(update)
    await telegram.receive(update)

    assert len(comments(telegram)) == 1
    second = telegram.last(ADA)
    assert text_of(second).startswith("✅ Your comment on P1 was already saved.")


async def test_text_without_a_prompt_or_a_reply_gets_a_hint(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")

    await telegram.receive(private_message(ADA, "hello?"))

    assert telegram.last_text(ADA).startswith("To comment, press Comment under a paragraph")
    assert comments(telegram) == []


async def test_comments_are_listed_one_message_each_and_replying_to_one_threads(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    await telegram.receive(private_message(ADA, HOSTILE, reply_to=telegram.last(ADA)))
    await joined(telegram, BEN, "Ben")
    card = telegram.last(BEN)
    assert "Comments (1)" in button_labels(card)

    await telegram.press(BEN, card, "Comments (1)", name="Ben")
    header, item, navigation = telegram.fake.messages(BEN)[-3:]
    assert text_of(header) == "💬 Comments on P1 (1) · page 1 of 1"
    assert text_of(item).endswith(HOSTILE)
    assert button_labels(item) == ["👍 0", "👎 0", "Reply", "Report"]
    assert text_of(navigation) == "Reply to a comment's message to answer it."
    await telegram.receive(private_message(BEN, "A reply & more", reply_to=item, first_name="Ben"))

    original, reply = comments(telegram)
    assert (reply.parent_id, reply.paragraph_id) == (original.id, 1)
    assert reply.participant_id != original.participant_id
    assert telegram.last_text(BEN).startswith("✅ Thank you: your reply on P1 is saved.")


async def test_the_reply_button_asks_for_a_reply_to_that_comment(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    await telegram.receive(private_message(ADA, "First", reply_to=telegram.last(ADA)))
    await joined(telegram, BEN, "Ben")
    await telegram.press(BEN, telegram.last(BEN), "Comments (1)", name="Ben")
    item = telegram.fake.messages(BEN)[-2]

    await telegram.press(BEN, item, "Reply", name="Ben")
    assert telegram.last_text(BEN).startswith("Replying to Ada:\nFirst\n")
    await telegram.receive(private_message(BEN, "Answer", first_name="Ben"))

    assert comments(telegram)[1].parent_id == comments(telegram)[0].id


async def test_voting_on_a_comment_edits_its_message_with_the_new_counts(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    await telegram.receive(private_message(ADA, "Vote me up", reply_to=telegram.last(ADA)))
    await joined(telegram, BEN, "Ben")
    await telegram.press(BEN, telegram.last(BEN), "Comments (1)", name="Ben")
    item = telegram.fake.messages(BEN)[-2]

    telegram.fake.clear()
    await telegram.press(BEN, item, "👍", name="Ben")

    assert telegram.methods() == ["answerCallbackQuery", "editMessageText"]
    assert telegram.fake.calls[0].params["text"] == "You voted this comment up."
    edited = telegram.message(BEN, message_id(item))
    assert "👍 1 · 👎 0" in text_of(edited)
    assert button_labels(edited) == ["Undo 👍 1", "👎 0", "Reply", "Report"]
    assert list(telegram.memory.tables.comment_votes.values()) == [1]


async def test_a_comment_vote_delivered_twice_is_counted_once_and_undo_withdraws_it(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await joined(telegram, ADA, "Ada")
    await telegram.receive(private_message(ADA, "Vote me up", reply_to=telegram.last(ADA)))
    await joined(telegram, BEN, "Ben")
    await telegram.press(BEN, telegram.last(BEN), "Comments (1)", name="Ben")
    item = telegram.fake.messages(BEN)[-2]
    press = callback_query(BEN, button_data(item, "👍"), item, first_name="Ben")

    await telegram.receive(press)
    await telegram.receive(press)

    assert list(telegram.memory.tables.comment_votes.values()) == [1]
    await telegram.press(BEN, telegram.message(BEN, message_id(item)), "Undo 👍", name="Ben")
    assert list(telegram.memory.tables.comment_votes.values()) == []
    assert button_labels(telegram.message(BEN, message_id(item))) == [
        "👍 0",
        "👎 0",
        "Reply",
        "Report",
    ]
