"""Opinion groups: the inputs and vote pages of a computation, storing and reading results."""

from datetime import datetime

from core.errors import InvalidSetting
from core.model import Actor, ActorKind, Status
from core.open_data import PAGE_SIZE, VoteRecord
from core.opinion_orders import (
    DueOpinionGroups,
    OpinionInputs,
    OpinionReport,
    ReadOpinionGroups,
    ReadOpinionInputs,
    ReadOpinionVotes,
    SaveOpinionGroups,
)
from core.ports import UnitOfWork
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.services.system import require_system


async def require_computing(uow: UnitOfWork, actor: Actor) -> None:
    """The worker (system) computes groups, and so may the command line and organisers."""
    if actor.kind is not ActorKind.SYSTEM:
        await require_organiser(uow, actor)


async def read_inputs(
    uow: UnitOfWork, actor: Actor, order: ReadOpinionInputs, now: datetime
) -> OpinionInputs:
    await require_computing(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    tallies = await uow.statistics.tallies(consultation.id)
    return OpinionInputs(
        consultation=consultation,
        paragraph_ids=tuple(tally.paragraph_id for tally in tallies),
        vote_count=sum(tally.agree + tally.disagree for tally in tallies),
        stamp=await uow.opinions.stamp(consultation.id),
    )


async def read_votes(
    uow: UnitOfWork, actor: Actor, order: ReadOpinionVotes, now: datetime
) -> tuple[VoteRecord, ...]:
    await require_computing(uow, actor)
    if not 0 < order.limit <= PAGE_SIZE:
        raise InvalidSetting(f"A page holds 1 to {PAGE_SIZE} votes.")
    page = await uow.open_data.votes_after(
        order.consultation_id, order.after_participant, order.after_id, order.limit
    )
    return tuple(page)


async def save_groups(
    uow: UnitOfWork, actor: Actor, order: SaveOpinionGroups, now: datetime
) -> None:
    await require_computing(uow, actor)
    await uow.opinions.save(order.result, list(order.points))


async def read_groups(
    uow: UnitOfWork, actor: Actor, order: ReadOpinionGroups, now: datetime
) -> OpinionReport:
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    return OpinionReport(
        consultation=consultation,
        groups=await uow.opinions.latest(consultation.id),
        paragraphs=tuple(await uow.paragraphs.list(consultation.id)),
        vote_count=await _vote_count(uow, consultation.id),
    )


async def _vote_count(uow: UnitOfWork, consultation_id: int) -> int:
    """Current votes, from the paragraphs' tallies."""
    return sum(
        tally.agree + tally.disagree for tally in await uow.statistics.tallies(consultation_id)
    )


async def due_groups(
    uow: UnitOfWork, actor: Actor, order: DueOpinionGroups, now: datetime
) -> list[str]:
    require_system(actor)
    due = []
    for consultation in await uow.consultations.list(frozenset({Status.OPEN})):
        votes = await _vote_count(uow, consultation.id)
        stamp = await uow.opinions.stamp(consultation.id)
        since = votes if stamp is None else votes - stamp.vote_count
        if since >= order.every_votes and (
            stamp is None or since >= order.every_share * stamp.vote_count
        ):
            due.append(consultation.slug)
    return due
