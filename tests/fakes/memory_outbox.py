"""The in-memory outbox and broadcasts, claiming and finishing rows exactly as the SQL ones do."""

import builtins
import dataclasses
from collections.abc import Callable
from datetime import datetime, timedelta

from core.delivery import DeliveryReport, DeliveryStatus, NewOutboxItem, OutboxItem, Recipient
from core.model import Platform
from tests.fakes.memory_state import (
    MemoryTables,
    MemoryTransaction,
    StoredBroadcast,
    StoredDelivery,
    to_utc,
)

FINAL_STATUSES = frozenset(
    {DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE, DeliveryStatus.SKIPPED}
)


def delete_deliveries(tables: MemoryTables, doomed: Callable[[StoredDelivery], bool]) -> None:
    """Remove outbox rows, as ON DELETE CASCADE does, keeping the key index in step."""
    tables.outbox = {k: s for k, s in tables.outbox.items() if not doomed(s)}
    tables.outbox_keys = {s.delivery.key: k for k, s in tables.outbox.items()}


def _claimable(stored: StoredDelivery, now: datetime) -> bool:
    status = stored.delivery.status
    if status is DeliveryStatus.PENDING:
        return stored.delivery.due_at <= now
    return (
        status is DeliveryStatus.SENDING
        and stored.claimed_until is not None
        and stored.claimed_until < now
    )


def _held(tables: MemoryTables, delivery_id: int, worker: str) -> StoredDelivery | None:
    """The row if `worker` still holds it: claimed by it and still being sent."""
    stored = tables.outbox.get(delivery_id)
    if stored is None or stored.claimed_by != worker:
        return None
    return stored if stored.delivery.status is DeliveryStatus.SENDING else None


def _claim_order(delivery: OutboxItem) -> tuple[int, datetime, int]:
    return (delivery.priority, delivery.due_at, delivery.id)


def _stored(new: NewOutboxItem, delivery_id: int, now: datetime) -> StoredDelivery:
    delivery = OutboxItem(
        id=delivery_id,
        key=new.key,
        recipient=new.recipient,
        kind=new.kind,
        consultation_id=new.consultation_id,
        paragraph_id=new.paragraph_id,
        broadcast_id=new.broadcast_id,
        priority=new.priority,
        status=DeliveryStatus.PENDING,
        attempts=0,
        due_at=to_utc(new.due_at),
        last_error=None,
        comment_id=new.comment_id,
        post_id=new.post_id,
    )
    return StoredDelivery(delivery=delivery, created_at=now)


