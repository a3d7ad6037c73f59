"""Moderators' decisions: the review queue in chat, and restore, hide, hide and block.

The same decisions serve the chat's buttons (ModerateComment) and the command line's orders
(core.moderation_orders); each is logged with who, when and why.
"""

from dataclasses import replace
from datetime import datetime

from core.errors import Conflict, InvalidPayload
from core.intents import ModerateComment, ShowReviewQueue
from core.model import Actor, Comment, CommentState, Consultation
from core.moderation import LogAction, ModerationAction, NewLogEntry
from core.ports import UnitOfWork
from core.screens import Notice, ReviewItem, Tone
from core.services.moderators import actor_name, comment_of, require_moderator
from core.services.participation import find_consultation
from core.services.replies import queue_reply_notice
from core.services.reviewing_queue import first_in_queue


async def show_review_queue(
    uow: UnitOfWork, actor: Actor, intent: ShowReviewQueue, now: datetime
) -> ReviewItem | Notice:
    """The first comment waiting for a moderator of the consultation."""
    consultation = await find_consultation(uow, intent.slug)
    await require_moderator(uow, actor, consultation)
    return await first_in_queue(uow, consultation)


async def moderate_comment(
    uow: UnitOfWork, actor: Actor, intent: ModerateComment, now: datetime
) -> ReviewItem | Notice:
    """A review button pressed: the decision carried out, then the next comment waiting.

    The next one comes with what was done above it; with none, a notice says so.
    """
    consultation = await uow.consultations.get(intent.consultation_id)
    if consultation is None:
        raise InvalidPayload("That consultation does not exist (any more).")
    await require_moderator(uow, actor, consultation)
    comment = await comment_of(uow, consultation, intent.comment_id)
    done = await decide(uow, actor, consultation, comment, intent.action, "", now)
    following = await first_in_queue(uow, consultation)
    if isinstance(following, ReviewItem):
        return replace(following, done=done)
    return Notice(text=f"{done} Nothing else awaits review.", tone=Tone.SUCCESS)


async def decide(
    uow: UnitOfWork,
    actor: Actor,
    consultation: Consultation,
    comment: Comment,
    action: ModerationAction,
    reason: str,
    now: datetime,
) -> str:
    """Carry out a moderator's decision on a comment; what was done, as a sentence."""
    if comment.state.erased:
        raise Conflict(f"Comment #{comment.id} was {comment.state} by its author's wish.")
    if action is ModerationAction.RESTORE:
        return await _restore(uow, actor, comment, reason, now)
    done = await _hide(uow, actor, comment, reason, now)
    if action is ModerationAction.HIDE_AND_BLOCK:
        done += " " + await block(uow, actor, consultation, comment.participant_id, reason, now)
    return done


async def _restore(
    uow: UnitOfWork, actor: Actor, comment: Comment, reason: str, now: datetime
) -> str:
    if comment.state is CommentState.PUBLISHED:
        return f"Comment #{comment.id} is published already."
    await uow.comments.set_state(comment.id, CommentState.PUBLISHED)
    approved = comment.state is CommentState.HELD
    action = LogAction.APPROVE if approved else LogAction.RESTORE
    await _log(uow, actor, comment, action, reason, now)
    if approved and comment.parent_id is not None:
        parent = await uow.comments.get(comment.parent_id)
        if parent is not None:
            await queue_reply_notice(uow, parent, comment)
    return f"Comment #{comment.id} is {'approved' if approved else 'restored'}: everyone sees it."


async def _hide(
    uow: UnitOfWork, actor: Actor, comment: Comment, reason: str, now: datetime
) -> str:
    await uow.comments.set_state(comment.id, CommentState.HIDDEN)
    await _log(uow, actor, comment, LogAction.HIDE, reason, now)
    return f"Comment #{comment.id} is hidden."


async def block(
    uow: UnitOfWork,
    actor: Actor,
    consultation: Consultation,
    participant_id: int,
    reason: str,
    now: datetime,
) -> str:
    """Block a participant from commenting in the consultation (they may still vote)."""
    if not await uow.moderation.block(consultation.id, participant_id, now):
        return "Its author was blocked already."
    await uow.moderation.log(
        NewLogEntry(
            consultation_id=consultation.id,
            action=LogAction.BLOCK,
            actor=actor_name(actor),
            created_at=now,
            participant_id=participant_id,
            reason=reason,
        )
    )
    return "Its author may no longer comment (but may still vote)."


async def _log(
    uow: UnitOfWork,
    actor: Actor,
    comment: Comment,
    action: LogAction,
    reason: str,
    now: datetime,
) -> None:
    await uow.moderation.log(
        NewLogEntry(
            consultation_id=comment.consultation_id,
            action=action,
            actor=actor_name(actor),
            created_at=now,
            comment_id=comment.id,
            participant_id=comment.participant_id,
            reason=reason,
        )
    )
