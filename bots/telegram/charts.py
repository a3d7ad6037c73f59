"""An organiser's `/stats SLUG` in a picture: the agreement chart as a photo, key figures below.

The chart is drawn by bots.reports.charts from the figures the core's statistics screen
carries (drawing takes a moment of CPU, so it runs in a worker thread); its caption holds the
headline figures within Telegram's 1,024-character caption limit. The text figures and the
table of every paragraph follow as before. Without votes there is no chart, only the text.
"""

import asyncio

from bots.reports.chart_data import AgreementPage
from bots.reports.charts import first_agreement_chart
from bots.telegram.figures import percent
from bots.telegram.layout import Outgoing, escape
from core.screens import StatisticsReport
from core.statistics import ParagraphTally

TITLE_LENGTH = 200  # characters of the title in the caption: the caption stays far below 1,024
RANKED = 3


async def chart_photo(screen: StatisticsReport) -> list[Outgoing]:
    """The first agreement chart as a photo captioned with the key figures; none without votes."""
    drawn = await asyncio.to_thread(
        first_agreement_chart, screen.title, screen.statistics, simulated=screen.simulated
    )
    if drawn is None:
        return []
    page, chart = drawn
    return [Outgoing(text=chart_caption(screen, page), photo=chart.png)]


def chart_caption(screen: StatisticsReport, page: AgreementPage) -> str:
    """Title, level of agreement, votes, comments, the most controversial; HTML-escaped."""
    statistics = screen.statistics
    totals, paragraphs = statistics.totals, len(statistics.paragraphs)
    title = screen.title
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1] + "…"
    lines = [
        f"📊 <b>{escape(title)}</b>: agreement per paragraph",
        f"Level of agreement: <b>{percent(totals.agreement_pct)}</b> · "
        f"{totals.votes} votes ({totals.agree} agree, {totals.disagree} disagree)",
        f"Comments: {totals.comments} · contributors: {totals.contributors}",
        f"Most controversial: {_ranked(statistics.most_controversial)}",
    ]
    if len(page.bars) < paragraphs:
        first, last = page.bars[0].label, page.bars[-1].label
        lines.append(f"The chart shows {first}–{last} of {paragraphs}; the table lists them all.")
    return "\n".join(lines)


def _ranked(ranking: tuple[ParagraphTally, ...]) -> str:
    shown = [f"{t.label} ({percent(t.agreement_pct)} agree)" for t in ranking[:RANKED]]
    return ", ".join(shown) or "none yet"
