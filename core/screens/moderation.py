"""Screens of moderation: a moderator's review queue, one comment at a time."""

from dataclasses import dataclass
from datetime import datetime

from core.model import CommentState
from core.moderation import ReportReason
from core.screens.elements import ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportCount:
    """How many people reported a comment for one reason."""

    reason: ReportReason
    count: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewItem:
    """The first comment of a review queue, with what a moderator needs to decide.

    `state` is held (awaiting approval: pre-moderation or the word filter, `caught` names the
    words) or hidden (at the report threshold, or by a moderator). The buttons are Restore
    (Approve for a held comment), Hide, Hide and block author, each a ModerateComment.
    """

    consultation_id: int
    slug: str
    title: str
    position: int  # 1 for the first comment waiting
    waiting: int  # how many comments the queue holds
    comment_id: int
    state: CommentState
    label: str  # the paragraph's, "P7"
    paragraph: str
    author: str
    body: str
    created_at: datetime
    reports: tuple[ReportCount, ...]
    caught: tuple[str, ...]
    buttons: ButtonRows
    done: str = ""  # what the moderator's last decision did, shown above the next comment
