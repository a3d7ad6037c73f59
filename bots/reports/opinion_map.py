"""The opinion map: each clustered participant as a point of the PCA plane, marked by group.

Polis projects the participant × paragraph vote matrix onto its first two principal
components and clusters the participants into opinion groups (README "Opinion groups"); this
draws that projection as a PNG in the conventions of bots.reports.charts (headless Agg, fixed
pixels, the same bytes for the same points, the simulated-data note). Each group has an
Okabe-Ito colour and a marker shape of its own, so colour is never the only cue, and the
legend gives each group's size. The axes carry no units: only distances mean something.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from bots.reports.charts import Chart, draw_figure, one_line

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MAP_HEIGHT = 700
MAP_FILE = "opinion-map.png"
# Okabe-Ito: blue, orange, bluish green, vermillion, reddish purple; then grey for any more.
GROUP_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7")
GROUP_MARKERS = ("o", "s", "^", "D", "v")
OTHER_COLOUR, OTHER_MARKER = "#999999", "x"
# Points are drawn smaller as there are more of them, so a crowd stays readable.
LARGEST_MARKER, SMALLEST_MARKER = 36.0, 2.0


class MapPoint(Protocol):
    """A participant's place on the map and the number (1, 2, ...) of their group."""

    @property
    def x(self) -> float: ...
    @property
    def y(self) -> float: ...
    @property
    def group(self) -> int: ...


def draw_opinion_map(
    title: str, points: Sequence[MapPoint], *, simulated: bool = False
) -> Chart | None:
    """The map of these points; None without any point to draw."""
    if not points:
        return None
    return draw_figure(
        MAP_FILE,
        MAP_HEIGHT,
        f"{one_line(title)}: opinion groups of the participants",
        lambda axes: _scatter(axes, points),
        simulated=simulated,
    )


def group_style(group: int) -> tuple[str, str]:
    """The colour and marker of group `group` (numbered from 1)."""
    if 1 <= group <= len(GROUP_COLOURS):
        return GROUP_COLOURS[group - 1], GROUP_MARKERS[group - 1]
    return OTHER_COLOUR, OTHER_MARKER


def marker_size(count: int) -> float:
    """Square points of a scatter of `count` points: 36 for a few, down to 2 for a crowd."""
    return max(SMALLEST_MARKER, min(LARGEST_MARKER, 3600.0 / max(count, 1)))


def _scatter(axes: "Axes", points: Sequence[MapPoint]) -> None:
    size = marker_size(len(points))
    for group in sorted({point.group for point in points}):
        members = [point for point in points if point.group == group]
        colour, marker = group_style(group)
        axes.scatter(
            [point.x for point in members],
            [point.y for point in members],
            s=size,
            c=colour,
            marker=marker,
            linewidths=0.5 if marker == OTHER_MARKER else 0,
            alpha=0.8,
            label=f"Group {group} ({_people(len(members))})",
        )
    axes.axhline(0, color="#cccccc", linewidth=0.8, zorder=0)
    axes.axvline(0, color="#cccccc", linewidth=0.8, zorder=0)
    axes.set_xticks([])
    axes.set_yticks([])
    axes.set_xlabel("first principal component")
    axes.set_ylabel("second principal component")
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1), ncols=5, frameon=False)


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"
