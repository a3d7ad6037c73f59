"""Holding new comments for review: pre-moderation and the word filter."""

from datetime import datetime

from core.model import Comment, CommentState
from core.moderation import LogAction, NewLogEntry, caught_words
from core.ports import UnitOfWork
from core.services.moderation_notices import notify_moderators
from core.services.moderators import SYSTEM_NAME


async def screening(uow: UnitOfWork, consultation_id: int, body: str) -> CommentState:
    """The state a new comment starts in: held if pre-moderated or a filtered word is in it."""
    settings = await uow.moderation.settings(consultation_id)
    if settings.premoderate or caught_words(body, settings.words):
        return CommentState.HELD
    return CommentState.PUBLISHED


async def hold(uow: UnitOfWork, comment: Comment, now: datetime) -> None:
    """Log why a new comment is held and tell the moderators it waits."""
    settings = await uow.moderation.settings(comment.consultation_id)
    caught = caught_words(comment.body, settings.words)
    why = "pre-moderation" if settings.premoderate else "filtered words: " + ", ".join(caught)
    await uow.moderation.log(
        NewLogEntry(
            consultation_id=comment.consultation_id,
            action=LogAction.HOLD,
            actor=SYSTEM_NAME,
            created_at=now,
            comment_id=comment.id,
            participant_id=comment.participant_id,
            reason=why,
        )
    )
    await notify_moderators(uow, comment, now)
