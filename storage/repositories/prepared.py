"""Statements built once and run on the session's connection: the hot path's lean SQL.

Building a statement (`select(Row).where(...)`) and generating its cache key costs more CPU
than SQLite takes to run it, and the ORM's execution path adds its own on top. The hot path
(a vote, a card) therefore runs statements built once, at import or once per dialect, with
bound parameters, on the session's Core connection, and turns the rows into core values
itself. The connection is the session's own, so the statements are in the same transaction
as everything else the unit of work does.

On SQLite's thread, in a unit of work the writer runs (storage/writer_session.py), a statement
SQLAlchemy needs for nothing more goes straight to SQLite's cursor instead, compiled once
(storage/raw_statements.py): the same SQL, the same conversions, none of the execution path.
On PostgreSQL, in a unit of work `SqlUnitOfWork.perform` runs (storage/asyncpg_session.py),
such a statement goes to asyncpg's own connection the same way (storage/asyncpg_statements.py).
Only statements built once may come here: each is compiled once and kept.

A Core write bypasses the session's identity map; the unit of work refreshes loaded objects on
every ORM select (storage/unit_of_work.py), so a later ORM read never sees a stale row.
"""

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Executable, Row, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Session

from storage.asyncpg_session import AsyncpgSession
from storage.asyncpg_statements import AsyncpgStatement, compile_for_asyncpg
from storage.raw_statements import RawStatement, compile_raw, execute
from storage.writer_session import DirectSession

S = TypeVar("S", bound=Executable)

Parameters = Mapping[str, Any]

# A row of any width (Row[Any] would be a row of one column to the type checker).
AnyRow = Row[*tuple[Any, ...]]


def _all(session: Session, statement: Executable, parameters: Parameters) -> Sequence[AnyRow]:
    return session.connection().execute(statement, parameters).all()


def _first(session: Session, statement: Executable, parameters: Parameters) -> AnyRow | None:
    return session.connection().execute(statement, parameters).first()


def _run(session: Session, statement: Executable, parameters: Parameters) -> None:
    session.connection().execute(statement, parameters)


# Each statement's form for SQLite's cursor or asyncpg's connection (None: it needs
# SQLAlchemy), by the statement's id and the dialect's name and driver; the statement is kept
# too, so the id stays its own.
_RAW: dict[tuple[int, str, str], tuple[Executable, RawStatement | AsyncpgStatement | None]] = {}


async def fetch_all(
    session: AsyncSession, statement: Executable, parameters: Parameters
) -> Sequence[AnyRow]:
    """Every row the statement returns, read in the session's transaction."""
    if isinstance(session, AsyncpgSession):
        prebuilt = _for_asyncpg(session, statement)
        if prebuilt is not None:
            return cast(list[AnyRow], await session.fetch(prebuilt, parameters))
    raw = _on_cursor(session, statement)
    if raw is not None:
        return cast(list[AnyRow], raw[1].rows(raw[0], parameters))
    return await session.run_sync(_all, statement, parameters)


async def fetch_first(
    session: AsyncSession, statement: Executable, parameters: Parameters
) -> AnyRow | None:
    """The first row the statement returns, or None."""
    if isinstance(session, AsyncpgSession):
        prebuilt = _for_asyncpg(session, statement)
        if prebuilt is not None:
            rows = await session.fetch(prebuilt, parameters)
            return cast(AnyRow, rows[0]) if rows else None
    raw = _on_cursor(session, statement)
    if raw is not None:
        return cast(AnyRow | None, raw[1].first(raw[0], parameters))
    return await session.run_sync(_first, statement, parameters)


async def run(session: AsyncSession, statement: Executable, parameters: Parameters) -> None:
    """Execute a statement whose rows nobody reads."""
    if isinstance(session, AsyncpgSession):
        prebuilt = _for_asyncpg(session, statement)
        if prebuilt is not None:
            await session.write(prebuilt, parameters)
            return
    raw = _on_cursor(session, statement)
    if raw is not None:
        execute(raw[0], raw[1].sql, raw[1].values(parameters))
        return
    await session.run_sync(_run, statement, parameters)


def _on_cursor(
    session: AsyncSession, statement: Executable
) -> tuple[sqlite3.Cursor, RawStatement] | None:
    """SQLite's cursor and the statement's form for it, if the session runs there and has one."""
    if not isinstance(session, DirectSession):
        return None
    compiled = _compiled(session.dialect, statement, compile_raw)
    return None if compiled is None else (session.cursor(), compiled)


def _for_asyncpg(session: AsyncpgSession, statement: Executable) -> AsyncpgStatement | None:
    """The statement's form for asyncpg's connection; None if it needs SQLAlchemy."""
    return _compiled(session.dialect, statement, compile_for_asyncpg)


C = TypeVar("C", RawStatement, AsyncpgStatement)


def _compiled(
    dialect: Dialect, statement: Executable, compile: Callable[[Executable, Dialect], C | None]
) -> C | None:
    key = (id(statement), dialect.name, dialect.driver)
    kept = _RAW.get(key)
    if kept is None:
        kept = _RAW[key] = (statement, compile(statement, dialect))
    return cast("C | None", kept[1])  # a string: no Union built on every statement


def dialect_name(session: AsyncSession) -> str:
    """The dialect the session's statements are compiled for: "sqlite" or "postgresql"."""
    if isinstance(session, DirectSession | AsyncpgSession):
        return session.dialect.name
    return session.get_bind().dialect.name


class PerDialect(Generic[S]):
    """A statement that differs between dialects (an upsert), built once for each."""

    def __init__(self, build: Callable[[str], S]) -> None:
        self.for_dialect = cache(build)

    def __call__(self, session: AsyncSession) -> S:
        """The statement for the session's dialect."""
        return self.for_dialect(dialect_name(session))


def per_dialect(build: Callable[[str], S]) -> PerDialect[S]:
    """Decorates a function building a statement for a dialect's name."""
    return PerDialect(build)


def table_of(row: type[DeclarativeBase]) -> Table:
    """The Core table of a declarative row, for statements that need no ORM."""
    return cast(Table, row.__table__)
