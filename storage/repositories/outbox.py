"""The outbox: pushes written with the decision to send them, claimed by workers with a lease.

A claim is one statement, `UPDATE outbox ... WHERE id IN (SELECT ... [FOR UPDATE SKIP LOCKED])
RETURNING ...`, so two workers never take the same row; a worker records the outcome only while
it still holds the row (`claimed_by = me AND status = 'sending'`), so a row whose lease expired
and was claimed again is finished by its new holder alone.
"""

import builtins
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import DeliveryReport, DeliveryStatus, NewOutboxItem, OutboxItem, Recipient
from core.model import Platform
from storage.repositories.mapping import skip_locked, to_outbox_item, upsert_insert
from storage.rows_delivery import BroadcastRow, OutboxRow

FINAL_STATUSES = frozenset(
    {DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE, DeliveryStatus.SKIPPED}
)
PENDING = DeliveryStatus.PENDING.value
SENDING = DeliveryStatus.SENDING.value


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due pending rows, and rows whose holder's lease ran out (it crashed or hung)."""
    return ((OutboxRow.status == PENDING) & (OutboxRow.due_at <= now)) | (
        (OutboxRow.status == SENDING) & (OutboxRow.claimed_until < now)
    )


def _values(delivery: NewOutboxItem, now: datetime) -> dict[str, Any]:
    recipient = delivery.recipient
    return {
        "key": delivery.key,
        "platform": recipient.platform.value,
        "tenant": recipient.tenant,
        "address": recipient.address,
        "participant_id": recipient.participant_id,
        "channel_id": recipient.channel_id,
        "kind": delivery.kind.value,
        "consultation_id": delivery.consultation_id,
        "paragraph_id": delivery.paragraph_id,
        "comment_id": delivery.comment_id,
        "broadcast_id": delivery.broadcast_id,
        "post_id": delivery.post_id,
        "priority": int(delivery.priority),
        "status": PENDING,
        "attempts": 0,
        "due_at": delivery.due_at,
        "created_at": now,
    }


