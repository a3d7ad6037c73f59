"""`townhall export SLUG --format html`: the report's figures are `townhall stats --json`'s."""

import asyncio
import json
import stat
from pathlib import Path

import pytest

from tests.bots.reports.html_reading import by_id, figures, paragraph_rows, parse, text
from tests.bots.runtime.test_cli import _take_part, import_plan, townhall


def test_the_html_report_shows_exactly_the_figures_of_stats_json(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--results", "after-close")
    asyncio.run(_take_part(database_url))
    capsys.readouterr()
    assert townhall("stats", "plan", "--json") == 0
    stats = json.loads(capsys.readouterr().out)

    assert townhall("export", "plan", "--format", "html", "--out", "report.html") == 0

    assert capsys.readouterr().out == (
        "Exported plan to report.html (html): 3 paragraphs, 2 comments.\n"
    )
    report = scratch / "report.html"
    assert stat.S_IMODE(report.stat().st_mode) == 0o600  # it holds people's comments
    root = parse(report.read_text(encoding="utf-8"))
    totals = {key: stats["totals"][key] for key in ("agree", "disagree", "votes", "comments")}
    assert figures(by_id(root, "overall")) == totals | {
        "agreement": stats["totals"]["agreement_pct"],
        "contributors": stats["totals"]["contributors"],
        "in-voting": stats["statuses"]["in_voting"],
        "supported": stats["statuses"]["supported"],
        "decided": stats["statuses"]["decided"],
    }
    shown_statuses = [e.attrib["data-status"] for e in root.iter() if "data-status" in e.attrib]
    assert shown_statuses == [p["status"] for p in stats["paragraphs"]]
    assert [
        figures(row) | {"number": int(row.attrib["data-paragraph"])}
        for row in paragraph_rows(root)
    ] == [
        {
            "number": p["number"],
            "agreement": p["agreement_pct"],
            "agree": p["agree"],
            "disagree": p["disagree"],
            "comments": p["comments"],
        }
        for p in stats["paragraphs"]
    ]
    assert [int(row.attrib["data-votes"]) for row in paragraph_rows(root)] == [
        p["votes"] for p in stats["paragraphs"]
    ]
    rankings = {
        ol.attrib["data-ranking"]: [int(li.attrib["data-ranked"]) for li in ol.iter("li")]
        for ol in root.iter("ol")
        if "data-ranking" in ol.attrib
    }
    assert rankings == {
        key: [p["number"] for p in stats[key]]
        for key in ("most_voted", "most_commented", "most_controversial")
    }
    status = [e for e in root.iter() if e.attrib.get("data-figure") == "phase"]
    assert [text(e) for e in status] == [stats["consultation"]["phase"]]


def test_the_html_report_goes_to_stdout_with_out_dash(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))
    capsys.readouterr()

    assert townhall("export", "plan", "--format", "html", "--out", "-") == 0

    root = parse(capsys.readouterr().out)
    assert [text(h) for h in root.iter("h1")] == ["Plan"]
    assert not list(scratch.glob("*.html"))


def test_an_html_report_into_a_missing_folder_is_an_error_and_writes_nothing(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)

    assert townhall("export", "plan", "--format", "html", "--out", "missing/r.html") == 1

    assert capsys.readouterr().err == (
        "townhall: error: cannot write missing/r.html: No such file or directory\n"
    )
    assert not (scratch / "missing").exists()
