"""A listed comment's second step: the reasons to report it, or the confirmation to delete it.

A chat keeps no state between two presses, so the Report and Delete buttons under a comment
open its menu (OpenCommentMenu), and the menu's buttons carry the decision itself
(ReportComment, DeleteComment) or go back to the comment's usual buttons.
"""

from datetime import datetime

from core.errors import AccessDenied, InvalidPayload
from core.intents import DeleteComment, OpenCommentMenu, ReportComment
from core.model import Actor, Comment
from core.moderation import CommentMenu, ReportReason
from core.ports import UnitOfWork
from core.screens import Button, ButtonRows, ButtonStyle, CommentShown
from core.services.discussion import comment_item, require_shown, vote_of
from core.services.participation import load_participation

REASON_LABELS = {
    ReportReason.SPAM: "Spam",
    ReportReason.OFFENSIVE: "Offensive",
    ReportReason.OFF_TOPIC: "Off-topic",
    ReportReason.OTHER: "Other",
}


async def open_comment_menu(
    uow: UnitOfWork, actor: Actor, intent: OpenCommentMenu, now: datetime
) -> CommentShown:
    """The comment with the buttons of the step asked for.

    Its author cannot report it, and nobody else can delete it.
    """
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    comment = await uow.comments.get(intent.comment_id)
    if comment is None or comment.consultation_id != participation.consultation.id:
        raise InvalidPayload("That comment is not part of this consultation.")
    require_shown(comment)
    own = comment.participant_id == participation.participant.id
    if intent.menu is CommentMenu.REPORT and own:
        raise AccessDenied("You cannot report your own comment.")
    if intent.menu is CommentMenu.DELETE and not own:
        raise AccessDenied("Only its author can delete a comment.")
    mine = await vote_of(uow, comment.id, participation)
    item = comment_item(comment, participation, now, mine=mine)
    return CommentShown(comment=item, buttons=_menu(comment, intent.menu))


def _menu(comment: Comment, menu: CommentMenu) -> ButtonRows:
    cid = comment.consultation_id
    back = Button(
        label="Cancel",
        intent=OpenCommentMenu(
            consultation_id=cid, comment_id=comment.id, menu=CommentMenu.ACTIONS
        ),
    )
    if menu is CommentMenu.REPORT:
        reasons = [
            Button(
                label=label,
                intent=ReportComment(consultation_id=cid, comment_id=comment.id, reason=reason),
            )
            for reason, label in REASON_LABELS.items()
        ]
        return (tuple(reasons[:2]), tuple(reasons[2:]), (back,))
    if menu is CommentMenu.DELETE:
        delete = DeleteComment(consultation_id=cid, comment_id=comment.id)
        confirm = Button(label="Delete it", intent=delete, style=ButtonStyle.DANGER)
        return ((confirm, Button(label="Keep it", intent=back.intent)),)
    return ()
