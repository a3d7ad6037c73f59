"""`townhall broadcast`, `report` and `deadline` on a temporary SQLite file."""

import asyncio
import io
from pathlib import Path

import pytest

from bots.chat.identities import telegram_ref
from bots.chat.settings import DeliveryConfig
from bots.runtime.bootstrap import Townhall, open_townhall
from bots.runtime.cli import main
from bots.runtime.clock import SystemClock
from bots.runtime.commands.broadcasts import Release, broadcast
from bots.runtime.config import DatabaseConfig
from core.intents import Join
from core.model import Actor
from core.services.dispatching import Dispatcher
from tests.fakes.messenger import FakeMessenger

PLAN = ["--slug", "plan", "--title", "Plan"]
FAR = ["--closes", "2099-01-01T00:00Z"]


def townhall(*argv: str) -> int:
    return main(list(argv))


async def enrol(database_url: str, *user_ids: int) -> None:
    async with open_townhall(DatabaseConfig(url=database_url), SystemClock()) as town:
        for user_id in user_ids:
            actor = Actor(ref=telegram_ref(user_id), display_name=f"User {user_id}")
            await town.app.handle(actor, Join(payload="plan"))


@pytest.fixture
def plan(scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The three-paragraph draft imported as "plan", with two Telegram participants."""
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    asyncio.run(enrol(database_url, 101, 102))
    capsys.readouterr()
    return database_url


def test_broadcast_detached_prints_what_was_queued_and_the_eta(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = townhall("broadcast", "plan", "--paragraphs", "1-2", "--to", "telegram", "--detach")

    out = capsys.readouterr().out
    assert code == 0
    assert "Broadcast 1 of “Plan”: P1, P2 to 2 recipients (4 messages queued)." in out
    assert "At the configured rate limits it takes about 1 s." in out
    assert "Follow it with: townhall report 1" in out
    assert townhall("report", "1") == 0
    report = capsys.readouterr().out.splitlines()
    assert report[0] == "Broadcast 1: 4 messages"
    assert report[2].split() == ["pending", "4"]


def test_a_report_on_an_unknown_broadcast_says_so(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("report", "7") == 1
    assert "townhall: error: there is no broadcast 7" in capsys.readouterr().err


def test_a_drip_prints_its_schedule_and_returns_at_once(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = townhall("broadcast", "plan", "--from", "P2", "--every", "1d")

    out = capsys.readouterr().out
    assert code == 0
    assert "P2, P3 to 2 recipients (4 messages queued)" in out
    assert "P2 goes out now, then one paragraph every 1 day; the last (P3) on " in out


def test_cancelling_a_drip_says_how_many_releases_stopped(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("broadcast", "plan", "--every", "1d") == 0
    capsys.readouterr()

    assert townhall("broadcast", "cancel", "1") == 0
    assert capsys.readouterr().out == (
        "Broadcast 1 cancelled: 2 pending releases stopped (P2, P3; 4 messages not sent). "
        "Those paragraphs are open to everyone now, without a push.\n"
    )
    assert townhall("broadcast", "cancel", "1") == 0
    assert "nothing was pending" in capsys.readouterr().out
    assert townhall("broadcast", "cancel", "9") == 1
    assert "townhall: error: There is no broadcast 9." in capsys.readouterr().err
    assert townhall("report", "1") == 0
    assert capsys.readouterr().out.splitlines()[5].split() == ["skipped", "4"]


def test_only_cancel_takes_a_broadcast_id(plan: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert townhall("broadcast", "plan", "3") == 1
    assert "only cancel takes an ID" in capsys.readouterr().err


BROADCAST_NUMBER = "expected a broadcast number"
WHOLE_NUMBER = "expected a whole number from 1 to 2147483647"


@pytest.mark.parametrize(
    ("argv", "told"),
    [
        (("report", "2147483648"), BROADCAST_NUMBER),  # past a database integer id
        (("report", "9" * 5000), BROADCAST_NUMBER),  # past what int() converts
        (("report", "0"), BROADCAST_NUMBER),
        (("report", "٣"), BROADCAST_NUMBER),
        (("broadcast", "cancel", "2147483648"), BROADCAST_NUMBER),
        (("invite", "plan", "--uses", "2147483648"), WHOLE_NUMBER),
    ],
)
def test_a_number_out_of_range_is_a_usage_error(
    plan: str, capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], told: str
) -> None:
    with pytest.raises(SystemExit) as exit:
        townhall(*argv)

    assert exit.value.code == 2
    assert told in capsys.readouterr().err


def test_a_bad_paragraph_selection_is_a_usage_error(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit:
        townhall("broadcast", "plan", "--paragraphs", "ten")

    assert exit.value.code == 2
    assert "“ten” names no paragraphs: write all, 10-14 or 3,5,7" in capsys.readouterr().err


def test_broadcasting_a_paragraph_that_does_not_exist_is_refused(
    plan: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("broadcast", "plan", "--paragraphs", "9", "--detach") == 1
    assert "has no paragraph P9" in capsys.readouterr().err


def test_deadline_moves_the_closing_time(plan: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert townhall("deadline", "plan", "--closes", "2099-06-01T12:00+02:00") == 0

    assert "“Plan” now closes 1 Jun 2099, 10:00 UTC" in capsys.readouterr().out
    assert townhall("show", "plan") == 0
    assert "closes: 1 Jun 2099, 10:00 UTC" in capsys.readouterr().out


async def test_a_broadcast_followed_to_the_end_shows_its_progress(
    plan: str, database_url: str
) -> None:
    out, err, messenger = io.StringIO(), io.StringIO(), FakeMessenger()
    async with open_townhall(DatabaseConfig(url=database_url), SystemClock()) as town:
        following = asyncio.create_task(
            broadcast(
                town,
                DeliveryConfig(),
                "plan",
                Release(numbers=(1, 2)),
                detach=False,
                out=out,
                err=err,
                poll_seconds=0.01,
            )
        )
        async with asyncio.timeout(5):
            while "0/4" not in err.getvalue():  # noqa: ASYNC110 - the bar shows it is queued
                await asyncio.sleep(0.01)
        await dispatch_everything(town, messenger)
        assert await asyncio.wait_for(following, 5) == 0

    assert "[------------------------------] 0/4 · 0 sent, 4 pending" in err.getvalue()
    assert "[##############################] 4/4 · 4 sent, 0 pending" in err.getvalue()
    assert out.getvalue().endswith("Done: 4 sent, 0 pending, 0 unreachable, 0 failed.\n")
    assert sorted(messenger.addresses()) == ["101", "101", "102", "102"]


async def dispatch_everything(town: Townhall, messenger: FakeMessenger) -> None:
    dispatcher = Dispatcher(
        uow_factory=town.unit_of_work, messenger=messenger, clock=town.clock, worker="cli-test"
    )
    while await dispatcher.dispatch_due():
        pass
