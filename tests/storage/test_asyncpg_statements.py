"""The hot path's statements on asyncpg's connection give what SQLAlchemy gives, and store alike.

Every prebuilt statement runs twice on the same data in one unit's transaction, inside a
savepoint rolled back in between: once through SQLAlchemy, once compiled for asyncpg
(storage/asyncpg_statements.py) and run by the unit's session (storage/asyncpg_session.py).
The rows must be equal value for value and type for type (aware UTC datetimes, booleans,
NULLs) with the same column names, and a write must leave its table as SQLAlchemy's would.
Errors must come out as SQLAlchemy raises them, and a broken connection must not go back to
the pool.
"""

from collections.abc import Awaitable, Callable
from datetime import UTC, timedelta
from typing import Any

import pytest
from sqlalchemy import Executable, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session

from storage.asyncpg_session import AsyncpgSession, open_session
from storage.asyncpg_statements import AsyncpgStatement, compile_for_asyncpg
from storage.engine import make_engine, make_session_factory
from storage.repositories import consultation_reads, vote_casting, votes
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import OPENS_AT, person
from tests.storage.prebuilt import NOW, cases, seeded, vote_values

Compared = tuple[list[str], list[tuple[str, ...]], list[str]]
_PID = select(func.pg_backend_pid().label("pid"))


@pytest.fixture
def backend() -> str:
    """PostgreSQL alone: these tests are about asyncpg's own connection."""
    return "postgres"


def compiled(engine: AsyncEngine, statement: Executable) -> AsyncpgStatement:
    found = compile_for_asyncpg(statement, engine.dialect)
    assert found is not None, "the statement should run on asyncpg's connection"
    return found


async def sql(session: AsyncpgSession, statement: str) -> list[Any]:
    """Plain SQL through SQLAlchemy, in the session's transaction."""

    def run(orm: Session) -> list[Any]:
        result = orm.connection().exec_driver_sql(statement)
        return list(result.all()) if result.returns_rows else []

    return await session.run_sync(run)


async def once(
    session: AsyncpgSession, table: str | None, execute: Callable[[], Awaitable[Any]]
) -> Compared:
    """What the statement returns and leaves in `table`, then undone, sequences included."""
    sequences = await sql(session, "SELECT schemaname, sequencename, last_value FROM pg_sequences")
    await sql(session, "SAVEPOINT compared")
    rows = await execute()
    stored = await sql(session, f"SELECT * FROM {table} ORDER BY 1, 2") if table else []
    await sql(session, "ROLLBACK TO SAVEPOINT compared")
    for schema, name, value in sequences:  # a rollback leaves them advanced
        called = "false" if value is None else "true"
        await sql(session, f"SELECT setval('{schema}.{name}', {value or 1}, {called})")
    return (
        [repr(tuple(row)) for row in rows],
        [tuple(row._fields) for row in rows],
        [repr(tuple(row)) for row in stored],
    )


async def both_ways(
    engine: AsyncEngine, statement: Executable, parameters: dict[str, Any], table: str | None
) -> tuple[Compared, Compared]:
    """The statement through SQLAlchemy, then on asyncpg's connection, in one transaction."""
    prebuilt = compiled(engine, statement)
    session = await open_session(engine)

    def through(orm: Session) -> list[Any]:
        result = orm.connection().execute(statement, parameters)
        return list(result.all()) if result.returns_rows else []

    try:
        sqlalchemy = await once(session, table, lambda: session.run_sync(through))
        direct = await once(session, table, lambda: session.fetch(prebuilt, parameters))
    finally:
        await session.finish()
    return sqlalchemy, direct


async def test_every_prebuilt_statement_gives_on_asyncpg_what_sqlalchemy_gives(
    engine: AsyncEngine,
) -> None:
    ids = await seeded(engine)
    for name, statement, parameters, table in cases(ids, "postgresql"):
        through, direct = await both_ways(engine, statement, parameters, table)
        assert direct == through, name
        assert through[0] or through[2] or name.startswith("post"), f"{name}: nothing compared"


