"""`serve`, the composition root's loop: the process-wide settings are made there, once."""

import io
import logging
import os
from pathlib import Path

import pytest

from bots.runtime.bootstrap import Townhall
from bots.runtime.commands.serving import serve
from bots.runtime.config import Config, parse_config


async def test_serving_settles_the_process_before_any_front_end_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    monkeypatch.setattr(logging.getLogger("httpx"), "level", logging.NOTSET)
    seen: list[tuple[str | None, int]] = []

    async def front_end(config: Config, townhall: Townhall, stop: object) -> None:
        seen.append((os.environ.get("PTB_TIMEDELTA"), logging.getLogger("httpx").level))

    config = parse_config({"database": {"url": f"sqlite+aiosqlite:///{tmp_path / 't.db'}"}}, {})
    await serve(config, [front_end], errors=io.StringIO(), started="", stopped="")

    assert seen == [("true", logging.WARNING)]  # PTB's flood waits as timedeltas; no token in logs
