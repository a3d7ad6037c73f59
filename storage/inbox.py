"""SqlInbox: the inbox of incoming platform events in SQL (see core.inbox for the contract).

Each method is one short transaction of one statement (store: one multi-row INSERT .. ON
CONFLICT DO NOTHING RETURNING, so a getUpdates batch is one commit). On SQLite it goes through
the database's writer (storage/sqlite_writer.py) like a unit of work, and a store goes ahead of
the units waiting there: the platform is waiting for its acknowledgement. The claim picks rows
FOR UPDATE SKIP LOCKED on PostgreSQL, so two processes never claim the same event.
"""

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.inbox import ArrivingEvent, StoredEvent
from storage.engine import sqlite_writer
from storage.inbox_statements import insert_events, update_unhandled
from storage.repositories.mapping import skip_locked
from storage.rows_inbox import InboxEventRow

PRUNE_BATCH = 5000

T = TypeVar("T")


class SqlInbox:
    """The inbox on the database behind `session_factory`."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._writer = sqlite_writer(session_factory.kw.get("bind"))

    async def store(
        self, events: Sequence[ArrivingEvent], now: datetime, *, lease: timedelta
    ) -> list[StoredEvent]:
        """Insert the batch in one transaction; returns the new events, claimed until now+lease."""
        arriving = list({(e.source, e.key): e for e in events}.values())  # repeats in a batch
        if not arriving:
            return []
        rows = [
            {
                "source": event.source,
                "event_key": event.key,
                "body": event.body,
                "received_at": now,
                "claimed_until": now + lease,
                "attempts": 1,
            }
            for event in arriving
        ]

        inserted = await self._transact(partial(insert_events, rows=rows), urgent=True)
        ids = {(source, key): row_id for row_id, source, key in inserted}
        return [
            StoredEvent(
                id=ids[(e.source, e.key)],
                source=e.source,
                key=e.key,
                body=e.body,
                received_at=now,
                attempts=1,
            )
            for e in arriving
            if (e.source, e.key) in ids
        ]

    async def claim_stale(
        self, source: str, now: datetime, *, limit: int, lease: timedelta
    ) -> list[StoredEvent]:
        """Claim unhandled events of `source` whose lease has passed, oldest first."""
        if limit <= 0:
            return []

        async def claim(session: AsyncSession) -> list[StoredEvent]:
            pick = (
                select(InboxEventRow.id)
                .where(
                    InboxEventRow.handled_at.is_(None),
                    InboxEventRow.source == source,
                    InboxEventRow.claimed_until < now,
                )
                .order_by(InboxEventRow.id)
                .limit(limit)
            )
            statement = (
                update(InboxEventRow)
                .where(InboxEventRow.id.in_(skip_locked(session, pick).scalar_subquery()))
                .values(claimed_until=now + lease, attempts=InboxEventRow.attempts + 1)
                .returning(InboxEventRow)
                .execution_options(synchronize_session=False)
            )
            return [_stored(row) for row in (await session.scalars(statement)).all()]

        claimed = await self._transact(claim)
        return sorted(claimed, key=lambda event: event.id)  # RETURNING keeps no order

    async def renew(self, ids: Sequence[int], until: datetime) -> None:
        """Extend the claim on those of the events still unhandled until `until`."""
        if not ids:
            return
        changes = {"claimed_until": until}
        await self._transact(partial(update_unhandled, ids=ids, changes=changes))

    async def finish(self, ids: Sequence[int], now: datetime) -> None:
        """Mark the events handled at `now` and clear their bodies."""
        if not ids:
            return
        changes = {"handled_at": now, "body": ""}
        await self._transact(partial(update_unhandled, ids=ids, changes=changes))

    async def prune(self, handled_before: datetime) -> int:
        """Delete events handled before the moment, a batch per transaction; returns how many.

        Batches keep each transaction short: on SQLite every writer waits while one runs.
        """
        total = 0
        pick = (
            select(InboxEventRow.id)
            .where(InboxEventRow.handled_at < handled_before)
            .limit(PRUNE_BATCH)
        )
        batch = self._updating(
            delete(InboxEventRow).where(InboxEventRow.id.in_(pick.scalar_subquery()))
        )
        while True:
            count = await self._transact(batch)
            total += count
            if count < PRUNE_BATCH:
                return total

    @staticmethod
    def _updating(statement: Any) -> Callable[[AsyncSession], Awaitable[int]]:
        """A transaction's work that runs one UPDATE or DELETE and returns its row count."""

        async def run(session: AsyncSession) -> int:
            done = await session.execute(statement.execution_options(synchronize_session=False))
            return cast(CursorResult[Any], done).rowcount

        return run

    async def _transact(
        self, work: Callable[[AsyncSession], Awaitable[T]], *, urgent: bool = False
    ) -> T:
        """Run `work` in a transaction of its own, committed before this returns."""

        async def committed(session: AsyncSession) -> T:
            result = await work(session)
            await session.commit()
            return result

        if self._writer is not None:
            return await self._writer.perform(committed, urgent=urgent)
        async with self._session_factory() as session:
            return await committed(session)


def _stored(row: InboxEventRow) -> StoredEvent:
    return StoredEvent(
        id=row.id,
        source=row.source,
        key=row.event_key,
        body=row.body,
        received_at=row.received_at,
        attempts=row.attempts,
    )
