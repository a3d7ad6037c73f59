"""The engine factory: URL normalisation, SQLite tuning and what gets logged."""

import logging
from pathlib import Path

import pytest

from storage.engine import make_engine, make_session_factory, normalise_url


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
