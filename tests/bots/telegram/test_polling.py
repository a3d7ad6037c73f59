"""Long polling through the inbox: a batch is confirmed only once it is stored; errors pass."""

import asyncio
import logging

import pytest

from bots.runtime.bootstrap import Townhall
from bots.runtime.config import Config
from bots.runtime.front_ends.telegram import TelegramFrontEnd
from bots.telegram.settings import TelegramConfig
from core.app import ConsultationApp
from tests.bots.conftest import create
from tests.bots.telegram.conftest import uow_factory
from tests.fakes.memory import FakeClock, MemoryDatabase
from tests.fakes.memory_inbox import MemoryInbox
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_updates import private_message

ADA = 4242


async def no_check() -> None:
    return None


def townhall_on(memory: MemoryDatabase, clock: FakeClock, inbox: MemoryInbox) -> Townhall:
    uow = uow_factory(memory)
    return Townhall(
        app=ConsultationApp(uow, clock),
        unit_of_work=uow,
        clock=clock,
        check_database=no_check,
        inbox=inbox,
    )


def polling_config(fake: FakeBotApi) -> Config:
    return Config(telegram=TelegramConfig(token=fake.token, base_url=fake.base_url))


async def test_polling_confirms_a_batch_only_once_it_is_stored(
    fake_bot_api: FakeBotApi, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    inbox = MemoryInbox()
    inbox.fail_next_store = 1  # the database does not answer, once
    townhall = townhall_on(memory, clock, inbox)
    stop = asyncio.Event()

    running = asyncio.create_task(
        TelegramFrontEnd(poll_timeout=1).serve(polling_config(fake_bot_api), townhall, stop)
    )
    start = await fake_bot_api.push_update(private_message(ADA, "/start plan"))
    await fake_bot_api.wait_for("sendMessage", timeout=10)
    stop.set()
    await asyncio.wait_for(running, 5)

    update_id = start["update_id"]
    assert isinstance(update_id, int)
    offsets = [call.params.get("offset") for call in fake_bot_api.calls_to("getUpdates")]
    # Not stored, so not confirmed: the next poll asks for the same batch again.
    assert offsets[:3] == [0, 0, update_id + 1]
    assert inbox.keys("telegram") == [f"123456:{update_id}"]
    assert inbox.unhandled() == []
    assert len(fake_bot_api.calls_to("sendMessage")) == 1


async def test_a_failed_getupdates_is_tried_again_and_loses_nothing(
    fake_bot_api: FakeBotApi,
    memory: MemoryDatabase,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await create(memory, clock)
    inbox = MemoryInbox()
    fake_bot_api.fail_next("getUpdates", status=502)
    stop = asyncio.Event()

    with caplog.at_level(logging.WARNING):
        running = asyncio.create_task(
            TelegramFrontEnd(poll_timeout=1).serve(
                polling_config(fake_bot_api),
                townhall_on(memory, clock, inbox),
                stop,
            )
        )
        await fake_bot_api.push_update(private_message(ADA, "/start plan"))
        await fake_bot_api.wait_for("sendMessage", timeout=10)
        stop.set()
        await asyncio.wait_for(running, 5)

    assert [call.status for call in fake_bot_api.calls_to("getUpdates")][:2] == [502, 200]
    assert "Telegram: getUpdates failed (NetworkError); trying again" in caplog.messages
    assert len(inbox.keys("telegram")) == 1
