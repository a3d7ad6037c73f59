"""A consultation's figures as one compact Telegram message."""

from collections.abc import Callable

from bots.telegram.layout import Outgoing, escape, fit, keyboard
from core.screens import StatisticsReport
from core.statistics import ParagraphTally

RANKED = 3
Figure = Callable[[ParagraphTally], str]


def render_statistics(screen: StatisticsReport) -> list[Outgoing]:
    """Votes, level of agreement ("97%"), comments, and the most voted/commented/controversial."""
    statistics = screen.statistics
    totals = statistics.totals
    lines = [
        f"📊 <b>{escape(screen.title)}</b> — {escape(screen.deadline)}",
        f"Level of agreement: <b>{percent(totals.agreement_pct)}</b>",
        f"Votes: {totals.votes} ({totals.agree} agree, {totals.disagree} disagree)",
        f"Comments: {totals.comments} · contributors: {totals.contributors}",
        f"Most voted: {_ranking(statistics.most_voted, lambda t: f'{t.votes} votes')}",
        "Most commented: "
        f"{_ranking(statistics.most_commented, lambda t: f'{t.comments} comments')}",
        f"Most controversial: {_ranking(statistics.most_controversial, _agreement)}",
    ]
    return fit("\n".join(lines), "", "", keyboard(screen.buttons))


def _ranking(ranking: tuple[ParagraphTally, ...], figure: Figure) -> str:
    shown = [f"{tally.label} ({figure(tally)})" for tally in ranking[:RANKED]]
    return ", ".join(shown) or "none yet"


def _agreement(tally: ParagraphTally) -> str:
    return f"{percent(tally.agreement_pct)} agree"


def percent(value: int | None) -> str:
    """`97%`, or a dash when there are no votes to divide by."""
    return "–" if value is None else f"{value}%"
