"""`townhall paragraph SLUG P2 --status decided|voting`, and its clear refusals."""

import json
from pathlib import Path

import pytest

from tests.bots.runtime.test_cli import FAR, PLAN, townhall


def test_a_paragraph_is_marked_decided_and_back_to_the_vote(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    capsys.readouterr()

    assert townhall("paragraph", "plan", "P2", "--status", "decided") == 0
    assert townhall("paragraph", "plan", "p2", "--status", "decided") == 0
    assert townhall("paragraph", "plan", "2", "--status", "voting") == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("P2 of “Plan” is decided: its text is final")
    assert out[1] == "P2 of “Plan” was already decided."
    assert out[2] == "P2 of “Plan” is back to the vote."


def test_an_unknown_paragraph_or_consultation_is_an_error(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    capsys.readouterr()

    assert townhall("paragraph", "plan", "P9", "--status", "decided") == 1
    assert capsys.readouterr().err == (
        "townhall: error: “Plan” has no paragraph 'P9': its paragraphs are P1 to P3.\n"
    )
    assert townhall("paragraph", "nothing", "P1", "--status", "decided") == 1
    assert "There is no consultation “nothing”" in capsys.readouterr().err


def test_a_closed_consultations_paragraphs_keep_their_status(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    assert townhall("close", "plan") == 0
    capsys.readouterr()

    assert townhall("paragraph", "plan", "P1", "--status", "decided") == 1
    assert "is closed: its paragraphs' status can no longer change" in capsys.readouterr().err


def test_an_unknown_status_is_a_usage_error(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    with pytest.raises(SystemExit) as exited:
        townhall("paragraph", "plan", "P1", "--status", "final")
    assert exited.value.code == 2
    assert "--status: invalid choice: 'final'" in capsys.readouterr().err


def test_stats_and_exports_count_the_paragraphs_per_status(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    assert townhall("paragraph", "plan", "P3", "--status", "decided") == 0
    capsys.readouterr()

    assert townhall("stats", "plan", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert townhall("stats", "plan") == 0
    text = capsys.readouterr().out
    assert townhall("export", "plan", "--format", "md", "--out", "-") == 0
    markdown = capsys.readouterr().out

    assert stats["statuses"] == {"in_voting": 2, "supported": 0, "decided": 1}
    assert [p["status"] for p in stats["paragraphs"]] == ["in voting", "in voting", "decided"]
    assert "paragraphs: 2 in voting · 0 supported · 1 decided" in text
    assert text.splitlines()[7].split() == ["P3", "0", "0", "0", "–", "0", "decided"]
    assert "paragraphs: 2 in voting · 0 supported · 1 decided" in markdown
