"""Every paragraph's figures as a monospace table, cut into pieces that fit a chat message.

Shared by the Telegram and Slack renderings of an organiser's `/stats SLUG`; each wraps a
piece in its own preformatted markup. A piece repeats the header so it reads on its own. Only
labels and numbers appear (nothing from the document), so nothing in a table needs escaping,
and every character counts once in UTF-16 as in Python. The reasons given for disagreeing,
which follow the table, are people's text: each front end escapes those lines.
"""

from collections.abc import Sequence

from core.statistics import ConsultationStatistics, ParagraphTally

HEADER = f"{'Para':<6}{'Agree':>6}{'Disagree':>9}{'Level':>6}{'Comments':>9}"


def table_row(tally: ParagraphTally) -> str:
    level = "–" if tally.agreement_pct is None else f"{tally.agreement_pct}%"
    return f"{tally.label:<6}{tally.agree:>6}{tally.disagree:>9}{level:>6}{tally.comments:>9}"


def table_pieces(paragraphs: Sequence[ParagraphTally], limit: int) -> list[str]:
    """The table in pieces of at most `limit` characters, each starting with the header."""
    pieces: list[str] = []
    current = HEADER
    for tally in paragraphs:
        row = table_row(tally)
        if len(current) + 1 + len(row) > limit and current != HEADER:
            pieces.append(current)
            current = HEADER
        current = f"{current}\n{row}"
    if current != HEADER or not pieces:
        pieces.append(current)
    return pieces


def reason_lines(statistics: ConsultationStatistics) -> list[str]:
    """`P2 · Ana: what she would change`, one line per reason, raw: the caller escapes them."""
    return [
        f"P{reason.paragraph_number} · {reason.author_name}: {' '.join(reason.body.split())}"
        for reason in statistics.reasons
    ]
