"""Telegram in smart order: the card after a vote is the drawn paragraph (real PTB, fake API)."""

import re
from collections.abc import AsyncIterator

import pytest

from bots.telegram.application import build_application
from bots.telegram.settings import TelegramConfig
from core.app import ConsultationApp
from core.model import ParagraphOrder
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld, button_labels, text_of, uow_factory
from tests.core.test_priorities import FixedChance
from tests.fakes.memory import FakeClock, MemoryDatabase
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_updates import private_message

ADA = 4242
POSITION = re.compile(r"P(\d) · \d of 3")


@pytest.fixture
async def drawing_last(
    fake_bot_api: FakeBotApi, memory: MemoryDatabase, clock: FakeClock
) -> AsyncIterator[TelegramWorld]:
    """The Telegram front end over a core whose draw always takes the last candidate."""
    config = TelegramConfig(token=fake_bot_api.token, base_url=fake_bot_api.base_url)
    core = ConsultationApp(uow_factory(memory), clock, chance=FixedChance(0.99))
    application = build_application(config, core)
    async with application:
        yield TelegramWorld(fake=fake_bot_api, application=application, memory=memory, clock=clock)


def shown(telegram: TelegramWorld) -> str:
    found = POSITION.search(text_of(telegram.last(ADA)))
    assert found is not None, text_of(telegram.last(ADA))
    return f"P{found.group(1)}"


async def test_each_vote_brings_the_drawn_paragraph_with_its_section_and_neighbours(
    drawing_last: TelegramWorld,
) -> None:
    telegram = drawing_last
    await create(telegram.memory, telegram.clock, order=ParagraphOrder.SMART)
    await telegram.receive(private_message(ADA, "/start plan"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    first = telegram.last(ADA)
    order = [shown(telegram)]
    for _ in range(2):
        await telegram.press(ADA, telegram.last(ADA), "Agree")
        order.append(shown(telegram))
    await telegram.press(ADA, telegram.last(ADA), "Agree")

    assert order == ["P3", "P2", "P1"]
    assert "2. Means" in text_of(first)
    assert button_labels(first)[-1] == "◀ Back (P2)"  # the document's neighbour
    assert "You have voted on" in text_of(telegram.last(ADA))


async def test_document_order_is_kept_whatever_the_draw(drawing_last: TelegramWorld) -> None:
    telegram = drawing_last
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    order = [shown(telegram)]
    await telegram.press(ADA, telegram.last(ADA), "Agree")
    order.append(shown(telegram))

    assert order == ["P1", "P2"]
