"""Finding who acts in which consultation, and the checks every participant action shares."""

from dataclasses import dataclass, replace
from datetime import datetime

from core.errors import AccessDenied, InvalidPayload, NotEnrolled, NotFound
from core.hints import Command, hint
from core.model import (
    Actor,
    ActorKind,
    Consultation,
    Enrolment,
    Paragraph,
    Participant,
    Privacy,
    Status,
)
from core.ports import UnitOfWork
from core.services.reminding import plan_reminders
from core.text import clean_name

ANONYMOUS = "Anonymous"  # the name of someone whose name shows nothing


@dataclass(frozen=True, slots=True, kw_only=True)
class Participation:
    """A participant, one consultation and their enrolment in it."""

    participant: Participant
    consultation: Consultation
    enrolment: Enrolment


async def load_participation(
    uow: UnitOfWork,
    actor: Actor,
    consultation_id: int | None,
    now: datetime,
    *,
    save: bool = True,
) -> Participation:
    """The actor's enrolment in the named consultation, or in their latest one if None.

    Naming a public consultation the person never joined enrols them (a vote button posted in
    a group works for every member); a private one needs an invitation first. The enrolment
    is seen now; `save=False` leaves storing that to a caller that changes it again anyway.
    """
    participant = await present(uow, actor, reading=consultation_id)
    if consultation_id is None:
        enrolment = await uow.enrolments.latest(participant.id)
        if enrolment is None:
            raise NotEnrolled(
                f"You have not joined a consultation yet. Type {hint(Command.HELP)} to start."
            )
        consultation_id = enrolment.consultation_id
    consultation = await uow.consultations.get(consultation_id)
    if consultation is None or consultation.status is Status.DRAFT:
        raise InvalidPayload("That consultation does not exist (any more).")
    enrolment = await uow.enrolments.get(consultation.id, participant.id)
    if enrolment is None or not enrolment.active:
        enrolment = await enrol(uow, participant, consultation, now, invited=False)
    enrolment = replace(enrolment, last_seen_at=now)
    if save:
        await uow.enrolments.save(enrolment)
    return Participation(participant=participant, consultation=consultation, enrolment=enrolment)


async def present(uow: UnitOfWork, actor: Actor, *, reading: int | None = None) -> Participant:
    """The actor as a participant; someone who writes to us can be written to again.

    `reading`: the consultation the caller reads next, which storage may read along.
    """
    if actor.kind is not ActorKind.PERSON:  # the command line and the worker take no part
        raise AccessDenied("Only people in a chat take part in a consultation.")
    name = clean_name(actor.display_name, fallback=ANONYMOUS)
    participant = await uow.participants.get_or_add(actor.ref, name, consultation_id=reading)
    if not participant.reachable:
        await uow.participants.set_reachable(participant.id, True)
        participant = replace(participant, reachable=True)
    return participant


async def enrol(
    uow: UnitOfWork,
    participant: Participant,
    consultation: Consultation,
    now: datetime,
    *,
    invited: bool,
) -> Enrolment:
    """Enrol (or re-activate) a participant; private consultations need an invitation."""
    existing = await uow.enrolments.get(consultation.id, participant.id)
    if existing is None and consultation.privacy is Privacy.PRIVATE and not invited:
        raise AccessDenied(
            f"“{consultation.title}” is by invitation only. Ask its organisers for a link."
        )
    if existing is not None:
        enrolment = replace(existing, active=True, last_seen_at=now)
    else:
        enrolment = Enrolment(
            consultation_id=consultation.id,
            participant_id=participant.id,
            cursor=0,
            awaiting_paragraph_id=None,
            awaiting_reply_to=None,
            muted=False,
            active=True,
            joined_at=now,
            last_seen_at=now,
        )
    await uow.enrolments.save(enrolment)
    await plan_reminders(uow, consultation, participant.id, now)
    return enrolment


async def load_paragraph(
    uow: UnitOfWork, consultation: Consultation, paragraph_id: int
) -> Paragraph:
    """The paragraph, which must belong to the consultation the payload named."""
    paragraph = (await uow.paragraphs.content(consultation)).paragraph(paragraph_id)
    if paragraph is None:
        raise InvalidPayload("That paragraph is not part of this consultation.")
    return paragraph


async def find_consultation(uow: UnitOfWork, slug: str) -> Consultation:
    """The consultation with this slug, for organiser commands."""
    consultation = await uow.consultations.get_by_slug(slug)
    if consultation is None:
        raise NotFound(f"There is no consultation “{slug}”.")
    return consultation
