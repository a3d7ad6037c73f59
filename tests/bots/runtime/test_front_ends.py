"""The front ends' registry: which run for a configuration, in what order, and what they share."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bots.runtime.cli import main
from bots.runtime.config import parse_config
from bots.runtime.front_ends import build_front_ends, enabled_front_ends
from bots.runtime.messaging import open_messengers
from core.app import ConsultationApp
from core.model import PUSH_PLATFORMS
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase

WEBHOOK_SECRET = "s" * 32
NOW = datetime(2027, 1, 1, tzinfo=UTC)


def test_every_platform_the_outbox_pushes_to_has_exactly_one_front_end() -> None:
    platforms = [front_end.platform for front_end in build_front_ends()]

    assert sorted(platforms) == sorted(PUSH_PLATFORMS)


@pytest.mark.parametrize(
    ("environ", "serving"),
    [
        ({}, []),
        ({"TELEGRAM_BOT_TOKEN": "1:x"}, ["Telegram"]),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["Slack"]),
        ({"SLACK_CLIENT_ID": "1.2"}, ["Slack"]),  # half an install: Slack's check refuses it
        ({"TELEGRAM_BOT_TOKEN": "1:x", "SLACK_BOT_TOKEN": "xoxb-1"}, ["Slack", "Telegram"]),
    ],
)
def test_the_configuration_enables_the_front_ends_it_has_credentials_for(
    environ: dict[str, str], serving: list[str]
) -> None:
    config = parse_config({}, environ)

    assert [front_end.name for front_end in enabled_front_ends(config)] == serving


async def test_front_ends_without_credentials_give_the_outbox_no_sender() -> None:
    app = ConsultationApp(lambda: FakeUnitOfWork(MemoryDatabase()), FakeClock(NOW))

    async with open_messengers(parse_config({}, {}), app, build_front_ends()) as messenger:
        assert messenger.platforms == frozenset()


def test_run_refuses_two_front_ends_that_would_each_start_the_http_server(
    scratch: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = scratch / "townhall.toml"
    config.write_text(
        '[telegram]\nmode = "webhook"\nwebhook_url = "https://example.org/telegram"\n'
        '[slack]\nmode = "http"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "1:telegram-secret")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-slack-secret")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "signing-secret")

    assert main(["--config", str(config), "run"]) == 1

    assert capsys.readouterr().err == (
        "townhall: error: Telegram's webhook and Slack's HTTP mode would each start the HTTP "
        'server; run them as two processes, or use [slack] mode = "socket".\n'
    )
    assert not (scratch / "townhall.db").exists()
