"""The reasons disagreeing participants gave, as the organiser's reports show them per paragraph.

`stats --json` and the JSON export give each paragraph a `reasons` list; the CSV export's
votes.csv names the reason's comment beside each Disagree; the Markdown report lists them under
the paragraph's figures. Each reason is also an ordinary comment, listed as such.
"""

from collections.abc import Callable

from bots.runtime.report_text import iso
from core.statistics import DisagreementReason
from core.wording import format_moment


def reason_document(reason: DisagreementReason) -> dict[str, object]:
    """A reason in the JSON documents; `comment_id` is its comment in the discussion."""
    return {
        "comment_id": reason.comment_id,
        "author": reason.author_name,
        "body": reason.body,
        "created_at": iso(reason.created_at),
    }


def reason_lines(
    reasons: tuple[DisagreementReason, ...], literal: Callable[[str], str]
) -> list[str]:
    """The Markdown list under a paragraph; `literal` makes people's text literal Markdown."""
    if not reasons:
        return []
    lines = ["Reasons for disagreeing:", ""]
    for reason in reasons:
        body = literal(reason.body).splitlines() or [""]
        lines.append(
            f"- **{literal(reason.author_name)}** ({format_moment(reason.created_at)}): {body[0]}"
        )
        lines += [f"  {line}" for line in body[1:]]
    return [*lines, ""]
