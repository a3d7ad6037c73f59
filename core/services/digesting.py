"""Digests (core.digests): the organiser's setting, participants' opt-in, and the sweep's claim.

Who sees what follows the results visibility. `live`: everyone gets the counts and the most
controversial paragraph with its level of agreement. `after-close`: counts only, for everyone
(the closing summary brings the results). `after-vote`: linked groups and channels get counts
only, since a chat is not someone who voted; a participant gets the agreement too once they
have voted on every paragraph, as their own figures do. Comments are counted only while
published, and never quoted.
"""

from datetime import datetime, tzinfo

from core.delivery import DeliveryKind, NewOutboxItem, OutboxItem, Priority, Recipient
from core.digests import DIGEST_HOUR, DigestEvery, DigestPeriod, DigestSetting, latest_period
from core.errors import NotAccepting
from core.hints import Command, hint
from core.intents import SetDigests
from core.model import PUSH_PLATFORMS, Actor, Consultation, ResultsVisibility
from core.orders import ReadDigest, SetDigest
from core.ports import UnitOfWork
from core.screens import Notice
from core.services.audience import audience
from core.services.organising import require_organiser
from core.services.participation import find_consultation, load_participation
from core.services.reporting import gather_statistics
from core.services.system import require_system
from core.simulation import SIMULATED_NOTE
from core.upkeep import DueDigests, QueueDigest
from core.wording import counted

_PERIODS = {DigestEvery.DAILY: "Today", DigestEvery.WEEKLY: "This week"}
_EVERY = {DigestEvery.DAILY: "daily", DigestEvery.WEEKLY: "weekly (Fridays)"}


async def set_digest(
    uow: UnitOfWork, actor: Actor, order: SetDigest, now: datetime
) -> DigestSetting | None:
    """Turn the digest on, change its interval, or turn it off."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    if order.every is not None and consultation.is_closed(now):
        raise NotAccepting(
            f"“{consultation.slug}” is closed: its closing summary says how it ended, and it "
            "gets no digests."
        )
    await uow.digests.set(consultation.id, order.every, now)
    return await uow.digests.setting(consultation.id)


async def read_digest(
    uow: UnitOfWork, actor: Actor, order: ReadDigest, now: datetime
) -> tuple[Consultation, DigestSetting | None]:
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    return consultation, await uow.digests.setting(consultation.id)


async def set_digests(
    uow: UnitOfWork, actor: Actor, intent: SetDigests, now: datetime, *, zone: tzinfo
) -> Notice:
    """A participant asks for the consultation's digests, or stops them."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    consultation, person = participation.consultation, participation.participant
    await uow.digests.subscribe(consultation.id, person.id, intent.on)
    title = f"“{consultation.title}”"
    if not intent.on:
        return Notice(text=f"No more digests of {title}.")
    setting = await uow.digests.setting(consultation.id)
    when = (
        f"its {_EVERY[setting.every]} digest at {DIGEST_HOUR}:00 {zone}"
        if setting is not None
        else "its digests once its organisers turn them on"
    )
    text = f"You will get {when}. {hint(Command.UNSUBSCRIBE)} stops them."
    if person.ref.platform not in PUSH_PLATFORMS:
        text += " This chat shows no pushes: they reach you in Telegram or Slack."
    return Notice(text=f"{title}: {text}")


async def due_digests(
    uow: UnitOfWork, actor: Actor, order: DueDigests, now: datetime
) -> list[int]:
    """The consultations taking votes now whose digest is on."""
    require_system(actor)
    due = []
    for setting in await uow.digests.settings():
        consultation = await uow.consultations.get(setting.consultation_id)
        if consultation is not None and consultation.is_accepting(now):
            due.append(consultation.id)
    return due


