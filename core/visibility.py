"""What the public sees of a consultation's comments: published ones, and placeholders.

A comment that is not published is left out, unless a published reply hangs below it (at any
depth): then it keeps its place with its text and author gone, so the reply stays readable.
In a consultation imported with --anonymous-comments no comment shows its author's name, to
anyone: in chat, in pushes, in the figures and in every export (`shown_author`).
"""

import dataclasses
from collections.abc import Iterable

from core.model import Comment, CommentState, Consultation

ANONYMOUS_AUTHOR = "Anonymous"  # the author every comment of an anonymous consultation shows


def shown_author(consultation: Consultation, author_name: str) -> str:
    """The name a comment of this consultation shows: nobody's where comments are anonymous."""
    return ANONYMOUS_AUTHOR if consultation.anonymous_comments and author_name else author_name


def with_shown_authors(consultation: Consultation, comments: Iterable[Comment]) -> list[Comment]:
    """The comments with the names the consultation shows (see `shown_author`)."""
    return [
        dataclasses.replace(c, author_name=shown_author(consultation, c.author_name))
        for c in comments
    ]


# What a listed comment that is not published shows instead of itself.
PLACEHOLDERS = {
    CommentState.HELD: "comment awaiting review",
    CommentState.HIDDEN: "comment hidden by the moderators",
    CommentState.DELETED: "comment deleted by its author",
    CommentState.REMOVED: "comment removed",
}


def listed_ids(comments: Iterable[Comment]) -> set[int]:
    """Ids of the published comments and of every comment above one of them."""
    by_id = {c.id: c for c in comments}
    listed: set[int] = set()
    for comment in by_id.values():
        current: Comment | None = comment if comment.state is CommentState.PUBLISHED else None
        while current is not None and current.id not in listed:
            listed.add(current.id)
            current = by_id.get(current.parent_id) if current.parent_id is not None else None
    return listed


def public_comments(comments: Iterable[Comment]) -> list[Comment]:
    """The comments anyone may see, in the given order; placeholders say why, without author."""
    everything = list(comments)
    listed = listed_ids(everything)
    return [
        c
        if c.state is CommentState.PUBLISHED
        else dataclasses.replace(c, body=PLACEHOLDERS[c.state], author_name="", up=0, down=0)
        for c in everything
        if c.id in listed
    ]
