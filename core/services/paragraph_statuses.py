"""Organisers mark a paragraph decided (its text final) or put it back to the vote."""

from dataclasses import replace
from datetime import datetime

from core.errors import Conflict, NotFound
from core.intents import MarkParagraph
from core.model import Actor, Consultation, Paragraph, ParagraphStatus
from core.paragraph_status import SetParagraphStatus, StatusChange, paragraph_number
from core.ports import UnitOfWork
from core.screens import Notice, Tone
from core.services.organising import require_organiser
from core.services.participation import find_consultation


async def set_paragraph_status(
    uow: UnitOfWork, actor: Actor, order: SetParagraphStatus, now: datetime
) -> StatusChange:
    """Set the status of one paragraph of an open (or not yet open) consultation."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    paragraph = await find_paragraph(uow, consultation, order.paragraph)
    return await change_status(uow, consultation, paragraph, order.status, now)


async def mark_paragraph(
    uow: UnitOfWork, actor: Actor, intent: MarkParagraph, now: datetime
) -> Notice:
    """The organiser's chat command: set the status, and say what it changed."""
    order = SetParagraphStatus(slug=intent.slug, paragraph=intent.paragraph, status=intent.status)
    change = await set_paragraph_status(uow, actor, order, now)
    label, title = change.paragraph.label, change.consultation.title
    if not change.changed:
        state = "decided" if change.paragraph.decided else "in voting"
        return Notice(text=f"{label} of “{title}” was already {state}.", tone=Tone.INFO)
    if change.paragraph.decided:
        text = (
            f"{label} of “{title}” is decided: its card says its text is final and takes no "
            "more votes; the votes it has stay in the figures."
        )
    else:
        text = f"{label} of “{title}” is back to the vote."
    return Notice(text=text, tone=Tone.SUCCESS)


async def change_status(
    uow: UnitOfWork,
    consultation: Consultation,
    paragraph: Paragraph,
    status: ParagraphStatus,
    now: datetime,
) -> StatusChange:
    """Store the new status; the same status again changes nothing."""
    if consultation.is_closed(now):
        raise Conflict(
            f"“{consultation.title}” is closed: its paragraphs' status can no longer change."
        )
    changed = await uow.paragraphs.set_status(paragraph.id, status)
    return StatusChange(
        consultation=consultation, paragraph=replace(paragraph, status=status), changed=changed
    )


async def find_paragraph(uow: UnitOfWork, consultation: Consultation, label: str) -> Paragraph:
    """The paragraph an organiser named (`P7` or `7`), or NotFound."""
    number = paragraph_number(label)
    content = await uow.paragraphs.content(consultation)
    found = next((p for p in content.paragraphs if p.number == number), None)
    if found is not None:
        return found
    named = f"“{consultation.title}” has no paragraph {label.strip()[:20]!r}"
    if not content.paragraphs:
        raise NotFound(f"{named}.")
    first, last = content.paragraphs[0], content.paragraphs[-1]
    raise NotFound(f"{named}: its paragraphs are {first.label} to {last.label}.")
