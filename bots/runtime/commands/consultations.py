"""Organiser commands that create and change consultations: import, open, close, invite."""

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from bots.chat.identities import format_identity
from bots.runtime.bootstrap import Townhall
from bots.runtime.importing import read_document
from bots.telegram.settings import TelegramConfig
from core.documents import Document
from core.model import (
    CLI_ACTOR,
    Consultation,
    NewConsultation,
    ParagraphOrder,
    ParticipantRef,
    Privacy,
    Reasons,
    ResultsVisibility,
    Status,
)
from core.orders import (
    AddConsultation,
    AddInvitation,
    AddOrganiser,
    ChangeOrder,
    CloseNow,
    OpenNow,
)
from core.wording import describe_deadline, format_moment


async def import_document(
    townhall: Townhall,
    path: Path,
    *,
    slug: str,
    title: str,
    description: str,
    opens_at: datetime | None,
    closes_at: datetime,
    draft: bool,
    private: bool,
    results: ResultsVisibility,
    reasons: Reasons,
    reminders: tuple[timedelta, ...],
    out: TextIO,
    anonymous_comments: bool = False,
    premoderate: bool = False,
    hide_after: int | None = None,
    order: ParagraphOrder = ParagraphOrder.DOCUMENT,
) -> int:
    """Read the file, store it as a consultation and print what was created."""
    document = await asyncio.to_thread(read_document, path, base=Path.cwd())
    now = townhall.clock.now()
    new = NewConsultation(
        slug=slug,
        title=title.strip(),
        description=description.strip(),
        opens_at=opens_at or now,
        closes_at=closes_at,
        status=Status.DRAFT if draft else Status.OPEN,
        privacy=Privacy.PRIVATE if private else Privacy.PUBLIC,
        results_visibility=results,
        reminder_offsets=reminders,
        reasons=reasons,
        anonymous_comments=anonymous_comments,
        order=order,
    )
    adding = AddConsultation(
        consultation=new, document=document, premoderate=premoderate, hide_after=hide_after
    )
    consultation = await townhall.app.handle(CLI_ACTOR, adding)
    print_import_summary(consultation, document, now, out)
    return 0


def print_import_summary(
    consultation: Consultation, document: Document, now: datetime, out: TextIO
) -> None:
    phase = consultation.phase(now)
    deadline = describe_deadline(consultation.closes_at, now)
    out.write(
        f"Imported “{consultation.title}” as {consultation.slug}\n"
        f"  sections:    {len(document.headings)}\n"
        f"  paragraphs:  {len(document.paragraphs)}\n"
        f"  phase:       {phase}\n"
        f"  access:      {consultation.privacy}, results {consultation.results_visibility}\n"
        f"  reasons:     {consultation.reasons} (asked after a Disagree)\n"
        f"  order:       {consultation.order}\n"
        f"  opens:       {format_moment(consultation.opens_at)}\n"
        f"  closes:      {format_moment(consultation.closes_at)} ({deadline})\n"
    )
    out.write(f"{_next_step(consultation, phase)}\n")


def _next_step(consultation: Consultation, phase: str) -> str:
    if phase == "draft":
        return f"Open it when ready: townhall open {consultation.slug}"
    if consultation.privacy is Privacy.PRIVATE:
        return f"It is by invitation: townhall invite {consultation.slug} [--uses N]"
    return f"Join it in the terminal: townhall chat {consultation.slug}"


async def change_order(townhall: Townhall, slug: str, order: ParagraphOrder, out: TextIO) -> int:
    consultation = await townhall.app.handle(CLI_ACTOR, ChangeOrder(slug=slug, order=order))
    how = (
        "each next paragraph is drawn by Polis's priority, the least voted first"
        if order is ParagraphOrder.SMART
        else "each next paragraph is the next one in the document"
    )
    out.write(f"“{consultation.title}” is in {order} order: {how}.\n")
    return 0


async def open_now(townhall: Townhall, slug: str, out: TextIO) -> int:
    consultation = await townhall.app.handle(CLI_ACTOR, OpenNow(slug=slug))
    out.write(
        f"Opened “{consultation.title}”: votes and comments are accepted until "
        f"{format_moment(consultation.closes_at)}.\n"
    )
    return 0


async def close_now(townhall: Townhall, slug: str, out: TextIO) -> int:
    closing = await townhall.app.handle(CLI_ACTOR, CloseNow(slug=slug))
    consultation = closing.consultation
    when = format_moment(consultation.closes_at)
    if closing.changed:
        out.write(f"Closed “{consultation.title}” at {when}; results: townhall stats {slug}\n")
    else:
        out.write(f"“{consultation.title}” was already closed (at {when}).\n")
    return 0


async def invite(
    townhall: Townhall,
    slug: str,
    uses: int | None,
    out: TextIO,
    telegram: TelegramConfig | None = None,
) -> int:
    """Create a token; with a Telegram token configured, print the bot's deep link too."""
    _, invitation = await townhall.app.handle(CLI_ACTOR, AddInvitation(slug=slug, uses=uses))
    admits = "unlimited uses" if uses is None else f"{uses} use{'s' if uses != 1 else ''}"
    out.write(
        f"Invitation to {slug} ({admits}): {invitation.token}\n"
        f"Join in the terminal: townhall chat {invitation.token}\n"
    )
    if telegram is not None and telegram.token:
        from bots.telegram.links import describe_telegram_link  # Telegram only when configured

        out.write(f"{await describe_telegram_link(telegram, invitation.token)}\n")
    return 0


async def add_organiser_identity(townhall: Townhall, ref: ParticipantRef, out: TextIO) -> int:
    added = await townhall.app.handle(CLI_ACTOR, AddOrganiser(ref=ref))
    identity = format_identity(ref)
    out.write(
        f"{identity} is now an organiser.\n" if added else f"{identity} already is an organiser.\n"
    )
    return 0
