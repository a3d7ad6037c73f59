"""Export files in CSV, JSON and Markdown, read back; atomic writing."""

import csv
import json
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.exporting import export_json, export_markdown, write_atomically
from bots.runtime.open_data_files import PARAGRAPHS, write_open_data
from core.app import ConsultationApp
from core.intents import CastVote, Join, SubmitComment
from core.model import CLI_ACTOR, Actor, Choice
from core.open_data import CollectOpenData
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


async def test_csv_files_hold_each_paragraph_and_the_comments_in_order(
    export: ConsultationExport, app: ConsultationApp, tmp_path: Path
) -> None:
    data = await app.handle(CLI_ACTOR, CollectOpenData(slug="plan"))
    await write_open_data(app, data, tmp_path)

    paragraphs = read(tmp_path / "paragraphs.csv")
    assert tuple(paragraphs[0]) == PARAGRAPHS
    first = paragraphs[0]
    assert (first["agree"], first["disagree"], first["votes"], first["agreement_pct"]) == (
        "2",
        "1",
        "3",
        "67",
    )
    assert (first["section"], first["comments"], first["controversy"]) == (
        "1. Purpose",
        "2",
        "1.732",
    )
    assert paragraphs[1]["agreement_pct"] == ""
    comments = read(tmp_path / "comments.csv")
    assert [(c["paragraph"], c["author"]) for c in comments] == [
        ("1", "ana"),
        ("1", "ben"),
        ("3", "cy"),
    ]
    assert comments[0]["body"] == "Too vague & <b>bold</b>\n[see](x)"
    assert comments[1]["parent_id"] == comments[0]["id"]
    assert comments[2]["body"] == "'=SUM(A1:A9)"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


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
