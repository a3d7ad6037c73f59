"""The hot path's statements on SQLite's own cursor give what SQLAlchemy gives, and store the same.

Every prebuilt statement runs twice on the same data, inside a savepoint rolled back in between:
once through SQLAlchemy, once compiled for the raw cursor (storage/raw_statements.py). The rows
must be equal value for value (aware UTC datetimes, booleans, NULLs) with the same column
names, and a write must leave the table byte for byte as SQLAlchemy's would.
"""

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Executable
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.raw_statements import compile_raw, execute
from storage.repositories import (
    consultation_reads,
    vote_casting,
    votes,
)
from storage.sqlite_driver import OneTripConnection, visit
from tests.storage.examples import OPENS_AT
from tests.storage.prebuilt import NOW, cases, seeded, vote_values


@pytest.fixture
def engine(sqlite_engine: AsyncEngine) -> AsyncEngine:
    """SQLite alone: these tests are about its own machinery."""
    return sqlite_engine


Compared = tuple[list[tuple[Any, ...]], list[tuple[str, ...]], list[tuple[Any, ...]]]


def both_ways(
    connection: Connection,
    sqlite: sqlite3.Connection,
    statement: Executable,
    parameters: dict[str, Any],
    table: str | None,
) -> tuple[Compared, Compared]:
    """On SQLite's thread: the statement through SQLAlchemy, then raw, each rolled back."""
    raw = compile_raw(statement, connection.dialect)
    assert raw is not None, "the statement should run on the raw cursor"
    cursor = sqlite.cursor()

    def once(execute: Callable[[], Any]) -> Compared:
        cursor.execute("SAVEPOINT compared")
        rows = execute()
        stored = cursor.execute(f"SELECT * FROM {table}").fetchall() if table else []
        cursor.execute("ROLLBACK TO compared")
        cursor.execute("RELEASE compared")
        return [tuple(row) for row in rows], [tuple(row._fields) for row in rows], stored

    with connection.begin() as transaction:
        through = once(lambda: _all(connection.execute(statement, parameters)))
        direct = once(lambda: raw.rows(cursor, parameters))
        transaction.rollback()
    return through, direct


def _all(result: CursorResult[Any]) -> list[Any]:
    return list(result.all()) if result.returns_rows else []


async def on_thread(
    engine: AsyncEngine, work: Callable[[Connection, sqlite3.Connection], Any]
) -> Any:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        adapted: OneTripConnection = raw.dbapi_connection  # type: ignore[assignment]
        sqlite = adapted.driver_connection._conn
        sync = connection.sync_connection
        assert sync is not None
        return await visit(adapted, partial(work, sync, sqlite))


async def test_every_prebuilt_statement_gives_on_the_raw_cursor_what_sqlalchemy_gives(
    engine: AsyncEngine,
) -> None:
    ids = await seeded(engine)
    for name, statement, parameters, table in cases(ids, "sqlite"):
        compare = partial(both_ways, statement=statement, parameters=parameters, table=table)
        through, direct = await on_thread(engine, compare)
        assert direct == through, name
        assert through[0] or through[2] or name.startswith("post"), f"{name}: nothing compared"


async def test_datetimes_come_back_aware_utc_and_missing_values_as_none(
    engine: AsyncEngine,
) -> None:
    ids = await seeded(engine)
    raw = compile_raw(consultation_reads._WITH_ENROLMENT, engine.dialect)
    assert raw is not None
    parameters = {"id": ids["consultation"], "participant_id": ids["bob"]}
    row = await on_thread(engine, lambda _c, s: raw.first(s.cursor(), parameters))
    assert row.opens_at == OPENS_AT
    assert row.opens_at.tzinfo is UTC
    assert row.last_release == NOW + timedelta(hours=5)
    assert row.enrolment_participant_id is None
    assert row.enrolment_joined_at is None
    assert isinstance(row.opening_announced, bool)  # stored as 0 or 1


async def test_a_refused_write_on_the_raw_cursor_raises_as_sqlalchemy_does(
    engine: AsyncEngine,
) -> None:
    ids = await seeded(engine)
    raw = compile_raw(vote_casting._HISTORY_INSERT, engine.dialect)
    assert raw is not None
    orphan = {**vote_values(ids, "ana", "agree"), "paragraph_id": 999_999}

    with pytest.raises(IntegrityError):
        await on_thread(engine, lambda _c, s: _refused(s, raw.sql, raw.values(orphan)))


def _refused(sqlite: sqlite3.Connection, sql: str, values: list[Any]) -> None:
    cursor = sqlite.cursor()
    cursor.execute("BEGIN")
    try:
        execute(cursor, sql, values)
    finally:
        cursor.execute("ROLLBACK")


def test_a_statement_that_needs_sqlalchemy_to_run_is_not_compiled_for_the_raw_cursor() -> None:
    from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite

    # An IN list expanded at run time.
    assert compile_raw(votes._FIRST_UNVOTED_SKIPPING, SQLiteDialect_aiosqlite()) is None


def test_naive_datetimes_are_refused_before_anything_is_sent() -> None:
    from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite

    from storage.row_base import NaiveDatetimeError

    raw = compile_raw(vote_casting._HISTORY_INSERT, SQLiteDialect_aiosqlite())
    assert raw is not None
    naive = {**vote_values({"consultation": 1, "paragraph": 1, "ana": 1}, "ana", "agree")}
    naive["cast_at"] = datetime(2027, 1, 1, tzinfo=UTC).replace(tzinfo=None)
    with pytest.raises(NaiveDatetimeError):
        raw.values(naive)
