"""PNG charts of a consultation's figures, drawn by matplotlib on its headless Agg backend.

Three kinds, from bots.reports.chart_data: agreement per paragraph (diverging bars in
document order, disagree left and agree right, the level of agreement written at each bar,
50 paragraphs to an image), participation per day (votes and comments as columns, new
participants as a line) and the most controversial paragraphs. Agree is Okabe-Ito blue and
disagree Okabe-Ito orange with a hatch, so neither colour vision nor colour alone is needed.

matplotlib is imported only when a chart is drawn (`townhall --help` must not load it), with
the Agg backend chosen explicitly; its bundled DejaVu Sans is the font, so nothing is fetched.
An image has a fixed size in pixels (fixed DPI, margins in pixels) and its PNG carries no
software version or date, so the same figures always give the same bytes. Titles are people's
text: they are drawn as plain text (no `$...$` maths) and cut to one line. The charts of a
consultation filled by `townhall demo-votes` say so under their title, and in the PNG's
Description text chunk (core.simulation.SIMULATED_NOTE).
"""

import io
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bots.reports.chart_data import (
    AgreementBar,
    AgreementPage,
    ChartData,
    NothingToChart,
    chart_data,
)
from core.simulation import SIMULATED_NOTE
from core.statistics import ConsultationStatistics

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

DPI = 100
WIDTH = 900  # pixels, every chart
BAR_PITCH = 22  # pixels per paragraph in the agreement charts
MARGINS = {"top": 80, "bottom": 50, "left": 70, "right": 120}  # pixels
PARTICIPATION_HEIGHT = 450
AGREE_COLOUR = "#0072B2"
DISAGREE_COLOUR = "#E69F00"
NEWCOMER_COLOUR = "#000000"
TITLE_LENGTH = 70
MOST_DATE_LABELS = 12
SIMULATED_LINE = 42  # pixels from the top: the simulated-data note, between title and legend


@dataclass(frozen=True, slots=True, kw_only=True)
class Chart:
    """One PNG image and the file name it is written under."""

    file_name: str
    png: bytes
    width: int
    height: int


def draw_charts(data: ChartData) -> list[Chart]:
    """Every chart of the consultation: the agreement pages, participation, controversy."""
    charts = [
        draw_agreement(data.title, page, simulated=data.simulated) for page in data.agreement
    ]
    charts.append(draw_participation(data))
    if data.controversial:
        charts.append(draw_controversial(data))
    return charts


def first_agreement_chart(
    title: str, statistics: ConsultationStatistics, *, simulated: bool = False
) -> tuple[AgreementPage, Chart] | None:
    """What a chat shows: the first agreement page and its image; None without votes."""
    try:
        data = chart_data(title, statistics, simulated=simulated)
    except NothingToChart:
        return None
    page = data.agreement[0]
    return page, draw_agreement(data.title, page, simulated=simulated)


def bars_height(bars: int) -> int:
    """The height in pixels of an image with this many paragraph bars."""
    return MARGINS["top"] + MARGINS["bottom"] + BAR_PITCH * max(bars, 3)


def draw_agreement(title: str, page: AgreementPage, *, simulated: bool = False) -> Chart:
    """One page of agreement per paragraph."""
    part = f" ({page.number}/{page.pages})" if page.pages > 1 else ""
    heading = f"{one_line(title)}: agreement per paragraph{part}"
    return draw_figure(
        page.file_name,
        bars_height(len(page.bars)),
        heading,
        lambda axes: _diverging(axes, page.bars, page.widest),
        simulated=simulated,
    )


def draw_controversial(data: ChartData) -> Chart:
    """The most controversial paragraphs, most controversial first."""
    widest = max(max(b.agree, b.disagree) for b in data.controversial)
    return draw_figure(
        "controversial.png",
        bars_height(len(data.controversial)),
        f"{one_line(data.title)}: most controversial paragraphs",
        lambda axes: _diverging(axes, data.controversial, widest),
        simulated=data.simulated,
    )


