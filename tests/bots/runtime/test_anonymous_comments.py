"""`townhall import --anonymous-comments`: no comment shows its author, exports included."""

import asyncio
import csv
import json
from pathlib import Path

import pytest

from tests.bots.runtime.test_cli import FAR, PLAN, _take_part, townhall


def test_import_with_anonymous_comments_exports_no_names_in_any_format(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR, "--anonymous-comments") == 0
    asyncio.run(_take_part(database_url))  # ana comments, ben replies
    capsys.readouterr()

    for file_format in ("json", "md"):  # csv: test_open_data_export.py
        assert townhall("export", "plan", "--format", file_format, "--out", "-") == 0
        exported = capsys.readouterr().out
        assert "ana" not in exported
        assert "ben" not in exported
        assert "Anonymous" in exported
    assert townhall("export", "plan", "--format", "json", "--out", "plan.json") == 0
    document = json.loads((scratch / "plan.json").read_text(encoding="utf-8"))
    [p2] = [p for p in document["paragraphs"] if p["number"] == 2]
    assert {c["author"] for c in p2["discussion"]} == {"Anonymous"}
    assert townhall("show", "plan") == 0
    assert "anonymous comments" in capsys.readouterr().out


def test_import_without_the_flag_keeps_the_names(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    asyncio.run(_take_part(database_url))
    capsys.readouterr()

    assert townhall("export", "plan", "--format", "csv", "--out", "open") == 0

    with (scratch / "open" / "comments.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert {row["author"] for row in rows} == {"ana", "ben"}
