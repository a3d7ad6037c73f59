"""The engine factory: URL normalisation, SQLite tuning and what gets logged."""

import asyncio
import logging
from pathlib import Path

import pytest

from storage.engine import make_engine, make_session_factory, normalise_url
from storage.migrate import upgrade_database
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import person


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("sqlite:///town.db", "sqlite+aiosqlite:///town.db"),
        ("sqlite+aiosqlite:///town.db", "sqlite+aiosqlite:///town.db"),
        ("postgresql://u@db/town", "postgresql+asyncpg://u@db/town"),
        ("postgres://u@db/town", "postgresql+asyncpg://u@db/town"),
        ("postgresql+asyncpg://u@db/town", "postgresql+asyncpg://u@db/town"),
    ],
)
def test_pasted_urls_get_the_async_driver(pasted: str, expected: str) -> None:
    assert normalise_url(pasted).render_as_string(hide_password=False) == expected


async def test_sqlite_connections_use_wal_a_busy_timeout_foreign_keys_and_full_sync(
    tmp_path: Path,
) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")
    try:
        async with engine.connect() as connection:
            pragmas = {
                name: (await connection.exec_driver_sql(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "busy_timeout", "foreign_keys", "synchronous")
            }
    finally:
        await engine.dispose()
    assert pragmas == {
        "journal_mode": "wal",
        "busy_timeout": 5000,
        "foreign_keys": 1,
        "synchronous": 2,  # FULL: a commit is on disk before the vote is acknowledged
    }


async def test_the_engine_log_never_shows_the_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="storage.engine")
    engine = make_engine("postgresql://townhall:s3cret-pw@127.0.0.1:1/townhall")
    await engine.dispose()
    assert "townhall" in caplog.text
    assert "s3cret-pw" not in caplog.text


async def test_sessions_keep_objects_readable_after_commit(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sessions.db'}")
    try:
        assert make_session_factory(engine).kw["expire_on_commit"] is False
    finally:
        await engine.dispose()


async def test_sqlite_units_of_work_take_turns_while_others_wait(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}"
    await upgrade_database(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    turns: list[str] = []

    async def busy(name: str) -> None:
        for _ in range(10):  # ask again as soon as the last unit of work ended, like a voter
            async with SqlUnitOfWork(factory) as uow:
                await uow.participants.find(person(name))
                turns.append(name)

    try:
        await asyncio.gather(*(busy(name) for name in ("a", "b", "c", "d")))
    finally:
        await engine.dispose()
    # While four are waiting nobody gets a second turn before the others had theirs.
    assert turns[:20] == ["a", "b", "c", "d"] * 5
