"""Consultation figures as plain text: shared by the terminal chat and `townhall stats`."""

from bots.terminal.safe_text import clean
from core.paragraph_status import describe_statuses
from core.statistics import ConsultationStatistics, ParagraphTally
from core.wording import counted


def statistics_lines(statistics: ConsultationStatistics) -> list[str]:
    """The headline, a compact table of every paragraph and the rankings (`townhall stats`)."""
    statuses = statistics.statuses
    lines = [headline(statistics)]
    if statuses is not None:
        lines.append(f"paragraphs: {describe_statuses(statuses)}")
    lines.append("")
    lines.append(
        f"{'PARA':<6}{'AGREE':>7}{'DISAGREE':>10}{'VOTES':>7}{'AGREEMENT':>11}{'COMMENTS':>10}"
        + ("  STATUS" if statuses is not None else "")
    )
    for tally in statistics.paragraphs:
        status = "" if statuses is None else statuses.of_paragraph.get(tally.paragraph_id, "")
        lines.append(
            f"{tally.label:<6}{tally.agree:>7}{tally.disagree:>10}{tally.votes:>7}"
            f"{percent(tally.agreement_pct):>11}{tally.comments:>10}"
            + (f"  {status}" if status else "")
        )
    return [*lines, *_reason_lines(statistics), "", *ranking_lines(statistics)]


def _reason_lines(statistics: ConsultationStatistics) -> list[str]:
    """What disagreeing participants would change, by paragraph (organisers' figures only)."""
    if not statistics.reasons:
        return []
    lines = ["", "Reasons for disagreeing:"]
    for reason in statistics.reasons:
        body = " ".join(clean(reason.body).split())  # one line each
        lines.append(f"  P{reason.paragraph_number} · {clean(reason.author_name)}: {body}")
    return lines


def headline(statistics: ConsultationStatistics) -> str:
    """Votes, agreement, comments and contributors on one line."""
    totals = statistics.totals
    return (
        f"{counted(totals.votes, 'vote')} ({totals.agree} agree, {totals.disagree} disagree) · "
        f"{percent(totals.agreement_pct)} agree · {counted(totals.comments, 'comment')} · "
        f"{counted(totals.contributors, 'contributor')}"
    )


def ranking_lines(statistics: ConsultationStatistics) -> list[str]:
    """The most voted, commented and controversial paragraphs, one line each."""
    return [
        f"{title}: {_ranking(ranking)}"
        for title, ranking in (
            ("Most voted", statistics.most_voted),
            ("Most commented", statistics.most_commented),
            ("Most controversial", statistics.most_controversial),
        )
    ]


def _ranking(ranking: tuple[ParagraphTally, ...]) -> str:
    return ", ".join(tally.label for tally in ranking) or "none yet"


def percent(value: int | None) -> str:
    """`97%`, or a dash when there are no votes to divide by."""
    return "–" if value is None else f"{value}%"
