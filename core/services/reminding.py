"""Reminders before a consultation closes, for those who have not finished.

Reminders are planned as rows when someone joins (one per offset before the close) and re-timed
when the deadline moves. A sweep claims the due ones; each becomes an outbox row only if the
person still has paragraphs without their vote, has not muted reminders, has not left, can be
reached, and the consultation is still open. The outbox then sends it like any other push.
"""

import logging
from datetime import datetime, timedelta

from core.delivery import DeliveryKind, NewDelivery, Priority, Recipient, Reminder
from core.model import PUSH_PLATFORMS, Consultation
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.services.releasing import standing_of

logger = logging.getLogger(__name__)

REMINDER_LEASE = timedelta(minutes=5)


async def plan_reminders(
    uow: UnitOfWork, consultation: Consultation, participant_id: int, now: datetime
) -> None:
    """Plan the participant's reminders that still lie ahead."""
    ahead = tuple(o for o in consultation.reminder_offsets if consultation.closes_at - o > now)
    if ahead:
        await uow.reminders.plan(consultation.id, participant_id, ahead, consultation.closes_at)


async def sweep_reminders(
    uow_factory: UnitOfWorkFactory, worker: str, now: datetime, *, limit: int = 200
) -> int:
    """Turn due reminders into outbox rows; returns how many were queued."""
    async with uow_factory() as uow:
        due = await uow.reminders.claim_due(worker, now, limit=limit, lease=REMINDER_LEASE)
        await uow.commit()
    queued = 0
    for reminder in due:
        async with uow_factory() as uow:
            delivery = await _reminder_delivery(uow, reminder, now)
            if delivery is not None:
                queued += await uow.outbox.enqueue([delivery], now)
            await uow.reminders.finish(reminder.id, worker, sent=delivery is not None)
            await uow.commit()
    return queued


async def _reminder_delivery(
    uow: UnitOfWork, reminder: Reminder, now: datetime
) -> NewDelivery | None:
    consultation = await uow.consultations.get(reminder.consultation_id)
    if consultation is None or not consultation.is_accepting(now):
        logger.info("reminder %s skipped: consultation no longer open", reminder.id)
        return None
    enrolment = await uow.enrolments.get(consultation.id, reminder.participant_id)
    participant = await uow.participants.get(reminder.participant_id)
    if enrolment is None or participant is None:
        return None
    standing = await standing_of(uow, consultation.id, participant.id, now)
    unfinished = standing.voted < standing.released
    wanted = enrolment.active and not enrolment.muted and unfinished
    if not (wanted and participant.reachable and participant.ref.platform in PUSH_PLATFORMS):
        return None
    ref = participant.ref
    return NewDelivery(
        key=f"reminder:{reminder.id}",
        recipient=Recipient(
            platform=ref.platform,
            tenant=ref.tenant,
            address=ref.external_id,
            participant_id=participant.id,
        ),
        kind=DeliveryKind.REMINDER,
        consultation_id=consultation.id,
        paragraph_id=None,
        broadcast_id=None,
        priority=Priority.REMINDER,
        due_at=now,
    )
