"""The inbox's store and finish, the two writes of every press, as statements built once.

A press stores its event when it arrives and marks it handled once answered: two units of
work of one statement each. Built for every call, with an IN list of ids, each cost more in
SQLAlchemy than the rest of its unit (bench/README.md). So one event, or one id, takes a
statement built once per dialect (storage/repositories/prepared.py), which on SQLite's
thread runs on SQLite's own cursor; on SQLite a batch of them takes one such statement per
event, each microseconds there, while PostgreSQL keeps one multi-row statement, one round trip.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import dialect_name, fetch_first, per_dialect, run, table_of
from storage.rows_inbox import InboxEventRow

_INBOX = table_of(InboxEventRow)
_STORED = ("source", "event_key", "body", "received_at", "claimed_until", "attempts")


@per_dialect
def _insert(dialect: str) -> Any:
    """Insert events, a repeated one (same source and key) left out; RETURNING the new ones."""
    return (
        dialect_insert(dialect, InboxEventRow)
        .on_conflict_do_nothing(index_elements=["source", "event_key"])
        .returning(InboxEventRow.id, InboxEventRow.source, InboxEventRow.event_key)
    )


@per_dialect
def _insert_one(dialect: str) -> Any:
    return _insert.for_dialect(dialect).values({column: bindparam(column) for column in _STORED})


async def insert_events(session: AsyncSession, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Store the rows; returns (id, source, key) of those that were not stored already."""
    if len(rows) > 1 and dialect_name(session) != "sqlite":
        return list((await session.execute(_insert(session), rows)).all())
    inserted = [await fetch_first(session, _insert_one(session), row) for row in rows]
    return [row for row in inserted if row is not None]


def _update_one(changes: frozenset[str]) -> Any:
    return (
        update(_INBOX)
        .where(_INBOX.c.id == bindparam("b_id"), _INBOX.c.handled_at.is_(None))
        .values({column: bindparam(f"b_{column}") for column in sorted(changes)})
    )


# One statement for each set of columns the inbox changes: renew's and finish's.
_UPDATES = {
    frozenset(columns): _update_one(frozenset(columns))
    for columns in (("claimed_until",), ("handled_at", "body"))
}


async def update_unhandled(
    session: AsyncSession, ids: Sequence[int], changes: Mapping[str, Any]
) -> None:
    """Change those of the events `ids` that are not handled yet."""
    statement = _UPDATES[frozenset(changes)]
    values = {f"b_{column}": value for column, value in changes.items()}
    if len(ids) > 1 and dialect_name(session) != "sqlite":
        many = update(_INBOX).where(_INBOX.c.id.in_(list(ids)), _INBOX.c.handled_at.is_(None))
        await session.execute(many.values(dict(changes)))
        return
    for event_id in ids:
        await run(session, statement, {**values, "b_id": event_id})
