"""Every report of a consultation filled by `townhall demo-votes` says its data are simulated.

One table, SURFACES, names every place figures are shown: a new report format, chart or page
adds a row (a function that produces its text for the consultation `plan`, and, where the
marker is not written out in words, how to read it), and the test below then checks that it
says so once the consultation is simulated, and not before.
"""

import asyncio
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bots.runtime.bootstrap import open_townhall
from bots.runtime.cli import main
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from bots.slack.figures import statistics_messages
from bots.telegram.figures import render_statistics as telegram_statistics
from bots.terminal.rendering import render_statistics as terminal_statistics
from core.intents import ShowFullStatistics
from core.model import CLI_ACTOR, Actor, ParticipantRef, Platform
from core.orders import AddOrganiser
from core.screens import StatisticsReport
from tests.bots.reports.pngs import description

PLAN = ["--slug", "plan", "--title", "Plan", "--closes", "2099-01-01T00:00Z"]
ORGANISER = Actor(
    ref=ParticipantRef(platform=Platform.TELEGRAM, tenant="telegram", external_id="7"),
    display_name="Olga",
)

Surface = Callable[[pytest.CaptureFixture[str], str], str]
# In words: the note every report prints (core.simulation.SIMULATED_NOTE) or `list`'s marker.
SAID = ("simulated data:", "[simulated]")


def printed(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out


def export(file_format: str) -> Surface:
    return lambda capsys, url: printed(
        capsys, "export", "plan", "--format", file_format, "--out", "-"
    )


def chart(capsys: pytest.CaptureFixture[str], url: str) -> str:
    """`townhall chart`'s agreement image as the Description its PNG carries.

    Before anyone voted: what the command says instead.
    """
    out = Path("charts")  # in the scratch directory
    capsys.readouterr()
    if main(["chart", "plan", "--out", str(out)]) != 0:
        return capsys.readouterr().err
    return description((out / "agreement-1.png").read_bytes()) or ""


def said_in_words(text: str) -> bool:
    return any(phrase in text.lower() for phrase in SAID)


def said_in_json(text: str) -> bool:
    return json.loads(text)["consultation"]["simulated"] is True


def folder(file_format: str, name: str) -> Surface:
    """A folder export (csv, polis), written again each time; `name`: the file read back."""

    def produce(capsys: pytest.CaptureFixture[str], url: str) -> str:
        printed(capsys, "export", "plan", "--format", file_format, "--out", "exported")
        return (Path("exported") / name).read_text(encoding="utf-8-sig")

    return produce


def said_in_polis_summary(text: str) -> bool:
    return ["simulated", "true"] in list(csv.reader(io.StringIO(text)))


def said_in_csv(text: str) -> bool:
    rows = list(csv.DictReader(io.StringIO(text)))
    return bool(rows) and all(row["simulated"] == "true" for row in rows)


def chat_screen(url: str) -> StatisticsReport:
    async def read() -> StatisticsReport:
        async with open_townhall(DatabaseConfig(url=url), SystemClock()) as townhall:
            await townhall.app.handle(CLI_ACTOR, AddOrganiser(ref=ORGANISER.ref))
            screen = await townhall.app.handle(ORGANISER, ShowFullStatistics(slug="plan"))
            assert isinstance(screen, StatisticsReport)
            return screen

    return asyncio.run(read())


# Each surface: what produces its text, and how that text says "simulated".
SURFACES: dict[str, tuple[Surface, Callable[[str], bool]]] = {
    "stats": (lambda capsys, url: printed(capsys, "stats", "plan"), said_in_words),
    "stats --json": (
        lambda capsys, url: printed(capsys, "stats", "plan", "--json"),
        said_in_json,
    ),
    "list": (lambda capsys, url: printed(capsys, "list"), said_in_words),
    "show": (lambda capsys, url: printed(capsys, "show", "plan"), said_in_words),
    "export --format md": (export("md"), said_in_words),
    "export --format json": (export("json"), said_in_json),
    "export --format csv": (folder("csv", "paragraphs.csv"), said_in_csv),
    "export --format csv, README.txt": (
        lambda capsys, url: (
            folder("csv", "paragraphs.csv")(capsys, url)
            + (
                Path("exported/README.txt").read_text(encoding="utf-8")
                if Path("exported/README.txt").exists()
                else ""
            )
        ),
        said_in_words,
    ),
    "export --format polis": (folder("polis", "summary.csv"), said_in_polis_summary),
    "export --format html": (export("html"), said_in_words),
    "townhall chart": (chart, said_in_words),
    "terminal /stats": (
        lambda capsys, url: terminal_statistics(chat_screen(url)).text,
        said_in_words,
    ),
    "telegram /stats": (
        lambda capsys, url: "\n".join(m.text for m in telegram_statistics(chat_screen(url))),
        said_in_words,
    ),
    "slack /stats": (
        lambda capsys, url: json.dumps(
            [m.blocks for m in statistics_messages(chat_screen(url))], ensure_ascii=False
        ),
        said_in_words,
    ),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_every_surface_says_the_data_are_simulated_only_once_they_are(
    surface: str,
    scratch: Path,
    draft: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    produce, says = SURFACES[surface]
    assert main(["import", str(draft), *PLAN]) == 0
    assert not says(produce(capsys, database_url))

    assert main(["demo-votes", "plan", "--participants", "30", "--seed", "3"]) == 0

    assert says(produce(capsys, database_url))
