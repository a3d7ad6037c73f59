"""Organiser use cases: create, open and close consultations, invite people, add organisers.

Each function is one unit of work: it opens the transaction, commits, and returns core values.
The CLI calls them directly (whoever runs it can reach the database anyway); chat front ends
reach them through ConsultationApp after an organiser check.
"""

import secrets
from dataclasses import replace
from datetime import datetime

from core.documents import Document
from core.errors import Conflict, InvalidDocument, InvalidSetting
from core.model import (
    PAYLOAD_PATTERN,
    SLUG_PATTERN,
    Consultation,
    Invitation,
    NewConsultation,
    ParticipantRef,
    Status,
    format_moment,
)
from core.ports import UnitOfWork
from core.services.participation import find_consultation

MAX_TITLE_LENGTH = 200
INVITATION_TOKEN_BYTES = 18  # 24 URL-safe characters: unguessable, far below the 64 allowed


async def create_consultation(
    uow: UnitOfWork, new: NewConsultation, document: Document, now: datetime
) -> Consultation:
    """Store a consultation with its document after checking every field."""
    _check_new(new, document, now)
    async with uow:
        if await uow.consultations.get_by_slug(new.slug) is not None:
            raise Conflict(f"A consultation with the slug “{new.slug}” already exists.")
        consultation = await uow.consultations.add(new, document)
        await uow.commit()
    return consultation


def _check_new(new: NewConsultation, document: Document, now: datetime) -> None:
    if not SLUG_PATTERN.fullmatch(new.slug) or not PAYLOAD_PATTERN.fullmatch(new.slug):
        raise InvalidSetting(
            f"“{new.slug}” is not a valid slug: use 1-48 lower-case letters, digits and "
            "hyphens, starting with a letter or digit."
        )
    if not new.title.strip() or len(new.title) > MAX_TITLE_LENGTH:
        raise InvalidSetting(f"The title must have 1 to {MAX_TITLE_LENGTH} characters.")
    if new.closes_at <= new.opens_at:
        raise InvalidSetting("The closing time must come after the opening time.")
    if new.closes_at <= now:
        raise InvalidSetting(f"The closing time {format_moment(new.closes_at)} is in the past.")
    if not document.paragraphs:
        raise InvalidDocument("The document contains no paragraphs to consult on.")


async def open_consultation(uow: UnitOfWork, slug: str, now: datetime) -> Consultation:
    """Open now: a draft or closed consultation starts taking votes until its closing time."""
    async with uow:
        consultation = await find_consultation(uow, slug)
        if consultation.phase(now) == "open":
            raise Conflict(f"“{consultation.title}” is already open.")
        if consultation.closes_at <= now:
            raise Conflict(
                f"“{consultation.title}” closed on {format_moment(consultation.closes_at)}; "
                "set a later closing time before opening it again."
            )
        opens_at = min(consultation.opens_at, now)
        await uow.consultations.set_calendar(
            consultation.id, opens_at=opens_at, closes_at=consultation.closes_at
        )
        await uow.consultations.set_status(
            consultation.id, Status.OPEN, expected=consultation.status
        )
        await uow.commit()
    return replace(consultation, status=Status.OPEN, opens_at=opens_at)


async def close_consultation(
    uow: UnitOfWork, slug: str, now: datetime
) -> tuple[Consultation, bool]:
    """Close now; closing twice changes nothing. Also says whether this call closed it."""
    async with uow:
        consultation = await find_consultation(uow, slug)
        if consultation.status is Status.CLOSED:
            return consultation, False
        closes_at = min(consultation.closes_at, now)
        changed = await uow.consultations.set_status(
            consultation.id, Status.CLOSED, expected=consultation.status
        )
        await uow.consultations.set_calendar(
            consultation.id, opens_at=min(consultation.opens_at, closes_at), closes_at=closes_at
        )
        await uow.commit()
    return replace(consultation, status=Status.CLOSED, closes_at=closes_at), changed


async def create_invitation(
    uow: UnitOfWork, slug: str, uses: int | None, now: datetime
) -> Invitation:
    """A new random token admitting `uses` people (None: unlimited)."""
    if uses is not None and uses < 1:
        raise InvalidSetting("An invitation must allow at least one use.")
    async with uow:
        consultation = await find_consultation(uow, slug)
        token = secrets.token_urlsafe(INVITATION_TOKEN_BYTES)
        invitation = await uow.invitations.add(consultation.id, token, uses, now)
        await uow.commit()
    return invitation


async def add_organiser(uow: UnitOfWork, ref: ParticipantRef) -> bool:
    """Let this identity run organiser commands from chat; False if it already could."""
    async with uow:
        added = await uow.organisers.add(ref)
        await uow.commit()
    return added
