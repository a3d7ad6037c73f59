"""The terminal chat's `mydata`: the person's data written to a file only they can read."""

import io
import json
import stat
from pathlib import Path

from bots.chat.identities import terminal_ref
from bots.terminal.runner import TerminalChat
from core.app import ConsultationApp
from core.model import Actor
from tests.bots.conftest import create
from tests.fakes.memory import FakeClock, MemoryDatabase

ANA = Actor(ref=terminal_ref("ana"), display_name="ana")


async def chat(app: ConsultationApp, files: Path, *lines: str) -> str:
    output = io.StringIO()
    session = TerminalChat(
        app,
        ANA,
        input=io.StringIO("".join(f"{line}\n" for line in lines)),
        output=output,
        interactive=False,
        files=files,
    )
    await session.run("plan")
    return output.getvalue()


def files_in(folder: Path) -> list[Path]:
    return sorted(path.resolve() for path in folder.iterdir())


def saved_path(output: str) -> Path:
    [line] = [line for line in output.splitlines() if line.startswith("Saved to ")]
    return Path(line.removeprefix("Saved to ").removesuffix(" (readable by you only)."))


async def test_mydata_writes_a_file_only_the_person_can_read_and_prints_its_path(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    output = await chat(app, tmp_path, "agree", "comment Who pays?", "mydata")

    path = saved_path(output)
    assert files_in(tmp_path) == [path]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_bytes())
    assert document["format"] == "townhall.mydata/1"
    assert document["identities"][0]["id"] == "ana"
    assert [v["choice"] for v in document["votes"]] == ["agree"]
    assert [c["text"] for c in document["comments"]] == ["Who pays?"]
    assert "Everything townhall holds about you: 1 consultation, 1 vote, 1 comment." in output


async def test_mydata_twice_writes_a_second_file_and_never_replaces_the_first(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    first = saved_path(await chat(app, tmp_path, "mydata"))
    second = saved_path(await chat(app, tmp_path, "agree", "mydata"))

    assert first != second
    assert json.loads(first.read_bytes())["votes"] == []
    assert len(json.loads(second.read_bytes())["votes"]) == 1


async def test_mydata_with_words_after_it_prints_the_usage_and_writes_nothing(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    output = await chat(app, tmp_path, "mydata now")

    assert "mydata takes nothing after it." in output
    assert files_in(tmp_path) == []


async def test_a_folder_that_cannot_be_written_is_said_and_the_chat_goes_on(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    output = await chat(app, tmp_path / "missing", "mydata", "progress")

    assert f"The file could not be written in {tmp_path / 'missing'}" in output
    assert "you have voted on 0 of 3 paragraphs" in output


async def test_forget_asks_first_and_the_numbered_button_confirms(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    output = await chat(app, tmp_path, "agree", "comment Who pays?", "forget", "1", "forget")

    assert "It cannot be undone" in output
    assert "[1] Forget me" in output
    assert "Done: townhall has forgotten you." in output
    assert output.rstrip().endswith(
        "townhall holds nothing about you: there is nothing left to forget."
    )
    [ana] = memory.tables.participants.values()
    assert (ana.ref.external_id, ana.display_name) == (f"forgotten-{ana.id}", "")
    assert [c.body for c in memory.tables.comments.values()] == [""]
    assert len(memory.tables.votes) == 1


async def test_forget_not_confirmed_changes_nothing(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock, tmp_path: Path
) -> None:
    await create(memory, clock)

    output = await chat(app, tmp_path, "agree", "forget", "progress")

    assert "you have voted on 1 of 3 paragraphs" in output
    [ana] = memory.tables.participants.values()
    assert ana.ref == ANA.ref
