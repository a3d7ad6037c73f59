"""Creating a consultation from chat: document, title, closing date, confirmation.

Each step's state is a Draft row, so the conversation survives restarts and works across
worker processes. The consultation exists from the first step on, as a draft nobody can
join; discarding it deletes it with its document.
"""

import re
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo

from core.dates import date_examples, parse_closing
from core.documents import Document
from core.errors import InvalidPayload
from core.hints import Command, hint
from core.intents import (
    ConfirmDraft,
    CreateConsultation,
    DiscardDraft,
    ImportDocument,
    OfferDocument,
    StartDraft,
)
from core.model import (
    Actor,
    Consultation,
    Draft,
    DraftStep,
    NewConsultation,
    Privacy,
    ResultsVisibility,
    Status,
)
from core.ports import UnitOfWork
from core.screens import Button, ButtonStyle, DraftReview, Notice, Question, Tone
from core.services.organising import (
    check_closing,
    check_title,
    require_organiser,
    store_consultation,
)
from core.services.system import require_system
from core.upkeep import DiscardAbandonedDrafts
from core.wording import counted, describe_deadline

DEFAULT_DURATION = timedelta(days=30)
ABANDONED_AFTER = timedelta(days=1)
_SLUG_FILLER = re.compile(r"[^a-z0-9]+")


async def start_draft(
    uow: UnitOfWork, actor: Actor, intent: StartDraft, now: datetime
) -> Question:
    """Ask for the document."""
    await require_organiser(uow, actor)
    await _discard_unfinished(uow, actor)
    await uow.drafts.save(
        Draft(organiser=actor.ref, step=DraftStep.DOCUMENT, consultation_id=None, updated_at=now)
    )
    return Question(
        text="Send me the document to consult on, as a .md, .txt or .docx file.",
        placeholder="Attach the document",
    )


async def offer_document(
    uow: UnitOfWork, actor: Actor, intent: OfferDocument, now: datetime
) -> Notice:
    """Let an organiser go on and give a document; anyone else is refused (AccessDenied)."""
    await require_organiser(uow, actor)
    return Notice(text="Reading the document…", tone=Tone.INFO)


async def import_document(
    uow: UnitOfWork, actor: Actor, intent: ImportDocument, now: datetime
) -> Question | Notice:
    """Store the document as a draft consultation and ask for its title.

    The same message delivered again (its request key) imports nothing new.
    """
    await require_organiser(uow, actor)
    await uow.drafts.get(actor.ref, for_update=True)  # the same message again waits its turn
    key, document = intent.idempotency_key, intent.document
    imported = None if key is None else await uow.consultations.get_by_request_key(key)
    if imported is not None:
        return await _imported_before(uow, actor, imported, document)
    await _discard_unfinished(uow, actor)
    title = _default_title(intent.filename, document)
    new = NewConsultation(
        slug=await _free_slug(uow, intent.filename),
        title=title,
        description="",
        opens_at=now,
        closes_at=now + DEFAULT_DURATION,
        status=Status.DRAFT,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.AFTER_CLOSE,
        request_key=key,
    )
    consultation = await store_consultation(uow, new, document, now)
    await uow.drafts.save(
        Draft(
            organiser=actor.ref,
            step=DraftStep.TITLE,
            consultation_id=consultation.id,
            updated_at=now,
        )
    )
    return _title_question(document, title)


async def _imported_before(
    uow: UnitOfWork, actor: Actor, imported: Consultation, document: Document
) -> Question | Notice:
    """A document delivered again: its title question while that is open, else a notice."""
    draft = await uow.drafts.get(actor.ref)
    asked = (draft.consultation_id, draft.step) if draft else None
    if asked == (imported.id, DraftStep.TITLE):
        return _title_question(document, imported.title)
    return Notice(text=f"That document is read already, as {imported.slug}.", tone=Tone.INFO)


def _title_question(document: Document, title: str) -> Question:
    return Question(
        text=f"Read {counted(len(document.paragraphs), 'paragraph')} in "
        f"{counted(len(document.headings), 'section')}. "
        f"What is the consultation's title? (Send - to keep “{title}”.)",
        placeholder=title[:64],
    )


async def create_at_once(
    uow: UnitOfWork, actor: Actor, intent: CreateConsultation, now: datetime, *, zone: tzinfo
) -> Notice:
    """Create a draft consultation from a form that asked for everything at once.

    The form submitted again (the same request key) gets the consultation it created.
    """
    await require_organiser(uow, actor)
    closes_at = parse_closing(intent.closes, now=now, zone=zone)
    new = NewConsultation(
        slug=await _free_slug(uow, intent.title or intent.filename),
        title=check_title(intent.title),
        description="",
        opens_at=now,
        closes_at=closes_at,
        status=Status.DRAFT,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.AFTER_CLOSE,
        request_key=intent.idempotency_key,
    )
    consultation = await store_consultation(uow, new, intent.document, now)
    return _saved(consultation.slug)


def awaits(draft: Draft, key: str | None) -> bool:
    """Whether a message (with its request key) is for the draft: an answer, or one again."""
    answering = draft.step in (DraftStep.TITLE, DraftStep.CLOSES)
    return answering or (key is not None and key == draft.answer_key)


