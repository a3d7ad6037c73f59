"""Telegram updates as inbox events: keyed by bot and update id, ordered per person."""

from datetime import UTC, datetime

from bots.inbox import StoredEvent
from bots.telegram.intake import SOURCE, sender_of, update_event
from tests.fakes.telegram_updates import callback_query, private_message

ADA, BEN = 4242, 5151


def stored(update: dict[str, object]) -> StoredEvent:
    event = update_event(123456, update)
    return StoredEvent(
        id=1,
        source=event.source,
        key=event.key,
        body=event.body,
        received_at=datetime(2027, 1, 15, tzinfo=UTC),
        attempts=1,
    )


def test_an_update_is_keyed_by_the_bot_and_its_update_id() -> None:
    update = private_message(ADA, "Who pays for this? «ok»")

    event = update_event(123456, update)

    assert (event.source, event.key) == (SOURCE, f"123456:{update['update_id']}")
    assert "«ok»" in event.body  # the text as sent, not escaped


def test_a_persons_comment_prompt_and_comment_are_handled_in_order_other_people_apart() -> None:
    card = {"message_id": 7, "date": 0, "chat": {"id": ADA, "type": "private"}}
    prompt = stored(callback_query(ADA, "1:c:1:2", card))
    comment = stored(private_message(ADA, "Who pays for this?"))
    other = stored(private_message(BEN, "Hello"))

    assert sender_of(prompt) == sender_of(comment) == str(ADA)
    assert sender_of(other) == str(BEN)
    anonymous = stored({"update_id": 99, "poll": {"id": "p"}})
    assert sender_of(anonymous) == anonymous.key  # nobody to keep in order with
