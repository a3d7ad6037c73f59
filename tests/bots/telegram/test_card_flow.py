"""The two card flows: what a vote press sends and edits in a private chat, message by message.

"stream" (the default) edits the voted card and sends the next one: two messages of the bot's
budget a press. "in_place" edits the voted card into the next paragraph: one message a press,
the confirmation in the toast, "✓ P1: agree" on the card.
"""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bots.telegram.application import build_application
from bots.telegram.settings import CardFlow, TelegramConfig
from core.app import ConsultationApp
from core.model import Choice
from tests.bots.conftest import create, document
from tests.bots.telegram.conftest import (
    TelegramWorld,
    button_labels,
    message_id,
    text_of,
    uow_factory,
)
from tests.fakes.memory import FakeClock, MemoryDatabase
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_updates import private_message

ADA = 4242
SENT_OR_EDITED = ("sendMessage", "editMessageText")


@pytest.fixture(params=list(CardFlow))
def card_flow(request: pytest.FixtureRequest) -> CardFlow:
    flow: CardFlow = request.param
    return flow


@pytest.fixture
async def world(
    fake_bot_api: FakeBotApi, memory: MemoryDatabase, clock: FakeClock, card_flow: CardFlow
) -> AsyncIterator[TelegramWorld]:
    uow = uow_factory(memory)
    config = TelegramConfig(
        token=fake_bot_api.token, base_url=fake_bot_api.base_url, card_flow=card_flow
    )
    application = build_application(config, ConsultationApp(uow, clock))
    async with application:
        yield TelegramWorld(fake=fake_bot_api, application=application, memory=memory, clock=clock)


async def joined(world: TelegramWorld) -> None:
    await world.receive(private_message(ADA, "/start plan"))
    await world.press(ADA, world.last(ADA), "Start")
    world.fake.clear()


async def press(world: TelegramWorld, card_id: int, label: str) -> list[str]:
    """Press a button on the card as it is now; the Bot API methods the press called."""
    world.fake.clear()
    await world.press(ADA, world.message(ADA, card_id), label)
    return world.methods()


def votes(world: TelegramWorld) -> list[Choice]:
    return [vote.choice for vote in world.memory.tables.votes.values()]


async def test_a_vote_costs_two_messages_in_the_stream_flow_and_one_in_place(
    world: TelegramWorld, card_flow: CardFlow
) -> None:
    await create(world.memory, world.clock)
    await joined(world)
    card = world.last(ADA)

    for _ in range(3):
        methods = await press(world, message_id(card), "Agree")
        card = world.last(ADA)

        expected = {CardFlow.STREAM: ["sendMessage"], CardFlow.IN_PLACE: []}[card_flow]
        assert methods == ["answerCallbackQuery", "editMessageText", *expected]
        assert len([m for m in methods if m in SENT_OR_EDITED]) == len(expected) + 1

    assert votes(world) == [Choice.AGREE] * 3
    ending = {CardFlow.STREAM: "🎉", CardFlow.IN_PLACE: "✓ P3: agree\n🎉"}[card_flow]
    assert text_of(card).startswith(ending)


@pytest.mark.parametrize("card_flow", [CardFlow.IN_PLACE])
async def test_in_place_the_voted_card_becomes_the_next_paragraph_with_the_vote_on_top(
    world: TelegramWorld,
) -> None:
    await create(world.memory, world.clock)
    await joined(world)
    card = message_id(world.last(ADA))

    await press(world, card, "Disagree")

    [toast] = world.fake.calls_to("answerCallbackQuery")
    assert toast.params["text"] == "Noted: you disagree with P1."
    assert len(world.fake.messages(ADA)) == 2  # the welcome and the one card
    assert text_of(world.message(ADA, card)) == (
        "✓ P1: disagree\n1. Purpose\nP2 · 2 of 3\n\nIt is reviewed every year.\n\n"
        "Do you agree? · 💬 0 comments · 📊 no votes yet"
    )
    # Its Back button leads to P1, where the vote can be changed: no other way back is added.
    labels = [
        "Agree",
        "Disagree",
        "Comment",
        "Comments (0)",
        "Suggest wording",
        "Suggested wordings",
        "◀ Back (P1)",
        "Next (P3) ▶",
    ]
    assert button_labels(world.message(ADA, card)) == labels


