"""Screens of the discussion under a paragraph: comments, replies and votes on them."""

from dataclasses import dataclass
from datetime import datetime

from core.screens.elements import Button, ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentItem:
    """One comment in a list; `depth` is 0 for a comment and 1 and more for replies."""

    comment_id: int
    author: str
    body: str
    created_at: datetime
    up: int
    down: int
    depth: int
    parent_id: int | None
    buttons: tuple[Button, ...]
    # A comment that is not shown (deleted, removed, hidden) but has replies below it keeps
    # its place: no author, no votes, no buttons, and `body` says why ("comment removed").
    placeholder: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyReceived:
    """Pushed to a comment's author: someone replied to it (`comment` is what they wrote)."""

    consultation_id: int
    title: str
    label: str
    comment: str
    reply: CommentItem
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentPrompt:
    """Ask the person to send their comment (or reply) as their next message."""

    consultation_id: int
    paragraph_id: int
    label: str
    text: str
    replying_to: CommentItem | None
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentPosted:
    """A committed comment or reply."""

    toast: str
    comment: CommentItem
    label: str
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentVoted:
    """A committed vote on a comment, with the comment's new counts."""

    toast: str
    comment: CommentItem


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentShown:
    """One comment again, with the buttons of a step of its menu (core.services.comment_menus).

    `buttons` go under the comment's own: the reasons to report it and Cancel, or Delete it and
    Keep it; none for its usual buttons alone.
    """

    comment: CommentItem
    buttons: ButtonRows = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentList:
    """A page of a paragraph's comments, best first, replies under their comment."""

    consultation_id: int
    paragraph_id: int
    label: str
    comments: tuple[CommentItem, ...]
    page: int
    page_count: int
    total: int
    buttons: ButtonRows
