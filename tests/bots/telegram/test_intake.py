"""Telegram updates as inbox events: keyed by bot and update id, ordered per person."""

from datetime import UTC, datetime
from typing import cast

from telegram import Bot, Message, Update

from bots.chat.inbox import StoredEvent
from bots.telegram.application import TelegramApplication
from bots.telegram.intake import SOURCE, sender_of, telegram_source, update_event
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


class Handlers:
    """What telegram_source needs of the Application: its bot, and where updates go."""

    def __init__(self) -> None:
        self.bot = Bot("123456:TEST-token")
        self.updates: list[Update] = []

    async def process_update(self, update: Update) -> None:
        self.updates.append(update)


async def handled(update: dict[str, object]) -> Update:
    handlers = Handlers()
    await telegram_source(cast(TelegramApplication, handlers)).handle(stored(update))
    [seen] = handlers.updates
    return seen


async def test_a_press_reaches_the_handlers_with_its_cards_chat_and_id_not_its_keyboard() -> None:
    keyboard = [[{"text": f"{n}", "callback_data": f"1:v:1:{n}"} for n in range(2)]] * 5
    card = {
        "message_id": 7,
        "date": 1_800_000_000,
        "text": "P1 The plan. " * 40,
        "chat": {"id": ADA, "type": "private", "first_name": "Ada"},
        "entities": [{"type": "bold", "offset": 0, "length": 2}],
        "reply_markup": {"inline_keyboard": keyboard},
    }

    update = await handled(callback_query(ADA, "1:v:1:a", card))

    query = update.callback_query
    assert query is not None
    assert isinstance(query.message, Message)
    assert (query.data, query.from_user.id) == ("1:v:1:a", ADA)
    assert (query.message.chat.id, query.message.chat.type, query.message.message_id) == (
        ADA,
        "private",
        7,
    )
    assert query.message.reply_markup is None  # 10 buttons PTB no longer builds
    assert query.message.text is None
