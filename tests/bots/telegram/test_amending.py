"""Suggested wordings in Telegram: suggest → diff → publish → listed → voted → decided.

The real python-telegram-bot Application on the fake Bot API; every text the bot sends is
parsed by the fake's strict HTML parser, so an unescaped `<` in a wording would fail here.
"""

from bots.chat.identities import telegram_ref
from core.amendments import AmendmentState
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_data, message_id, text_of
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_chats import Json
from tests.fakes.telegram_updates import callback_query, private_message
from tests.organiser import add_organiser

ADA, BEN, OLGA = 4242, 5151, 6363  # Olga organises
P1 = "The plan sets out what the city will do."
HOSTILE = "The plan </s><b>sets</b> *out* <!channel> & what the city will do."


async def joined(telegram: TelegramWorld, user_id: int, name: str) -> Json:
    """The person joins "plan"; their first card (P1)."""
    await telegram.receive(private_message(user_id, "/start plan", first_name=name))
    await telegram.press(user_id, telegram.last(user_id), "Start", name=name)
    return telegram.last(user_id)


def state_of(telegram: TelegramWorld) -> AmendmentState:
    """Where the first suggested wording stands."""
    return telegram.memory.tables.amendments[1].state


def toasts(telegram: TelegramWorld) -> list[str]:
    return [str(c.params.get("text", "")) for c in telegram.fake.calls_to("answerCallbackQuery")]


def shown(message: Json) -> tuple[str, list[tuple[str, str]]]:
    """The message as people see it: its text and its (entity type, covered text) pairs."""
    text, entities = text_of(message), []
    units = text.encode("utf-16-le")
    raw = message.get("entities")
    for entity in raw if isinstance(raw, list) else []:
        start = 2 * int(entity["offset"])
        end = start + 2 * int(entity["length"])
        entities.append((str(entity["type"]), units[start:end].decode("utf-16-le")))
    return text, entities


async def suggest(telegram: TelegramWorld, user_id: int, card: Json, wording: str) -> Json:
    """Press Suggest wording on the card and answer the prompt; the diff message it gets."""
    await telegram.press(user_id, card, "Suggest wording")
    await telegram.receive(private_message(user_id, wording, reply_to=telegram.last(user_id)))
    return telegram.last(user_id)


