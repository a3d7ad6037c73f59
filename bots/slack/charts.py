"""An organiser's `/townhall stats SLUG` in a picture: the agreement chart, in their DM.

The chart is drawn by bots.reports.charts from the figures the core's statistics screen
carries (in a worker thread: drawing takes a moment of CPU) and uploaded with
`files_upload_v2` into the organiser's DM with the app, after a short Block Kit summary of the
key figures there. The full figures answer the command first, where it was typed, so they do
not wait for the drawing. Without votes there is no chart.
"""

import asyncio

from bots.reports.chart_data import AgreementPage
from bots.reports.charts import first_agreement_chart
from bots.slack.blocks import SECTION_TEXT, SlackMessage, escape, message, section, shorten
from bots.slack.client import SlackClient, Undeliverable
from core.model import Actor
from core.screens import StatisticsReport
from core.statistics import ParagraphTally

RANKED = 3


async def send_chart(client: SlackClient, actor: Actor, screen: StatisticsReport) -> bool:
    """Upload the first agreement chart to the person's DM; False if there was none to send."""
    drawn = await asyncio.to_thread(
        first_agreement_chart, screen.title, screen.statistics, simulated=screen.simulated
    )
    if drawn is None:
        return False
    page, chart = drawn
    try:
        channel = await client.direct(actor.ref)
        await client.post(channel, chart_summary(screen, page), person=actor.ref)
        comment = f"Agreement per paragraph: {page.bars[0].label}–{page.bars[-1].label}"
        await client.upload(channel, chart.file_name, chart.png, comment, person=actor.ref)
    except Undeliverable:
        return False  # recorded by the client; there is nobody to tell
    return True


def chart_summary(screen: StatisticsReport, page: AgreementPage) -> SlackMessage:
    """The key figures above the chart, as one Block Kit section."""
    statistics = screen.statistics
    totals, paragraphs = statistics.totals, len(statistics.paragraphs)
    lines = [
        f"📊 *{escape(screen.title)}*: agreement per paragraph",
        f"Level of agreement: *{_percent(totals.agreement_pct)}* · {totals.votes} votes "
        f"({totals.agree} agree, {totals.disagree} disagree)",
        f"Comments: {totals.comments} · contributors: {totals.contributors}",
        f"Most controversial: {_ranked(statistics.most_controversial)}",
    ]
    if len(page.bars) < paragraphs:
        first, last = page.bars[0].label, page.bars[-1].label
        lines.append(f"The chart shows {first}–{last} of {paragraphs}; the table lists them all.")
    text = shorten("\n".join(lines), SECTION_TEXT)
    return message(f"Agreement chart for “{screen.title}”", [section(text)])


def _ranked(ranking: tuple[ParagraphTally, ...]) -> str:
    shown = [f"{t.label} ({_percent(t.agreement_pct)} agree)" for t in ranking[:RANKED]]
    return ", ".join(shown) or "none yet"


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value}%"
