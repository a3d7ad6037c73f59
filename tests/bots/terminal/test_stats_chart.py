"""The terminal chat's `stats SLUG` for organisers: the agreement chart written to a file."""

import stat
from pathlib import Path

from core.app import ConsultationApp
from tests.bots.conftest import create
from tests.bots.reports.pngs import png_size
from tests.bots.terminal.test_data_rights import ANA, chat, files_in, saved_path
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import add_organiser


async def test_an_organisers_stats_write_the_agreement_chart_and_print_its_path(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)
    await add_organiser(FakeUnitOfWork(memory), ANA.ref)

    output = await chat(app, tmp_path, "agree", "stats plan")

    path = saved_path(output)
    assert files_in(tmp_path) == [path]
    assert path.name == "townhall-agreement-1.png"
    assert png_size(path.read_bytes()) == (900, 196)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # The figures come first, as before; the chart's path after them.
    assert output.index("1 vote (1 agree, 0 disagree) · 100% agree") < output.index("Saved to")


async def test_a_participants_stats_write_no_chart(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    output = await chat(app, tmp_path, "agree", "stats", "stats plan")

    assert "Only the consultation's organisers can do that." in output
    assert files_in(tmp_path) == []


async def test_an_organisers_stats_without_votes_write_no_chart(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)
    await add_organiser(FakeUnitOfWork(memory), ANA.ref)

    output = await chat(app, tmp_path, "stats plan")

    assert "Saved to" not in output
    assert files_in(tmp_path) == []
