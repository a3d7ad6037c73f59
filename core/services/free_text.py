"""A plain message: the answer a consultation being created awaits, else a comment."""

from datetime import datetime, tzinfo

from core.intents import FreeText
from core.model import Actor
from core.ports import UnitOfWork
from core.screens import CommentPosted, DraftReview, Notice, Question, WordingReview
from core.services import amending, commenting, drafting, reasons


async def receive_text(
    uow: UnitOfWork, actor: Actor, intent: FreeText, now: datetime, *, zone: tzinfo
) -> Question | DraftReview | CommentPosted | WordingReview | Notice:
    """An organiser creating a consultation answers its question; anyone else comments.

    The comment may be the reason for a Disagree the person was just asked about; a person
    who pressed Suggest wording sends the paragraph's new wording (core.services.amending).

    `zone` reads the closing dates an organiser types without an offset.
    """
    body, key = intent.body, intent.idempotency_key
    draft = await uow.drafts.get(actor.ref, for_update=True)
    if draft is not None and drafting.awaits(draft, key):
        return await drafting.answer(uow, draft, body, key, now, zone)
    awaiting = await reasons.awaited_reason(uow, actor)
    if awaiting is not None:
        return await reasons.submit_reason(uow, actor, awaiting, body, key, now)
    wording = await amending.receive_wording(uow, actor, body, key, now)
    if wording is not None:
        return wording
    return await commenting.submit_free_text(uow, actor, body, key, now)
