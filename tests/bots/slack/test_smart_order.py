"""Slack in smart order: the card posted after a vote is the drawn paragraph (real Bolt)."""

from collections.abc import AsyncIterator

import pytest

from bots.slack.application import build_slack_app
from bots.slack.arrivals import SlackArrivals
from bots.slack.settings import SlackConfig
from core.app import ConsultationApp
from core.model import ParagraphOrder
from tests.bots.conftest import create
from tests.bots.slack.conftest import SECRET, SlackWorld, buttons, texts
from tests.core.test_priorities import FixedChance
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.memory_inbox import MemoryInbox
from tests.fakes.slack import FakeSlackApi


@pytest.fixture
async def drawing_last(
    fake_slack_api: FakeSlackApi, memory: MemoryDatabase, clock: FakeClock
) -> AsyncIterator[SlackWorld]:
    """Townhall's Slack app over a core whose draw always takes the last candidate."""
    config = SlackConfig(
        base_url=fake_slack_api.base_url, bot_token=fake_slack_api.token, signing_secret=SECRET
    )
    core = ConsultationApp(lambda: FakeUnitOfWork(memory), clock, chance=FixedChance(0.99))
    bolt = build_slack_app(config, core)
    inbox = MemoryInbox()
    world = SlackWorld(
        fake=fake_slack_api,
        bolt=bolt,
        memory=memory,
        clock=clock,
        inbox=inbox,
        arrivals=SlackArrivals(bolt, inbox, clock, SECRET),
    )
    yield world
    await world.settled()


def heading_and_position(card: dict[str, object]) -> list[str]:
    return texts(card.get("blocks"))[:2]


async def test_each_vote_posts_the_drawn_paragraph_with_its_section_and_neighbours(
    drawing_last: SlackWorld,
) -> None:
    slack = drawing_last
    await create(slack.memory, slack.clock, order=ParagraphOrder.SMART)
    await slack.command("join plan")
    await slack.fake.wait_for("chat.postMessage", count=2)
    card = slack.dm()[-1]
    shown = [heading_and_position(card)]
    first_labels = [text for text, *_ in buttons(card.get("blocks"))]
    for count in range(1, 4):
        await slack.press(card, "Agree")
        await slack.fake.wait_for("chat.postMessage", count=2 + count)
        card = slack.dm()[-1]
        shown.append(heading_and_position(card))

    assert shown[:3] == [
        ["2. Means", "*P3* · 3 of 3"],
        ["1. Purpose", "*P2* · 2 of 3"],
        ["1. Purpose", "*P1* · 1 of 3"],
    ]
    assert first_labels[-1] == "◀ Back (P2)"  # the document's neighbour
    assert "You have voted on all 3 paragraphs" in str(card["text"])


async def test_document_order_is_kept_whatever_the_draw(drawing_last: SlackWorld) -> None:
    slack = drawing_last
    await create(slack.memory, slack.clock)
    await slack.command("join plan")
    await slack.fake.wait_for("chat.postMessage", count=2)

    assert heading_and_position(slack.dm()[-1]) == ["1. Purpose", "*P1* · 1 of 3"]
