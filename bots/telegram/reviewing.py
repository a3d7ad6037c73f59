"""A moderator's review item in Telegram: HTML text with the decision buttons under it.

A decision replaces this message with the next comment waiting, what was done shown above it.
"""

from bots.telegram.layout import Outgoing, escape, fit, keyboard
from core.model import CommentState
from core.screens import ReviewItem
from core.wording import format_moment


def render_review_item(screen: ReviewItem) -> list[Outgoing]:
    """Where the comment is, who wrote it, why it waits, its paragraph, then its text."""
    why = "held for approval" if screen.state is CommentState.HELD else "hidden pending review"
    reports = ", ".join(f"{r.reason} ×{r.count}" for r in screen.reports) or "none"
    done = f"✅ {escape(screen.done)}\n\n" if screen.done else ""
    head = (
        f"{done}🛡 <b>Review · {escape(screen.title)}</b> · {screen.position} of {screen.waiting}\n"
        f"#{screen.comment_id} on {screen.label} by <b>{escape(screen.author)}</b> · "
        f"{format_moment(screen.created_at)} · {why}\nReports: {escape(reports)}\n"
        f"<blockquote>{escape(screen.paragraph[:500])}</blockquote>"
    )
    return fit(head, screen.body, "", keyboard(screen.buttons))
