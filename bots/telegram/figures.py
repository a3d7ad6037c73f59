"""A consultation's figures as Telegram messages.

A compact summary; for organisers (`/stats SLUG`) then a table of every paragraph, in as many
further messages as Telegram's 4096 characters need.
"""

from collections.abc import Callable

from bots.chat.tables import reason_lines, table_pieces
from bots.telegram.layout import (
    MESSAGE_LIMIT,
    Markup,
    Outgoing,
    escape,
    fit,
    keyboard,
    visible_length,
)
from core.paragraph_status import describe_statuses
from core.screens import StatisticsReport
from core.simulation import SIMULATED_NOTE
from core.statistics import ConsultationStatistics, ParagraphTally
from core.wording import counted

RANKED = 3
Figure = Callable[[ParagraphTally], str]


def _statuses(statistics: ConsultationStatistics) -> list[str]:
    counts = statistics.statuses
    return [] if counts is None else [f"Paragraphs: {describe_statuses(counts)}"]


def render_statistics(screen: StatisticsReport) -> list[Outgoing]:
    """Votes, level of agreement ("97%"), comments, and the most voted/commented/controversial."""
    statistics = screen.statistics
    totals = statistics.totals
    lines = [
        f"📊 <b>{escape(screen.title)}</b> — {escape(screen.deadline)}",
        f"Level of agreement: <b>{percent(totals.agreement_pct)}</b>",
        f"Votes: {totals.votes} ({totals.agree} agree, {totals.disagree} disagree)",
        f"Comments: {totals.comments} · contributors: {totals.contributors}",
        *_statuses(statistics),
        f"Most voted: {_ranking(statistics.most_voted, lambda t: counted(t.votes, 'vote'))}",
        "Most commented: "
        f"{_ranking(statistics.most_commented, lambda t: counted(t.comments, 'comment'))}",
        f"Most controversial: {_ranking(statistics.most_controversial, _agreement)}",
    ]
    if screen.simulated:
        lines.insert(1, f"⚠️ <i>{escape(SIMULATED_NOTE)}</i>")
    summary, markup = "\n".join(lines), keyboard(screen.buttons)
    if not screen.every_paragraph:
        return fit(summary, "", "", markup)
    if not statistics.reasons:
        return _with_table(summary, statistics.paragraphs, markup)
    # What disagreeing participants would change follows the table, as people wrote it.
    reasons = "\n".join(reason_lines(statistics))
    return [
        *_with_table(summary, statistics.paragraphs, None),
        *fit("<b>Reasons for disagreeing</b>", reasons, "", markup),
    ]


def _with_table(
    summary: str, paragraphs: tuple[ParagraphTally, ...], markup: Markup | None
) -> list[Outgoing]:
    """The summary, then the table in <pre> blocks; together when they fit one message."""
    tables = [f"<pre>{escape(piece)}</pre>" for piece in table_pieces(paragraphs, MESSAGE_LIMIT)]
    whole = f"{summary}\n\n{tables[0]}"
    if len(tables) == 1 and visible_length(whole) <= MESSAGE_LIMIT:
        return [Outgoing(text=whole, markup=markup)]
    *head, last = [*fit(summary, "", ""), *(Outgoing(text=table) for table in tables)]
    return [*head, Outgoing(text=last.text, markup=markup)]


def _ranking(ranking: tuple[ParagraphTally, ...], figure: Figure) -> str:
    shown = [f"{tally.label} ({figure(tally)})" for tally in ranking[:RANKED]]
    return ", ".join(shown) or "none yet"


def _agreement(tally: ParagraphTally) -> str:
    return f"{percent(tally.agreement_pct)} agree"


def percent(value: int | None) -> str:
    """`97%`, or a dash when there are no votes to divide by."""
    return "–" if value is None else f"{value}%"
