"""Statements built once and run on the session's connection: the hot path's lean SQL.

Building a statement (`select(Row).where(...)`) and generating its cache key costs more CPU
than SQLite takes to run it, and the ORM's execution path adds its own on top. The hot path
(a vote, a card) therefore runs statements built once, at import or once per dialect, with
bound parameters, on the session's Core connection, and turns the rows into core values
itself. The connection is the session's own, so the statements are in the same transaction
as everything else the unit of work does.

A Core write bypasses the session's identity map; the unit of work refreshes loaded objects on
every ORM select (storage/unit_of_work.py), so a later ORM read never sees a stale row.
"""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any, TypeVar, cast

from sqlalchemy import Executable, Row, Table
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase, Session

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


async def fetch_all(
    session: AsyncSession, statement: Executable, parameters: Parameters
) -> Sequence[AnyRow]:
    """Every row the statement returns, read in the session's transaction."""
    return await session.run_sync(_all, statement, parameters)


async def fetch_first(
    session: AsyncSession, statement: Executable, parameters: Parameters
) -> AnyRow | None:
    """The first row the statement returns, or None."""
    return await session.run_sync(_first, statement, parameters)


async def run(session: AsyncSession, statement: Executable, parameters: Parameters) -> None:
    """Execute a statement whose rows nobody reads."""
    await session.run_sync(_run, statement, parameters)


def dialect_name(session: AsyncSession) -> str:
    """The dialect the session's statements are compiled for: "sqlite" or "postgresql"."""
    return session.get_bind().dialect.name


def per_dialect(build: Callable[[str], S]) -> Callable[[AsyncSession], S]:
    """A statement that differs between dialects (an upsert), built once for each."""
    built = cache(build)

    def for_session(session: AsyncSession) -> S:
        return built(dialect_name(session))

    return for_session


def table_of(row: type[DeclarativeBase]) -> Table:
    """The Core table of a declarative row, for statements that need no ORM."""
    return cast(Table, row.__table__)
