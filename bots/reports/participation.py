"""Participation over time in the HTML report: a column chart per figure, and the days' table.

The days come from core.statistics (the organiser's figures carry them, UTC days), every day
from the first active one to the last, quiet days included as zeros so that the columns keep
time's proportions.
"""

from dataclasses import dataclass
from datetime import date

from core.statistics import ConsultationStatistics, DailyActivity, every_day

CHART_HEIGHT = 100  # the SVG's units; a column of the day with most is this tall
COLUMN_PITCH = 10  # each day's width in SVG units, its column 80% of it


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One day's column: where it stands in the chart's viewBox, and what it shows."""

    day: date
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True, kw_only=True)
class ColumnChart:
    """A figure's columns, one per day, scaled to the largest."""

    name: str
    highest: int
    columns: tuple[Column, ...]

    @property
    def width(self) -> int:
        return max(len(self.columns), 1) * COLUMN_PITCH


@dataclass(frozen=True, slots=True, kw_only=True)
class Participation:
    """The days (quiet ones as zeros) and a chart of votes and one of comments."""

    days: tuple[DailyActivity, ...]
    charts: tuple[ColumnChart, ...]


def participation(statistics: ConsultationStatistics) -> Participation:
    days = tuple(every_day(statistics.activity))
    return Participation(
        days=days,
        charts=(
            column_chart("votes", [(d.day, d.votes) for d in days]),
            column_chart("comments", [(d.day, d.comments) for d in days]),
        ),
    )


def column_chart(name: str, values: list[tuple[date, int]]) -> ColumnChart:
    highest = max((value for _, value in values), default=0)
    columns = []
    for index, (day, value) in enumerate(values):
        height = round(CHART_HEIGHT * value / highest, 2) if highest else 0.0
        columns.append(
            Column(
                day=day,
                value=value,
                x=index * COLUMN_PITCH + 1,
                y=round(CHART_HEIGHT - height, 2),
                width=COLUMN_PITCH * 0.8,
                height=height,
            )
        )
    return ColumnChart(name=name, highest=highest, columns=tuple(columns))
