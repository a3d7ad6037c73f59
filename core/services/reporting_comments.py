"""Participants' moderation: reporting someone's comment, deleting one's own.

A report is stored once per person and comment; at the consultation's threshold of distinct
reports the comment is hidden pending review, its author told once and the moderators
notified. Every refusal (one's own comment, a comment not shown, another consultation's, a
blocked or unknown person) stores nothing.
"""

from datetime import datetime

from core.errors import AccessDenied, InvalidPayload
from core.intents import DeleteComment, ReportComment
from core.model import Actor, Comment, CommentState, Consultation
from core.moderation import DEFAULT_HIDE_AFTER_REPORTS, LogAction, NewLogEntry, Report
from core.ports import UnitOfWork
from core.screens import Notice, Tone
from core.services.discussion import require_shown
from core.services.moderation_notices import notify_moderators, tell_author_hidden
from core.services.moderators import (
    SYSTEM_NAME,
    actor_name,
    comment_of,
    enrolled,
    require_not_blocked,
)


async def _consultation(uow: UnitOfWork, consultation_id: int) -> Consultation:
    consultation = await uow.consultations.get(consultation_id)
    if consultation is None:
        raise InvalidPayload("That consultation does not exist (any more).")
    return consultation


async def report_comment(
    uow: UnitOfWork,
    actor: Actor,
    intent: ReportComment,
    now: datetime,
    *,
    hide_after: int = DEFAULT_HIDE_AFTER_REPORTS,
) -> Notice:
    """Report a comment once; at the threshold it is hidden pending review.

    `hide_after` is the configured threshold ([moderation] hide_after_reports), for the
    consultations that set none of their own.
    """
    consultation = await _consultation(uow, intent.consultation_id)
    participant = await enrolled(uow, actor, consultation.id)
    comment = await comment_of(uow, consultation, intent.comment_id)
    if comment.participant_id == participant.id:
        raise AccessDenied("You cannot report your own comment.")
    require_shown(comment)
    await require_not_blocked(uow, consultation, participant.id)
    report = Report(
        comment_id=comment.id,
        consultation_id=consultation.id,
        participant_id=participant.id,
        reason=intent.reason,
        created_at=now,
    )
    if not await uow.moderation.add_report(report):
        return Notice(
            text=f"You reported comment #{comment.id} already; the moderators know.",
            tone=Tone.INFO,
        )
    await _log(uow, comment, LogAction.REPORT, actor_name(actor), intent.reason, now)
    await _hide_at_threshold(uow, comment, now, hide_after)
    return Notice(
        text=f"Thank you: comment #{comment.id} is reported to the moderators ({intent.reason}).",
        tone=Tone.SUCCESS,
    )


async def _hide_at_threshold(
    uow: UnitOfWork, comment: Comment, now: datetime, hide_after: int
) -> None:
    reports = await uow.moderation.reports(comment.id)
    settings = await uow.moderation.settings(comment.consultation_id)
    if len(reports) < settings.threshold(hide_after):
        return
    await uow.comments.set_state(comment.id, CommentState.HIDDEN)
    why = f"{len(reports)} reports"
    await _log(uow, comment, LogAction.HIDE, SYSTEM_NAME, why, now)
    await tell_author_hidden(uow, comment, now)
    await notify_moderators(uow, comment, now)


async def delete_comment(
    uow: UnitOfWork, actor: Actor, intent: DeleteComment, now: datetime
) -> Notice:
    """The author deletes their comment: its text goes; replies stay under a placeholder."""
    consultation = await _consultation(uow, intent.consultation_id)
    participant = await enrolled(uow, actor, consultation.id)
    comment = await comment_of(uow, consultation, intent.comment_id)
    if comment.participant_id != participant.id:
        raise AccessDenied("Only its author can delete a comment.")
    if comment.state.erased:
        return Notice(text=f"Comment #{comment.id} is deleted already.", tone=Tone.INFO)
    await uow.comments.set_state(comment.id, CommentState.DELETED)
    await _log(uow, comment, LogAction.DELETE, actor_name(actor), "", now)
    return Notice(
        text=f"Your comment #{comment.id} is deleted; replies to it stay.", tone=Tone.SUCCESS
    )


async def _log(
    uow: UnitOfWork, comment: Comment, action: LogAction, who: str, reason: str, now: datetime
) -> None:
    await uow.moderation.log(
        NewLogEntry(
            consultation_id=comment.consultation_id,
            action=action,
            actor=who,
            created_at=now,
            comment_id=comment.id,
            participant_id=comment.participant_id,
            reason=reason,
        )
    )
