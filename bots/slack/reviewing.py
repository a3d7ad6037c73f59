"""A moderator's review item in Block Kit: context, the comment as literal text, buttons.

A decision replaces this message with the next comment waiting, what was done shown above it.
"""

from bots.slack.blocks import (
    SlackMessage,
    button_rows,
    context,
    escape,
    message,
    plain,
    plain_sections,
    section,
)
from core.model import CommentState
from core.screens import ReviewItem
from core.wording import format_moment


def render_review_item(screen: ReviewItem) -> SlackMessage:
    """Where the comment is, who wrote it, why it waits, its paragraph, then its text."""
    why = "held for approval" if screen.state is CommentState.HELD else "hidden pending review"
    reports = ", ".join(f"{r.reason} ×{r.count}" for r in screen.reports) or "none"
    head = (
        f"Review · {screen.title} · {screen.position} of {screen.waiting} · "
        f"#{screen.comment_id} on {screen.label} by {screen.author} · "
        f"{format_moment(screen.created_at)} · {why} · reports: {reports}"
    )
    done = [section(f"✅ {escape(screen.done)}")] if screen.done else []
    blocks = [
        *done,
        context(plain(head[:2000])),
        *plain_sections(screen.paragraph[:2900]),
        *plain_sections(screen.body),
        *button_rows(screen.buttons),
    ]
    return message(f"Review · comment #{screen.comment_id}", blocks)
