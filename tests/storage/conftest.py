"""The `uow_factory` fixture: every contract test runs on memory, SQLite and PostgreSQL.

PostgreSQL runs when TOWNHALL_TEST_POSTGRES_URL names a server the tests may create databases
on; one fresh database is migrated per session and its tables are truncated before each test.
SQLite is migrated once per session too, into a template file that each test gets a copy of.
"""

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from core.ports import UnitOfWorkFactory
from storage.engine import make_engine, make_session_factory, normalise_url
from storage.migrate import upgrade_database
from storage.rows import Base
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes.memory import FakeUnitOfWork, MemoryDatabase
from tests.storage.examples import Seeded, seed

POSTGRES_URL_VARIABLE = "TOWNHALL_TEST_POSTGRES_URL"

T = TypeVar("T")


def run_outside_the_test_loop(coroutine: Coroutine[object, object, T]) -> T:
    """Run a coroutine to completion on a private loop in a worker thread."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()


async def _execute_autocommit(server: URL, statement: str) -> None:
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_database_url() -> Iterator[str]:
    """A freshly created and migrated PostgreSQL database, dropped after the session."""
    configured = os.environ.get(POSTGRES_URL_VARIABLE)
    if not configured:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {POSTGRES_URL_VARIABLE}")
        pytest.skip(f"set {POSTGRES_URL_VARIABLE} to run the storage contract on PostgreSQL")
    server = normalise_url(configured)
    name = f"townhall_test_{secrets.token_hex(4)}"
    run_outside_the_test_loop(_execute_autocommit(server, f'CREATE DATABASE "{name}"'))
    try:
        url = server.set(database=name).render_as_string(hide_password=False)
        run_outside_the_test_loop(upgrade_database(url))
        yield url
    finally:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        run_outside_the_test_loop(_execute_autocommit(server, drop))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite database file, copied by tests that need a fresh one.

    Copying it costs a millisecond where migrating costs most of a second; the migrations
    themselves are tested in test_migrations.py.
    """
    path = tmp_path_factory.mktemp("template") / "townhall.db"
    run_outside_the_test_loop(upgrade_database(f"sqlite+aiosqlite:///{path}"))
    return path


async def migrated_copy(template: Path, url: str) -> None:
    """Put a copy of the migrated template where the SQLite `url` points."""
    path = make_url(url).database
    assert path is not None
    await asyncio.to_thread(shutil.copyfile, template, path)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """The name of the storage backend under test."""
    name: str = request.param
    return name


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """The SQL backend's URL (a file under tmp_path for SQLite); None for memory."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    if backend == "postgres":
        url: str = request.getfixturevalue("postgres_database_url")
        return url
    return None


@pytest.fixture
async def engine(
    database_url: str | None, request: pytest.FixtureRequest
) -> AsyncIterator[AsyncEngine | None]:
    """A migrated, empty SQL database's engine; None for the memory backend."""
    if database_url is None:
        yield None
        return
    if database_url.startswith("sqlite"):
        await migrated_copy(request.getfixturevalue("sqlite_template"), database_url)
    sql_engine = make_engine(database_url)
    try:
        if sql_engine.dialect.name == "postgresql":
            await _truncate_every_table(sql_engine)
        yield sql_engine
    finally:
        await sql_engine.dispose()


async def _truncate_every_table(sql_engine: AsyncEngine) -> None:
    tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
    async with sql_engine.begin() as connection:
        await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
async def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> AsyncIterator[AsyncEngine]:
    """A migrated SQLite database on disk, for the tests of SQLite's own machinery."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    await migrated_copy(sqlite_template, url)
    sql_engine = make_engine(url)
    try:
        yield sql_engine
    finally:
        await sql_engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine | None) -> UnitOfWorkFactory:
    """Builds units of work that all share one database."""
    if engine is None:
        database = MemoryDatabase()
        return lambda: FakeUnitOfWork(database)
    session_factory = make_session_factory(engine)
    return lambda: SqlUnitOfWork(session_factory)


@pytest.fixture
async def seeded(uow_factory: UnitOfWorkFactory) -> Seeded:
    """A stored consultation with four paragraphs, plus Alice and Bob."""
    return await seed(uow_factory)
