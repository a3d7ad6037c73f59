"""The terminal chat's amendments: `suggest`, the marked diff, `wordings`, votes, decisions."""

from bots.chat.identities import terminal_ref
from core.app import ConsultationApp
from tests.bots.conftest import create
from tests.bots.terminal.test_runner import chat
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import add_organiser

CHANGED = "The plan sets out what the city will do by 2030."


async def paragraph_text(memory: MemoryDatabase) -> str:
    async with FakeUnitOfWork(memory) as uow:
        [consultation] = await uow.consultations.list()
        first = await uow.paragraphs.at_position(consultation.id, 1)
    assert first is not None
    return first.text


async def test_suggest_shows_the_diff_and_publish_lists_the_wording_under_the_paragraph(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(app, "suggest", CHANGED, "1", "wordings")

    assert "Send your wording of P1 as your next message" in output
    assert "Current text of P1:\nThe plan sets out what the city will do.\n" in output
    assert "The plan sets out what the city will do {+by 2030+}." in output
    assert "[1] Publish  [2] Cancel" in output
    assert "✓ Thank you: your wording of P1 is published." in output
    assert "\n1 suggested wording of P1 open to votes.\n" in output
    assert "#1 ana · proposed · 0 agree, 0 disagree" in output


async def test_others_vote_with_agree_n_and_a_participant_cannot_accept(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await chat(app, f"suggest {CHANGED}", "1")

    _, output = await chat(app, "wordings", "agree 1", "accept 1", name="ben")

    assert (
        "✓ Your Agree on wording #1 is saved." in output
        or "Your Agree on wording #1 is saved." in output
    )
    assert "#1 ana · proposed · 1 agree, 0 disagree · your vote: agree" in output
    assert "Only the consultation's organisers can do that." in output
    assert await paragraph_text(memory) == "The plan sets out what the city will do."


async def test_an_organiser_accepts_in_the_chat_and_the_paragraph_reads_the_new_wording(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await chat(app, f"suggest {CHANGED}", "1")
    assert await add_organiser(FakeUnitOfWork(memory), terminal_ref("olga"))

    _, output = await chat(app, "wordings", "accept 1", "continue", name="olga")

    assert "✓ Wording #1 of P1 is accepted. P1 now reads as suggested (version 2)" in output
    assert await paragraph_text(memory) == CHANGED
    assert f"P1 · 1 of 3\n{CHANGED}\n" in output.rsplit("accepted", 1)[1]


async def test_an_unchanged_wording_is_refused_and_cancel_stops_the_prompt(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)

    _, output = await chat(
        app, "suggest The plan sets out what the city will do.", "suggest", "cancel", "hello"
    )

    assert "This wording is the same as the current text: nothing to change." in output
    assert "Suggestion cancelled: nothing was published." in output
    assert "I don't know hello" in output
