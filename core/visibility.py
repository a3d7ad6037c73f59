"""What the public sees of a consultation's comments: published ones, and placeholders.

A comment that is not published is left out, unless a published reply hangs below it (at any
depth): then it keeps its place with its text and author gone, so the reply stays readable.
"""

import dataclasses
from collections.abc import Iterable

from core.model import Comment, CommentState


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
    """The comments anyone may see, in the given order; placeholders without text or author."""
    everything = list(comments)
    listed = listed_ids(everything)
    return [
        c
        if c.state is CommentState.PUBLISHED
        else dataclasses.replace(c, body="", author_name="", up=0, down=0)
        for c in everything
        if c.id in listed
    ]
