"""A consultation's figures in Block Kit: a compact summary, and organisers' full table.

For `/townhall stats SLUG` every paragraph's figures follow the summary as a preformatted table
in sections of at most 3000 characters, `MESSAGE_SECTIONS` to a message (about 12,000
characters, well under the 40,000 Slack cuts a message at), and at most `MESSAGES` messages:
a slash command's response_url takes five answers. A table longer than that (some 1,500
paragraphs) ends with a note pointing to the command line, which prints it whole.
"""

from bots.chat.tables import reason_lines, table_pieces
from bots.slack.blocks import (
    SECTION_TEXT,
    Block,
    SlackMessage,
    button_rows,
    escape,
    message,
    plain_sections,
    section,
    shorten,
)
from core.paragraph_status import describe_statuses
from core.screens import StatisticsReport
from core.simulation import SIMULATED_NOTE

MESSAGE_SECTIONS = 4
MESSAGES = 5
FENCE = "```"
TOO_MANY = (
    "More paragraphs than fit here: `townhall stats SLUG` on the command line lists them all."
)


def render_statistics(screen: StatisticsReport) -> SlackMessage:
    """The totals and the three most voted, commented and controversial paragraphs."""
    return statistics_messages(screen)[0]


def statistics_messages(screen: StatisticsReport) -> list[SlackMessage]:
    """The summary, then (organisers) every paragraph's figures, in messages that fit."""
    blocks = [section(shorten("\n".join(_summary_lines(screen)), SECTION_TEXT))]
    if screen.every_paragraph:
        blocks += _table_sections(screen)
    if screen.every_paragraph and screen.statistics.reasons:
        reasons = "\n".join(reason_lines(screen.statistics))  # literal: people's text
        blocks += [section("*Reasons for disagreeing*"), *plain_sections(reasons)]
    groups = [
        blocks[start : start + MESSAGE_SECTIONS]
        for start in range(0, len(blocks), MESSAGE_SECTIONS)
    ]
    if len(groups) > MESSAGES:
        groups = groups[:MESSAGES]
        groups[-1][-1] = section(TOO_MANY)
    groups[-1] += button_rows(screen.buttons)
    fallback = f"Figures for “{screen.title}”"
    continued = f"{fallback} (continued)"
    return [message(continued if n else fallback, group) for n, group in enumerate(groups)]


def _table_sections(screen: StatisticsReport) -> list[Block]:
    limit = SECTION_TEXT - 2 * len(FENCE)
    pieces = table_pieces(screen.statistics.paragraphs, limit)
    return [section(f"{FENCE}{piece}{FENCE}") for piece in pieces]


def _summary_lines(screen: StatisticsReport) -> list[str]:
    statistics = screen.statistics
    totals = statistics.totals
    lines = [
        f"📊 *{escape(screen.title)}* — {escape(screen.deadline)}",
        f"Level of agreement: *{_percent(totals.agreement_pct)}*",
        f"Votes: {totals.votes} ({totals.agree} agree, {totals.disagree} disagree)",
        f"Comments: {totals.comments} · contributors: {totals.contributors}",
    ]
    if statistics.statuses is not None:
        lines.append(f"Paragraphs: {describe_statuses(statistics.statuses)}")
    if screen.simulated:
        lines.insert(1, f"⚠️ _{escape(SIMULATED_NOTE)}_")
    for title, ranking in (
        ("Most voted", statistics.most_voted),
        ("Most commented", statistics.most_commented),
        ("Most controversial", statistics.most_controversial),
    ):
        labels = ", ".join(escape(tally.label) for tally in ranking[:3]) or "none yet"
        lines.append(f"{title}: {labels}")
    return lines


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"
