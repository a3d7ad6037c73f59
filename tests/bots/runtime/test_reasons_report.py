"""The reasons disagreeing participants gave, per paragraph, in every organiser view."""

import csv
import json
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.exporting import export_json, export_markdown, statistics_document
from bots.runtime.open_data_files import write_open_data
from bots.slack.figures import statistics_messages
from bots.telegram.figures import render_statistics
from bots.terminal.figures import statistics_lines
from core.app import ConsultationApp
from core.intents import CastVote, FreeText, Join
from core.model import CLI_ACTOR, Actor, Choice, Reasons
from core.open_data import CollectOpenData
from core.orders import ConsultationExport
from core.screens import StatisticsReport
from tests.bots.conftest import create
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import collect_export

REASON = "=Say <b>who</b> pays *now*"


def person(name: str) -> Actor:
    return Actor(ref=terminal_ref(name), display_name=name)


@pytest.fixture
async def export(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> ConsultationExport:
    """Plan: ana disagrees with P2 and says why; ben disagrees with P2 and skips the question."""
    await create(memory, clock, reasons=Reasons.OPTIONAL)
    for name in ("ana", "ben"):
        await app.handle(person(name), Join(payload="plan"))
        await app.handle(
            person(name), CastVote(consultation_id=1, paragraph_id=2, choice=Choice.DISAGREE)
        )
    await app.handle(person("ana"), FreeText(body=REASON))
    return await collect_export(FakeUnitOfWork(memory), "plan", clock.now())


def test_stats_json_lists_each_paragraphs_reasons(export: ConsultationExport) -> None:
    document = statistics_document(export.consultation, export.statistics, export.exported_at)

    paragraphs = document["paragraphs"]
    assert isinstance(paragraphs, list)
    assert paragraphs[0]["reasons"] == []
    [reason] = paragraphs[1]["reasons"]
    assert (reason["author"], reason["body"], reason["comment_id"]) == ("ana", REASON, 1)
    assert str(reason["created_at"]).endswith("Z")


def test_the_json_export_lists_the_reasons_beside_the_discussion(
    export: ConsultationExport,
) -> None:
    paragraphs = json.loads(export_json(export))["paragraphs"]

    assert [r["body"] for r in paragraphs[1]["reasons"]] == [REASON]
    assert [c["body"] for c in paragraphs[1]["discussion"]] == [REASON]


async def test_the_csv_export_names_the_reason_comment_of_each_disagree(
    export: ConsultationExport, app: ConsultationApp, tmp_path: Path
) -> None:
    await write_open_data(app, await app.handle(CLI_ACTOR, CollectOpenData(slug="plan")), tmp_path)

    with (tmp_path / "votes.csv").open(encoding="utf-8-sig", newline="") as file:
        votes = list(csv.DictReader(file))
    assert [(v["paragraph"], v["choice"], v["reason_comment"]) for v in votes] == [
        ("2", "disagree", "1"),  # ana's, whose reason is comment 1
        ("2", "disagree", ""),  # ben skipped the question
    ]
    with (tmp_path / "comments.csv").open(encoding="utf-8-sig", newline="") as file:
        [reason] = list(csv.DictReader(file))
    assert (reason["id"], reason["body"], reason["author"]) == ("1", f"'{REASON}", "ana")


def test_the_markdown_report_lists_the_reasons_under_the_paragraph(
    export: ConsultationExport,
) -> None:
    text = export_markdown(export)

    section = text.split("### P2", 1)[1].split("### P3", 1)[0]
    assert "Reasons for disagreeing:\n\n- **ana** (" in section
    assert "Say &lt;b&gt;who&lt;/b&gt; pays \\*now\\*" in section


def test_townhall_stats_and_the_terminal_chat_list_the_reasons(
    export: ConsultationExport,
) -> None:
    lines = statistics_lines(export.statistics)

    assert (
        lines[lines.index("Reasons for disagreeing:") + 1]
        == "  P2 · ana: =Say <b>who</b> pays *now*"
    )


def test_the_organisers_chat_stats_list_the_reasons_escaped(export: ConsultationExport) -> None:
    report = StatisticsReport(
        consultation_id=1,
        title="Plan",
        deadline="closes soon",
        statistics=export.statistics,
        every_paragraph=True,
    )

    telegram = render_statistics(report)
    slack = statistics_messages(report)

    assert telegram[-1].text.startswith("<b>Reasons for disagreeing</b>")
    assert "P2 · ana: =Say &lt;b&gt;who&lt;/b&gt; pays *now*" in telegram[-1].text
    blocks = [block for message in slack for block in message.blocks]
    texts = [block.get("text") for block in blocks]
    assert {"type": "plain_text", "text": f"P2 · ana: {REASON}", "emoji": True} in texts
