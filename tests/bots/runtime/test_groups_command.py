"""`townhall groups SLUG [--json]` on a SQLite file: planted camps, staleness, refusals."""

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import open_townhall
from bots.runtime.cli import main
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from core.model import Choice, Vote
from tests.opinions.camps import FIRST_PARAGRAPH, planted_votes

FAR = ["--closes", "2099-01-01T00:00Z"]
PARAGRAPHS = 12


@pytest.fixture
def twelve(tmp_path: Path) -> Path:
    """A draft of twelve paragraphs, P1..P12."""
    path = tmp_path / "twelve.md"
    body = "\n\n".join(f"Paragraph number {n} of the plan." for n in range(1, PARAGRAPHS + 1))
    path.write_text(f"# Twelve\n\n## Everything\n\n{body}\n", encoding="utf-8")
    return path


async def store_votes(url: str, votes: list[tuple[int, int, Choice]]) -> None:
    """Store votes as (person number, FIRST_PARAGRAPH + index, choice) on consultation plan."""
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        uow = wired.unit_of_work()
        async with uow:
            consultation = await uow.consultations.get_by_slug("plan")
            assert consultation is not None
            paragraphs = await uow.paragraphs.list(consultation.id)
            for person, paragraph, choice in votes:
                participant = await uow.participants.get_or_add(
                    terminal_ref(f"person{person}"), f"person{person}"
                )
                await uow.votes.record(
                    Vote(
                        consultation_id=consultation.id,
                        paragraph_id=paragraphs[paragraph - FIRST_PARAGRAPH].id,
                        participant_id=participant.id,
                        choice=choice,
                        cast_at=datetime.now(UTC),
                    )
                )
            await uow.commit()


def groups_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert main(["groups", "plan", "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def test_two_planted_camps_are_printed_with_what_sets_each_apart_and_what_they_share(
    scratch: Path, twelve: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(twelve), "--slug", "plan", "--title", "Plan", *FAR]) == 0
    votes = planted_votes(people=60, paragraphs=PARAGRAPHS, camps=2, noise=0.1)
    asyncio.run(store_votes(database_url, votes))
    capsys.readouterr()

    assert main(["groups", "plan"]) == 0

    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Plan (plan)"
    assert lines[1].startswith("Computed ")
    assert " on 720 votes in " in lines[1]
    assert lines[2].startswith("2 opinion groups (silhouette 0.")
    assert lines[2].endswith("; 60 of 60 voters placed.")
    assert "Group 1 · 30 people" in lines
    assert "Group 2 · 30 people" in lines
    consensus = lines[lines.index("Consensus (most people share this view, in every group):") + 1]
    assert consensus.split()[1] == "agree"
    # The paragraphs every camp agrees with are the odd ones here (P1, P3, ...).
    assert int(consensus.split()[0][1:]) % 2 == 1
    assert "“Paragraph number" in consensus


def test_json_holds_every_figure_with_paragraph_labels_and_is_not_recomputed_needlessly(
    scratch: Path, twelve: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(twelve), "--slug", "plan", "--title", "Plan", *FAR]) == 0
    asyncio.run(
        store_votes(database_url, planted_votes(people=60, paragraphs=12, camps=2, noise=0.1))
    )

    first = groups_json(capsys)
    again = groups_json(capsys)

    assert first == again  # stored, not computed a second time (same computed_at)
    assert first["consultation"] == "plan"
    assert first["verdict"] == "groups"
    assert first["votes_now"] == 720
    groups = first["groups"]
    assert isinstance(groups, list)
    assert [group["size"] for group in groups] == [30, 30]
    representative = groups[0]["representatives"][0]
    assert set(representative) >= {"paragraph_id", "paragraph", "choice", "rate", "ratio_z"}
    assert representative["paragraph"].startswith("P")
    paragraphs = first["paragraphs"]
    assert isinstance(paragraphs, list)
    assert [p["paragraph"] for p in paragraphs] == [f"P{n}" for n in range(1, 13)]


def test_new_votes_since_the_last_computation_bring_a_fresh_one(
    scratch: Path, twelve: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(twelve), "--slug", "plan", "--title", "Plan", *FAR]) == 0
    votes = planted_votes(people=60, paragraphs=PARAGRAPHS, camps=2, noise=0.1)
    asyncio.run(store_votes(database_url, votes))
    before = groups_json(capsys)
    asyncio.run(store_votes(database_url, [(61, FIRST_PARAGRAPH, Choice.AGREE)]))

    after = groups_json(capsys)

    assert (before["stamp"], after["votes_now"]) != (after["stamp"], 720)
    stamp = after["stamp"]
    assert isinstance(stamp, dict)
    assert stamp["vote_count"] == 721
    assert after["voters"] == 61


def test_too_few_voters_get_a_clear_message_not_groups(
    scratch: Path, twelve: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(twelve), "--slug", "plan", "--title", "Plan", *FAR]) == 0
    asyncio.run(store_votes(database_url, [(1, FIRST_PARAGRAPH, Choice.AGREE)]))
    capsys.readouterr()

    assert main(["groups", "plan"]) == 0

    out = capsys.readouterr().out
    assert "Too few voters to find opinion groups: 1 of 1 voter placed, at least 4 needed" in out
    assert "Group 1" not in out


def test_an_unknown_consultation_is_an_error(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["groups", "nope"]) == 1

    assert "There is no consultation “nope”." in capsys.readouterr().err
