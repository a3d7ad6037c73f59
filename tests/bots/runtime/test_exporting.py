"""Export files in CSV, JSON and Markdown, read back; atomic writing."""

import csv
import io
import json
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.exporting import (
    CSV_COLUMNS,
    export_csv,
    export_json,
    export_markdown,
    write_atomically,
)
from core.app import ConsultationApp
from core.intents import CastVote, Join, SubmitComment
from core.model import Actor, Choice
from core.orders import ConsultationExport
from core.screens import CommentPosted, Welcome
from tests.bots.conftest import create
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import collect_export


async def say(app: ConsultationApp, name: str, intent: CastVote | SubmitComment) -> None:
    await app.handle(Actor(ref=terminal_ref(name), display_name=name), intent)


@pytest.fixture
async def export(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> ConsultationExport:
    """Plan with P1 voted 2:1, a comment with a reply on P1 and a formula-like comment on P3."""
    await create(memory, clock)
    for name in ("ana", "ben", "cy"):
        welcome = await app.handle(
            Actor(ref=terminal_ref(name), display_name=name), Join(payload="plan")
        )
        assert isinstance(welcome, Welcome)
    for name, choice in (("ana", Choice.AGREE), ("ben", Choice.AGREE), ("cy", Choice.DISAGREE)):
        await say(app, name, CastVote(consultation_id=1, paragraph_id=1, choice=choice))
    posted = await app.handle(
        Actor(ref=terminal_ref("ana"), display_name="ana"),
        SubmitComment(consultation_id=1, paragraph_id=1, body="Too vague & <b>bold</b>\n[see](x)"),
    )
    assert isinstance(posted, CommentPosted)
    await say(
        app,
        "ben",
        SubmitComment(
            consultation_id=1, paragraph_id=1, body="Agreed.", reply_to=posted.comment.comment_id
        ),
    )
    await say(app, "cy", SubmitComment(consultation_id=1, paragraph_id=3, body="=SUM(A1:A9)"))
    return await collect_export(FakeUnitOfWork(memory), "plan", clock.now())


def test_csv_has_a_row_per_paragraph_followed_by_its_comments(export: ConsultationExport) -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(export))))

    assert tuple(rows[0]) == CSV_COLUMNS
    assert [(row["record"], row["paragraph"]) for row in rows] == [
        ("paragraph", "P1"),
        ("comment", "P1"),
        ("reply", "P1"),
        ("paragraph", "P2"),
        ("paragraph", "P3"),
        ("comment", "P3"),
    ]
    first = rows[0]
    assert (first["agree"], first["disagree"], first["votes"], first["agreement_pct"]) == (
        "2",
        "1",
        "3",
        "67",
    )
    assert first["section"] == "1. Purpose"
    assert first["comments"] == "2"
    assert rows[1]["text"] == "Too vague & <b>bold</b>\n[see](x)"
    assert (rows[2]["author"], rows[2]["parent_id"]) == ("ben", rows[1]["comment_id"])
    assert rows[3]["agreement_pct"] == ""


def test_csv_defuses_cells_a_spreadsheet_would_run_as_formulas(export: ConsultationExport) -> None:
    rows = list(csv.DictReader(io.StringIO(export_csv(export))))

    assert rows[-1]["text"] == "'=SUM(A1:A9)"


def test_json_holds_the_stats_document_plus_texts_and_threads(export: ConsultationExport) -> None:
    document = json.loads(export_json(export))

    assert document["consultation"]["slug"] == "plan"
    assert document["consultation"]["description"] == "A plan for the city."
    assert document["exported_at"] == "2027-01-15T12:00:00Z"
    assert document["totals"] == {
        "agree": 2,
        "disagree": 1,
        "votes": 3,
        "agreement_pct": 67,
        "comments": 3,
        "contributors": 3,
    }
    assert document["sections"] == ["1. Purpose", "2. Means"]
    first = document["paragraphs"][0]
    assert first["text"] == "The plan sets out what the city will do."
    assert [c["body"] for c in first["discussion"]] == [
        "Too vague & <b>bold</b>\n[see](x)",
        "Agreed.",
    ]
    assert first["discussion"][1]["parent_id"] == first["discussion"][0]["id"]
    assert document["paragraphs"][2]["discussion"][0]["body"] == "=SUM(A1:A9)"
    assert [p["number"] for p in document["most_voted"]] == [1]


def test_markdown_shows_figures_paragraphs_and_threads_without_live_markup(
    export: ConsultationExport,
) -> None:
    text = export_markdown(export)

    assert text.startswith("# Plan\n")
    assert "| P1 | 1. Purpose | 2 | 1 | 3 | 67% | 2 |" in text
    assert "### P1 · 1. Purpose\n\n> The plan sets out what the city will do." in text
    assert (
        "- **#1 ana** (15 Jan 2027, 12:00 UTC, +0 −0): Too vague &amp; &lt;b&gt;bold&lt;/b&gt;"
        in text
    )
    assert "  \\[see\\](x)" in text
    assert "  - **#2 ben**" in text
    assert "<b>" not in text


def test_writing_atomically_replaces_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old", encoding="utf-8")

    write_atomically(target, "new,\r\ncontent\r\n")

    assert target.read_bytes() == b"new,\r\ncontent\r\n"
    assert [path.name for path in tmp_path.iterdir()] == ["out.csv"]


def test_writing_into_a_missing_folder_fails_and_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "out.json", "{}")

    assert list(tmp_path.iterdir()) == []
