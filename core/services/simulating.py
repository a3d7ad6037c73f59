"""`townhall demo-votes`: store simulated participation in a consultation nobody voted on yet.

The simulated people live on a platform of their own (Platform.DEMO): the outbox pushes to
none of them, so they get no releases, reminders, replies or digests. The consultation is
marked `simulated` in the same transaction as its data, for good: every report says so, also
if real people take part later. It is refused where anyone has voted or commented already,
so real and simulated data never mix that way round, and a second run is refused too.
"""

from datetime import datetime, timedelta

from core.errors import Conflict, InvalidSetting, NotAccepting
from core.model import (
    Actor,
    Consultation,
    Enrolment,
    NewComment,
    ParticipantRef,
    Platform,
    Vote,
)
from core.orders import SimulateVotes, SimulationSummary
from core.ports import UnitOfWork
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.simulation import Simulation, simulate

MOST_PEOPLE = 5000
MOST_DAYS = 365


async def simulate_votes(
    uow: UnitOfWork, actor: Actor, order: SimulateVotes, now: datetime
) -> SimulationSummary:
    """Check, simulate and store, in the one transaction ConsultationApp opened."""
    await require_organiser(uow, actor)
    _check_size(order)
    consultation = await find_consultation(uow, order.slug)
    await _check_untouched(uow, consultation, now)
    start = min(consultation.opens_at, now - timedelta(days=order.days))
    if start < consultation.opens_at:
        await uow.consultations.set_calendar(
            consultation.id, opens_at=start, closes_at=consultation.closes_at
        )
    paragraphs = await uow.paragraphs.list(consultation.id)
    simulation = simulate(
        [p.id for p in paragraphs], people=order.people, seed=order.seed, start=start, end=now
    )
    if not await uow.consultations.mark_simulated(consultation.id):
        raise Conflict(f"“{consultation.slug}” already holds simulated votes.")
    await _store(uow, consultation, simulation)
    return _summary(consultation, simulation, start if start < consultation.opens_at else None)


def _check_size(order: SimulateVotes) -> None:
    if not 1 <= order.people <= MOST_PEOPLE:
        raise InvalidSetting(f"--participants takes 1 to {MOST_PEOPLE} simulated people.")
    if not 1 <= order.days <= MOST_DAYS:
        raise InvalidSetting(f"--days takes 1 to {MOST_DAYS} days.")


async def _check_untouched(uow: UnitOfWork, consultation: Consultation, now: datetime) -> None:
    if consultation.simulated:
        raise Conflict(
            f"“{consultation.slug}” already holds simulated votes; import the document again "
            "under another slug for a fresh simulation."
        )
    if not consultation.is_accepting(now):
        raise NotAccepting(
            f"“{consultation.slug}” is {consultation.phase(now)}: demo-votes fills an open "
            "consultation only."
        )
    if any(t.votes for t in await uow.statistics.tallies(consultation.id)) or (
        await uow.comments.list(consultation.id)
    ):
        raise Conflict(
            f"“{consultation.slug}” already has votes or comments from real participants: "
            "demo-votes never mixes simulated ones with them. Import the document again under "
            "another slug to try it."
        )


async def _store(uow: UnitOfWork, consultation: Consultation, simulation: Simulation) -> None:
    ids = await _enrol(uow, consultation, simulation)
    for vote in simulation.votes:
        await uow.votes.record(
            Vote(
                consultation_id=consultation.id,
                paragraph_id=vote.paragraph_id,
                participant_id=ids[vote.person],
                choice=vote.choice,
                cast_at=vote.cast_at,
            )
        )
    comment_ids: list[int] = []
    for comment in simulation.comments:
        stored, _ = await uow.comments.add(
            NewComment(
                consultation_id=consultation.id,
                paragraph_id=comment.paragraph_id,
                participant_id=ids[comment.person],
                parent_id=None if comment.parent is None else comment_ids[comment.parent],
                body=comment.body,
                created_at=comment.created_at,
                idempotency_key=None,
            )
        )
        comment_ids.append(stored.id)
    for comment_vote in simulation.comment_votes:
        await uow.comments.set_vote(
            comment_ids[comment_vote.comment], ids[comment_vote.person], comment_vote.value
        )


async def _enrol(uow: UnitOfWork, consultation: Consultation, simulation: Simulation) -> list[int]:
    """The simulated people as participants, each enrolled from the moment they joined."""
    last_seen = {vote.person: vote.cast_at for vote in simulation.votes}
    ids = []
    for person, joined_at in enumerate(simulation.joined_at):
        ref = ParticipantRef(
            platform=Platform.DEMO,
            tenant=f"consultation-{consultation.id}",
            external_id=str(person + 1),
        )
        participant = await uow.participants.get_or_add(ref, f"Demo participant {person + 1}")
        await uow.enrolments.save(
            Enrolment(
                consultation_id=consultation.id,
                participant_id=participant.id,
                cursor=0,
                awaiting_paragraph_id=None,
                awaiting_reply_to=None,
                muted=True,
                active=True,
                joined_at=joined_at,
                last_seen_at=last_seen.get(person, joined_at),
            )
        )
        ids.append(participant.id)
    return ids


def _summary(
    consultation: Consultation, simulation: Simulation, moved: datetime | None
) -> SimulationSummary:
    replies = sum(1 for c in simulation.comments if c.parent is not None)
    return SimulationSummary(
        consultation=consultation,
        people=simulation.people,
        votes=len(simulation.votes),
        comments=len(simulation.comments) - replies,
        replies=replies,
        comment_votes=len(simulation.comment_votes),
        moved_opening=moved,
    )
