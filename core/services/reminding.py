"""Reminders before a consultation closes, for those who have not finished.

Reminders are planned as rows when someone joins (one per offset before the close) and re-timed
when the deadline moves. A sweep claims the due ones; each becomes an outbox row only if the
person still has paragraphs without their vote, has not muted reminders, has not left, can be
reached, and the consultation is still open; otherwise it is skipped, with the reason stored.
A person gets at most one reminder per sweep: when several fall due at once (the deadline
moved closer, or no worker ran for a while), the latest offset is sent and the earlier ones are
skipped. The outbox then sends it like any other push.
"""

from datetime import datetime, timedelta

from core.delivery import DeliveryKind, NewOutboxItem, Priority, Recipient, Reminder
from core.model import PUSH_PLATFORMS, Actor, Consultation, Participant
from core.ports import UnitOfWork
from core.services.releasing import standing_of
from core.services.system import require_system
from core.upkeep import ClaimReminders, SendReminder

REMINDER_LEASE = timedelta(minutes=5)
SUPERSEDED = "a later reminder was due at the same time"


async def plan_reminders(
    uow: UnitOfWork, consultation: Consultation, participant_id: int, now: datetime
) -> None:
    """Plan the participant's reminders that still lie ahead."""
    ahead = tuple(o for o in consultation.reminder_offsets if consultation.closes_at - o > now)
    if ahead:
        await uow.reminders.plan(consultation.id, participant_id, ahead, consultation.closes_at)


async def claim_reminders(
    uow: UnitOfWork, actor: Actor, order: ClaimReminders, now: datetime
) -> list[Reminder]:
    """Skip the reminders a later one supersedes, then claim the due ones under a lease.

    When several of a person's reminders are due at once (the deadline moved, or no worker
    ran for a while), only the latest (the smallest offset) is sent; the others are skipped.
    """
    require_system(actor)
    await uow.reminders.skip_superseded(now, SUPERSEDED)
    return await uow.reminders.claim_due(
        order.worker, now, limit=order.limit, lease=REMINDER_LEASE
    )


async def send_reminder(uow: UnitOfWork, actor: Actor, order: SendReminder, now: datetime) -> int:
    """Queue the claimed reminder's push, or skip it with the reason; how many were queued."""
    require_system(actor)
    reminder, worker = order.reminder, order.worker
    decision = await _reminder_delivery(uow, reminder, now)
    if isinstance(decision, NewOutboxItem):
        queued = await uow.outbox.enqueue([decision], now)
        await uow.reminders.finish(reminder.id, worker, sent=True)
        return queued
    await uow.reminders.finish(reminder.id, worker, sent=False, reason=decision)
    return 0


async def _reminder_delivery(
    uow: UnitOfWork, reminder: Reminder, now: datetime
) -> NewOutboxItem | str:
    """The reminder's push, or why it is not sent."""
    consultation = await uow.consultations.get(reminder.consultation_id)
    if consultation is None or not consultation.is_accepting(now):
        return "the consultation is not open"
    enrolment = await uow.enrolments.get(consultation.id, reminder.participant_id)
    participant = await uow.participants.get(reminder.participant_id)
    if enrolment is None or participant is None or not enrolment.active:
        return "the participant left"
    if enrolment.muted:
        return "the participant muted reminders"
    if not participant.reachable or participant.ref.platform not in PUSH_PLATFORMS:
        return "the participant cannot be pushed to"
    standing = await standing_of(uow, consultation, participant.id, now)
    if standing.voted >= standing.released:
        return "the participant has voted on every released paragraph"
    return _reminder_push(reminder, participant, now)


def _reminder_push(reminder: Reminder, participant: Participant, now: datetime) -> NewOutboxItem:
    ref = participant.ref
    return NewOutboxItem(
        key=f"reminder:{reminder.id}",
        recipient=Recipient(
            platform=ref.platform,
            tenant=ref.tenant,
            address=ref.external_id,
            participant_id=participant.id,
        ),
        kind=DeliveryKind.REMINDER,
        consultation_id=reminder.consultation_id,
        paragraph_id=None,
        broadcast_id=None,
        priority=Priority.REMINDER,
        due_at=now,
    )
