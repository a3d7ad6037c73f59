"""Organiser use cases: create, open and close consultations, move deadlines, invite people.

Each has the one shape `verb(uow, actor, order, now)` and runs through ConsultationApp.handle:
the command line sends their orders (core.orders) with its CLI actor, and the organiser
intents sent from chat reach them through core.services.administration, which turns what they
return into a notice. Only organisers may run them (require_organiser).
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
    ActorKind,
    Consultation,
    Invitation,
    NewConsultation,
    Status,
)
from core.orders import (
    AddConsultation,
    AddInvitation,
    AddOrganiser,
    ChangeOrder,
    CloseNow,
    Closing,
    MoveDeadline,
    OpenNow,
)
from core.ports import UnitOfWork
from core.services.calendar import queue_summaries
from core.services.participation import find_consultation
from core.text import clean_text, is_blank
from core.wording import format_moment

MAX_TITLE_LENGTH = 200
INVITATION_TOKEN_BYTES = 18  # 24 URL-safe characters: unguessable, far below the 64 allowed


async def require_organiser(uow: UnitOfWork, actor: Actor) -> None:
    """Refuse anyone who is not an organiser; the command line is one by construction."""
    if actor.kind is ActorKind.CLI:
        return
    if actor.kind is not ActorKind.PERSON or not await uow.organisers.is_organiser(actor.ref):
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


async def store_consultation(
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


async def add_consultation(
    uow: UnitOfWork, actor: Actor, order: AddConsultation, now: datetime
) -> Consultation:
    """The command line's import: the consultation as stored."""
    await require_organiser(uow, actor)
    if order.hide_after is not None and order.hide_after < 1:
        raise InvalidSetting("A comment is hidden after at least 1 report.")
    consultation = await store_consultation(uow, order.consultation, order.document, now)
    if order.premoderate or order.hide_after is not None:
        await uow.moderation.configure(
            consultation.id, premoderate=order.premoderate, hide_after=order.hide_after
        )
    return consultation


async def open_consultation(
    uow: UnitOfWork, actor: Actor, order: OpenNow, now: datetime
) -> Consultation:
    """Open now: a draft or closed consultation takes votes until its closing time."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
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


async def close_consultation(
    uow: UnitOfWork, actor: Actor, order: CloseNow, now: datetime
) -> Closing:
    """Close now; closing twice changes nothing. Also says whether this order closed it."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    if consultation.status is Status.CLOSED:
        return Closing(consultation=consultation, changed=False)
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
    return Closing(consultation=closed, changed=changed)


async def change_deadline(
    uow: UnitOfWork, actor: Actor, order: MoveDeadline, now: datetime
) -> Consultation:
    """Move the closing time; pending reminders move with it."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    if consultation.status is Status.CLOSED:
        raise Conflict(f"“{consultation.title}” is closed; open it again to change its deadline.")
    check_closing(order.closes_at, consultation.opens_at, now)
    await uow.consultations.set_calendar(
        consultation.id, opens_at=consultation.opens_at, closes_at=order.closes_at
    )
    await uow.reminders.move(consultation.id, order.closes_at)
    return replace(consultation, closes_at=order.closes_at)


async def change_order(
    uow: UnitOfWork, actor: Actor, order: ChangeOrder, now: datetime
) -> Consultation:
    """Draw each next paragraph (smart) or take the document's next; refused once closed."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    if consultation.is_closed(now):
        raise Conflict(f"“{consultation.title}” is closed; nobody is shown a next paragraph.")
    await uow.consultations.set_order(consultation.id, order.order)
    return replace(consultation, order=order.order)


async def create_invitation(
    uow: UnitOfWork, actor: Actor, order: AddInvitation, now: datetime
) -> tuple[Consultation, Invitation]:
    """A new random token admitting `uses` people (None: unlimited)."""
    await require_organiser(uow, actor)
    if order.uses is not None and order.uses < 1:
        raise InvalidSetting("An invitation must allow at least one use.")
    consultation = await find_consultation(uow, order.slug)
    return consultation, await uow.invitations.add(consultation.id, new_token(), order.uses, now)


def new_token() -> str:
    """A random deep-link-safe token that never starts with "-" (it would read as an option)."""
    while True:
        token = secrets.token_urlsafe(INVITATION_TOKEN_BYTES)
        if token[0].isalnum():
            return token


async def add_organiser(uow: UnitOfWork, actor: Actor, order: AddOrganiser, now: datetime) -> bool:
    """Let this identity run organiser commands from chat; False if it already could."""
    await require_organiser(uow, actor)
    return await uow.organisers.add(order.ref)