class SqlOutboxRepository:
    """Outbox rows and broadcasts stored in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def open_broadcast(self, consultation_id: int, description: str, now: datetime) -> int:
        """A new broadcast id, to group the rows of one release for its delivery report."""
        inserted = await self._session.execute(
            insert(BroadcastRow)
            .values(consultation_id=consultation_id, description=description, created_at=now)
            .returning(BroadcastRow.id)
        )
        return inserted.scalar_one()

    async def open_keyed_broadcast(
        self, consultation_id: int, description: str, now: datetime, key: str
    ) -> tuple[int, bool]:
        """Insert unless the key exists (then its broadcast's id, and False)."""
        inserted = await self._session.scalar(
            upsert_insert(self._session, BroadcastRow)
            .values(
                consultation_id=consultation_id,
                description=description,
                created_at=now,
                request_key=key,
            )
            .on_conflict_do_nothing(index_elements=["request_key"])
            .returning(BroadcastRow.id)
        )
        if inserted is not None:
            return inserted, True
        existing = await self._session.scalar(
            select(BroadcastRow.id).where(BroadcastRow.request_key == key)
        )
        if existing is None:
            raise RuntimeError("a broadcast request key conflicted but its row is gone")
        return existing, False

    async def enqueue(self, deliveries: builtins.list[NewOutboxItem], now: datetime) -> int:
        """Insert, ignoring keys that exist; counts the rows RETURNING gives back.

        One executemany: SQLAlchemy sends it as multi-row INSERTs of up to 1,000 rows
        ("insertmanyvalues"), compiled once, so a broadcast to 100,000 people is 100 round trips.
        """
        if not deliveries:
            return 0
        statement = (
            upsert_insert(self._session, OutboxRow)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(OutboxRow.id)
        )
        rows = [_values(delivery, now) for delivery in deliveries]
        return len((await self._session.scalars(statement, rows)).all())

    async def claim(
        self,
        worker: str,
        now: datetime,
        *,
        limit: int,
        lease: timedelta,
        platforms: frozenset[Platform] | None = None,
    ) -> builtins.list[OutboxItem]:
        """Take up to `limit` due rows for `worker` in one statement.

        Rows come lowest priority value first, then earliest due, then by id. Each claim counts
        an attempt.
        """
        if limit <= 0:
            return []
        pick = (
            select(OutboxRow.id)
            .where(_claimable(now))
            .order_by(OutboxRow.priority, OutboxRow.due_at, OutboxRow.id)
            .limit(limit)
        )
        if platforms is not None:
            pick = pick.where(OutboxRow.platform.in_([p.value for p in platforms]))
        statement = (
            update(OutboxRow)
            .where(OutboxRow.id.in_(skip_locked(self._session, pick).scalar_subquery()))
            .values(
                status=SENDING,
                claimed_by=worker,
                claimed_until=now + lease,
                attempts=OutboxRow.attempts + 1,
            )
            .returning(OutboxRow)
            .execution_options(synchronize_session=False)
        )
        rows = await self._session.scalars(
            statement, execution_options={"populate_existing": True}
        )
        # RETURNING keeps no order on either backend; the claim's order is the contract.
        claimed = [to_outbox_item(row) for row in rows]
        return sorted(claimed, key=lambda d: (d.priority, d.due_at, d.id))

    async def extend(self, delivery_ids: builtins.list[int], worker: str, until: datetime) -> int:
        """Renew `worker`'s lease on the rows it still holds; returns how many it holds."""
        if not delivery_ids:
            return 0
        renewed = await self._session.scalars(
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(delivery_ids),
                OutboxRow.claimed_by == worker,
                OutboxRow.status == SENDING,
            )
            .values(claimed_until=until)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return len(renewed.all())

    async def mark_sent(self, delivery_id: int, worker: str, now: datetime) -> bool:
        """Finish the row as sent, only if `worker` still holds it."""
        return await self._update_held(
            delivery_id, worker, status=DeliveryStatus.SENT.value, sent_at=now
        )

    async def mark_all_sent(
        self, delivery_ids: builtins.list[int], worker: str, now: datetime
    ) -> builtins.list[int]:
        """`mark_sent` for many rows in one statement; returns those `worker` still held."""
        if not delivery_ids:
            return []
        marked = await self._session.scalars(
            update(OutboxRow)
            .where(
                OutboxRow.id.in_(delivery_ids),
                OutboxRow.claimed_by == worker,
                OutboxRow.status == SENDING,
            )
            .values(status=DeliveryStatus.SENT.value, sent_at=now)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return sorted(marked.all())

    async def retry_later(
        self, delivery_id: int, worker: str, due_at: datetime, error: str
    ) -> bool:
        """Put the row back as pending until `due_at`, only if `worker` still holds it."""
        return await self._update_held(
            delivery_id,
            worker,
            status=PENDING,
            due_at=due_at,
            last_error=error,
            claimed_by=None,
            claimed_until=None,
        )

    async def finish(
        self, delivery_id: int, worker: str, status: DeliveryStatus, error: str | None
    ) -> bool:
        """End the row as failed, unreachable or skipped, only if `worker` still holds it."""
        if status not in FINAL_STATUSES:
            raise ValueError(f"finish ends a row as failed, unreachable or skipped, not {status}")
        return await self._update_held(delivery_id, worker, status=status.value, last_error=error)

    async def _update_held(self, delivery_id: int, worker: str, **values: object) -> bool:
        changed = await self._session.scalar(
            update(OutboxRow)
            .where(
                OutboxRow.id == delivery_id,
                OutboxRow.claimed_by == worker,
                OutboxRow.status == SENDING,
            )
            .values(**values)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return changed is not None

    async def drop_pending_for(self, recipient: Recipient, reason: str) -> int:
        """Skip every pending row for a recipient who can no longer be reached.

        Rows being sent are left to their worker, which learns the same from the platform.
        """
        dropped = await self._session.scalars(
            update(OutboxRow)
            .where(
                OutboxRow.platform == recipient.platform.value,
                OutboxRow.tenant == recipient.tenant,
                OutboxRow.address == recipient.address,
                OutboxRow.status == PENDING,
            )
            .values(status=DeliveryStatus.SKIPPED.value, last_error=reason)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return len(dropped.all())

    async def drop_pending_of(self, broadcast_id: int, after: datetime, reason: str) -> int:
        """Skip the broadcast's pending rows due after `after` (a cancelled drip)."""
        dropped = await self._session.scalars(
            update(OutboxRow)
            .where(
                OutboxRow.broadcast_id == broadcast_id,
                OutboxRow.status == PENDING,
                OutboxRow.due_at > after,
            )
            .values(status=DeliveryStatus.SKIPPED.value, last_error=reason)
            .returning(OutboxRow.id)
            .execution_options(synchronize_session=False)
        )
        return len(dropped.all())

    async def report(self, broadcast_id: int) -> DeliveryReport:
        """Counts by status in one grouped query; rows being sent count as pending."""
        rows = await self._session.execute(
            select(OutboxRow.status, func.count())
            .where(OutboxRow.broadcast_id == broadcast_id)
            .group_by(OutboxRow.status)
        )
        counts = {DeliveryStatus(status): total for status, total in rows}
        return DeliveryReport(
            total=sum(counts.values()),
            sent=counts.get(DeliveryStatus.SENT, 0),
            pending=counts.get(DeliveryStatus.PENDING, 0) + counts.get(DeliveryStatus.SENDING, 0),
            unreachable=counts.get(DeliveryStatus.UNREACHABLE, 0),
            failed=counts.get(DeliveryStatus.FAILED, 0),
            skipped=counts.get(DeliveryStatus.SKIPPED, 0),
        )

    async def get(self, delivery_id: int) -> OutboxItem | None:
        row = await self._session.get(OutboxRow, delivery_id, populate_existing=True)
        return None if row is None else to_outbox_item(row)
