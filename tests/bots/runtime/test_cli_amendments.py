"""`townhall amendment accept|reject`, `amendments` and `show --versions` on a SQLite file."""

import asyncio
import json
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from core.amendment_intents import ConfirmWording, SubmitWording
from core.intents import CastVote, Join
from core.model import Actor, Choice
from core.screens import Notice, WordingReview
from tests.bots.runtime.test_cli import import_plan, townhall

ORIGINAL = "The plan sets out what the city will do."
CHANGED = "The plan sets out what the city will do by 2030."


async def suggest(url: str, name: str, body: str) -> int:
    """`name` votes Agree on P1 and publishes `body` as its wording; the amendment's id."""
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        person = Actor(ref=terminal_ref(name), display_name=name)
        await wired.app.handle(person, Join(payload="plan"))
        async with wired.unit_of_work() as uow:
            consultation = await uow.consultations.get_by_slug("plan")
            assert consultation is not None
            first = (await uow.paragraphs.list(consultation.id))[0]
        cid, pid = consultation.id, first.id
        await wired.app.handle(
            person, CastVote(consultation_id=cid, paragraph_id=pid, choice=Choice.AGREE)
        )
        review = await wired.app.handle(
            person, SubmitWording(consultation_id=cid, paragraph_id=pid, body=body)
        )
        assert isinstance(review, WordingReview)
        done = await wired.app.handle(
            person, ConfirmWording(consultation_id=cid, amendment_id=review.amendment_id)
        )
        assert isinstance(done, Notice)
        return review.amendment_id


def test_amendments_are_listed_accepted_once_and_the_versions_shown(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    aid = asyncio.run(suggest(database_url, "ana", CHANGED))
    capsys.readouterr()
    assert townhall("amendments", "plan") == 0
    assert capsys.readouterr().out == (
        f"#{aid} P1 proposed · ana · 0 agree, 0 disagree\n"
        "    The plan sets out what the city will do {+by 2030+}.\n"
    )
    assert townhall("amendment", "accept", str(aid)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Amendment #{aid} of P1 is accepted.\nP1 is now version 2;")
    assert townhall("amendment", "accept", str(aid)) == 0
    assert capsys.readouterr().out == f"Amendment #{aid} of P1 was already accepted.\n"
    assert townhall("amendment", "reject", str(aid)) == 1
    assert "already accepted" in capsys.readouterr().err
    assert townhall("amendments", "plan", "--json") == 0
    document = json.loads(capsys.readouterr().out)
    (listed,) = document["amendments"]
    assert (listed["state"], listed["wording"], listed["base_text"]) == (
        "accepted",
        CHANGED,
        ORIGINAL,
    )
    assert [(v["version"], v["agree"]) for v in document["versions"]["P1"]] == [(1, 1), (2, 0)]
    assert townhall("show", "plan", "--versions") == 0
    history = capsys.readouterr().out.splitlines()
    assert history[0] == "P1: 2 versions"
    assert history[1].startswith("  v1 (imported, ")
    assert history[1].endswith("; 1 agree, 0 disagree while current)")
    assert history[2] == f"    {ORIGINAL}"
    assert history[3].startswith(f"  v2 (amendment #{aid}, ")
    assert history[4] == f"    {CHANGED}"


def test_an_unknown_amendment_and_an_empty_history_are_said_plainly(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    capsys.readouterr()
    assert townhall("amendment", "reject", "99") == 1
    assert "There is no suggested wording #99." in capsys.readouterr().err
    assert townhall("amendments", "plan") == 0
    assert capsys.readouterr().out == "Nobody has suggested a wording in plan yet.\n"
    assert townhall("show", "plan", "--versions") == 0
    assert "No paragraph of plan has been amended" in capsys.readouterr().out


def test_every_export_lists_the_amendments_with_their_diff_votes_outcome_and_versions(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    accepted = asyncio.run(suggest(database_url, "ana", CHANGED))
    assert townhall("amendment", "accept", str(accepted)) == 0
    tricky = asyncio.run(suggest(database_url, "ben", f"{CHANGED} <script>x</script> *now*"))
    capsys.readouterr()

    assert townhall("export", "plan", "--format", "json", "--out", "-") == 0
    first = json.loads(capsys.readouterr().out)["paragraphs"][0]
    assert [(a["id"], a["state"]) for a in first["amendments"]] == [
        (accepted, "accepted"),
        (tricky, "proposed"),
    ]
    assert first["amendments"][0]["diff"] == "The plan sets out what the city will do {+by 2030+}."
    assert [(v["version"], v["agree"], v["disagree"]) for v in first["versions"]] == [
        (1, 1, 0),
        (2, 0, 0),
    ]

    assert townhall("export", "plan", "--format", "md", "--out", "-") == 0
    markdown = capsys.readouterr().out
    assert "**Versions**" in markdown
    assert "- v1 (1 agree, 0 disagree while current): The plan sets out" in markdown
    assert f"- **#{accepted} accepted** ana (0 agree, 0 disagree): " in markdown
    assert "The plan sets out what the city will do **by 2030**." in markdown
    assert "&lt;script&gt;" in markdown
    assert "\\*now\\*" in markdown

    assert townhall("export", "plan", "--format", "html", "--out", "-") == 0
    html = capsys.readouterr().out
    assert '<section id="amendments"' in html
    assert f'data-amendment="{accepted}" data-state="accepted"' in html
    assert "<ins>by 2030</ins>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
