"""Paragraph status in the terminal chat: a decided card, `paragraph`, `next decided`."""

from core.app import ConsultationApp
from core.model import CLI_ACTOR, ParagraphStatus
from core.paragraph_status import SetParagraphStatus
from tests.bots.conftest import create
from tests.bots.terminal.test_runner import actor, chat
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import add_organiser


async def decide(app: ConsultationApp, label: str) -> None:
    order = SetParagraphStatus(slug="plan", paragraph=label, status=ParagraphStatus.DECIDED)
    await app.handle(CLI_ACTOR, order)


async def test_a_decided_card_says_so_and_a_vote_on_it_is_refused(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await decide(app, "P1")

    _, output = await chat(app, "back", "agree", "quit")  # it starts on P2: P1 is decided

    assert "§ 1. Purpose\nP2 · 2 of 3" in output.split("[1] Start", 1)[1].split("──\n", 1)[1]
    assert "Decided: this text is final and no longer put to the vote." in output
    assert "P1 is decided: its text is final and votes are no longer taken." in output
    assert not memory.tables.votes


async def test_next_decided_lists_it_and_its_number_opens_the_card(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await decide(app, "P3")

    _, output = await chat(app, "next decided", "1", "quit")

    listing = output.split("── Decided · 1 paragraph · Plan ──\n", 1)[1]
    assert listing.startswith("P3 · no votes yet · 0 comments · decided\n")
    assert "[1] P3  [2] Most voted" in listing
    assert "P3 · 3 of 3" in listing  # its card, opened by [1]


async def test_an_organiser_sets_the_status_with_paragraph_and_a_participant_cannot(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> None:
    await create(memory, clock)
    await add_organiser(FakeUnitOfWork(memory), actor("org").ref)

    _, refused = await chat(app, "paragraph plan P2 decided", "quit")
    _, usage = await chat(app, "paragraph plan P2 final", "quit", name="org")
    _, done = await chat(app, "paragraph plan P2 decided", "quit", name="org")

    assert "Only the consultation's organisers can do that." in refused
    assert "Usage: paragraph SLUG P7 decided|voting" in usage
    assert "P2 of “Plan” is decided" in done
    statuses = [p.status for p in sorted(memory.tables.paragraphs.values(), key=lambda p: p.id)]
    assert statuses == [ParagraphStatus.VOTING, ParagraphStatus.DECIDED, ParagraphStatus.VOTING]
