"""A hidden comment never leaks into any output: one parametrised test, one case per output.

A consultation on SQLite gets a published comment and a hidden one (three reports); every
output a participant or the public sees is rendered as text, then checked: the hidden
comment's text and its author's name are absent, and the comment count is 1. A new output is
one more entry in OUTPUTS.
"""

import asyncio
import csv
import json
import zipfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import Townhall, open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from bots.runtime.dashboard_routes import dashboard_routes
from bots.runtime.server import build_server
from bots.terminal.rendering import render
from core.app import ConsultationApp
from core.dashboard_orders import IssueDashboardLink
from core.digests import DigestEvery
from core.intents import (
    Join,
    LinkChannel,
    PostParagraph,
    ReportComment,
    ShowComments,
    ShowParagraph,
    ShowStatistics,
    SubmitComment,
)
from core.model import CLI_ACTOR, Actor, ChannelRef, Platform
from core.moderation import ReportReason
from core.orders import SetDigest
from core.screens import CommentPosted
from core.services.dispatching import Dispatcher
from core.sweeps import queue_digests
from tests.bots.runtime.test_cli import import_plan, townhall
from tests.fakes.memory import FakeClock
from tests.fakes.messenger import FakeMessenger

SECRET = "SECRET-ABUSE"
HIDDEN_AUTHOR = "mallory"
ORGANISER = Actor(ref=terminal_ref("org"), display_name="org")
CHANNEL = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100")


def person(name: str) -> Actor:
    return Actor(ref=terminal_ref(name), display_name=name)


@dataclass
class Stage:
    wired: Townhall
    consultation_id: int
    paragraph_id: int


async def _comment(stage: Stage, who: str, body: str) -> int:
    posted = await stage.wired.app.handle(
        person(who),
        SubmitComment(
            consultation_id=stage.consultation_id, paragraph_id=stage.paragraph_id, body=body
        ),
    )
    assert isinstance(posted, CommentPosted)
    return posted.comment.comment_id


async def _stage(wired: Townhall) -> Stage:
    async with wired.unit_of_work() as uow:
        consultation = await uow.consultations.get_by_slug("plan")
        assert consultation is not None
        first = (await uow.paragraphs.list(consultation.id))[0]
        await uow.organisers.add(ORGANISER.ref)
        await uow.commit()
    stage = Stage(wired=wired, consultation_id=consultation.id, paragraph_id=first.id)
    for name in ("ana", HIDDEN_AUTHOR, "r1", "r2", "r3"):
        await wired.app.handle(person(name), Join(payload="plan"))
    await _comment(stage, "ana", "A fair point.")
    hidden = await _comment(stage, HIDDEN_AUTHOR, SECRET)
    for reporter in ("r1", "r2", "r3"):
        intent = ReportComment(
            consultation_id=consultation.id, comment_id=hidden, reason=ReportReason.OFFENSIVE
        )
        await wired.app.handle(person(reporter), intent)
    return stage


async def card(stage: Stage) -> str:
    intent = ShowParagraph(consultation_id=stage.consultation_id, paragraph_id=stage.paragraph_id)
    return render(await stage.wired.app.handle(person("r1"), intent)).text


async def comment_list(stage: Stage) -> str:
    intent = ShowComments(consultation_id=stage.consultation_id, paragraph_id=stage.paragraph_id)
    return render(await stage.wired.app.handle(person("r1"), intent)).text


async def channel_post(stage: Stage) -> str:
    await stage.wired.app.handle(ORGANISER, LinkChannel(slug="plan", channel=CHANNEL, title="G"))
    posted = await stage.wired.app.handle(ORGANISER, PostParagraph(channel=CHANNEL, number=1))
    return render(posted).text


async def chat_statistics(stage: Stage) -> str:
    screen = await stage.wired.app.handle(person("r1"), ShowStatistics(consultation_id=None))
    return render(screen).text


async def digest(stage: Stage) -> str:
    """The daily digest of the day the comments were made, as the linked chat receives it."""
    await stage.wired.app.handle(ORGANISER, LinkChannel(slug="plan", channel=CHANNEL, title="G"))
    await stage.wired.app.handle(CLI_ACTOR, SetDigest(slug="plan", every=DigestEvery.DAILY))
    tomorrow = FakeClock(SystemClock().now() + timedelta(days=1))  # the period holds today
    assert await queue_digests(ConsultationApp(stage.wired.unit_of_work, tomorrow))
    messenger = FakeMessenger()
    dispatcher = Dispatcher(
        uow_factory=stage.wired.unit_of_work,
        messenger=messenger,
        clock=tomorrow,
        worker="w",
        jitter=lambda: 0.0,
    )
    await dispatcher.dispatch_due()
    [(_, screen)] = messenger.sent
    return render(screen).text


async def _dashboard(stage: Stage, suffix: str) -> str:
    """The live dashboard's page (or its figures), read over HTTP with an organiser's link."""
    issued = await stage.wired.app.handle(CLI_ACTOR, IssueDashboardLink(slug="plan"))
    path, query = issued.url.split("?")
    routes = dashboard_routes(stage.wired.app, stage.wired.clock)
    transport = httpx.ASGITransport(app=build_server(stage.wired.check_database, routes))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get(f"{urlsplit(path).path}{suffix}?{query}")
    assert response.status_code == 200
    return response.text


