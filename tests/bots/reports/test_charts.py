"""PNG charts: the figures they draw are stats --json's, they decode at their size, 300 fit."""

from datetime import UTC, date, datetime

import pytest

from bots.reports.chart_data import NothingToChart, chart_data
from bots.reports.charts import WIDTH, bars_height, draw_charts
from bots.runtime.exporting import statistics_document
from core.model import Consultation, Privacy, ResultsVisibility, Status
from core.simulation import SIMULATED_NOTE
from core.statistics import (
    ConsultationStatistics,
    DailyActivity,
    ParagraphTally,
    compile_statistics,
)
from tests.bots.reports.pngs import chunks, description, png_size

NOW = datetime(2027, 1, 10, 12, tzinfo=UTC)


def figures(paragraphs: int, *, votes: bool = True) -> ConsultationStatistics:
    tallies = [
        ParagraphTally(
            paragraph_id=n,
            number=n,
            position=n,
            section=None,
            agree=(n * 7) % 23 if votes else 0,
            disagree=(n * 5) % 11 if votes else 0,
            comments=n % 3,
        )
        for n in range(1, paragraphs + 1)
    ]
    activity = [
        DailyActivity(day=date(2027, 1, 2), votes=40, comments=3, new_participants=9),
        DailyActivity(day=date(2027, 1, 5), votes=12, comments=0, new_participants=2),
    ]
    return compile_statistics(tallies, contributors=11, latest_comments=[], activity=activity)


def consultation() -> Consultation:
    return Consultation(
        id=1,
        slug="plan",
        title="Plan",
        description="",
        opens_at=datetime(2027, 1, 1, tzinfo=UTC),
        closes_at=datetime(2027, 2, 1, tzinfo=UTC),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )


def test_the_charts_draw_the_same_figures_as_stats_json() -> None:
    statistics = figures(12)
    document = statistics_document(consultation(), statistics, NOW)

    data = chart_data("Plan", statistics, until=date(2027, 1, 6))

    [page] = data.agreement
    assert [(b.label, b.agree, b.disagree, b.agreement_pct) for b in page.bars] == [
        (f"P{p['number']}", p["agree"], p["disagree"], p["agreement_pct"])
        for p in document["paragraphs"]  # type: ignore[attr-defined]
    ]
    assert [b.label for b in data.controversial] == [
        f"P{p['number']}"
        for p in document["most_controversial"]  # type: ignore[attr-defined]
    ]
    json_days = {a["day"]: a for a in document["activity"]}  # type: ignore[attr-defined]
    assert [d.day.isoformat() for d in data.days] == [f"2027-01-0{n}" for n in range(2, 7)]
    quiet = {"votes": 0, "comments": 0, "new_participants": 0}
    assert [(d.votes, d.comments, d.new_participants) for d in data.days] == [
        tuple(json_days.get(d.day.isoformat(), quiet)[k] for k in quiet) for d in data.days
    ]


def test_every_chart_is_a_png_of_its_stated_size_with_no_date_or_software_in_it() -> None:
    charts = draw_charts(chart_data("Plan", figures(12), until=date(2027, 1, 6)))

    assert [c.file_name for c in charts] == [
        "agreement-1.png",
        "participation.png",
        "controversial.png",
    ]
    for chart in charts:
        assert png_size(chart.png) == (chart.width, chart.height)
        texts = b" ".join(data for kind, data in chunks(chart.png) if kind in {b"tEXt", b"iTXt"})
        assert b"Software" not in texts
        assert b"2027" not in texts
        assert b"Date" not in texts
    assert charts[0].height == bars_height(12)


def test_the_same_figures_give_the_same_bytes() -> None:
    data = chart_data("Plan", figures(5), until=date(2027, 1, 6))
    assert [c.png for c in draw_charts(data)] == [c.png for c in draw_charts(data)]


def test_300_paragraphs_are_paged_50_to_an_image_on_one_scale_in_document_order() -> None:
    data = chart_data("Plan", figures(300), until=date(2027, 1, 6))

    assert [len(page.bars) for page in data.agreement] == [50] * 6
    labels = [bar.label for page in data.agreement for bar in page.bars]
    assert labels == [f"P{n}" for n in range(1, 301)]
    assert {page.widest for page in data.agreement} == {22}
    charts = draw_charts(data)
    assert [c.file_name for c in charts[:6]] == [f"agreement-{n}.png" for n in range(1, 7)]
    assert {png_size(c.png) for c in charts[:6]} == {(WIDTH, bars_height(50))}


def test_a_consultation_without_votes_has_nothing_to_chart() -> None:
    with pytest.raises(NothingToChart, match="no votes yet"):
        chart_data("Plan", figures(3, votes=False))


def test_a_title_with_dollar_signs_and_markup_is_drawn_as_plain_text() -> None:
    data = chart_data(r"Budget $x^2$ \frac{a}{b} <b>", figures(3), until=date(2027, 1, 6))
    for chart in draw_charts(data):
        assert png_size(chart.png) == (chart.width, chart.height)


def test_the_charts_of_simulated_figures_say_so_and_real_ones_do_not() -> None:
    statistics = figures(12)
    simulated = draw_charts(chart_data("Plan", statistics, until=date(2027, 1, 6), simulated=True))
    real = draw_charts(chart_data("Plan", statistics, until=date(2027, 1, 6)))

    for chart in simulated:
        assert description(chart.png) == SIMULATED_NOTE
    assert all(description(chart.png) is None for chart in real)
    # The note is drawn too: the image differs from the real figures' at the same size.
    assert [c.png for c in simulated] != [c.png for c in real]
    assert [(c.width, c.height) for c in simulated] == [(c.width, c.height) for c in real]
