"""Reading a paragraph's comments and voting on them."""

from datetime import datetime

from core.errors import AccessDenied, InvalidComment, InvalidPayload
from core.intents import (
    OpenCommentMenu,
    ShowComments,
    ShowParagraph,
    StartComment,
    VoteOnComment,
)
from core.model import Actor, Comment, CommentState, CommentVote
from core.moderation import CommentMenu
from core.ports import UnitOfWork
from core.screens import Button, ButtonRows, CommentItem, CommentList, CommentVoted
from core.services.participation import Participation, load_paragraph, load_participation
from core.services.releasing import require_released
from core.visibility import PLACEHOLDERS, shown_author

THREADS_PER_PAGE = 5
MAX_DEPTH = 3


def comment_item(
    comment: Comment,
    participation: Participation,
    now: datetime,
    depth: int = 0,
    mine: CommentVote = CommentVote.NONE,
) -> CommentItem:
    """A comment as listed, with its buttons while the consultation is open.

    They are 👍, 👎, Reply and Report (Delete on one's own comment).
    `mine` is the viewer's vote on it: each vote button carries what pressing it sets, so the
    button of the vote one already gave reads as withdrawing it.
    """
    cid = participation.consultation.id
    buttons: tuple[Button, ...] = ()
    if participation.consultation.is_accepting(now):
        buttons = (
            _vote_button(cid, comment.id, CommentVote.UP, f"👍 {comment.up}", mine),
            _vote_button(cid, comment.id, CommentVote.DOWN, f"👎 {comment.down}", mine),
            Button(
                label="Reply",
                intent=StartComment(
                    consultation_id=cid, paragraph_id=comment.paragraph_id, reply_to=comment.id
                ),
            ),
            _menu_button(cid, comment, participation),
        )
    return CommentItem(
        comment_id=comment.id,
        author=shown_author(participation.consultation, comment.author_name),
        body=comment.body,
        created_at=comment.created_at,
        up=comment.up,
        down=comment.down,
        depth=depth,
        parent_id=comment.parent_id,
        buttons=buttons,
    )


def placeholder_item(comment: Comment, depth: int) -> CommentItem:
    """A comment that is not shown, in its place above its replies: no text, author or votes."""
    return CommentItem(
        comment_id=comment.id,
        author="",
        body=PLACEHOLDERS[comment.state],
        created_at=comment.created_at,
        up=0,
        down=0,
        depth=depth,
        parent_id=comment.parent_id,
        buttons=(),
        placeholder=True,
    )


def _menu_button(cid: int, comment: Comment, participation: Participation) -> Button:
    """Report someone else's comment, delete one's own: each opens its menu (a second step)."""
    own = comment.participant_id == participation.participant.id
    menu = CommentMenu.DELETE if own else CommentMenu.REPORT
    intent = OpenCommentMenu(consultation_id=cid, comment_id=comment.id, menu=menu)
    return Button(label="Delete" if own else "Report", intent=intent)


def _vote_button(
    cid: int, comment_id: int, vote: CommentVote, label: str, mine: CommentVote
) -> Button:
    target, label = (CommentVote.NONE, f"Undo {label}") if mine is vote else (vote, label)
    return Button(
        label=label, intent=VoteOnComment(consultation_id=cid, comment_id=comment_id, vote=target)
    )


def require_shown(comment: Comment) -> None:
    """Refuse to act on a comment the public does not see (held, hidden, deleted, removed)."""
    if comment.state is not CommentState.PUBLISHED:
        raise InvalidComment(f"That comment is not shown: {PLACEHOLDERS[comment.state]}.")


