"""Releasing paragraphs to everyone who takes part, at once or one at a time on a calendar.

A broadcast writes one outbox row per paragraph and recipient (participants on the chosen
platforms and linked chats), all in one transaction; the outbox sends them within the platforms'
rate limits. A drip schedule is the same rows with due times spaced by the interval, and it
holds each paragraph back until its release time (core.services.releasing).
"""

from datetime import datetime, timedelta

from core.delivery import DeliveryKind, DeliveryReport, NewOutboxItem, Priority, Recipient
from core.errors import InvalidSetting, NotFound
from core.model import Actor, Consultation, Paragraph
from core.orders import (
    BroadcastPlan,
    Cancellation,
    QueueBroadcast,
    ReadDeliveryReport,
    StopBroadcast,
)
from core.ports import UnitOfWork
from core.services.audience import audience
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.wording import counted


async def broadcast(
    uow: UnitOfWork, actor: Actor, order: QueueBroadcast, now: datetime
) -> BroadcastPlan:
    """Queue the paragraphs for every recipient on the order's platforms (None: all).

    With a request `key` seen before, nothing is queued: the plan names the earlier broadcast.
    """
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    paragraphs = _select(await uow.paragraphs.list(consultation.id), order, consultation)
    every = order.every
    if every is not None and every <= timedelta(0):
        raise InvalidSetting("The interval between paragraphs must be positive.")
    recipients = [
        r
        for r in await audience(uow, consultation)
        if order.platforms is None or r.platform in order.platforms
    ]
    broadcast_id, opened = await _open(uow, consultation, paragraphs, order.key, now)
    step = every or timedelta(0)
    queued = (
        await _queue(uow, broadcast_id, consultation, paragraphs, recipients, step, now)
        if opened
        else 0
    )
    return BroadcastPlan(
        broadcast_id=broadcast_id,
        consultation=consultation,
        paragraphs=tuple(paragraphs),
        recipients=len(recipients),
        deliveries=queued,
        last_due=now + step * (len(paragraphs) - 1),
        repeated=not opened,
        audience=tuple(recipients),
    )


async def _open(
    uow: UnitOfWork,
    consultation: Consultation,
    paragraphs: list[Paragraph],
    key: str | None,
    now: datetime,
) -> tuple[int, bool]:
    """The broadcast's id, and False if the request `key` opened it before."""
    description = ", ".join(p.label for p in paragraphs)
    if key is None:
        return await uow.outbox.open_broadcast(consultation.id, description, now), True
    return await uow.outbox.open_keyed_broadcast(consultation.id, description, now, key)


async def _queue(
    uow: UnitOfWork,
    broadcast_id: int,
    consultation: Consultation,
    paragraphs: list[Paragraph],
    recipients: list[Recipient],
    step: timedelta,
    now: datetime,
) -> int:
    await uow.releases.schedule(
        broadcast_id,
        consultation.id,
        [(paragraph.id, now + step * index) for index, paragraph in enumerate(paragraphs)],
    )
    deliveries = [
        _delivery(broadcast_id, consultation, paragraph, recipient, now + step * index)
        for index, paragraph in enumerate(paragraphs)
        for recipient in recipients
    ]
    return await uow.outbox.enqueue(deliveries, now)


async def cancel(
    uow: UnitOfWork, actor: Actor, order: StopBroadcast, now: datetime
) -> Cancellation:
    """Cancel the releases still ahead and skip their pushes; the paragraphs open at once."""
    await require_organiser(uow, actor)
    broadcast_id = order.broadcast_id
    stopped = await uow.releases.cancel(broadcast_id, now)
    if stopped is None and (await uow.outbox.report(broadcast_id)).total == 0:
        raise NotFound(f"There is no broadcast {broadcast_id}.")
    messages = await uow.outbox.drop_pending_of(broadcast_id, now, "broadcast cancelled")
    found = [await uow.paragraphs.get(paragraph_id) for paragraph_id in stopped or []]
    paragraphs = sorted((p for p in found if p is not None), key=lambda p: p.position)
    return Cancellation(broadcast_id=broadcast_id, paragraphs=tuple(paragraphs), messages=messages)


def describe_cancellation(cancellation: Cancellation) -> str:
    """What the organiser is told, in the CLI and in chat alike."""
    number, stopped = cancellation.broadcast_id, len(cancellation.paragraphs)
    if not stopped:
        return f"Broadcast {number}: nothing was pending, so nothing was stopped."
    labels = ", ".join(p.label for p in cancellation.paragraphs)
    releases = counted(stopped, "pending release")
    pushes = counted(cancellation.messages, "message")
    return (
        f"Broadcast {number} cancelled: {releases} stopped ({labels}; {pushes} not sent). "
        "Those paragraphs are open to everyone now, without a push."
    )


async def delivery_report(
    uow: UnitOfWork, actor: Actor, order: ReadDeliveryReport, now: datetime
) -> DeliveryReport:
    """Sent, pending, unreachable and failed counts of one broadcast."""
    await require_organiser(uow, actor)
    return await uow.outbox.report(order.broadcast_id)


def _select(
    paragraphs: list[Paragraph], order: QueueBroadcast, consultation: Consultation
) -> list[Paragraph]:
    numbers = order.numbers
    if order.first is not None:  # from `first` on, as the command line's --from counts them
        numbers = tuple(range(order.first, max(len(paragraphs), order.first) + 1))
    if numbers is None:
        return paragraphs
    by_number = {p.number: p for p in paragraphs}
    missing = [n for n in numbers if n not in by_number]
    if missing:
        labels = ", ".join(f"P{n}" for n in missing)
        raise NotFound(f"“{consultation.title}” has no paragraph {labels}.")
    return [by_number[n] for n in sorted(set(numbers))]


def _delivery(
    broadcast_id: int,
    consultation: Consultation,
    paragraph: Paragraph,
    recipient: Recipient,
    due_at: datetime,
) -> NewOutboxItem:
    return NewOutboxItem(
        key=f"broadcast:{broadcast_id}:{paragraph.id}:{recipient.platform}:"
        f"{recipient.tenant}:{recipient.address}",
        recipient=recipient,
        kind=DeliveryKind.PARAGRAPH,
        consultation_id=consultation.id,
        paragraph_id=paragraph.id,
        broadcast_id=broadcast_id,
        priority=Priority.BULK,
        due_at=due_at,
    )