async def answer(
    uow: UnitOfWork, draft: Draft, text: str, key: str | None, now: datetime, zone: tzinfo
) -> Question | DraftReview:
    """The organiser's answer to the question of the draft's current step.

    The answer delivered again (the draft's `answer_key`) only asks what is asked now.
    """
    if draft.consultation_id is None:
        return Question(text="Send the document as a file first.", placeholder="Attach it")
    if key is not None and key == draft.answer_key:
        if draft.step is DraftStep.CLOSES:
            return _closing_question(now, zone)
        return await _review(uow, draft.consultation_id, now)
    answered = replace(draft, answer_key=key, updated_at=now)
    if draft.step is DraftStep.TITLE:
        if text.strip() != "-":
            await uow.consultations.set_title(draft.consultation_id, check_title(text))
        await uow.drafts.save(replace(answered, step=DraftStep.CLOSES))
        return _closing_question(now, zone)
    if draft.step is DraftStep.CLOSES:
        closes_at = parse_closing(text, now=now, zone=zone)
        check_closing(closes_at, now, now)
        await uow.consultations.set_calendar(
            draft.consultation_id, opens_at=now, closes_at=closes_at
        )
        await uow.drafts.save(replace(answered, step=DraftStep.CONFIRM))
    return await _review(uow, draft.consultation_id, now)


def _closing_question(now: datetime, zone: tzinfo) -> Question:
    return Question(
        text=f"When does it close? Send a date such as {date_examples(now, zone)}.",
        placeholder="in 30 days",
    )


async def confirm(uow: UnitOfWork, actor: Actor, intent: ConfirmDraft, now: datetime) -> Notice:
    """Keep the draft; it is opened later with the open command."""
    consultation_id = intent.consultation_id
    draft = await _own_draft(uow, actor, consultation_id)
    await uow.drafts.delete(draft.organiser)
    consultation = await uow.consultations.get(consultation_id)
    return _saved(consultation.slug if consultation else "?")


def _saved(slug: str) -> Notice:
    return Notice(
        text=f"Saved as a draft: {slug}. Open it with {hint(Command.OPEN, slug)}; "
        f"invite people with {hint(Command.INVITE, slug)}.",
        tone=Tone.SUCCESS,
    )


async def discard(uow: UnitOfWork, actor: Actor, intent: DiscardDraft, now: datetime) -> Notice:
    """Delete the draft consultation and its document."""
    consultation_id = intent.consultation_id
    draft = await _own_draft(uow, actor, consultation_id)
    await uow.consultations.delete(consultation_id)
    await uow.drafts.delete(draft.organiser)
    return Notice(text="Discarded. Nothing was kept.", tone=Tone.INFO)


async def _review(uow: UnitOfWork, consultation_id: int, now: datetime) -> DraftReview:
    consultation = await uow.consultations.get(consultation_id)
    if consultation is None:
        raise InvalidPayload("That draft no longer exists.")
    return DraftReview(
        consultation_id=consultation.id,
        slug=consultation.slug,
        title=consultation.title,
        sections=len(await uow.consultations.sections(consultation.id)),
        paragraphs=await uow.paragraphs.count(consultation.id),
        deadline=describe_deadline(consultation.closes_at, now),
        buttons=(
            (
                Button(
                    label="Confirm",
                    intent=ConfirmDraft(consultation_id=consultation.id),
                    style=ButtonStyle.PRIMARY,
                ),
                Button(
                    label="Discard",
                    intent=DiscardDraft(consultation_id=consultation.id),
                    style=ButtonStyle.DANGER,
                ),
            ),
        ),
    )


async def _own_draft(uow: UnitOfWork, actor: Actor, consultation_id: int) -> Draft:
    await require_organiser(uow, actor)
    draft = await uow.drafts.get(actor.ref)
    if draft is None or draft.consultation_id != consultation_id:
        raise InvalidPayload("That draft is finished or belongs to someone else.")
    return draft


async def _discard_unfinished(uow: UnitOfWork, actor: Actor) -> None:
    # Starting again replaces a draft left half-way; a confirmed one has no Draft row.
    draft = await uow.drafts.get(actor.ref)
    if draft is not None:
        await discard_draft(uow, draft)


async def discard_draft(uow: UnitOfWork, draft: Draft) -> None:
    """Forget a consultation being created from chat, with its draft consultation."""
    if draft.consultation_id is not None:
        await uow.consultations.delete(draft.consultation_id)
    await uow.drafts.delete(draft.organiser)


async def discard_abandoned_drafts(
    uow: UnitOfWork, actor: Actor, order: DiscardAbandonedDrafts, now: datetime
) -> int:
    """Discard the drafts nobody answered for a day (a /new left half-way); how many."""
    require_system(actor)
    abandoned = await uow.drafts.untouched_since(now - ABANDONED_AFTER)
    for draft in abandoned:
        await discard_draft(uow, draft)
    return len(abandoned)


def _default_title(filename: str, document: Document) -> str:
    headings = [s.heading for s in document.sections if s.heading]
    stem = filename.rsplit(".", 1)[0].replace("_", " ").replace("-", " ").strip()
    return (headings[0] if headings else stem or "Untitled consultation")[:200]


async def _free_slug(uow: UnitOfWork, filename: str) -> str:
    stem = filename.rsplit(".", 1)[0].lower()
    base = _SLUG_FILLER.sub("-", stem).strip("-")[:40].strip("-") or "consultation"
    slug, suffix = base, 2
    while await uow.consultations.get_by_slug(slug) is not None:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
