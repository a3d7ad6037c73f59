"""`townhall chart SLUG --out DIR`: PNG files of the organiser's figures, or a clear refusal."""

import asyncio
import json
from pathlib import Path

import pytest

from tests.bots.reports.pngs import png_size
from tests.bots.runtime.test_cli import _take_part, import_plan, townhall


def test_chart_writes_each_chart_as_a_png_and_names_them(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--results", "after-close")
    asyncio.run(_take_part(database_url))
    capsys.readouterr()

    assert townhall("chart", "plan", "--out", "charts") == 0

    names = ["agreement-1.png", "participation.png", "controversial.png"]
    assert capsys.readouterr().out == (f"Wrote 3 charts of plan to charts: {', '.join(names)}.\n")
    assert sorted(p.name for p in (scratch / "charts").iterdir()) == sorted(names)
    assert png_size((scratch / "charts" / "agreement-1.png").read_bytes()) == (900, 196)
    assert png_size((scratch / "charts" / "participation.png").read_bytes()) == (900, 450)


def test_chart_draws_the_figures_stats_json_prints(
    scratch: Path,
    draft: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bots.reports import chart_data as module

    import_plan(draft)
    asyncio.run(_take_part(database_url))
    drawn: list[module.ChartData] = []
    original = module.chart_data

    def spy(*args: object, **kwargs: object) -> module.ChartData:
        data = original(*args, **kwargs)  # type: ignore[arg-type]
        drawn.append(data)
        return data

    monkeypatch.setattr("bots.runtime.commands.charting.chart_data", spy)
    capsys.readouterr()
    assert townhall("stats", "plan", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    assert townhall("chart", "plan", "--out", "charts") == 0

    [data] = drawn
    assert [(b.agree, b.disagree, b.agreement_pct) for b in data.agreement[0].bars] == [
        (p["agree"], p["disagree"], p["agreement_pct"]) for p in document["paragraphs"]
    ]
    assert sum(d.votes for d in data.days) == document["totals"]["votes"]


def test_chart_of_a_consultation_without_votes_is_refused_and_writes_nothing(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    capsys.readouterr()

    assert townhall("chart", "plan", "--out", "charts") == 1

    assert capsys.readouterr().err == (
        "townhall: error: plan has no votes yet: there is nothing to chart.\n"
    )
    assert not (scratch / "charts").exists()


def test_chart_of_an_unknown_consultation_is_an_error(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("chart", "nope", "--out", "charts") == 1
    assert "no consultation “nope”" in capsys.readouterr().err
    assert not (scratch / "charts").exists()
