"""The terminal chat in smart order: each next paragraph is drawn, sections still shown."""

import re

from core.app import ConsultationApp
from core.model import ParagraphOrder
from tests.bots.conftest import create
from tests.bots.terminal.test_runner import chat
from tests.core.test_priorities import FixedChance
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase

CARD = re.compile(r"^§ (.+)\nP(\d) · \d of 3$", re.MULTILINE)


async def test_smart_order_serves_the_drawn_paragraph_after_each_vote_until_done(
    memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock, order=ParagraphOrder.SMART)
    # Unvoted paragraphs weigh the same; the highest number always takes the last one.
    app = ConsultationApp(lambda: FakeUnitOfWork(memory), clock, chance=FixedChance(0.99))

    _, output = await chat(app, "agree", "agree", "agree")

    assert CARD.findall(output) == [("2. Means", "3"), ("1. Purpose", "2"), ("1. Purpose", "1")]
    assert "You have voted on all 3 paragraphs" in output


async def test_document_order_serves_the_paragraphs_in_sequence_whatever_the_draw(
    memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    app = ConsultationApp(lambda: FakeUnitOfWork(memory), clock, chance=FixedChance(0.99))

    _, output = await chat(app, "agree", "agree", "agree")

    assert [number for _, number in CARD.findall(output)] == ["1", "2", "3"]
