"""What each chart shows, taken from the organiser's figures before anything is drawn.

The charts (bots/reports/charts.py) draw these values and nothing else, so the numbers in a
picture are the numbers of `townhall stats --json`: the paragraphs' agree and disagree counts
and level of agreement in document order, the most controversial ranking, and the
participation per UTC day with the quiet days filled in as zeros.
"""

from dataclasses import dataclass
from datetime import date

from core.statistics import ConsultationStatistics, DailyActivity, ParagraphTally, every_day

# Paragraphs per agreement image: a bar and its label stay readable on a phone's screen.
PARAGRAPHS_PER_PAGE = 50


class NothingToChart(ValueError):
    """The consultation has no votes yet: a chart would be empty."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementBar:
    """One paragraph's bar: disagree to the left, agree to the right, its level written."""

    label: str
    agree: int
    disagree: int
    agreement_pct: int | None

    @property
    def caption(self) -> str:
        return "no votes" if self.agreement_pct is None else f"{self.agreement_pct}% agree"


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementPage:
    """The bars of one agreement image, in document order, and which image it is."""

    number: int
    pages: int
    bars: tuple[AgreementBar, ...]
    # The same scale on every page, so that bars compare across images.
    widest: int

    @property
    def file_name(self) -> str:
        return f"agreement-{self.number}.png"


@dataclass(frozen=True, slots=True, kw_only=True)
class ChartData:
    """Everything the charts of one consultation draw."""

    title: str
    agreement: tuple[AgreementPage, ...]
    controversial: tuple[AgreementBar, ...]
    days: tuple[DailyActivity, ...]
    # Filled by `townhall demo-votes` (Consultation.simulated): every image then says so.
    simulated: bool = False


def chart_data(
    title: str,
    statistics: ConsultationStatistics,
    *,
    until: date | None = None,
    simulated: bool = False,
) -> ChartData:
    """The charts' values; `until` (today, or the closing day) ends the participation days.

    Raises NothingToChart when nobody has voted yet.
    """
    if statistics.totals.votes == 0:
        raise NothingToChart("no votes yet: there is nothing to chart")
    return ChartData(
        title=title,
        agreement=agreement_pages(statistics.paragraphs),
        controversial=tuple(_bar(t) for t in statistics.most_controversial),
        days=tuple(every_day(statistics.activity, until=until)),
        simulated=simulated,
    )


def agreement_pages(
    tallies: tuple[ParagraphTally, ...], per_page: int = PARAGRAPHS_PER_PAGE
) -> tuple[AgreementPage, ...]:
    """The paragraphs' bars in document order, `per_page` to an image."""
    bars = [_bar(t) for t in tallies]
    chunks = [bars[start : start + per_page] for start in range(0, len(bars), per_page)]
    widest = max((max(b.agree, b.disagree) for b in bars), default=0)
    return tuple(
        AgreementPage(number=n, pages=len(chunks), bars=tuple(chunk), widest=widest)
        for n, chunk in enumerate(chunks, start=1)
    )


def _bar(tally: ParagraphTally) -> AgreementBar:
    return AgreementBar(
        label=tally.label,
        agree=tally.agree,
        disagree=tally.disagree,
        agreement_pct=tally.agreement_pct,
    )
