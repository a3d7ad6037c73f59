"""SqlInbox: the inbox of incoming platform events in SQL (see core.inbox for the contract).

Each method is one short transaction of one statement (store: one multi-row INSERT .. ON
CONFLICT DO NOTHING RETURNING, so a getUpdates batch is one commit). On SQLite it waits for the
writer's turn as SqlUnitOfWork does; the claim picks rows FOR UPDATE SKIP LOCKED on PostgreSQL,
so two processes never claim the same event.
"""

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.inbox import ArrivingEvent, StoredEvent
from storage.engine import writer_turns
from storage.repositories.mapping import skip_locked, upsert_insert
from storage.rows_inbox import InboxEventRow

# As in storage.unit_of_work: waiting this long for SQLite's writer turn means stuck.
TURN_TIMEOUT = 60.0
PRUNE_BATCH = 5000


class SqlInbox:
    """The inbox on the database behind `session_factory`."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._turns = writer_turns(session_factory.kw.get("bind"))

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
        async with self._transaction() as session:
            statement = (
                upsert_insert(session, InboxEventRow)
                .on_conflict_do_nothing(index_elements=["source", "event_key"])
                .returning(InboxEventRow.id, InboxEventRow.source, InboxEventRow.event_key)
            )
            inserted = (await session.execute(statement, rows)).all()
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
        async with self._transaction() as session:
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
            rows = (await session.scalars(statement)).all()
            claimed = [_stored(row) for row in rows]
        return sorted(claimed, key=lambda event: event.id)  # RETURNING keeps no order

    async def renew(self, ids: Sequence[int], until: datetime) -> None:
        """Extend the claim on those of the events still unhandled until `until`."""
        if not ids:
            return
        async with self._transaction() as session:
            await session.execute(
                update(InboxEventRow)
                .where(InboxEventRow.id.in_(list(ids)), InboxEventRow.handled_at.is_(None))
                .values(claimed_until=until)
                .execution_options(synchronize_session=False)
            )

    async def finish(self, ids: Sequence[int], now: datetime) -> None:
        """Mark the events handled at `now` and clear their bodies."""
        if not ids:
            return
        async with self._transaction() as session:
            await session.execute(
                update(InboxEventRow)
                .where(InboxEventRow.id.in_(list(ids)), InboxEventRow.handled_at.is_(None))
                .values(handled_at=now, body="")
                .execution_options(synchronize_session=False)
            )

    async def prune(self, handled_before: datetime) -> int:
        """Delete events handled before the moment, a batch per transaction; returns how many.

        Batches keep each transaction short: on SQLite every writer waits while one runs.
        """
        total = 0
        while True:
            async with self._transaction() as session:
                pick = (
                    select(InboxEventRow.id)
                    .where(InboxEventRow.handled_at < handled_before)
                    .limit(PRUNE_BATCH)
                )
                deleted = await session.execute(
                    delete(InboxEventRow).where(InboxEventRow.id.in_(pick.scalar_subquery()))
                )
            count = cast(CursorResult[Any], deleted).rowcount
            total += count
            if count < PRUNE_BATCH:
                return total

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work is committed on leaving; SQLite's writer turn is held meanwhile."""
        if self._turns is not None:
            async with asyncio.timeout(TURN_TIMEOUT):
                await self._turns.acquire()
        try:
            async with self._session_factory() as session, session.begin():
                yield session
        finally:
            if self._turns is not None:
                self._turns.release()


def _stored(row: InboxEventRow) -> StoredEvent:
    return StoredEvent(
        id=row.id,
        source=row.source,
        key=row.event_key,
        body=row.body,
        received_at=row.received_at,
        attempts=row.attempts,
    )
