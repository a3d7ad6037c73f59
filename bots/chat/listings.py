"""A filtered list of paragraphs (core.screens.ParagraphList) as plain lines, for every chat.

Each front end escapes these lines for its surface and adds its own emphasis and buttons.
"""

from core.screens import ListedParagraph, ParagraphList
from core.wording import counted


def list_heading(screen: ParagraphList) -> str:
    """`Most voted · 12 paragraphs (page 1 of 2)`."""
    pages = f" (page {screen.page} of {screen.pages})" if screen.pages > 1 else ""
    return f"{screen.heading} · {counted(screen.found, 'paragraph')}{pages}"


def entry_figures(entry: ListedParagraph) -> str:
    """`62% agree (13 agree, 8 disagree) · 4 comments · decided`; no votes where hidden."""
    parts = []
    if entry.tally is not None:
        tally = entry.tally
        parts.append(
            "no votes yet"
            if tally.agreement_pct is None
            else f"{tally.agreement_pct}% agree ({tally.agree} agree, {tally.disagree} disagree)"
        )
    parts += [counted(entry.comments, "comment"), entry.status]
    return " · ".join(parts)