async def test_datetimes_come_back_aware_utc_and_missing_values_as_none(
    engine: AsyncEngine,
) -> None:
    ids = await seeded(engine)
    statement = compiled(engine, consultation_reads._WITH_ENROLMENT)
    session = await open_session(engine)
    try:
        parameters = {"id": ids["consultation"], "participant_id": ids["bob"]}
        [row] = await session.fetch(statement, parameters)
    finally:
        await session.finish()
    assert row.opens_at == OPENS_AT
    assert row.opens_at.tzinfo is UTC
    assert row.last_release == NOW + timedelta(hours=5)
    assert row.enrolment_participant_id is None
    assert row.enrolment_joined_at is None
    assert isinstance(row.opening_announced, bool)


async def refusals(engine: AsyncEngine, run: Callable[[AsyncpgSession], Awaitable[Any]]) -> Any:
    """The errors of a refused write and of the statement after it, in one unit."""
    session = await open_session(engine)
    raised: list[type[BaseException]] = []
    try:
        for _ in range(2):
            try:
                await run(session)
            except DBAPIError as error:
                raised += [type(error), type(error.orig or error)]
    finally:
        await session.finish()
    return raised


async def test_a_refused_write_and_the_failed_transaction_raise_as_through_sqlalchemy(
    engine: AsyncEngine,
) -> None:
    ids = await seeded(engine)
    orphan = {**vote_values(ids, "ana", "agree"), "paragraph_id": 999_999}
    statement = vote_casting._HISTORY_INSERT
    prebuilt = compiled(engine, statement)

    def through(orm: Session) -> None:
        orm.connection().execute(statement, orphan)

    direct = await refusals(engine, lambda session: session.fetch(prebuilt, orphan))
    sqlalchemy = await refusals(engine, lambda session: session.run_sync(through))
    assert direct == sqlalchemy
    assert direct[0] is IntegrityError
    # The transaction stays failed until it is rolled back: nothing after runs on its own.
    assert len(direct) == 4
    assert direct[2] is not IntegrityError


async def test_a_unit_whose_connection_is_lost_raises_and_the_next_unit_gets_a_new_one(
    engine: AsyncEngine,
) -> None:
    uow = SqlUnitOfWork(make_session_factory(engine))
    pid = compiled(engine, _PID)

    async def lost(work: SqlUnitOfWork) -> None:
        session = work._active_session()
        assert isinstance(session, AsyncpgSession)
        [row] = await session.fetch(pid, {})
        async with engine.connect() as other:
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": row.pid})
        await work.participants.find(person("ana"))

    with pytest.raises(DBAPIError) as raised:
        await uow.perform(lost)
    assert raised.value.connection_invalidated
    again = SqlUnitOfWork(make_session_factory(engine))
    assert await again.perform(lambda work: work.participants.find(person("ana"))) is None


def test_a_statement_that_needs_sqlalchemy_to_run_is_not_compiled_for_asyncpg(
    engine: AsyncEngine,
) -> None:
    # An IN list expanded at run time.
    assert compile_for_asyncpg(votes._FIRST_UNVOTED_SKIPPING, engine.dialect) is None


async def test_a_unit_whose_connection_is_lost_under_the_orm_raises_and_the_next_unit_works(
    engine: AsyncEngine,
) -> None:
    uow = SqlUnitOfWork(make_session_factory(engine))
    pid = compiled(engine, _PID)

    async def lost(work: SqlUnitOfWork) -> None:
        session = work._active_session()
        assert isinstance(session, AsyncpgSession)
        [row] = await session.fetch(pid, {})
        await work.enrolments.active_for(1)  # through the ORM: its transaction is open
        async with engine.connect() as other:
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": row.pid})
        await work.enrolments.active_for(1)

    with pytest.raises(DBAPIError) as raised:
        await uow.perform(lost)
    assert raised.value.connection_invalidated
    again = SqlUnitOfWork(make_session_factory(engine))
    assert await again.perform(lambda work: work.participants.find(person("ana"))) is None


async def test_a_unit_that_cannot_connect_raises_as_sqlalchemy_connecting_does(
    engine: AsyncEngine,
) -> None:
    missing = engine.url.set(database="townhall_no_such_database")
    unreachable = make_engine(missing.render_as_string(hide_password=False))
    try:
        with pytest.raises(DBAPIError) as connecting:
            async with unreachable.connect():
                pass
        uow = SqlUnitOfWork(make_session_factory(unreachable))
        with pytest.raises(DBAPIError) as performing:
            await uow.perform(lambda work: work.participants.find(person("ana")))
        assert type(performing.value.orig) is type(connecting.value.orig)
    finally:
        await unreachable.dispose()
