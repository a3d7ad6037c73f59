"""`townhall` commands run on uvloop's event loop where uvloop is installed, else asyncio's."""

import argparse
import asyncio
import sys
from pathlib import Path

import pytest
import uvloop

from bots.runtime.cli_running import run_command
from bots.runtime.config import Config


def loop_of_a_command(config: Path) -> type[asyncio.AbstractEventLoop]:
    seen: list[type[asyncio.AbstractEventLoop]] = []

    async def command(args: argparse.Namespace, config: Config) -> int:
        seen.append(type(asyncio.get_running_loop()))
        return 0

    assert run_command(command, argparse.Namespace(config=config, verbose=False)) == 0
    return seen[0]


def test_a_command_runs_on_uvloop(tmp_path: Path) -> None:
    config = tmp_path / "townhall.toml"
    config.write_text("")

    assert issubclass(loop_of_a_command(config), uvloop.Loop)


def test_without_uvloop_a_command_runs_on_asyncio_s_own_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "townhall.toml"
    config.write_text("")
    monkeypatch.setitem(sys.modules, "uvloop", None)  # `import uvloop` raises ImportError

    loop = loop_of_a_command(config)

    assert not issubclass(loop, uvloop.Loop)
    assert issubclass(loop, asyncio.BaseEventLoop)