async def show_comments(
    uow: UnitOfWork, actor: Actor, intent: ShowComments, now: datetime
) -> CommentList:
    """One page of threads, best first, each followed by its replies (oldest first)."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    await require_released(uow, paragraph, now)
    threads = await uow.comments.count_threads(paragraph.id)
    page_count = max(1, -(-threads // THREADS_PER_PAGE))
    page = min(max(intent.page, 1), page_count)
    roots = await uow.comments.threads(
        paragraph.id, limit=THREADS_PER_PAGE, offset=(page - 1) * THREADS_PER_PAGE
    )
    items: list[CommentItem] = []
    for root in roots:
        await _append_thread(uow, items, root, participation, now, 0)
    return CommentList(
        consultation_id=paragraph.consultation_id,
        paragraph_id=paragraph.id,
        label=paragraph.label,
        comments=tuple(items),
        page=page,
        page_count=page_count,
        total=await uow.comments.count_for_paragraph(paragraph.id),
        buttons=_list_buttons(
            intent, page, page_count, paragraph.label, participation.consultation.is_accepting(now)
        ),
    )


async def _append_thread(
    uow: UnitOfWork,
    items: list[CommentItem],
    comment: Comment,
    participation: Participation,
    now: datetime,
    depth: int,
) -> None:
    if comment.state is CommentState.PUBLISHED:
        mine = await vote_of(uow, comment.id, participation)
        items.append(comment_item(comment, participation, now, depth, mine))
    else:
        items.append(placeholder_item(comment, depth))
    # Deeper replies are shown at the last level rather than indented without end.
    for reply in await uow.comments.replies([comment.id]):
        await _append_thread(uow, items, reply, participation, now, min(depth + 1, MAX_DEPTH))


def _list_buttons(
    intent: ShowComments, page: int, page_count: int, label: str, accepting: bool
) -> ButtonRows:
    cid, pid = intent.consultation_id, intent.paragraph_id
    paging = []
    if page > 1:
        paging.append(
            Button(
                label="◀ Better",
                intent=ShowComments(consultation_id=cid, paragraph_id=pid, page=page - 1),
            )
        )
    if page < page_count:
        paging.append(
            Button(
                label="More ▶",
                intent=ShowComments(consultation_id=cid, paragraph_id=pid, page=page + 1),
            )
        )
    actions = [
        Button(
            label=f"Back to {label}", intent=ShowParagraph(consultation_id=cid, paragraph_id=pid)
        )
    ]
    if accepting:
        actions.insert(
            0, Button(label="Comment", intent=StartComment(consultation_id=cid, paragraph_id=pid))
        )
    return tuple(row for row in (tuple(paging), tuple(actions)) if row)


async def vote_on_comment(
    uow: UnitOfWork, actor: Actor, intent: VoteOnComment, now: datetime
) -> CommentVoted:
    """Set the person's vote on a comment to the intent's target.

    Idempotent: a redelivery, or a second press of the same button, leaves the vote as it is.
    """
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    comment = await uow.comments.get(intent.comment_id)
    if comment is None or comment.consultation_id != participation.consultation.id:
        raise InvalidPayload("That comment is not part of this consultation.")
    require_shown(comment)
    participation.consultation.check_accepting(now)
    if comment.participant_id == participation.participant.id:
        raise AccessDenied("You cannot vote on your own comment.")
    await uow.comments.set_vote(comment.id, participation.participant.id, intent.vote.score)
    updated = await uow.comments.get(comment.id) or comment
    toast = {
        CommentVote.UP: "You voted this comment up.",
        CommentVote.DOWN: "You voted this comment down.",
        CommentVote.NONE: "Your vote on this comment is withdrawn.",
    }[intent.vote]
    item = comment_item(updated, participation, now, mine=intent.vote)
    return CommentVoted(toast=toast, comment=item)


async def vote_of(uow: UnitOfWork, comment_id: int, participation: Participation) -> CommentVote:
    """The viewer's vote on a comment."""
    score = await uow.comments.vote_of(comment_id, participation.participant.id)
    return {1: CommentVote.UP, -1: CommentVote.DOWN}.get(score, CommentVote.NONE)
