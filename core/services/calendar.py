"""The consultation's calendar: its opening announced, its close on time with a summary.

Votes are refused after closes_at whether or not the close has run (the rule is checked at
write time), so the close is bookkeeping plus the summary. It is a conditional status change
(open -> closed), so running it twice, or in two workers at once, closes and summarises once.
Opening needs no state change: a consultation takes votes from opens_at on. One that opens on
its calendar (opens_at after its creation) is announced to its linked groups and channels once
that time has come, under a conditional mark (not announced -> announced), so once whatever
the number of workers and restarts.
"""

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from core.delivery import DeliveryKind, NewDelivery, Priority, Recipient
from core.model import Consultation, Status
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.services.audience import audience

logger = logging.getLogger(__name__)


async def announce_openings(uow_factory: UnitOfWorkFactory, now: datetime) -> list[int]:
    """Announce every consultation that has opened on its calendar; returns their ids."""
    async with uow_factory() as uow:
        candidates = [
            c
            for c in await uow.consultations.list(frozenset({Status.OPEN}))
            if not c.opening_announced and c.is_accepting(now)
        ]

    async def announce(uow: UnitOfWork, consultation: Consultation) -> bool:
        if not await uow.consultations.mark_opening_announced(consultation.id):
            return False
        await _queue_announcements(uow, consultation, now)
        return True

    announced = await _each_in_its_own_unit(uow_factory, candidates, announce)
    for consultation_id in announced:
        logger.info("consultation %s opened: announced to its linked chats", consultation_id)
    return announced


async def close_due(uow_factory: UnitOfWorkFactory, now: datetime) -> list[int]:
    """Close every open consultation whose closing time has passed; returns their ids."""
    async with uow_factory() as uow:
        candidates = [
            c for c in await uow.consultations.list(frozenset({Status.OPEN})) if c.closes_at <= now
        ]

    async def close(uow: UnitOfWork, consultation: Consultation) -> bool:
        if not await uow.consultations.set_status(
            consultation.id, Status.CLOSED, expected=Status.OPEN
        ):
            return False
        await queue_summaries(uow, consultation, now)
        return True

    closed = await _each_in_its_own_unit(uow_factory, candidates, close)
    for consultation_id in closed:
        logger.info("consultation %s closed on time", consultation_id)
    return closed


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


async def _each_in_its_own_unit(
    uow_factory: UnitOfWorkFactory,
    consultations: list[Consultation],
    step: Callable[[UnitOfWork, Consultation], Awaitable[bool]],
) -> list[int]:
    """Run the step for each consultation in a unit of work of its own; ids where it acted."""
    acted = []
    for consultation in consultations:
        async with uow_factory() as uow:
            if await step(uow, consultation):
                acted.append(consultation.id)
            await uow.commit()
    return acted


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
            NewDelivery(
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
