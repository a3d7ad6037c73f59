"""Deliver an intent once, twice, or ten times at once, and compare what ends up stored.

A `Replica` is a ConsultationApp on its own database (the in-memory fake, a migrated SQLite
file copied from one template, or the session's PostgreSQL database emptied with its ids
restarted, so a test's replicas take turns on it), with `stored()` returning every table's
rows: ids, times from the fake clock, history rows, outbox rows and drafts are all compared.
"""

import asyncio
import dataclasses
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from core.app import ConsultationApp
from core.intents import Intent
from core.model import Actor
from core.ports import UnitOfWorkFactory
from core.screens import Screen
from storage.engine import make_engine, make_session_factory
from storage.rows import Base
from storage.unit_of_work import SqlUnitOfWork
from tests.core.conftest import NOW
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase

Stored = dict[str, object]
CONCURRENT = 10


@dataclass
class Replica:
    """One app on one fresh database."""

    app: ConsultationApp
    uow: UnitOfWorkFactory
    clock: FakeClock
    stored: Callable[[], Awaitable[Stored]]

    async def twice(self, actor: Actor, intent: Intent) -> tuple[Screen, Screen]:
        return await self.app.handle(actor, intent), await self.app.handle(actor, intent)

    async def at_once(self, actor: Actor, intent: Intent) -> list[Screen]:
        return await asyncio.gather(*(self.app.handle(actor, intent) for _ in range(CONCURRENT)))


def memory_replica() -> Replica:
    database = MemoryDatabase()
    clock = FakeClock(NOW)

    def uow() -> FakeUnitOfWork:
        return FakeUnitOfWork(database)

    async def stored() -> Stored:
        tables = database.tables
        rows: Stored = {}
        for table in dataclasses.fields(tables):
            value = getattr(tables, table.name)
            rows[table.name] = type(value)(value)
        return rows

    return Replica(app=ConsultationApp(uow, clock), uow=uow, clock=clock, stored=stored)


async def sqlite_replica(template: Path, path: Path, engines: list[AsyncEngine]) -> Replica:
    shutil.copyfile(template, path)
    return sql_replica(make_engine(f"sqlite+aiosqlite:///{path}"), engines)


async def postgres_replica(url: str, engines: list[AsyncEngine]) -> Replica:
    """The migrated database emptied, ids restarting at 1: a fresh one for the next replica."""
    engine = make_engine(url)
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    async with engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    return sql_replica(engine, engines)


def sql_replica(engine: AsyncEngine, engines: list[AsyncEngine]) -> Replica:
    engines.append(engine)
    session_factory = make_session_factory(engine)
    clock = FakeClock(NOW)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    async def stored() -> Stored:
        rows: Stored = {}
        async with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                # A content revision is a random name, different in every replica.
                columns = [c for c in table.columns if c.name != "content_revision"]
                found = await connection.execute(
                    select(*columns).order_by(*table.primary_key.columns)
                )
                rows[table.name] = [tuple(row) for row in found]
        return rows

    return Replica(app=ConsultationApp(uow, clock), uow=uow, clock=clock, stored=stored)


ReplicaFactory = Callable[[], Awaitable[Replica]]


async def replicas(
    backend: str, template: Path, directory: Path, postgres_url: str | None = None
) -> AsyncIterator[ReplicaFactory]:
    """Make fresh replicas on one backend; their engines are disposed afterwards.

    On PostgreSQL (`postgres_url`) making a replica empties the one database: earlier
    replicas of the same test are then done with.
    """
    engines: list[AsyncEngine] = []
    made = 0

    async def make() -> Replica:
        nonlocal made
        made += 1
        if backend == "memory":
            return memory_replica()
        if backend == "postgres" and postgres_url is not None:
            return await postgres_replica(postgres_url, engines)
        return await sqlite_replica(template, directory / f"replica{made}.db", engines)

    try:
        yield make
    finally:
        for engine in engines:
            await engine.dispose()
