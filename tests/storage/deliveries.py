"""Outbox rows the delivery contract tests enqueue, and the workers that claim them."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from core.delivery import DeliveryKind, NewOutboxItem, Priority, Recipient
from core.model import Participant
from core.ports import UnitOfWork, UnitOfWorkFactory
from tests.storage.examples import Seeded

T = TypeVar("T")

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def recipient_of(participant: Participant) -> Recipient:
    """A participant's direct chat."""
    ref = participant.ref
    return Recipient(
        platform=ref.platform,
        tenant=ref.tenant,
        address=ref.external_id,
        participant_id=participant.id,
    )


def delivery(
    seeded: Seeded,
    key: str,
    *,
    due_at: datetime = NOW,
    priority: Priority = Priority.BULK,
    recipient: Recipient | None = None,
    broadcast_id: int | None = None,
) -> NewOutboxItem:
    """A release of the first paragraph, to Alice unless told otherwise."""
    return NewOutboxItem(
        key=key,
        recipient=recipient or recipient_of(seeded.alice),
        kind=DeliveryKind.PARAGRAPH,
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[0].id,
        broadcast_id=broadcast_id,
        priority=priority,
        due_at=due_at,
    )


async def enqueue(uow_factory: UnitOfWorkFactory, deliveries: list[NewOutboxItem]) -> int:
    async with uow_factory() as uow:
        inserted = await uow.outbox.enqueue(deliveries, NOW)
        await uow.commit()
    return inserted


async def claim_keys(
    uow_factory: UnitOfWorkFactory, worker: str, now: datetime, limit: int = 10
) -> list[str]:
    """Claim and commit; the keys of the rows claimed, in the order the claim gave them."""
    async with uow_factory() as uow:
        claimed = await uow.outbox.claim(worker, now, limit=limit, lease=LEASE)
        await uow.commit()
    return [d.key for d in claimed]


async def in_one_unit(
    uow_factory: UnitOfWorkFactory, action: Callable[[UnitOfWork], Awaitable[T]]
) -> T:
    """Run `action` in a unit of work of its own and commit it."""
    async with uow_factory() as uow:
        result = await action(uow)
        await uow.commit()
    return result
