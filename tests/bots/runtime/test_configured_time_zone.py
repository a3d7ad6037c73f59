"""`[consultation] timezone` reaches every path that reads a date: the front ends' core too."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bots.chat.identities import terminal_ref
from bots.chat.settings import ConfigError
from bots.runtime.bootstrap import Townhall
from bots.runtime.commands.serving import serve
from bots.runtime.config import Config, parse_config
from core.intents import CreateConsultation
from core.model import Actor
from tests.bots.conftest import THREE_PARAGRAPHS

ANA = Actor(ref=terminal_ref("ana"), display_name="ana")


def configured(tmp_path: Path, timezone: str) -> Config:
    return parse_config(
        {
            "database": {"url": f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"},
            "organisers": {"ids": ["terminal:ana"]},
            "consultation": {"timezone": timezone},
        },
        {},
    )


async def test_a_served_front_end_reads_chat_dates_in_the_configured_time_zone(
    tmp_path: Path,
) -> None:
    stored: list[datetime] = []

    async def front_end(config: Config, townhall: Townhall, stop: object) -> None:
        form = CreateConsultation(
            title="Plan", closes="2099-03-31", filename="plan.md", document=THREE_PARAGRAPHS
        )
        await townhall.app.handle(ANA, form)
        async with townhall.unit_of_work() as uow:
            stored.extend(c.closes_at for c in await uow.consultations.list())

    config = configured(tmp_path, "America/New_York")
    await serve(config, [front_end], errors=io.StringIO(), started="", stopped="")

    assert stored == [datetime(2099, 4, 1, 3, 59, tzinfo=UTC)]  # 23:59 EDT is 03:59 UTC


def test_the_time_zone_defaults_to_utc_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    assert parse_config({}, {}).consultation.zone is UTC

    with pytest.raises(ConfigError) as refusal:
        configured(tmp_path, "Mars/Olympus")

    assert str(refusal.value) == (
        'consultation.timezone: expected a time zone such as "UTC" or "Europe/Berlin", '
        'got "Mars/Olympus"'
    )
