"""`townhall export --format polis`: Polis's open-data files, read back as red-dwarf reads them."""

import asyncio
import csv
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bots.runtime.polis_files import polis_datetime
from tests.bots.runtime.test_cli import _take_part, import_plan, townhall

# The columns red-dwarf's loader reads (reddwarf/models.py: Vote and Statement, by alias) and
# the header Polis's math writes for participants-votes.csv, in Polis's order.
VOTE_COLUMNS = ["timestamp", "datetime", "comment-id", "voter-id", "vote"]
STATEMENT_COLUMNS = [
    "timestamp",
    "datetime",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
]
PARTICIPANT_COLUMNS = ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"]
SUMMARY_KEYS = [
    "topic",
    "url",
    "voters",
    "voters-in-conv",
    "commenters",
    "comments",
    "groups",
    "conversation-description",
]


def read(path: Path) -> list[dict[str, str]]:
    """As red-dwarf does: open() as UTF-8 (no BOM expected), csv.DictReader."""
    with path.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def polis(scratch: Path, draft: Path, database_url: str) -> Path:
    import_plan(draft)
    asyncio.run(_take_part(database_url))
    assert townhall("export", "plan", "--format", "polis", "--out", "polis") == 0
    return scratch / "polis"


def test_polis_export_writes_polis_four_files_with_its_columns_in_its_order(polis: Path) -> None:
    assert sorted(p.name for p in polis.iterdir()) == [
        "comments.csv",
        "participants-votes.csv",
        "summary.csv",
        "votes.csv",
    ]
    with (polis / "votes.csv").open(encoding="utf-8") as file:
        assert next(csv.reader(file)) == VOTE_COLUMNS
    with (polis / "comments.csv").open(encoding="utf-8") as file:
        assert next(csv.reader(file)) == STATEMENT_COLUMNS
    with (polis / "participants-votes.csv").open(encoding="utf-8") as file:
        assert next(csv.reader(file)) == [*PARTICIPANT_COLUMNS, "1", "2", "3"]
    with (polis / "summary.csv").open(encoding="utf-8") as file:
        assert [row[0] for row in csv.reader(file)] == SUMMARY_KEYS
    assert b"\r\n" not in (polis / "votes.csv").read_bytes()
    assert {stat.S_IMODE(p.stat().st_mode) for p in polis.iterdir()} == {0o600}


def test_polis_votes_and_statements_carry_the_figures_of_stats_json(
    polis: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert townhall("stats", "plan", "--json") == 0
    stats = json.loads(capsys.readouterr().out)

    votes = read(polis / "votes.csv")
    statements = read(polis / "comments.csv")
    matrix = read(polis / "participants-votes.csv")
    with (polis / "summary.csv").open(encoding="utf-8") as file:
        summary = dict(csv.reader(file))

    assert len(votes) == stats["totals"]["votes"]
    assert {int(v["vote"]) for v in votes} == {1, -1}
    assert sum(int(v["vote"]) == 1 for v in votes) == stats["totals"]["agree"]
    assert [(int(s["comment-id"]), int(s["agrees"]), int(s["disagrees"])) for s in statements] == [
        (p["number"], p["agree"], p["disagree"]) for p in stats["paragraphs"]
    ]
    assert {s["moderated"] for s in statements} == {"1"}
    assert sum(int(row["n-votes"]) for row in matrix) == stats["totals"]["votes"]
    assert {row["n-comments"] for row in matrix} == {"0"}  # comments are not statements
    assert summary["voters"] == "4"
    assert summary["topic"] == "Plan"
    for row in matrix:  # each person's cells agree with their votes in votes.csv
        theirs = {v["comment-id"]: v["vote"] for v in votes if v["voter-id"] == row["participant"]}
        assert {k: row[k] for k in ("1", "2", "3") if row[k]} == theirs
        assert int(row["n-agree"]) == list(theirs.values()).count("1")


def test_polis_ids_and_times_are_whole_numbers_as_polis_tools_require(polis: Path) -> None:
    votes = read(polis / "votes.csv")
    voters = {int(v["voter-id"]) for v in votes}
    assert voters == {1, 2, 3, 4}  # 0 is the document's author
    assert {int(s["author-id"]) for s in read(polis / "comments.csv")} == {0}
    for vote in votes:
        moment = datetime.fromtimestamp(int(vote["timestamp"]), UTC)
        assert vote["datetime"] == polis_datetime(moment)
        assert moment.year >= 2026


def test_polis_datetime_spells_times_as_javascript_does_in_utc() -> None:
    moment = datetime(2027, 1, 5, 9, 3, 7, tzinfo=UTC)
    assert (
        polis_datetime(moment) == "Tue Jan 05 2027 09:03:07 GMT+0000 (Coordinated Universal Time)"
    )
