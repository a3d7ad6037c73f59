"""`/cancel`: stop whatever the person is in the middle of: a comment, a wording, a new draft."""

from dataclasses import replace
from datetime import datetime

from core.intents import Cancel
from core.model import Actor
from core.ports import UnitOfWork
from core.screens import Notice, Tone
from core.services.amending import stop_wording
from core.services.drafting import discard_draft
from core.services.participation import present


async def cancel(uow: UnitOfWork, actor: Actor, intent: Cancel, now: datetime) -> Notice:
    """Forget the awaited comment or reply, and discard a consultation being created."""
    stopped = [
        *await _stop_comment(uow, actor),
        *await _stop_wording(uow, actor),
        *await _stop_draft(uow, actor),
    ]
    return Notice(text=" ".join(stopped) or "There is nothing to cancel.", tone=Tone.INFO)


async def _stop_comment(uow: UnitOfWork, actor: Actor) -> list[str]:
    participant = await present(uow, actor)
    awaiting = await uow.enrolments.awaiting_comment(participant.id)
    if awaiting is None or awaiting.awaiting_paragraph_id is None:
        return []
    await uow.enrolments.save(
        replace(
            awaiting, awaiting_paragraph_id=None, awaiting_reply_to=None, awaiting_reason=False
        )
    )
    if awaiting.awaiting_reason:
        return ["No reason given: the question is skipped."]
    return ["Reply cancelled." if awaiting.awaiting_reply_to else "Comment cancelled."]


async def _stop_wording(uow: UnitOfWork, actor: Actor) -> list[str]:
    participant = await present(uow, actor)
    if not await stop_wording(uow, participant.id):
        return []
    return ["Suggestion cancelled: nothing was published."]


async def _stop_draft(uow: UnitOfWork, actor: Actor) -> list[str]:
    draft = await uow.drafts.get(actor.ref)
    if draft is None:
        return []
    await discard_draft(uow, draft)
    return ["The new consultation is discarded; nothing was kept."]
