"""Finding a consultation and joining it, by slug or invitation token."""

from datetime import datetime

from core.errors import InvalidInvitation, NotFound, NotYetOpen
from core.intents import Join, ListConsultations, Resume
from core.model import PAYLOAD_PATTERN, Actor, Consultation, Privacy, Status
from core.ports import UnitOfWork
from core.screens import Button, ButtonStyle, ConsultationList, ConsultationSummary, Welcome
from core.services.cards import opening_line
from core.services.participation import enrol, present
from core.wording import describe_deadline


async def list_consultations(
    uow: UnitOfWork, actor: Actor, intent: ListConsultations, now: datetime
) -> ConsultationList:
    """Open public consultations that accept votes now, each with a Participate button."""
    consultations = await uow.consultations.list(frozenset({Status.OPEN}))
    summaries = [
        await summarise(uow, consultation, now)
        for consultation in consultations
        if consultation.privacy is Privacy.PUBLIC and consultation.is_accepting(now)
    ]
    buttons = tuple(
        (Button(label=f"Participate: {summary.title}", intent=Join(payload=summary.slug)),)
        for summary in summaries
    )
    return ConsultationList(consultations=tuple(summaries), buttons=buttons)


async def join(uow: UnitOfWork, actor: Actor, intent: Join, now: datetime) -> Welcome:
    """Enrol the actor through an invitation token or a public consultation's slug."""
    payload = intent.payload
    if not PAYLOAD_PATTERN.fullmatch(payload):
        raise InvalidInvitation("That link is not valid. Ask the organisers for a new one.")
    participant = await present(uow, actor)
    consultation, invitation_id = await _resolve(uow, payload)
    already = await uow.enrolments.get(consultation.id, participant.id)
    if (
        invitation_id is not None
        and already is None
        and not await uow.invitations.use(invitation_id)
    ):
        raise InvalidInvitation(
            "This invitation has been used up. Ask the organisers for a new one."
        )
    await enrol(uow, participant, consultation, now, invited=invitation_id is not None)
    voted = await uow.votes.count_by(consultation.id, participant.id)
    label = "Continue" if voted else "Start"
    start = Button(
        label=label, intent=Resume(consultation_id=consultation.id), style=ButtonStyle.PRIMARY
    )
    return Welcome(
        consultation=await summarise(uow, consultation, now), voted=voted, buttons=((start,),)
    )


async def _resolve(uow: UnitOfWork, payload: str) -> tuple[Consultation, int | None]:
    invitation = await uow.invitations.get_by_token(payload)
    if invitation is not None:
        consultation = await uow.consultations.get(invitation.consultation_id)
        invitation_id: int | None = invitation.id
    else:
        consultation = await uow.consultations.get_by_slug(payload)
        invitation_id = None
    if consultation is None:
        raise NotFound("No consultation or invitation matches that link.")
    if consultation.status is Status.DRAFT:
        raise NotYetOpen(f"“{consultation.title}” has not been opened by its organisers yet.")
    return consultation, invitation_id


async def summarise(
    uow: UnitOfWork, consultation: Consultation, now: datetime
) -> ConsultationSummary:
    """A consultation as introduced to participants."""
    return ConsultationSummary(
        consultation_id=consultation.id,
        slug=consultation.slug,
        title=consultation.title,
        description=consultation.description,
        paragraph_count=await uow.paragraphs.count(consultation.id),
        closes_at=consultation.closes_at,
        deadline=describe_deadline(consultation.closes_at, now),
        accepting=consultation.is_accepting(now),
        opens=opening_line(consultation, now),
    )