class MemoryOutboxRepository:
    """Outbox rows and broadcasts in memory."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def open_broadcast(self, consultation_id: int, description: str, now: datetime) -> int:
        created_at = to_utc(now)
        tables = await self._transaction.writing()
        broadcast_id = tables.next_id("broadcasts")
        tables.broadcasts[broadcast_id] = StoredBroadcast(
            id=broadcast_id,
            consultation_id=consultation_id,
            description=description,
            created_at=created_at,
        )
        return broadcast_id

    async def open_keyed_broadcast(
        self, consultation_id: int, description: str, now: datetime, key: str
    ) -> tuple[int, bool]:
        tables = await self._transaction.writing()
        for stored in tables.broadcasts.values():
            if stored.request_key == key:
                return stored.id, False
        broadcast_id = tables.next_id("broadcasts")
        tables.broadcasts[broadcast_id] = StoredBroadcast(
            id=broadcast_id,
            consultation_id=consultation_id,
            description=description,
            created_at=to_utc(now),
            request_key=key,
        )
        return broadcast_id, True

    async def enqueue(self, deliveries: builtins.list[NewOutboxItem], now: datetime) -> int:
        created_at = to_utc(now)
        tables = await self._transaction.writing()
        inserted = 0
        for new in deliveries:
            if new.key in tables.outbox_keys:
                continue
            stored = _stored(new, tables.next_id("outbox"), created_at)
            tables.outbox[stored.delivery.id] = stored
            tables.outbox_keys[new.key] = stored.delivery.id
            inserted += 1
        return inserted

    async def claim(
        self,
        worker: str,
        now: datetime,
        *,
        limit: int,
        lease: timedelta,
        platforms: frozenset[Platform] | None = None,
    ) -> builtins.list[OutboxItem]:
        now = to_utc(now)
        if limit <= 0:
            return []
        tables = await self._transaction.writing()
        due = [
            s.delivery
            for s in tables.outbox.values()
            if _claimable(s, now)
            and (platforms is None or s.delivery.recipient.platform in platforms)
        ]
        claimed = []
        for delivery in sorted(due, key=_claim_order)[:limit]:
            taken = dataclasses.replace(
                delivery, status=DeliveryStatus.SENDING, attempts=delivery.attempts + 1
            )
            tables.outbox[delivery.id] = dataclasses.replace(
                tables.outbox[delivery.id],
                delivery=taken,
                claimed_by=worker,
                claimed_until=now + lease,
            )
            claimed.append(taken)
        return claimed

    async def extend(self, delivery_ids: list[int], worker: str, until: datetime) -> int:
        tables = await self._transaction.writing()
        renewed = 0
        for delivery_id in delivery_ids:
            stored = _held(tables, delivery_id, worker)
            if stored is not None:
                tables.outbox[delivery_id] = dataclasses.replace(
                    stored, claimed_until=to_utc(until)
                )
                renewed += 1
        return renewed

    async def mark_sent(self, delivery_id: int, worker: str, now: datetime) -> bool:
        sent_at = to_utc(now)
        tables = await self._transaction.writing()
        stored = _held(tables, delivery_id, worker)
        if stored is None:
            return False
        sent = dataclasses.replace(stored.delivery, status=DeliveryStatus.SENT)
        tables.outbox[delivery_id] = dataclasses.replace(stored, delivery=sent, sent_at=sent_at)
        return True

    async def mark_all_sent(
        self, delivery_ids: list[int], worker: str, now: datetime
    ) -> list[int]:
        return sorted({i for i in delivery_ids if await self.mark_sent(i, worker, now)})

    async def retry_later(
        self, delivery_id: int, worker: str, due_at: datetime, error: str
    ) -> bool:
        due_at = to_utc(due_at)
        tables = await self._transaction.writing()
        stored = _held(tables, delivery_id, worker)
        if stored is None:
            return False
        waiting = dataclasses.replace(
            stored.delivery, status=DeliveryStatus.PENDING, due_at=due_at, last_error=error
        )
        tables.outbox[delivery_id] = dataclasses.replace(
            stored, delivery=waiting, claimed_by=None, claimed_until=None
        )
        return True

    async def finish(
        self, delivery_id: int, worker: str, status: DeliveryStatus, error: str | None
    ) -> bool:
        if status not in FINAL_STATUSES:
            raise ValueError(f"finish ends a row as failed, unreachable or skipped, not {status}")
        tables = await self._transaction.writing()
        stored = _held(tables, delivery_id, worker)
        if stored is None:
            return False
        ended = dataclasses.replace(stored.delivery, status=status, last_error=error)
        tables.outbox[delivery_id] = dataclasses.replace(stored, delivery=ended)
        return True

    async def drop_pending_for(self, recipient: Recipient, reason: str) -> int:
        tables = await self._transaction.writing()
        address = (recipient.platform, recipient.tenant, recipient.address)
        dropped = 0
        for delivery_id, stored in tables.outbox.items():
            to = stored.delivery.recipient
            if (to.platform, to.tenant, to.address) != address:
                continue
            if stored.delivery.status is not DeliveryStatus.PENDING:
                continue
            skipped = dataclasses.replace(
                stored.delivery, status=DeliveryStatus.SKIPPED, last_error=reason
            )
            tables.outbox[delivery_id] = dataclasses.replace(stored, delivery=skipped)
            dropped += 1
        return dropped

    async def drop_pending_of(self, broadcast_id: int, after: datetime, reason: str) -> int:
        tables = await self._transaction.writing()
        doomed = [
            (delivery_id, stored)
            for delivery_id, stored in tables.outbox.items()
            if stored.delivery.broadcast_id == broadcast_id
            and stored.delivery.status is DeliveryStatus.PENDING
            and stored.delivery.due_at > to_utc(after)
        ]
        for delivery_id, stored in doomed:
            skipped = dataclasses.replace(
                stored.delivery, status=DeliveryStatus.SKIPPED, last_error=reason
            )
            tables.outbox[delivery_id] = dataclasses.replace(stored, delivery=skipped)
        return len(doomed)

    async def report(self, broadcast_id: int) -> DeliveryReport:
        tables = await self._transaction.reading()
        statuses = [
            s.delivery.status
            for s in tables.outbox.values()
            if s.delivery.broadcast_id == broadcast_id
        ]
        return DeliveryReport(
            total=len(statuses),
            sent=statuses.count(DeliveryStatus.SENT),
            pending=statuses.count(DeliveryStatus.PENDING)
            + statuses.count(DeliveryStatus.SENDING),
            unreachable=statuses.count(DeliveryStatus.UNREACHABLE),
            failed=statuses.count(DeliveryStatus.FAILED),
            skipped=statuses.count(DeliveryStatus.SKIPPED),
        )

    async def get(self, delivery_id: int) -> OutboxItem | None:
        stored = (await self._transaction.reading()).outbox.get(delivery_id)
        return None if stored is None else stored.delivery
