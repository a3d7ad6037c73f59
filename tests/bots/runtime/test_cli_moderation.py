"""`townhall moderation ...` and `townhall moderator ...` end to end on a temporary SQLite file."""

import asyncio
import json
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import open_configured, open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import Config, DatabaseConfig
from bots.runtime.config_moderation import ModerationConfig
from core.intents import Join, ReportComment, SubmitComment
from core.model import Actor, CommentState
from core.moderation import ReportReason
from core.screens import CommentPosted
from tests.bots.runtime.test_cli import import_plan, townhall


async def comment(url: str, name: str, body: str) -> int:
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        person = Actor(ref=terminal_ref(name), display_name=name)
        await wired.app.handle(person, Join(payload="plan"))
        async with wired.unit_of_work() as uow:
            consultation = await uow.consultations.get_by_slug("plan")
            assert consultation is not None
            first = (await uow.paragraphs.list(consultation.id))[0]
        posted = await wired.app.handle(
            person,
            SubmitComment(consultation_id=consultation.id, paragraph_id=first.id, body=body),
        )
        assert isinstance(posted, CommentPosted)
        return posted.comment.comment_id


def test_a_premoderated_comment_is_listed_approved_hidden_and_logged(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--premoderate", "--hide-after", "2")
    held = asyncio.run(comment(database_url, "ana", "Please   look at P1."))
    capsys.readouterr()
    assert townhall("moderation", "plan") == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["ID", "PARA", "STATE", "REPORTS", "AUTHOR", "COMMENT"]
    assert table[1].split() == [str(held), "P1", "held", "-", "ana", "Please", "look", "at", "P1."]
    assert townhall("moderation", "queue", "plan", "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert (listed["id"], listed["state"], listed["body"]) == (
        held,
        "held",
        "Please   look at P1.",
    )
    assert townhall("moderation", "restore", "plan", str(held)) == 0
    assert capsys.readouterr().out == f"Comment #{held} is approved: everyone sees it.\n"
    assert townhall("moderation", "hide", "plan", f"#{held}", "--block", "--reason", "abuse") == 0
    assert capsys.readouterr().out == (
        f"Comment #{held} is hidden. Its author may no longer comment (but may still vote).\n"
    )
    assert townhall("moderation", "log", "plan", "--json") == 0
    log = json.loads(capsys.readouterr().out)
    assert [(e["action"], e["actor"], e["reason"]) for e in log] == [
        ("hold", "townhall", "pre-moderation"),
        ("approve", "cli", ""),
        ("hide", "cli", "abuse"),
        ("block", "cli", "abuse"),
    ]
    assert townhall("moderation", "unblock", "plan", "terminal:ana") == 0
    assert capsys.readouterr().out == "terminal:ana may comment again in plan.\n"


def test_words_and_moderators_are_added_listed_and_removed(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    capsys.readouterr()
    assert townhall("moderation", "words", "plan", "--add", "Crétin", "idiot") == 0
    assert townhall("moderation", "words", "plan", "--remove", "idiot") == 0
    assert townhall("moderator", "add", "plan", "telegram:42") == 0
    assert townhall("moderator", "add", "plan", "telegram:42") == 0
    assert townhall("moderator", "list", "plan") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Added: cretin, idiot",
        "Filtered words of plan: cretin, idiot",
        "Removed: idiot",
        "Filtered words of plan: cretin",
        "telegram:42 now moderates plan.",
        "telegram:42 already moderates plan.",
        "Moderators of plan (besides the organisers):",
        "  telegram:42",
    ]


@pytest.mark.parametrize(
    ("argv", "error"),
    [
        (("moderation", "hide", "plan", "x"), "expected a comment number, got “x”"),
        (("moderation", "hide", "plan", "99"), "There is no comment #99 in “Plan”."),
        (("moderation", "block", "plan", "telegram:ana"), "“telegram:ana” is not an identity"),
        (("moderation", "words", "plan", "--add", "two words"), "“two words” is not one word"),
        (("moderation", "nowhere"), "There is no consultation “nowhere”."),
        (("moderation", "hide", "plan"), "usage: townhall moderation SLUG"),
    ],
)
def test_bad_moderation_commands_exit_1_with_a_clear_message(
    scratch: Path,
    draft: Path,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    error: str,
) -> None:
    import_plan(draft)
    capsys.readouterr()
    assert townhall(*argv) == 1
    assert error in capsys.readouterr().err


async def report_as(config: Config, name: str, comment_id: int) -> None:
    async with open_configured(config, SystemClock()) as wired:
        person = Actor(ref=terminal_ref(name), display_name=name)
        await wired.app.handle(person, Join(payload="plan"))
        async with wired.unit_of_work() as uow:
            consultation = await uow.consultations.get_by_slug("plan")
            assert consultation is not None
        await wired.app.handle(
            person,
            ReportComment(
                consultation_id=consultation.id, comment_id=comment_id, reason=ReportReason.SPAM
            ),
        )


async def state_of(url: str, comment_id: int) -> CommentState:
    async with (
        open_townhall(DatabaseConfig(url=url), SystemClock()) as wired,
        wired.unit_of_work() as uow,
    ):
        stored = await uow.comments.get(comment_id)
        assert stored is not None
        return stored.state


def test_the_configured_report_threshold_hides_comments_of_a_consultation_without_its_own(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    config = Config(
        database=DatabaseConfig(url=database_url),
        moderation=ModerationConfig(hide_after_reports=1),
    )
    shown = asyncio.run(comment(database_url, "ana", "Cheap watches."))
    asyncio.run(report_as(Config(database=DatabaseConfig(url=database_url)), "ben", shown))
    assert asyncio.run(state_of(database_url, shown)) is CommentState.PUBLISHED
    asyncio.run(report_as(config, "cy", shown))
    assert asyncio.run(state_of(database_url, shown)) is CommentState.HIDDEN
