"""The outbox worker reads a batch of pushes with a few statements, not a few per recipient."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice, ParticipantRef, Platform
from core.ports import UnitOfWorkFactory
from core.services.dispatching import Dispatcher
from tests.fakes.memory import FakeClock
from tests.fakes.messenger import FakeMessenger
from tests.organiser import broadcast, create_consultation
from tests.storage.examples import OPENS_AT, new_consultation, sample_document

PEOPLE = 48
CHOICES = (Choice.AGREE, Choice.DISAGREE, None)


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Statements are counted on the SQL backends only."""
    name: str = request.param
    return name


@contextmanager
def counting_reads(engine: AsyncEngine) -> Iterator[list[str]]:
    reads: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            reads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)


async def test_a_broadcast_is_sent_with_fewer_reads_than_recipients(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory
) -> None:
    clock = FakeClock(OPENS_AT)
    app = ConsultationApp(uow_factory, clock)
    consultation = await create_consultation(
        uow_factory(), new_consultation(), sample_document(), clock.now()
    )
    async with uow_factory() as uow:
        first = (await uow.paragraphs.list(consultation.id))[0].id
    for number in range(PEOPLE):
        ref = ParticipantRef(platform=Platform.TELEGRAM, tenant="main", external_id=str(number))
        actor = Actor(ref=ref, display_name=f"Person {number}")
        await app.handle(actor, Join(payload=consultation.slug))
        choice = CHOICES[number % 3]
        if choice is not None:
            cast = CastVote(consultation_id=consultation.id, paragraph_id=first, choice=choice)
            await app.handle(actor, cast)
    await broadcast(
        uow_factory(), consultation.slug, numbers=(1,), platforms=None, every=None, now=clock.now()
    )
    messenger = FakeMessenger()
    worker = Dispatcher(uow_factory=uow_factory, messenger=messenger, clock=clock, worker="w")
    with counting_reads(engine) as reads:
        assert await worker.dispatch_due(limit=PEOPLE) == PEOPLE
    assert len(reads) < PEOPLE  # before batching: about 11 a recipient
    choices = {
        recipient.address: getattr(card, "choice", "?") for recipient, card in messenger.sent
    }
    assert choices == {str(n): CHOICES[n % 3] for n in range(PEOPLE)}


async def test_cards_read_no_paragraph_text_once_the_content_is_known(
    engine: AsyncEngine, uow_factory: UnitOfWorkFactory
) -> None:
    clock = FakeClock(OPENS_AT)
    consultation = await create_consultation(
        uow_factory(), new_consultation(), sample_document(), clock.now()
    )
    app = ConsultationApp(uow_factory, clock)
    for number in range(3):
        ref = ParticipantRef(platform=Platform.TELEGRAM, tenant="main", external_id=str(number))
        await app.handle(Actor(ref=ref, display_name="P"), Join(payload=consultation.slug))
    worker = Dispatcher(
        uow_factory=uow_factory, messenger=FakeMessenger(), clock=clock, worker="w"
    )
    for number in (1, 2):  # the first broadcast reads the content, the second finds it kept
        await broadcast(
            uow_factory(),
            consultation.slug,
            numbers=(number,),
            platforms=None,
            every=None,
            now=clock.now(),
        )
        with counting_reads(engine) as reads:
            assert await worker.dispatch_due() == 3
    assert not [statement for statement in reads if "paragraphs.text" in statement]
