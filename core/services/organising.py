"""Organiser use cases: create, open and close consultations, invite people, add organisers.

The `*_in` functions work inside a unit of work the caller opened: ConsultationApp uses them
for organiser commands sent from chat, after checking that the sender is an organiser. The
functions without the suffix are whole use cases for the CLI: each opens its own unit of work
and commits (whoever runs the CLI can reach the database anyway).
"""

import secrets
from dataclasses import replace
from datetime import datetime

from core.documents import Document
from core.errors import AccessDenied, Conflict, InvalidDocument, InvalidSetting
from core.model import (
    PAYLOAD_PATTERN,
    SLUG_PATTERN,
    Actor,
    Consultation,
    Invitation,
    NewConsultation,
    ParticipantRef,
    Status,
)
from core.ports import UnitOfWork
from core.services.calendar import queue_summaries
from core.services.participation import find_consultation
from core.text import clean_text, is_blank
from core.wording import format_moment

MAX_TITLE_LENGTH = 200
INVITATION_TOKEN_BYTES = 18  # 24 URL-safe characters: unguessable, far below the 64 allowed


async def require_organiser(uow: UnitOfWork, actor: Actor) -> None:
    """Refuse anyone who is not an organiser."""
    if not await uow.organisers.is_organiser(actor.ref):
        raise AccessDenied("Only the consultation's organisers can do that.")


def check_title(title: str) -> str:
    """The title cleaned (core.text) and trimmed, or InvalidSetting."""
    title = " ".join(clean_text(title).split())
    if is_blank(title) or len(title) > MAX_TITLE_LENGTH:
        raise InvalidSetting(f"The title must have 1 to {MAX_TITLE_LENGTH} characters.")
    return title


def check_closing(closes_at: datetime, opens_at: datetime, now: datetime) -> None:
    """The closing time must follow the opening time and lie in the future."""
    if closes_at <= now:
        raise InvalidSetting(f"The closing time {format_moment(closes_at)} is in the past.")
    if closes_at <= opens_at:
        raise InvalidSetting("The closing time must come after the opening time.")


def check_slug(slug: str) -> None:
    """Slugs double as deep-link payloads, so they are short, lower-case and URL-safe."""
    if not SLUG_PATTERN.fullmatch(slug) or not PAYLOAD_PATTERN.fullmatch(slug):
        raise InvalidSetting(
            f"“{slug}” is not a valid slug: use 1-48 lower-case letters, digits and "
            "hyphens, starting with a letter or digit."
        )


async def create_consultation_in(
    uow: UnitOfWork, new: NewConsultation, document: Document, now: datetime
) -> Consultation:
    """Store a consultation with its document after checking every field."""
    check_slug(new.slug)
    check_title(new.title)
    check_closing(new.closes_at, new.opens_at, now)
    if not document.paragraphs:
        raise InvalidDocument("The document contains no paragraphs to consult on.")
    if await uow.consultations.get_by_slug(new.slug) is not None:
        raise Conflict(f"A consultation with the slug “{new.slug}” already exists.")
    # Only an opening still ahead is announced (when it comes) to the chats linked by then.
    stored = replace(
        new,
        title=check_title(new.title),
        description=clean_text(new.description).strip(),
        opening_announced=new.opens_at <= now,
    )
    return await uow.consultations.add(stored, document)


async def open_consultation_in(uow: UnitOfWork, slug: str, now: datetime) -> Consultation:
    """Open now: a draft or closed consultation takes votes until its closing time."""
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
    await uow.consultations.set_status(consultation.id, Status.OPEN, expected=consultation.status)
    return replace(consultation, status=Status.OPEN, opens_at=opens_at)


async def close_consultation_in(
    uow: UnitOfWork, slug: str, now: datetime
) -> tuple[Consultation, bool]:
    """Close now; closing twice changes nothing. Also says whether this call closed it."""
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
    closed = replace(consultation, status=Status.CLOSED, closes_at=closes_at)
    if changed and consultation.status is Status.OPEN:
        await queue_summaries(uow, closed, now)
    return closed, changed


async def change_deadline_in(
    uow: UnitOfWork, slug: str, closes_at: datetime, now: datetime
) -> Consultation:
    """Move the closing time; pending reminders move with it."""
    consultation = await find_consultation(uow, slug)
    if consultation.status is Status.CLOSED:
        raise Conflict(f"“{consultation.title}” is closed; open it again to change its deadline.")
    check_closing(closes_at, consultation.opens_at, now)
    await uow.consultations.set_calendar(
        consultation.id, opens_at=consultation.opens_at, closes_at=closes_at
    )
    await uow.reminders.move(consultation.id, closes_at)
    return replace(consultation, closes_at=closes_at)


async def create_invitation_in(
    uow: UnitOfWork, slug: str, uses: int | None, now: datetime
) -> tuple[Consultation, Invitation]:
    """A new random token admitting `uses` people (None: unlimited)."""
    if uses is not None and uses < 1:
        raise InvalidSetting("An invitation must allow at least one use.")
    consultation = await find_consultation(uow, slug)
    return consultation, await uow.invitations.add(consultation.id, new_token(), uses, now)


def new_token() -> str:
    """A random deep-link-safe token that never starts with "-" (it would read as an option)."""
    while True:
        token = secrets.token_urlsafe(INVITATION_TOKEN_BYTES)
        if token[0].isalnum():
            return token


async def create_consultation(
    uow: UnitOfWork, new: NewConsultation, document: Document, now: datetime
) -> Consultation:
    """Store a consultation with its document, as one transaction."""
    async with uow:
        consultation = await create_consultation_in(uow, new, document, now)
        await uow.commit()
    return consultation


async def open_consultation(uow: UnitOfWork, slug: str, now: datetime) -> Consultation:
    """Open a consultation now, as one transaction."""
    async with uow:
        consultation = await open_consultation_in(uow, slug, now)
        await uow.commit()
    return consultation


async def close_consultation(
    uow: UnitOfWork, slug: str, now: datetime
) -> tuple[Consultation, bool]:
    """Close a consultation now, as one transaction."""
    async with uow:
        result = await close_consultation_in(uow, slug, now)
        await uow.commit()
    return result


async def change_deadline(
    uow: UnitOfWork, slug: str, closes_at: datetime, now: datetime
) -> Consultation:
    """Move a consultation's closing time, as one transaction."""
    async with uow:
        consultation = await change_deadline_in(uow, slug, closes_at, now)
        await uow.commit()
    return consultation


async def create_invitation(
    uow: UnitOfWork, slug: str, uses: int | None, now: datetime
) -> Invitation:
    """A new invitation, as one transaction."""
    async with uow:
        _, invitation = await create_invitation_in(uow, slug, uses, now)
        await uow.commit()
    return invitation


async def add_organiser(uow: UnitOfWork, ref: ParticipantRef) -> bool:
    """Let this identity run organiser commands from chat; False if it already could."""
    async with uow:
        added = await uow.organisers.add(ref)
        await uow.commit()
    return added
