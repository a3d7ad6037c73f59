"""The `townhall` command line end to end on a temporary SQLite file, mostly in-process."""

import asyncio
import io
import json
import os
import secrets
import subprocess
import sys
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import latest_revision, open_townhall
from bots.runtime.cli import main
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from core.intents import CastVote, Join, SubmitComment
from core.model import Actor, Choice
from core.screens import CommentPosted
from storage.engine import make_engine, make_session_factory, normalise_url
from storage.unit_of_work import SqlUnitOfWork
from tests.bots.townhall_process import DEADLINE
from tests.bots.word_files import word_bomb
from tests.drafts import draft_text, draft_word

ROOT = Path(__file__).resolve().parents[3]
PLAN = ["--slug", "plan", "--title", "Plan"]
FAR = ["--closes", "2099-01-01T00:00Z"]


def townhall(*argv: str) -> int:
    return main(list(argv))


def import_plan(draft: Path, *extra: str) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR, *extra) == 0


def test_import_prints_a_summary_and_list_shows_the_consultation(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = townhall("import", str(draft), "--slug", "plan", "--title", "Plan", *FAR)

    out = capsys.readouterr().out
    assert code == 0
    assert (
        "Imported “Plan” as plan\n  sections:    2\n  paragraphs:  3\n  phase:       open\n" in out
    )
    assert "  closes:      1 Jan 2099, 00:00 UTC (closes 1 Jan 2099," in out
    assert "Join it in the terminal: townhall chat plan" in out
    assert townhall("list") == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].split() == ["SLUG", "PHASE", "PARAS", "PEOPLE", "CLOSES", "TITLE"]
    assert listing[1].split()[:4] == ["plan", "open", "3", "0"]


def test_import_takes_the_reminder_offsets_or_none(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str], database_url: str
) -> None:
    import_plan(draft, "--remind", "2h,3d")
    assert (
        townhall("import", str(draft), *PLAN[2:], "--slug", "quiet", *FAR, "--remind", "none") == 0
    )
    with pytest.raises(SystemExit) as exit:
        townhall("import", str(draft), *PLAN[2:], "--slug", "bad", *FAR, "--remind", "soon")
    assert exit.value.code == 2
    assert "“soon” is not an interval" in capsys.readouterr().err
    offsets = asyncio.run(stored_offsets(database_url))
    assert offsets == {"plan": (timedelta(days=3), timedelta(hours=2)), "quiet": ()}


