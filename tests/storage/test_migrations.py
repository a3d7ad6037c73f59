"""The Alembic migrations build exactly the schema that storage.rows describes."""

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from storage.engine import make_engine
from storage.migrate import alembic_config, current_revision, upgrade_database
from storage.rows import Base

HEAD = "0002"


def _differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def differences_from_rows(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_differences)
    finally:
        await engine.dispose()


async def tables_in(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_table_names)
    finally:
        await engine.dispose()


async def test_an_empty_sqlite_file_migrates_to_exactly_the_rows_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert await current_revision(url) is None
    await upgrade_database(url)
    assert await current_revision(url) == HEAD
    assert await differences_from_rows(url) == []
    assert set(Base.metadata.tables) <= await tables_in(url)


async def test_sqlite_downgrades_to_nothing_and_upgrades_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'round-trip.db'}"
    await upgrade_database(url)
    # Alembic's env.py runs its own event loop, hence the worker thread.
    await asyncio.to_thread(command.downgrade, alembic_config(url), "base")
    assert await tables_in(url) == {"alembic_version"}
    await upgrade_database(url)
    assert await differences_from_rows(url) == []


async def test_a_database_at_0001_upgrades_to_head_and_downgrades_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'existing.db'}"
    config = alembic_config(url)
    await asyncio.to_thread(command.upgrade, config, "0001")
    tables_at_0001 = await tables_in(url)
    await upgrade_database(url)
    assert await current_revision(url) == HEAD
    assert await tables_in(url) - tables_at_0001 == {"channels", "drafts"}
    await asyncio.to_thread(command.downgrade, config, "0001")
    assert await current_revision(url) == "0001"
    assert await tables_in(url) == tables_at_0001


async def test_migrations_run_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    await upgrade_database("sqlite:///elsewhere.db")
    assert await current_revision("sqlite:///elsewhere.db") == HEAD


async def test_a_postgresql_database_migrates_to_exactly_the_rows_schema(
    postgres_database_url: str,
) -> None:
    assert await current_revision(postgres_database_url) == HEAD
    assert await differences_from_rows(postgres_database_url) == []