async def test_a_wording_is_suggested_shown_as_a_diff_published_listed_and_voted_on(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    card = await joined(telegram, ADA, "Ada")

    await telegram.press(ADA, card, "Suggest wording")
    current, prompt = telegram.fake.messages(ADA)[-2:]
    assert P1 in text_of(current)
    assert "Cancel" in str(current["reply_markup"])
    assert P1 not in text_of(prompt)
    assert telegram.fake.calls_to("sendMessage")[-1].params["reply_markup"] == {
        "force_reply": True,
        "selective": True,
        "input_field_placeholder": "Your wording of P1",
    }
    await telegram.receive(
        private_message(ADA, "The plan sets out what the city will build.", reply_to=prompt)
    )
    review = telegram.last(ADA)
    text, entities = shown(review)
    assert "The plan sets out what the city will do build." in text
    assert ("strikethrough", "do") in entities
    assert ("underline", "build") in entities
    assert state_of(telegram) is AmendmentState.PENDING

    await telegram.press(ADA, review, "Publish")
    assert state_of(telegram) is AmendmentState.PROPOSED
    assert "is published" in telegram.last_text(ADA)

    ben_card = await joined(telegram, BEN, "Ben")
    await telegram.press(BEN, ben_card, "Suggested wordings", name="Ben")
    heading, item, footer = telegram.fake.messages(BEN)[-3:]
    assert "1 suggested wording of P1 open to votes" in text_of(heading)
    assert text_of(item).startswith("#1 · Ada · open to votes · 👍 0 · 👎 0")
    assert "Suggest wording" in str(footer["reply_markup"])
    assert "Accept" not in str(item["reply_markup"])  # Ben is no organiser

    await telegram.press(BEN, item, "Agree", name="Ben")
    redrawn = telegram.message(BEN, message_id(item))
    assert text_of(redrawn).startswith("#1 · Ada · open to votes · 👍 1 · 👎 0")
    assert "✓ Agree" in str(redrawn["reply_markup"])
    assert toasts(telegram)[-1].startswith("Your Agree on wording #1 is saved.")
    assert len(telegram.fake.messages(BEN)) == len([heading, item, footer]) + 2  # no new list

    await telegram.press(BEN, redrawn, "Agree", name="Ben")  # the same press again
    assert toasts(telegram)[-1].startswith("Your Agree on wording #1 was already saved.")
    assert telegram.memory.tables.amendment_votes.keys() == {(1, 2)}


async def test_markup_typed_in_a_wording_is_shown_as_typed(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    card = await joined(telegram, ADA, "Ada")

    review = await suggest(telegram, ADA, card, HOSTILE)

    text, entities = shown(review)
    assert "</s><b>sets</b> *out* <!channel> &" in text
    assert {kind for kind, _ in entities} <= {"bold", "strikethrough", "underline", "italic"}
    added = [covered for kind, covered in entities if kind == "underline"]
    assert added[:3] == ["</s><b>", "</b> *", "* <!channel> &"]  # "sets", "out" are unchanged


async def test_an_over_long_wording_is_refused_and_nothing_is_stored(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    card = await joined(telegram, ADA, "Ada")

    answer = await suggest(telegram, ADA, card, "word " * 1000)

    assert "at most 4000 characters" in text_of(answer)
    assert not telegram.memory.tables.amendments


async def test_a_redelivered_wording_is_stored_once(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    card = await joined(telegram, ADA, "Ada")
    await telegram.press(ADA, card, "Suggest wording")
    update = private_message(ADA, "The plan says it.", reply_to=telegram.last(ADA))

    await telegram.receive(update)
    await telegram.receive(update)

    assert len(telegram.memory.tables.amendments) == 1
    assert "Publish" in str(telegram.last(ADA)["reply_markup"])


async def test_cancel_drops_the_pending_wording(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    card = await joined(telegram, ADA, "Ada")
    review = await suggest(telegram, ADA, card, "The plan says it.")

    await telegram.press(ADA, review, "Cancel")

    assert not telegram.memory.tables.amendments
    assert "nothing was published" in telegram.last_text(ADA)


async def test_a_forged_button_is_refused_with_a_toast(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    card = await joined(telegram, ADA, "Ada")
    forged = button_data(card, "Suggest wording").replace(":1:1", ":1:99")

    await telegram.receive(callback_query(ADA, forged, card))
    await telegram.receive(callback_query(ADA, "1:ac:1:7", card))  # someone else's, unknown

    assert not telegram.memory.tables.amendments
    assert all(toast for toast in toasts(telegram)[-2:])


async def test_only_an_organiser_sees_accept_and_accepting_changes_the_text(
    telegram: TelegramWorld,
) -> None:
    await create(telegram.memory, telegram.clock)
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(OLGA))
    card = await joined(telegram, ADA, "Ada")
    review = await suggest(telegram, ADA, card, "The plan sets out what the city will build.")
    await telegram.press(ADA, review, "Publish")
    ben_card = await joined(telegram, BEN, "Ben")
    await telegram.press(BEN, ben_card, "Agree", name="Ben")
    olga_card = await joined(telegram, OLGA, "Olga")

    await telegram.press(OLGA, olga_card, "Suggested wordings", name="Olga")
    item = telegram.fake.messages(OLGA)[-2]
    await telegram.press(OLGA, item, "Accept", name="Olga")

    assert state_of(telegram) is AmendmentState.ACCEPTED
    assert "accepted" in telegram.last_text(OLGA).lower()
    # A participant pressing a forged Accept is refused and decides nothing.
    await telegram.receive(callback_query(BEN, button_data(item, "Reject"), item))
    assert state_of(telegram) is AmendmentState.ACCEPTED
