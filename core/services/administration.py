"""Organiser commands sent from chat: open, close, invite, full figures."""

from datetime import datetime, timedelta

from core.errors import NotFound
from core.hints import Command, hint
from core.intents import (
    BroadcastParagraphs,
    CancelBroadcast,
    CloseConsultation,
    CreateInvitation,
    OpenConsultation,
    ShowDeliveryReport,
    ShowFullStatistics,
)
from core.model import Actor
from core.orders import (
    AddInvitation,
    CloseNow,
    OpenNow,
    QueueBroadcast,
    ReadDeliveryReport,
    StopBroadcast,
)
from core.paragraph_status import SupportRule
from core.ports import UnitOfWork
from core.screens import InvitationCreated, Notice, StatisticsReport, Tone
from core.services.broadcasting import broadcast, cancel, delivery_report, describe_cancellation
from core.services.organising import (
    close_consultation,
    create_invitation,
    open_consultation,
    require_organiser,
)
from core.services.participation import find_consultation
from core.services.reporting import gather_statistics
from core.wording import counted, describe_deadline, format_moment


async def open_now(
    uow: UnitOfWork, actor: Actor, intent: OpenConsultation, now: datetime
) -> Notice:
    """Open the consultation and say until when it runs."""
    consultation = await open_consultation(uow, actor, OpenNow(slug=intent.slug), now)
    return Notice(
        text=f"“{consultation.title}” is open until {format_moment(consultation.closes_at)}.",
        tone=Tone.SUCCESS,
    )


async def close_now(
    uow: UnitOfWork, actor: Actor, intent: CloseConsultation, now: datetime
) -> Notice:
    """Close the consultation; closing it again only says so."""
    closing = await close_consultation(uow, actor, CloseNow(slug=intent.slug), now)
    consultation = closing.consultation
    if not closing.changed:
        return Notice(text=f"“{consultation.title}” was already closed.", tone=Tone.INFO)
    return Notice(text=f"“{consultation.title}” is closed.", tone=Tone.SUCCESS)


async def invite(
    uow: UnitOfWork, actor: Actor, intent: CreateInvitation, now: datetime
) -> InvitationCreated:
    """A fresh invitation token for the front end to turn into its deep link."""
    order = AddInvitation(slug=intent.slug, uses=intent.uses)
    consultation, invitation = await create_invitation(uow, actor, order, now)
    return InvitationCreated(
        consultation_id=consultation.id,
        slug=consultation.slug,
        title=consultation.title,
        token=invitation.token,
        uses=invitation.uses_left,
    )


async def release(
    uow: UnitOfWork, actor: Actor, intent: BroadcastParagraphs, now: datetime
) -> Notice:
    """Queue paragraphs for everyone; the outbox sends them within the rate limits."""
    every = intent.every
    order = QueueBroadcast(
        slug=intent.slug, numbers=intent.numbers, every=every, key=intent.idempotency_key
    )
    plan = await broadcast(uow, actor, order, now)
    if plan.repeated:
        return Notice(
            text=f"Broadcast {plan.broadcast_id} was queued for this request already. "
            f"Follow it with {hint(Command.REPORT, plan.broadcast_id)}.",
            tone=Tone.INFO,
        )
    labels = f"{plan.paragraphs[0].label}–{plan.paragraphs[-1].label}"
    if len(plan.paragraphs) == 1:
        labels = plan.paragraphs[0].label
    schedule = "now" if every is None else f"one every {_interval(every)}"
    return Notice(
        text=f"Broadcast {plan.broadcast_id}: {labels} to {counted(plan.recipients, 'recipient')} "
        f"({counted(plan.deliveries, 'message')}), {schedule}. "
        f"Follow it with {hint(Command.REPORT, plan.broadcast_id)}.",
        tone=Tone.SUCCESS,
    )


async def cancel_broadcast(
    uow: UnitOfWork, actor: Actor, intent: CancelBroadcast, now: datetime
) -> Notice:
    """Stop the releases of a broadcast still ahead and say how many were stopped."""
    cancellation = await cancel(uow, actor, StopBroadcast(broadcast_id=intent.broadcast_id), now)
    tone = Tone.SUCCESS if cancellation.paragraphs else Tone.INFO
    return Notice(text=describe_cancellation(cancellation), tone=tone)


async def report(
    uow: UnitOfWork, actor: Actor, intent: ShowDeliveryReport, now: datetime
) -> Notice:
    """The delivery report of one broadcast."""
    broadcast_id = intent.broadcast_id
    counts = await delivery_report(uow, actor, ReadDeliveryReport(broadcast_id=broadcast_id), now)
    if counts.total == 0:
        raise NotFound(f"There is no broadcast {broadcast_id}.")
    return Notice(
        text=f"Broadcast {broadcast_id}: {counts.sent} sent, {counts.pending} pending, "
        f"{counts.unreachable} unreachable, {counts.failed} failed, {counts.skipped} skipped "
        f"(of {counts.total}).",
        tone=Tone.INFO,
    )


def _interval(every: timedelta) -> str:
    if every % timedelta(days=1) == timedelta(0):
        days = every // timedelta(days=1)
        return "day" if days == 1 else f"{days} days"
    if every % timedelta(hours=1) == timedelta(0):
        hours = every // timedelta(hours=1)
        return "hour" if hours == 1 else f"{hours} hours"
    return f"{int(every.total_seconds())} seconds"


async def full_statistics(
    uow: UnitOfWork,
    actor: Actor,
    intent: ShowFullStatistics,
    now: datetime,
    *,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen: one shared default is safe)
) -> StatisticsReport:
    """Every figure, whatever the consultation shows its participants."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, intent.slug)
    return StatisticsReport(
        consultation_id=consultation.id,
        title=consultation.title,
        deadline=describe_deadline(consultation.closes_at, now),
        statistics=await gather_statistics(uow, consultation, organiser=True, support=support),
        every_paragraph=True,
        simulated=consultation.simulated,
    )
