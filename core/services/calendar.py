"""The consultation's calendar: its opening announced, its close on time with a summary.

Votes are refused after closes_at whether or not the close has run (the rule is checked at
write time), so the close is bookkeeping plus the summary. It is a conditional status change
(open -> closed), so running it twice, or in two workers at once, closes and summarises once.
Opening needs no state change: a consultation takes votes from opens_at on. One that opens on
its calendar (opens_at after its creation) is announced to its linked groups and channels once
that time has come, under a conditional mark (not announced -> announced), so once whatever
the number of workers and restarts.
"""

from datetime import datetime

from core.delivery import DeliveryKind, NewOutboxItem, Priority, Recipient
from core.model import Actor, Consultation, Status
from core.ports import UnitOfWork
from core.services.audience import audience
from core.services.system import require_system
from core.upkeep import AnnounceOpening, CloseOnTime, DueClosings, DueOpenings


async def due_openings(
    uow: UnitOfWork, actor: Actor, order: DueOpenings, now: datetime
) -> list[int]:
    """The open consultations that take votes now and whose opening is not announced."""
    require_system(actor)
    return [
        c.id
        for c in await uow.consultations.list(frozenset({Status.OPEN}))
        if not c.opening_announced and c.is_accepting(now)
    ]


async def announce_opening(
    uow: UnitOfWork, actor: Actor, order: AnnounceOpening, now: datetime
) -> bool:
    """Queue the opening notice for the linked chats, unless another sweep did."""
    require_system(actor)
    consultation = await uow.consultations.get(order.consultation_id)
    if consultation is None or not await uow.consultations.mark_opening_announced(consultation.id):
        return False
    await _queue_announcements(uow, consultation, now)
    return True


async def due_closings(
    uow: UnitOfWork, actor: Actor, order: DueClosings, now: datetime
) -> list[int]:
    """The open consultations whose closing time has passed."""
    require_system(actor)
    return [
        c.id for c in await uow.consultations.list(frozenset({Status.OPEN})) if c.closes_at <= now
    ]


async def close_on_time(uow: UnitOfWork, actor: Actor, order: CloseOnTime, now: datetime) -> bool:
    """Close the consultation (open -> closed) and queue its summaries, unless closed."""
    require_system(actor)
    consultation = await uow.consultations.get(order.consultation_id)
    if consultation is None or not await uow.consultations.set_status(
        consultation.id, Status.CLOSED, expected=Status.OPEN
    ):
        return False
    await queue_summaries(uow, consultation, now)
    return True


async def queue_summaries(uow: UnitOfWork, consultation: Consultation, now: datetime) -> int:
    """Queue the closing summary for every participant and linked chat.

    Muting stops reminders, releases and replies, not the result of a consultation one took
    part in.
    """
    recipients = await audience(uow, consultation, including_muted=True)
    return await _queue_notices(
        uow,
        consultation,
        {f"summary:{consultation.id}:{r.platform}:{r.tenant}:{r.address}": r for r in recipients},
        DeliveryKind.SUMMARY,
        now,
    )


async def _queue_announcements(uow: UnitOfWork, consultation: Consultation, now: datetime) -> int:
    chats = [r for r in await audience(uow, consultation) if r.channel_id is not None]
    return await _queue_notices(
        uow,
        consultation,
        {f"opening:{consultation.id}:{r.channel_id}": r for r in chats},
        DeliveryKind.OPENING,
        now,
    )


async def _queue_notices(
    uow: UnitOfWork,
    consultation: Consultation,
    recipients: dict[str, Recipient],
    kind: DeliveryKind,
    now: datetime,
) -> int:
    """One notice of this kind, due now, to each recipient under its outbox key."""
    return await uow.outbox.enqueue(
        [
            NewOutboxItem(
                key=key,
                recipient=recipient,
                kind=kind,
                consultation_id=consultation.id,
                paragraph_id=None,
                broadcast_id=None,
                priority=Priority.NOTICE,
                due_at=now,
            )
            for key, recipient in recipients.items()
        ],
        now,
    )
