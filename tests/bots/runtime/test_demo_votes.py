"""`townhall demo-votes` on the command line: what it prints, what it refuses."""

import json
from pathlib import Path

import pytest

from bots.runtime.cli import main

FAR = ["--closes", "2099-01-01T00:00Z"]


def stats(capsys: pytest.CaptureFixture[str], slug: str) -> dict[str, object]:
    capsys.readouterr()
    assert main(["stats", slug, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_demo_votes_say_what_they_stored_and_a_seed_gives_the_same_figures(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for slug in ("one", "two"):
        assert main(["import", str(draft), "--slug", slug, "--title", "T", *FAR]) == 0
    capsys.readouterr()

    assert main(["demo-votes", "one", "--participants", "40", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert main(["demo-votes", "two", "--participants", "40", "--seed", "5"]) == 0

    assert out.startswith("Simulated 40 participants in one (seed 5): ")
    assert "Its opening moved back to " in out
    one, two = stats(capsys, "one"), stats(capsys, "two")
    assert one["paragraphs"] == two["paragraphs"]
    assert one["totals"] == two["totals"]


def test_a_second_run_is_refused_and_the_figures_stay_as_the_first_left_them(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(draft), "--slug", "plan", "--title", "T", *FAR]) == 0
    before = stats(capsys, "plan")
    assert main(["demo-votes", "plan", "--participants", "5"]) == 0
    capsys.readouterr()

    assert main(["demo-votes", "plan"]) == 1

    assert "townhall: error: “plan” already holds simulated votes" in capsys.readouterr().err
    after = stats(capsys, "plan")
    assert before["totals"] != after["totals"]
    assert main(["demo-votes", "plan", "--participants", "9"]) == 1
    assert stats(capsys, "plan") == after