async def stored_offsets(database_url: str) -> dict[str, tuple[timedelta, ...]]:
    engine = make_engine(database_url)
    try:
        async with SqlUnitOfWork(make_session_factory(engine)) as uow:
            return {c.slug: c.reminder_offsets for c in await uow.consultations.list()}
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.md", b""),
        ("binary.md", b"# Title\n\x00\x01\x02 binary\n"),
        ("latin1.txt", "Caf\xe9 cr\xe8me".encode("latin-1")),
        ("draft.pdf", b"%PDF-1.7"),
        ("headings-only.md", b"# One\n\n## Two\n"),
    ],
)
def test_importing_a_hostile_file_exits_1_and_stores_nothing(
    scratch: Path, name: str, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = scratch / name
    path.write_bytes(content)

    code = townhall("import", str(path), "--slug", "plan", "--title", "Plan", *FAR)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("townhall: error: ")
    assert "Traceback" not in err
    assert townhall("list") == 0
    assert capsys.readouterr().out.startswith("No consultations yet.")


def test_importing_a_symbolic_link_to_a_file_outside_the_folder_is_refused(
    scratch: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    outside.write_text("A system file nobody meant to publish.\n", encoding="utf-8")
    (scratch / "draft.txt").symlink_to(outside)

    code = townhall("import", "draft.txt", *PLAN, *FAR)

    err = capsys.readouterr().err
    assert code == 1
    assert "draft.txt is a symbolic link to" in err
    assert "outside the current folder" in err
    assert townhall("list") == 0
    assert capsys.readouterr().out.startswith("No consultations yet.")


def test_a_symbolic_link_inside_the_folder_and_a_plain_file_still_import(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (scratch / "linked.md").symlink_to(draft)

    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    assert townhall("import", "linked.md", *PLAN[2:], "--slug", "linked", *FAR) == 0
    assert "paragraphs:  3" in capsys.readouterr().out


def test_importing_a_fifo_is_refused_without_waiting_for_a_writer(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = scratch / "draft.md"
    os.mkfifo(fifo)
    # A writer, so that a reader that does open the FIFO gets text and returns (the test
    # then fails on its assertions instead of hanging).
    writer = threading.Thread(target=fifo.write_bytes, args=(b"Text from a pipe.\n",))
    writer.start()
    try:
        code = townhall("import", str(fifo), *PLAN, *FAR)
    finally:
        unblocking = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer finish
        writer.join()
        os.close(unblocking)

    err = capsys.readouterr().err
    assert code == 1
    assert "is not a regular file (it is a pipe, a device or a socket)" in err
    assert townhall("list") == 0
    assert capsys.readouterr().out.startswith("No consultations yet.")


def test_importing_a_word_file_that_unpacks_past_the_limit_is_refused_and_stores_nothing(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (scratch / "bomb.docx").write_bytes(word_bomb())

    code = townhall("import", "bomb.docx", *PLAN, *FAR)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("townhall: error: bomb.docx unpacks to ")
    assert "the limit is 50 MB" in err
    assert townhall("list") == 0
    assert capsys.readouterr().out.startswith("No consultations yet.")


def test_the_same_draft_as_txt_and_docx_imports_with_the_same_counts(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (scratch / "draft.txt").write_text(draft_text(numbered=True, markdown=False))
    (scratch / "draft.docx").write_bytes(draft_word(numbered=True, styled=False))

    assert townhall("import", "draft.txt", *PLAN[2:], "--slug", "text", *FAR) == 0
    assert townhall("import", "draft.docx", *PLAN[2:], "--slug", "word", *FAR) == 0

    assert capsys.readouterr().out.count("  sections:    6\n  paragraphs:  8\n") == 2


def test_a_missing_file_and_a_taken_slug_are_errors(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    assert townhall("import", str(scratch / "nowhere.md"), *PLAN, *FAR) == 1
    assert townhall("import", str(draft), *PLAN, *FAR) == 1

    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("townhall: error: There is no file at")
    assert err[1] == "townhall: error: A consultation with the slug “plan” already exists."


def test_a_draft_opens_with_open_and_opening_twice_is_refused(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--draft")
    assert "phase:       draft" in capsys.readouterr().out

    assert townhall("open", "plan") == 0
    assert (
        "Opened “Plan”: votes and comments are accepted until 1 Jan 2099"
        in capsys.readouterr().out
    )
    assert townhall("open", "plan") == 1
    assert capsys.readouterr().err == "townhall: error: “Plan” is already open.\n"


def test_closing_twice_says_it_was_already_closed_and_succeeds(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)

    assert townhall("close", "plan") == 0
    assert townhall("close", "plan") == 0

    out = capsys.readouterr().out.splitlines()
    assert out[-2].startswith("Closed “Plan” at ")
    assert out[-1].startswith("“Plan” was already closed (at ")


def test_an_unknown_slug_is_an_error(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert townhall("show", "nothing") == 1
    assert capsys.readouterr().err == "townhall: error: There is no consultation “nothing”.\n"


def test_show_prints_the_overview_sections_and_headline_figures(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--description", "For the city.")
    capsys.readouterr()

    assert townhall("show", "plan") == 0

    out = capsys.readouterr().out
    assert out.startswith(
        "Plan (plan)\nFor the city.\n"
        "phase: open · public · results after-close · reasons optional · document order\n"
    )
    assert "Sections:\n  1. Purpose\n  2. Means\n" in out
    assert "0 votes (0 agree, 0 disagree) · – agree · 0 comments · 0 contributors" in out


def test_invite_prints_a_token_that_admits_to_a_private_consultation(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import_plan(draft, "--private")
    assert "It is by invitation: townhall invite plan" in capsys.readouterr().out

    assert townhall("invite", "plan", "--uses", "1") == 0
    out = capsys.readouterr().out
    token = out.split(": ", 1)[1].splitlines()[0]
    assert out.startswith("Invitation to plan (1 use): ")
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert townhall("chat", "plan", "--as", "ana") == 1
    assert "is by invitation only" in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))
    assert townhall("chat", token, "--as", "ana") == 0
    assert capsys.readouterr().out.startswith("== Plan ==")


def test_invite_refuses_zero_uses(scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        townhall("invite", "plan", "--uses", "0")

    assert exit.value.code == 2


def test_organiser_add_takes_each_platforms_identity_and_refuses_a_malformed_one(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for identity in ("telegram:123456", "slack:T0123:U0456", "terminal:ana"):
        assert townhall("organiser", "add", identity) == 0
    assert townhall("organiser", "add", "telegram:123456") == 0
    with pytest.raises(SystemExit) as exit:
        townhall("organiser", "add", "telegram:ana")

    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "telegram:123456 is now an organiser.",
        "slack:T0123:U0456 is now an organiser.",
        "terminal:ana is now an organiser.",
        "telegram:123456 already is an organiser.",
    ]
    assert exit.value.code == 2
    assert "“telegram:ana” is not an identity" in captured.err


async def _take_part(url: str) -> None:
    """P1: 3 agree, 1 disagree; P2: 1 agree, 1 disagree, a comment and a reply; P3: nothing."""
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        async with wired.unit_of_work() as uow:
            consultation = await uow.consultations.get_by_slug("plan")
            assert consultation is not None
            p1, p2, _ = [p.id for p in await uow.paragraphs.list(consultation.id)]
        cid = consultation.id
        people = {
            name: Actor(ref=terminal_ref(name), display_name=name)
            for name in ("ana", "ben", "cy", "dee")
        }
        for person in people.values():
            await wired.app.handle(person, Join(payload="plan"))
        votes = [("ana", p1, Choice.AGREE), ("ben", p1, Choice.AGREE), ("cy", p1, Choice.AGREE)]
        votes += [
            ("dee", p1, Choice.DISAGREE),
            ("ana", p2, Choice.AGREE),
            ("ben", p2, Choice.DISAGREE),
        ]
        for name, paragraph, choice in votes:
            await wired.app.handle(
                people[name], CastVote(consultation_id=cid, paragraph_id=paragraph, choice=choice)
            )
        posted = await wired.app.handle(
            people["ana"], SubmitComment(consultation_id=cid, paragraph_id=p2, body="Why?")
        )
        assert isinstance(posted, CommentPosted)
        reply = SubmitComment(
            consultation_id=cid, paragraph_id=p2, body="Cost.", reply_to=posted.comment.comment_id
        )
        await wired.app.handle(people["ben"], reply)


def paragraph(
    number: int, section: str, agree: int, disagree: int, pct: int | None, comments: int
) -> dict[str, object]:
    return {
        "number": number,
        "section": section,
        "agree": agree,
        "disagree": disagree,
        "votes": agree + disagree,
        "agreement_pct": pct,
        "comments": comments,
    }


def test_stats_json_has_exactly_the_documented_shape(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--results", "live")
    asyncio.run(_take_part(database_url))
    capsys.readouterr()

    assert townhall("stats", "plan", "--json") == 0

    p1 = paragraph(1, "1. Purpose", 3, 1, 75, 0)
    p2 = paragraph(2, "1. Purpose", 1, 1, 50, 2)
    p3 = paragraph(3, "2. Means", 0, 0, None, 0)
    document = json.loads(capsys.readouterr().out)
    opened = document["consultation"].pop("opens_at")  # when it was imported: it opened then
    assert opened.endswith("Z")
    assert datetime.fromisoformat(opened) <= datetime.now(UTC)
    # Participation per UTC day (the votes were cast now: today, or across a midnight).
    activity = document.pop("activity")
    assert [sorted(day) for day in activity] == [
        ["comments", "day", "new_participants", "votes"] for _ in activity
    ]
    assert all(date.fromisoformat(day["day"]) <= datetime.now(UTC).date() for day in activity)
    assert [sum(day[key] for day in activity) for key in ("votes", "comments")] == [6, 2]
    assert sum(day["new_participants"] for day in activity) == 4
    assert document == {
        "consultation": {
            "slug": "plan",
            "title": "Plan",
            "phase": "open",
            "closes_at": "2099-01-01T00:00:00Z",
            "privacy": "public",
            "results_visibility": "live",
            "simulated": False,
        },
        "totals": {
            "agree": 4,
            "disagree": 2,
            "votes": 6,
            "agreement_pct": 67,
            "comments": 2,
            "contributors": 4,
        },
        # The paragraphs per status (core.paragraph_status): none has 10 votes, none decided.
        "statuses": {"in_voting": 3, "supported": 0, "decided": 0},
        # Each paragraph: its status and the reasons given for disagreeing with it (none here).
        "paragraphs": [p | {"status": "in voting", "reasons": []} for p in (p1, p2, p3)],
        "most_voted": [p1, p2],
        "most_commented": [p2],
        "most_controversial": [p2, p1],
    }


def test_stats_prints_a_compact_table_with_agreement_in_percent(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))
    capsys.readouterr()

    assert townhall("stats", "plan") == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Plan (plan) · open"
    assert out[1] == "6 votes (4 agree, 2 disagree) · 67% agree · 2 comments · 4 contributors"
    assert out[2] == "paragraphs: 3 in voting · 0 supported · 0 decided"
    assert out[4].split()[-1] == "STATUS"
    assert out[5].split() == ["P1", "3", "1", "4", "75%", "0", "in", "voting"]
    assert out[-1] == "Most controversial: P2, P1"


def test_export_writes_each_format_to_a_file_or_to_stdout(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    asyncio.run(_take_part(database_url))
    for file_format in ("json", "md"):
        assert (
            townhall("export", "plan", "--format", file_format, "--out", f"plan.{file_format}")
            == 0
        )
    capsys.readouterr()
    assert townhall("export", "plan", "--format", "json", "--out", "-") == 0

    document = json.loads((scratch / "plan.json").read_text(encoding="utf-8"))
    assert document["totals"]["votes"] == 6
    from_stdout = json.loads(capsys.readouterr().out)
    assert from_stdout.pop("exported_at") >= document.pop("exported_at")
    assert from_stdout == document
    assert (scratch / "plan.md").read_text(encoding="utf-8").startswith("# Plan\n")
    assert sorted(
        path.name for path in scratch.iterdir() if path.name.startswith((".plan", "plan"))
    ) == [
        "plan.json",
        "plan.md",
    ]


def test_export_into_a_missing_folder_is_an_error(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)

    assert townhall("export", "plan", "--format", "md", "--out", "missing/plan.md") == 1
    assert capsys.readouterr().err == (
        "townhall: error: cannot write missing/plan.md: No such file or directory\n"
    )


def test_an_unreachable_database_is_an_error_with_the_password_hidden(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "TOWNHALL_DATABASE_URL", "postgresql+asyncpg://town:s3cret@127.0.0.1:1/town"
    )

    assert townhall("list") == 1

    err = capsys.readouterr().err
    assert err.startswith(
        "townhall: error: cannot use the database postgresql+asyncpg://town:***@127.0.0.1:1/town: "
    )
    assert "s3cret" not in err


def test_a_sqlite_file_that_cannot_be_created_is_an_error(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TOWNHALL_DATABASE_URL", f"sqlite+aiosqlite:///{scratch}/missing/town.db")

    assert townhall("list") == 1
    assert capsys.readouterr().err == (
        f"townhall: error: cannot use the database sqlite+aiosqlite:///{scratch}/missing/town.db: "
        f"the folder {scratch}/missing does not exist\n"
    )


def test_a_bad_config_file_is_an_error_naming_the_key_wherever_config_is_given(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = scratch / "bad.toml"
    bad.write_text('[telegram]\nmode = "push"\n', encoding="utf-8")

    assert townhall("--config", str(bad), "list") == 1
    assert townhall("list", "--config", str(bad)) == 1
    monkeypatch.setenv("TOWNHALL_CONFIG", str(bad))
    assert townhall("list") == 1

    expected = 'townhall: error: telegram.mode: expected "polling" or "webhook", got "push"\n'
    assert capsys.readouterr().err == expected * 3


def test_run_with_a_slack_token_but_no_app_token_says_what_socket_mode_needs(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret-token")

    assert townhall("-v", "run") == 1

    err = capsys.readouterr().err
    assert err.startswith("townhall: error: SLACK_APP_TOKEN: required in Socket Mode")
    assert "very-secret-token" not in err
    assert not (scratch / "townhall.db").exists()


def test_run_without_tokens_imports_the_sample_once_and_starts_the_terminal_chat(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("agree\nquit\n"))
    assert townhall("run") == 0
    first = capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert townhall("run") == 0
    second = capsys.readouterr()

    assert first.err.splitlines() == [
        "No TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN set: starting the terminal chat.",
        "No open consultation: imported the bundled sample as us-open-government-nap5 "
        "(24 paragraphs, open for 30 days, results live).",
    ]
    assert first.out.startswith("== Fifth U.S. Open Government National Action Plan (excerpt) ==")
    assert "30 days left" in first.out
    assert "✓ Noted: you agree with P1." in first.out
    assert (
        second.err == "No TELEGRAM_BOT_TOKEN or SLACK_BOT_TOKEN set: starting the terminal chat.\n"
    )
    assert "You have voted on 1 of them so far." in second.out


def test_db_upgrade_reports_the_revision(
    scratch: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("db", "upgrade") == 0

    latest = latest_revision(database_url)
    assert capsys.readouterr().out == (
        f"The database {database_url} is at revision {latest}, the latest.\n"
    )


def test_python_dash_m_bots_runs_the_chat_for_two_people_over_pipes(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft, "--results", "live")
    environment = {**os.environ, "TOWNHALL_DATABASE_URL": database_url}

    def chat(name: str, *lines: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bots", "chat", "plan", "--as", name],
            input="".join(f"{line}\n" for line in lines),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=environment,
            timeout=DEADLINE,
            check=True,
        )
        assert done.stderr == ""
        return done.stdout

    # After the Disagree the chat asks what ana would change in P2; 1 presses Skip.
    ana = chat("ana", "agree", "d", "1", "comment Too vague & <b>bold</b>", "comments", "quit")
    ben = chat(
        "ben",
        "n",
        "n",
        "comments",
        "up 1",
        "reply 1 Thanks",
        "back",
        "next",
        "progress",
        "stats",
        "quit",
    )

    assert "✓ Noted: you agree with P1." in ana
    assert "✓ Noted: you disagree with P2." in ana
    assert "✓ Thank you: your comment on P3 is saved." in ana
    assert "#1 ana · " in ana
    assert "  Too vague & <b>bold</b>" in ana
    assert "> " not in ana
    assert "Comments on P3 (1) · page 1 of 1" in ben
    assert "✓ You voted this comment up." in ben
    assert any(
        line.startswith("#1 ana · ") and line.endswith("+1 −0") for line in ben.splitlines()
    )
    assert "✓ Thank you: your reply on P3 is saved." in ben
    assert "P2 · 2 of 3" in ben
    assert "you have voted on 0 of 3 paragraphs and written 1 comment." in ben
    assert "2 votes (1 agree, 1 disagree) · 50% agree · 2 comments · 2 contributors" in ben


async def _on_server(server: str, statement: str) -> None:
    engine = create_async_engine(normalise_url(server), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()


@pytest.mark.skipif(
    not os.environ.get("TOWNHALL_TEST_POSTGRES_URL"),
    reason="set TOWNHALL_TEST_POSTGRES_URL to run the CLI against PostgreSQL",
)
def test_on_postgresql_commands_wait_for_an_explicit_db_upgrade(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    server = os.environ["TOWNHALL_TEST_POSTGRES_URL"]
    name = f"townhall_cli_{secrets.token_hex(4)}"
    asyncio.run(_on_server(server, f'CREATE DATABASE "{name}"'))
    try:
        url = normalise_url(server).set(database=name).render_as_string(hide_password=False)
        monkeypatch.setenv("TOWNHALL_DATABASE_URL", url)
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))

        assert townhall("list") == 1
        assert townhall("run") == 1
        assert townhall("db", "upgrade") == 0
        assert townhall("list") == 0

        captured = capsys.readouterr()
        latest = latest_revision(url)
        behind = (
            f"is at revision none, this townhall needs {latest}: run `townhall db upgrade` first"
        )
        assert captured.err.count(behind) == 2
        assert captured.out.endswith(
            "No consultations yet. Import one with:\n"
            "  townhall import FILE --slug SLUG --title TITLE "
            '--closes "in 30 days"\n'
        )
    finally:
        asyncio.run(_on_server(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_chat_refuses_a_name_that_cannot_be_an_identity(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit:
        townhall("chat", "plan", "--as", "two words")

    assert exit.value.code == 2
    assert "“two words” cannot be a name" in capsys.readouterr().err


def test_run_makes_the_configured_organisers_organisers(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = scratch / "townhall.toml"
    config.write_text('[organisers]\nids = ["terminal:ana", "telegram:42"]\n', encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("quit\n"))

    assert townhall("run", "--config", str(config)) == 0
    assert townhall("organiser", "add", "telegram:42") == 0

    assert capsys.readouterr().out.endswith("telegram:42 already is an organiser.\n")