def draw_participation(data: ChartData) -> Chart:
    """Votes, comments and new participants per UTC day."""
    return draw_figure(
        "participation.png",
        PARTICIPATION_HEIGHT,
        f"{one_line(data.title)}: participation per day (UTC)",
        lambda axes: _participation(axes, data),
        simulated=data.simulated,
    )


def draw_figure(
    file_name: str,
    height: int,
    heading: str,
    plot: Callable[["Axes"], None],
    *,
    simulated: bool = False,
) -> Chart:
    """A chart of `height` pixels: `plot` draws on its axes, under `heading` (plain text)."""
    figure = _figure(height)
    axes = figure.add_subplot()
    plot(axes)
    left = MARGINS["left"] / WIDTH
    figure.suptitle(heading, x=left, ha="left", parse_math=False)
    metadata: dict[str, str | None] = {"Software": None}
    if simulated:
        figure.text(left, 1 - SIMULATED_LINE / height, SIMULATED_NOTE, fontsize=9)
        metadata["Description"] = SIMULATED_NOTE
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # A title in a script DejaVu Sans lacks shows boxes for those letters, not an error.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        figure.savefig(buffer, format="png", dpi=DPI, metadata=metadata)
    return Chart(file_name=file_name, png=buffer.getvalue(), width=WIDTH, height=height)


def _figure(height: int) -> "Figure":
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH / DPI, height / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(
        left=MARGINS["left"] / WIDTH,
        right=1 - MARGINS["right"] / WIDTH,
        top=1 - MARGINS["top"] / height,
        bottom=MARGINS["bottom"] / height,
    )
    return figure


def _diverging(axes: "Axes", bars: tuple[AgreementBar, ...], widest: int) -> None:
    """Disagree to the left of zero, agree to the right, the first bar on top."""
    rows = range(len(bars))
    axes.barh(
        rows, [-b.disagree for b in bars], color=DISAGREE_COLOUR, hatch="//", label="Disagree"
    )
    axes.barh(rows, [b.agree for b in bars], color=AGREE_COLOUR, label="Agree")
    axes.axvline(0, color="#333333", linewidth=0.8)
    limit = max(widest, 1) * 1.05
    axes.set_xlim(-limit, limit)
    axes.set_ylim(len(bars) - 0.5, -0.5)
    axes.set_yticks(list(rows), [b.label for b in bars])
    axes.xaxis.set_major_formatter(lambda value, _: f"{abs(value):g}")
    axes.set_xlabel("votes: disagree ← | → agree")
    for row, bar in enumerate(bars):
        axes.text(1.01, row, bar.caption, transform=axes.get_yaxis_transform(), va="center")
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=2, frameon=False)


def _participation(axes: "Axes", data: ChartData) -> None:
    from matplotlib.ticker import MaxNLocator

    days = data.days
    at = range(len(days))
    axes.bar(
        [x - 0.2 for x in at], [d.votes for d in days], 0.4, color=AGREE_COLOUR, label="Votes"
    )
    axes.bar(
        [x + 0.2 for x in at],
        [d.comments for d in days],
        0.4,
        color=DISAGREE_COLOUR,
        hatch="//",
        label="Comments",
    )
    axes.plot(
        list(at),
        [d.new_participants for d in days],
        color=NEWCOMER_COLOUR,
        marker="o",
        linestyle="--",
        label="New participants",
    )
    step = math.ceil(len(days) / MOST_DATE_LABELS)
    shown = list(at)[::step]
    axes.set_xticks(shown, [f"{days[x].day.day} {days[x].day:%b}" for x in shown])
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=3, frameon=False)


def one_line(title: str) -> str:
    """People's text as one line of a chart title, cut with an ellipsis."""
    flat = " ".join(title.split())
    return flat if len(flat) <= TITLE_LENGTH else flat[: TITLE_LENGTH - 1] + "…"
