"""A moderator's review item as terminal lines (rendering.py adds its numbered buttons)."""

from collections.abc import Callable

from core.model import CommentState
from core.screens import ReviewItem
from core.wording import format_moment


def review_lines(screen: ReviewItem, clean: Callable[[str], str]) -> list[str]:
    """Where the comment is, who wrote it when, why it waits, its paragraph and its text."""
    why = (
        "held for approval"
        + (f" (filtered words: {', '.join(screen.caught)})" if screen.caught else "")
        if screen.state is CommentState.HELD
        else "hidden pending review"
    )
    reports = ", ".join(f"{r.reason} ×{r.count}" for r in screen.reports) or "none"
    lines = [f"✓ {screen.done}"] if screen.done else []
    lines += [
        f"Review “{clean(screen.title)}” · {screen.position} of {screen.waiting} waiting",
        f"#{screen.comment_id} on {screen.label} by {clean(screen.author)} · "
        f"{format_moment(screen.created_at)} · {why}",
        f"Reports: {reports}",
        f"{screen.label}: {clean(screen.paragraph)}",
        "Comment:",
    ]
    return lines + [f"  {line}" for line in clean(screen.body).splitlines()]
