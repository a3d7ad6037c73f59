"""`townhall chart SLUG --out DIR`: the consultation's charts as PNG files in a folder."""

import asyncio
from pathlib import Path
from typing import TextIO

from bots.reports.chart_data import NothingToChart, chart_data
from bots.reports.charts import Chart, draw_charts
from bots.runtime.bootstrap import Townhall
from bots.runtime.commands import CommandError
from bots.runtime.exporting import write_atomically
from core.model import CLI_ACTOR
from core.orders import ReadStatistics
from core.wording import counted


async def write_charts(townhall: Townhall, slug: str, destination: str, out: TextIO) -> int:
    """Draw every chart from the organiser's figures and write each to `destination`.

    A consultation without votes is refused (exit 1) and nothing is written.
    """
    consultation, statistics = await townhall.app.handle(CLI_ACTOR, ReadStatistics(slug=slug))
    until = min(townhall.clock.now(), consultation.closes_at).date()
    try:
        data = chart_data(
            consultation.title, statistics, until=until, simulated=consultation.simulated
        )
    except NothingToChart:
        raise CommandError(f"{slug} has no votes yet: there is nothing to chart.") from None
    charts = await asyncio.to_thread(draw_charts, data)
    directory = Path(destination)
    try:
        await asyncio.to_thread(_write, directory, charts)
    except OSError as error:
        raise CommandError(f"cannot write to {directory}: {error.strerror or error}") from None
    names = ", ".join(chart.file_name for chart in charts)
    out.write(f"Wrote {counted(len(charts), 'chart')} of {slug} to {directory}: {names}.\n")
    if not data.controversial:
        out.write("No paragraph has both agree and disagree votes yet: no controversy chart.\n")
    return 0


def _write(directory: Path, charts: list[Chart]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for chart in charts:
        write_atomically(directory / chart.file_name, chart.png)
