"""Two workers on one database send each of 300 queued pushes exactly once (SQLite, PostgreSQL).

Each worker has its own engine (as a separate process would), its own Bot and Dispatcher; both
drain the outbox at once in small batches, and the fake Bot API counts what each chat got.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from core.app import ConsultationApp
from core.delivery import DeliveryKind, NewOutboxItem, Priority, Recipient
from core.model import Platform
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.services.dispatching import Dispatcher
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade_database
from storage.rows import Base
from storage.unit_of_work import SqlUnitOfWork
from tests.bots.delivery.conftest import fake_bot
from tests.fakes.memory import FakeClock
from tests.fakes.telegram import FakeBotApi
from tests.organiser import create_consultation
from tests.storage.examples import new_consultation, sample_document
from tests.storage.test_sqlite_driver import CountingQueue

PUSHES = 300
CHATS = range(20_000, 20_000 + PUSHES)


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A migrated, empty database: an SQLite file, or the suite's PostgreSQL one (truncated)."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
        await upgrade_database(url)
        yield url
        return
    url = str(request.getfixturevalue("postgres_database_url"))
    engine = make_engine(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    await engine.dispose()
    yield url


def units_of_work(engine: AsyncEngine) -> UnitOfWorkFactory:
    sessions = make_session_factory(engine)

    def factory() -> UnitOfWork:
        return SqlUnitOfWork(sessions)

    return factory


async def queue_summaries(uow: UnitOfWorkFactory, clock: FakeClock) -> None:
    """A consultation, and its closing summary queued for 300 Telegram chats."""
    consultation = await create_consultation(
        uow(), new_consultation(), sample_document(), clock.now()
    )
    deliveries = [
        NewOutboxItem(
            key=f"summary:{chat}",
            recipient=Recipient(platform=Platform.TELEGRAM, tenant="telegram", address=str(chat)),
            kind=DeliveryKind.SUMMARY,
            consultation_id=consultation.id,
            paragraph_id=None,
            broadcast_id=None,
            priority=Priority.NOTICE,
            due_at=clock.now(),
        )
        for chat in CHATS
    ]
    async with uow() as unit:
        assert await unit.outbox.enqueue(deliveries, clock.now()) == PUSHES
        await unit.commit()


async def drain(dispatcher: Dispatcher) -> int:
    claimed = 0
    while batch := await dispatcher.dispatch_due(limit=25):
        claimed += batch
    return claimed


async def test_two_workers_send_each_queued_push_exactly_once(
    database_url: str, fake_bot_api: FakeBotApi, clock: FakeClock
) -> None:
    engines = [make_engine(database_url), make_engine(database_url)]
    try:
        factories = [units_of_work(engine) for engine in engines]
        await queue_summaries(factories[0], clock)
        async with fake_bot(fake_bot_api) as bot_a, fake_bot(fake_bot_api) as bot_b:
            workers = [
                Dispatcher(
                    uow_factory=factory,
                    messenger=TelegramMessenger(
                        bot, TelegramClient(bot, ConsultationApp(factory, clock))
                    ),
                    clock=clock,
                    worker=name,
                )
                for name, bot, factory in zip(("a", "b"), (bot_a, bot_b), factories, strict=True)
            ]
            claimed = await asyncio.gather(*(drain(worker) for worker in workers))
    finally:
        for engine in engines:
            await engine.dispose()

    assert sum(claimed) == PUSHES
    sent = Counter(call.params["chat_id"] for call in fake_bot_api.calls_to("sendMessage"))
    assert sent == Counter(dict.fromkeys(CHATS, 1))


async def test_a_workers_units_of_work_reach_sqlite_in_a_trip_each(
    tmp_path: Path, fake_bot_api: FakeBotApi, clock: FakeClock
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    await upgrade_database(url)
    engine = make_engine(url)
    statements: list[str] = []
    try:
        factory = units_of_work(engine)
        await queue_summaries(factory, clock)
        async with engine.connect() as connection:
            driver = (await connection.get_raw_connection()).driver_connection
        trips = CountingQueue(driver._tx)  # type: ignore[union-attr]
        driver._tx = trips  # type: ignore[union-attr]
        event.listen(engine.sync_engine, "before_cursor_execute", lambda *_: statements.append(""))
        async with fake_bot(fake_bot_api) as bot:
            worker = Dispatcher(
                uow_factory=factory,
                messenger=TelegramMessenger(
                    bot, TelegramClient(bot, ConsultationApp(factory, clock))
                ),
                clock=clock,
                worker="a",
            )
            assert await drain(worker) == PUSHES
    finally:
        await engine.dispose()
    # Claims, cards and outcomes: each unit's statements run on SQLite's thread in one visit.
    assert trips.put * 3 < len(statements)