async def dashboard_page(stage: Stage) -> str:
    return await _dashboard(stage, "")


async def dashboard_figures(stage: Stage) -> str:
    return await _dashboard(stage, "/figures.json")


Output = Callable[[Stage], Awaitable[str]]
CHAT_OUTPUTS: dict[str, tuple[Output, str]] = {
    "card": (card, "1 comment"),
    "comment list": (comment_list, "Comments on P1 (1)"),
    "channel post": (channel_post, "1 comment"),
    "chat statistics": (chat_statistics, "A fair point."),
    "digest": (digest, "1 new comment"),
    "dashboard page": (dashboard_page, "A fair point."),
    "dashboard figures": (dashboard_figures, '"comments":1,'),
}
CLI_OUTPUTS: dict[str, tuple[list[str], str]] = {
    "townhall stats": (["stats", "plan"], "· 1 comment ·"),
    "townhall stats --json": (["stats", "plan", "--json"], '"comments": 1,'),
    "export json": (["export", "plan", "--format", "json", "--out", "-"], "A fair point."),
    "export md": (["export", "plan", "--format", "md", "--out", "-"], "A fair point."),
    "export html": (["export", "plan", "--format", "html", "--out", "-"], "A fair point."),
}


# The exports of several files, read whole: (format, a text the public export shows).
FOLDER_OUTPUTS: dict[str, tuple[str, str]] = {
    "export csv": ("csv", "A fair point."),
    "export csv --zip": ("csv", "A fair point."),
    "export polis": ("polis", "participant,group-id,n-comments"),
}


def _folder_output(scratch: Path, name: str) -> str:
    file_format, _ = FOLDER_OUTPUTS[name]
    if name.endswith("--zip"):
        assert townhall("export", "plan", "--format", file_format, "--zip", "--out", "o.zip") == 0
        with zipfile.ZipFile(scratch / "o.zip") as bundle:
            return "".join(bundle.read(n).decode("utf-8-sig") for n in bundle.namelist())
    assert townhall("export", "plan", "--format", file_format, "--out", "out") == 0
    return "".join(p.read_text(encoding="utf-8-sig") for p in (scratch / "out").iterdir())


async def _chat_output(url: str, name: str) -> str:
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        stage = await _stage(wired)
        output, _ = CHAT_OUTPUTS[name]
        return await output(stage)


async def _staged(url: str) -> None:
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as wired:
        await _stage(wired)


@pytest.mark.parametrize("name", [*CHAT_OUTPUTS, *CLI_OUTPUTS, *FOLDER_OUTPUTS])
def test_a_hidden_comment_never_appears_in_an_output(
    name: str,
    scratch: Path,
    draft: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import_plan(draft, "--results", "live")
    if name in CHAT_OUTPUTS:
        text, expected = asyncio.run(_chat_output(database_url, name)), CHAT_OUTPUTS[name][1]
    elif name in FOLDER_OUTPUTS:
        asyncio.run(_staged(database_url))
        text, expected = _folder_output(scratch, name), FOLDER_OUTPUTS[name][1]
    else:
        asyncio.run(_staged(database_url))
        capsys.readouterr()
        argv, expected = CLI_OUTPUTS[name]
        assert townhall(*argv) == 0
        text = capsys.readouterr().out
    assert SECRET not in text
    assert HIDDEN_AUTHOR not in text
    assert expected in text


def test_the_organiser_export_marks_the_hidden_comment_and_holds_the_log(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    asyncio.run(_staged(database_url))
    capsys.readouterr()
    assert townhall("export", "plan", "--format", "json", "--out", "-", "--organiser") == 0
    document = json.loads(capsys.readouterr().out)
    discussion = document["paragraphs"][0]["discussion"]
    assert [(c["body"], c["state"]) for c in discussion] == [
        ("A fair point.", "published"),
        (SECRET, "hidden"),
    ]
    assert [e["action"] for e in document["moderation_log"]] == ["report"] * 3 + ["hide"]


def test_the_organiser_html_report_marks_the_hidden_comment_and_holds_the_log(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    asyncio.run(_staged(database_url))
    capsys.readouterr()

    assert townhall("export", "plan", "--format", "html", "--out", "-", "--organiser") == 0

    report = capsys.readouterr().out
    assert f'<p class="body">{SECRET}</p>' in report
    assert '<span class="state">hidden</span>' in report
    assert report.count("· report #2 by") == 3
    assert "· hide #2 by" in report


def test_the_organiser_csv_export_lists_the_hidden_comment_with_its_state(
    scratch: Path, draft: Path, database_url: str
) -> None:
    import_plan(draft)
    asyncio.run(_staged(database_url))

    assert townhall("export", "plan", "--format", "csv", "--out", "full", "--organiser") == 0

    with (scratch / "full" / "comments.csv").open(encoding="utf-8-sig", newline="") as file:
        comments = list(csv.DictReader(file))
    assert [(c["body"], c["author"], c["state"]) for c in comments] == [
        ("A fair point.", "ana", "published"),
        (SECRET, HIDDEN_AUTHOR, "hidden"),
    ]