async def queue_digest(
    uow: UnitOfWork, actor: Actor, order: QueueDigest, now: datetime, *, zone: tzinfo
) -> bool:
    """Claim the latest period and queue its digest, unless claimed already or quiet."""
    require_system(actor)
    consultation = await uow.consultations.get(order.consultation_id)
    setting = await uow.digests.setting(order.consultation_id)
    if consultation is None or setting is None or not consultation.is_accepting(now):
        return False
    start, end = latest_period(setting.every, now, zone)
    if end <= setting.since:
        return False  # turned on since: its first period has not ended
    period = await _period(uow, consultation, setting.every, start, end)
    if not await uow.digests.claim(period) or period.activity.quiet:
        return False
    recipients = await _recipients(uow, consultation)
    await uow.outbox.enqueue([_item(consultation, end, r, now) for r in recipients], now)
    return True


async def _period(
    uow: UnitOfWork, consultation: Consultation, every: DigestEvery, start: datetime, end: datetime
) -> DigestPeriod:
    activity = await uow.digests.activity(consultation.id, start, end)
    ranked = (await gather_statistics(uow, consultation)).most_controversial
    top = ranked[0] if ranked else None
    return DigestPeriod(
        consultation_id=consultation.id,
        every=every,
        start=start,
        end=end,
        activity=activity,
        controversial=None if top is None else top.number,
        agreement=None if top is None else top.agreement_pct,
    )


async def _recipients(uow: UnitOfWork, consultation: Consultation) -> list[Recipient]:
    """The linked chats, and the participants who asked for digests (muted or not)."""
    subscribed = set(await uow.digests.subscribers(consultation.id))
    return [
        r
        for r in await audience(uow, consultation, including_muted=True)
        if r.channel_id is not None or r.participant_id in subscribed
    ]


def _item(
    consultation: Consultation, end: datetime, recipient: Recipient, now: datetime
) -> NewOutboxItem:
    return NewOutboxItem(
        key=f"digest:{consultation.id}:{end.isoformat()}:"
        f"{recipient.platform}:{recipient.tenant}:{recipient.address}",
        recipient=recipient,
        kind=DeliveryKind.DIGEST,
        consultation_id=consultation.id,
        paragraph_id=None,
        broadcast_id=None,
        priority=Priority.NOTICE,
        due_at=now,
    )


async def digest_screen(
    uow: UnitOfWork, delivery: OutboxItem, consultation: Consultation, now: datetime
) -> Notice | None:
    """The digest a claimed row carries; None once the consultation has closed."""
    period = await uow.digests.period_before(consultation.id, delivery.due_at)
    if period is None or consultation.is_closed(now):
        return None  # the closing summary takes over
    person = delivery.recipient.participant_id
    agreement = await _shows_agreement(uow, consultation, person)
    return Notice(text=digest_text(consultation, period, agreement, personal=person is not None))


async def _shows_agreement(
    uow: UnitOfWork, consultation: Consultation, participant_id: int | None
) -> bool:
    visibility = consultation.results_visibility
    if visibility is ResultsVisibility.LIVE:
        return True
    if visibility is ResultsVisibility.AFTER_CLOSE or participant_id is None:
        return False
    voted = await uow.votes.count_by(consultation.id, participant_id)
    return voted >= await uow.paragraphs.count(consultation.id)


def digest_text(
    consultation: Consultation, period: DigestPeriod, agreement: bool, *, personal: bool
) -> str:
    """The digest in words: `📰 “Plan” — today: 38 new votes, …` and the most controversial."""
    activity = period.activity
    lines = [
        f"📰 “{consultation.title}” — {_PERIODS[period.every].lower()}: "
        f"{counted(activity.votes, 'new vote')}, {counted(activity.comments, 'new comment')}, "
        f"{counted(activity.participants, 'new participant')}."
    ]
    if agreement and period.controversial is not None:
        lines.append(f"Most controversial: P{period.controversial}, {period.agreement}% agree.")
    if consultation.simulated:
        lines.append(SIMULATED_NOTE)
    if personal:
        lines.append(f"{hint(Command.UNSUBSCRIBE)} stops these digests.")
    return "\n".join(lines)
