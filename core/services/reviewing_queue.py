"""The review queue: which comments wait for a moderator, and the screen of the first one.

Held comments wait until approved or hidden. A hidden comment waits while its latest hiding
was townhall's own (at the report threshold); one a moderator hid is decided.
"""

from collections import Counter

from core.intents import ModerateComment
from core.model import Comment, CommentState, Consultation
from core.moderation import LogAction, ModerationAction, caught_words
from core.ports import UnitOfWork
from core.screens import Button, ButtonRows, ButtonStyle, Notice, ReportCount, ReviewItem
from core.services.moderators import SYSTEM_NAME


async def review_queue(uow: UnitOfWork, consultation_id: int) -> list[int]:
    """Ids of the comments waiting for a moderator, oldest first."""
    waiting = await uow.moderation.queue(consultation_id)
    if not waiting:
        return []
    hidden_by: dict[int, str] = {}
    for entry in await uow.moderation.entries(consultation_id):
        if entry.action is LogAction.HIDE and entry.comment_id is not None:
            hidden_by[entry.comment_id] = entry.actor
    held = {c.id for c in await _comments(uow, waiting) if c.state is CommentState.HELD}
    return [i for i in waiting if i in held or hidden_by.get(i, SYSTEM_NAME) == SYSTEM_NAME]


async def _comments(uow: UnitOfWork, ids: list[int]) -> list[Comment]:
    found = [await uow.comments.get(i) for i in ids]
    return [c for c in found if c is not None]


async def first_in_queue(uow: UnitOfWork, consultation: Consultation) -> ReviewItem | Notice:
    """The screen of the first comment waiting, or a notice that none is."""
    waiting = await review_queue(uow, consultation.id)
    comment = await uow.comments.get(waiting[0]) if waiting else None
    paragraph = await uow.paragraphs.get(comment.paragraph_id) if comment else None
    if comment is None or paragraph is None:
        return Notice(text=f"No comment awaits review in “{consultation.title}”.")
    reports = Counter(r.reason for r in await uow.moderation.reports(comment.id))
    settings = await uow.moderation.settings(consultation.id)
    return ReviewItem(
        consultation_id=consultation.id,
        slug=consultation.slug,
        title=consultation.title,
        position=1,
        waiting=len(waiting),
        comment_id=comment.id,
        state=comment.state,
        label=paragraph.label,
        paragraph=paragraph.text,
        author=comment.author_name,
        body=comment.body,
        created_at=comment.created_at,
        reports=tuple(ReportCount(reason=r, count=n) for r, n in reports.most_common()),
        caught=tuple(caught_words(comment.body, settings.words)),
        buttons=_actions(consultation, comment.id, comment.state),
    )


def _actions(consultation: Consultation, comment_id: int, state: CommentState) -> ButtonRows:
    def act(label: str, action: ModerationAction, style: ButtonStyle) -> Button:
        intent = ModerateComment(
            consultation_id=consultation.id, comment_id=comment_id, action=action
        )
        return Button(label=label, intent=intent, style=style)

    restore = "Approve" if state is CommentState.HELD else "Restore"
    return (
        (
            act(restore, ModerationAction.RESTORE, ButtonStyle.PRIMARY),
            act("Hide", ModerationAction.HIDE, ButtonStyle.DEFAULT),
            act("Hide and block author", ModerationAction.HIDE_AND_BLOCK, ButtonStyle.DANGER),
        ),
    )