@pytest.mark.parametrize("card_flow", [CardFlow.IN_PLACE])
async def test_in_place_a_vote_is_changed_by_going_back_on_the_same_card(
    world: TelegramWorld,
) -> None:
    await create(world.memory, world.clock)
    await joined(world)
    card = message_id(world.last(ADA))
    await press(world, card, "Agree")

    assert await press(world, card, "Back (P1)") == ["answerCallbackQuery", "editMessageText"]
    assert "P1 · 1 of 3" in text_of(world.message(ADA, card))
    assert "You agree — tap to change" in text_of(world.message(ADA, card))
    await press(world, card, "Disagree")

    assert world.fake.calls_to("answerCallbackQuery")[0].params["text"] == (
        "Changed: you now disagree with P1."
    )
    assert text_of(world.message(ADA, card)).startswith("✓ P1: disagree\n1. Purpose\nP2 · 2 of 3")
    assert votes(world) == [Choice.DISAGREE]
    assert len(world.fake.messages(ADA)) == 2


@pytest.mark.parametrize("card_flow", [CardFlow.IN_PLACE])
async def test_in_place_the_last_vote_shows_the_end_with_a_way_back_to_that_paragraph(
    world: TelegramWorld,
) -> None:
    await create(world.memory, world.clock)
    await joined(world)
    card = message_id(world.last(ADA))
    await press(world, card, "Next (P2)")
    await press(world, card, "Next (P3)")
    await press(world, card, "Agree")  # P3; the card wraps round to P1
    await press(world, card, "Agree")  # P1, then P2, the last without a vote

    assert await press(world, card, "Disagree") == ["answerCallbackQuery", "editMessageText"]

    assert text_of(world.message(ADA, card)).startswith(
        "✓ P2: disagree\n🎉 You have voted on all 3 paragraphs of “Plan”."
    )
    assert button_labels(world.message(ADA, card)) == [
        "Statistics",
        "Review from P1",
        "↩ Change P2",
    ]
    await press(world, card, "Change P2")
    assert "P2 · 2 of 3" in text_of(world.message(ADA, card))
    assert "You disagree — tap to change" in text_of(world.message(ADA, card))


@pytest.mark.parametrize("card_flow", [CardFlow.IN_PLACE])
async def test_in_place_document_text_on_the_card_is_shown_as_written(
    world: TelegramWorld,
) -> None:
    hostile = "Fish & chips <b>bold</b> _*[x](y) </i> &amp; 5 < 6"
    await create(world.memory, world.clock, content=document(("<H> & co", ("One.", hostile))))
    await joined(world)
    card = message_id(world.last(ADA))

    await press(world, card, "Agree")

    assert text_of(world.message(ADA, card)).startswith(
        f"✓ P1: agree\n<H> & co\nP2 · 2 of 2\n\n{hostile}\n\n"
    )


@pytest.mark.parametrize("card_flow", [CardFlow.IN_PLACE])
async def test_in_place_a_long_next_paragraph_fills_the_card_and_sends_only_its_other_parts(
    world: TelegramWorld,
) -> None:
    long = " ".join(f"Sentence {n} of a very long paragraph & more." for n in range(250))
    await create(world.memory, world.clock, content=document(("Long", ("Short.", long))))
    await joined(world)
    card = message_id(world.last(ADA))

    methods = await press(world, card, "Agree")

    parts = [world.message(ADA, card), *world.fake.messages(ADA)[2:]]
    assert methods == ["answerCallbackQuery", "editMessageText"] + ["sendMessage"] * (
        len(parts) - 1
    )
    assert text_of(parts[0]).startswith("✓ P1: agree\nLong\nP2 · 2 of 2\n\nSentence 0 of")
    assert all(len(text_of(part)) <= 4096 for part in parts)
    assert ["reply_markup" in part for part in parts] == [False] * (len(parts) - 1) + [True]


async def test_a_card_pressed_after_the_close_says_so_in_either_flow(
    world: TelegramWorld,
) -> None:
    await create(world.memory, world.clock)
    await joined(world)
    card = message_id(world.last(ADA))
    world.clock.advance(timedelta(days=11))

    assert await press(world, card, "Agree") == ["answerCallbackQuery", "editMessageText"]

    assert "Closed on 25 Jan 2027" in text_of(world.message(ADA, card))
    assert button_labels(world.message(ADA, card)) == []
    assert votes(world) == []


async def test_comments_are_asked_for_below_the_card_in_either_flow(
    world: TelegramWorld,
) -> None:
    await create(world.memory, world.clock)
    await joined(world)
    card = world.last(ADA)

    assert await press(world, message_id(card), "Comment") == [
        "answerCallbackQuery",
        "sendMessage",
    ]

    assert world.message(ADA, message_id(card)) == card
    await world.receive(private_message(ADA, "Too vague & <late>"))
    assert "Too vague & <late>" in str(world.memory.tables.comments)
