"""`townhall invite`'s Telegram deep link: the bot's name asked of Telegram, no token logged.

httpx logs each request's URL at INFO, and a Bot API URL holds the bot's token. Keeping that out
of the log is the composition root's (bots.runtime.logs), not the front end's: asking Telegram
its name changes no process-wide setting.
"""

import asyncio
import logging
import os
import sys
from pathlib import Path

import pytest

from bots.telegram.links import describe_telegram_link
from bots.telegram.settings import TelegramConfig
from tests.fakes.telegram import FakeBotApi

ROOT = Path(__file__).resolve().parents[3]


async def test_asking_telegram_the_bots_name_leaves_the_process_log_levels_alone(
    fake_bot_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logging.getLogger("httpx"), "level", logging.NOTSET)
    config = TelegramConfig(token=fake_bot_api.token, base_url=fake_bot_api.base_url)

    said = await describe_telegram_link(config, "T0KEN")

    assert said == "Join in Telegram: https://t.me/townhall_test_bot?start=T0KEN"
    assert logging.getLogger("httpx").level == logging.NOTSET


async def townhall(*argv: str, environment: dict[str, str]) -> tuple[str, str]:
    """Run `python -m bots ARGV` while this loop keeps serving the fake; its stdout and stderr."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bots",
        *argv,
        cwd=ROOT,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await child.communicate()
    assert child.returncode == 0, err.decode()
    return out.decode(), err.decode()


async def test_invite_prints_the_telegram_link_and_logs_no_token_even_when_verbose(
    fake_bot_api: FakeBotApi, scratch: Path, draft: Path
) -> None:
    config = scratch / "townhall.toml"
    config.write_text(f'[telegram]\nbase_url = "{fake_bot_api.base_url}"\n', encoding="utf-8")
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": fake_bot_api.token}
    await townhall(
        "import",
        str(draft),
        "--slug",
        "plan",
        "--title",
        "Plan",
        "--closes",
        "2099-01-01T00:00Z",
        environment=environment,
    )

    out, err = await townhall(
        "--config", str(config), "-v", "invite", "plan", environment=environment
    )

    assert "Join in Telegram: https://t.me/townhall_test_bot?start=" in out
    assert fake_bot_api.token not in err
    assert fake_bot_api.token.split(":")[1] not in out + err
