"""The terminal chat asks why after a Disagree: the typed answer is the reason, Skip skips."""

from core.app import ConsultationApp
from core.model import Reasons
from core.statistics import DisagreementReason, ParagraphTally
from tests.bots.conftest import create
from tests.bots.terminal.test_runner import chat
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase


async def reasons_and_tally(
    memory: MemoryDatabase,
) -> tuple[list[DisagreementReason], ParagraphTally | None]:
    async with FakeUnitOfWork(memory) as uow:
        [consultation] = await uow.consultations.list()
        first = await uow.paragraphs.at_position(consultation.id, 1)
        assert first is not None
        reasons = await uow.statistics.disagreement_reasons(consultation.id)
        return reasons, await uow.statistics.tally(first.id)


async def test_a_disagree_asks_what_to_change_and_the_next_line_is_the_reason(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock, reasons=Reasons.OPTIONAL)

    _, output = await chat(app, "disagree", "Say who pays for it.", "1")

    asked = "✓ Noted: you disagree with P1.\n\nWhat would you change in P1? Send it as your"
    assert asked in output
    assert "Type it and press Enter (or type cancel).\n[1] Skip\n" in output
    assert "✓ Thank you: your reason for disagreeing with P1 is saved." in output
    assert "[1] Continue  [2] Comments" in output
    assert "P2 · 2 of 3" in output.rsplit("saved.", 1)[1]  # Continue: the next paragraph
    [reason], tally = await reasons_and_tally(memory)
    assert (reason.paragraph_number, reason.author_name, reason.body) == (
        1,
        "ana",
        "Say who pays for it.",
    )
    assert tally is not None
    assert (tally.disagree, tally.comments) == (1, 1)


async def test_skip_shows_the_next_paragraph_and_stores_no_reason(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock, reasons=Reasons.OPTIONAL)

    _, output = await chat(app, "disagree", "1", "hello")

    after_skip = output.split("[1] Skip\n", 1)[1]
    assert after_skip.lstrip().startswith("── Plan ──\n§ 1. Purpose\nP2 · 2 of 3")
    assert "I don't know hello" in after_skip  # no question any more: not a reason
    reasons, tally = await reasons_and_tally(memory)
    assert reasons == []
    assert tally is not None
    assert (tally.disagree, tally.comments) == (1, 0)


async def test_with_a_required_reason_the_disagree_counts_once_it_is_typed(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock, reasons=Reasons.REQUIRED)

    _, waiting = await chat(app, "disagree")
    _, tally = await reasons_and_tally(memory)
    assert tally is None or tally.disagree == 0
    # Back in the chat later, P1 is shown first (no vote counts on it yet), saying it waits.
    _, answered = await chat(app, "disagree", "It costs too much.")

    assert "✓ Your Disagree with P1 counts once you say what you would change." in waiting
    assert "your next message: your Disagree counts once you do." in waiting
    assert "[1] Skip" not in waiting
    assert "Your vote: disagree · 0 comments · no votes yet\nYour Disagree counts once" in answered
    assert "your Disagree with P1 counts." in answered
    [reason], tally = await reasons_and_tally(memory)
    assert reason.body == "It costs too much."
    assert tally is not None
    assert tally.disagree == 1
