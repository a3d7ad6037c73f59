"""Open-data exports: the consultation with its participants, then its votes page by page."""

from datetime import datetime

from core.errors import InvalidSetting
from core.model import Actor
from core.open_data import (
    PAGE_SIZE,
    CollectOpenData,
    OpenDataExport,
    ReadVotePage,
    VoteRecord,
    pseudonym,
)
from core.orders import CollectExport
from core.ports import UnitOfWork
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.services.reporting import collect_export


async def collect_open_data(
    uow: UnitOfWork, actor: Actor, order: CollectOpenData, now: datetime
) -> OpenDataExport:
    """The export (as `townhall export` reads it), the participants and their pseudonyms."""
    export = await collect_export(
        uow, actor, CollectExport(slug=order.slug, organiser=order.organiser), now
    )
    consultation_id = export.consultation.id
    key = await uow.open_data.pseudonym_key(consultation_id)
    participants = tuple(await uow.open_data.participants(consultation_id))
    return OpenDataExport(
        export=export,
        participants=participants,
        pseudonyms={p.id: pseudonym(key, p.id) for p in participants},
    )


async def read_vote_page(
    uow: UnitOfWork, actor: Actor, order: ReadVotePage, now: datetime
) -> tuple[VoteRecord, ...]:
    """One page of current votes (or of every vote cast)."""
    await require_organiser(uow, actor)
    if not 0 < order.limit <= PAGE_SIZE:
        raise InvalidSetting(f"A page holds 1 to {PAGE_SIZE} votes.")
    consultation = await find_consultation(uow, order.slug)
    if order.history:
        page = await uow.open_data.vote_events_after(consultation.id, order.after_id, order.limit)
    else:
        page = await uow.open_data.votes_after(
            consultation.id, order.after_participant, order.after_id, order.limit
        )
    return tuple(page)
