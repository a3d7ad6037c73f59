"""How many SQL statements a press of a vote button costs: a guard against the hot path growing.

Not a timing: the count is what each vote costs in round trips to the database, on any
machine. A person who already joined and voted once presses again; the ceiling is what the
use case needs today, so a change that adds a read or a write to every vote fails here.
"""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice, Consultation
from core.screens import ParagraphCard, Tally, VoteRecorded
from storage.engine import make_session_factory
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes.memory import FakeClock
from tests.storage.examples import OPENS_AT, new_consultation, person, sample_document
from tests.storage.statements import run_by_asyncpg, statements_run, through_sqlalchemy

# Statements of a repeated press, BEGIN included (23 before issue 11). PostgreSQL writes the
# vote, its history and its tally with one statement, and the enrolment's write goes with the
# read of the next paragraph (storage/carried_writes.py); its BEGIN was not counted before its
# statements went to asyncpg's connection, which shows it. The
# voted card's tally comes back from the write, the next card's with its paragraph; whether
# the paragraph has posts to refresh with the tally, whether a release holds anything with
# the consultation, and the person's enrolment with the consultation too; and the
# consultation with the person.
CEILING = {"sqlite": 7, "postgres": 4}
ANA = Actor(ref=person("ana"), display_name="Ana")


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    """Only the SQL backends send statements."""
    name: str = request.param
    return name


# On SQLite, the writer runs each unit of work between a SAVEPOINT and its RELEASE so that
# units sharing a commit fail alone (storage/sqlite_writer.py), and a batch of them shares one
# COMMIT: markers, not the use case's work.
_WRITERS_MARKERS = ("SAVEPOINT ", "RELEASE ", "ROLLBACK TO ", "COMMIT")


@asynccontextmanager
async def statements_sent(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """The statements the use case ran, whichever way they went to the database."""
    ran: list[str] = []
    async with statements_run(engine) as everything:
        yield ran
    ran.extend(s for s in everything if not s.upper().startswith(_WRITERS_MARKERS))


async def joined(engine: AsyncEngine) -> tuple[ConsultationApp, Consultation, list[int]]:
    session_factory = make_session_factory(engine)
    app = ConsultationApp(
        lambda: SqlUnitOfWork(session_factory), FakeClock(OPENS_AT + timedelta(days=1))
    )
    async with SqlUnitOfWork(session_factory) as uow:
        consultation = await uow.consultations.add(new_consultation(), sample_document())
        paragraphs = [p.id for p in await uow.paragraphs.list(consultation.id)]
        await uow.commit()
    await app.handle(ANA, Join(payload=consultation.slug))
    return app, consultation, paragraphs


def press(consultation: Consultation, paragraph_id: int, choice: Choice) -> CastVote:
    return CastVote(consultation_id=consultation.id, paragraph_id=paragraph_id, choice=choice)


async def test_a_press_writes_the_vote_and_the_enrolment_once_and_nothing_else_twice(
    engine: AsyncEngine, backend: str
) -> None:
    app, consultation, paragraphs = await joined(engine)
    await app.handle(ANA, press(consultation, paragraphs[0], Choice.AGREE))
    async with statements_sent(engine) as sent:
        screen = await app.handle(ANA, press(consultation, paragraphs[1], Choice.DISAGREE))
    assert isinstance(screen, VoteRecorded)
    written = [re.findall(r"(?:^|\()(?:INSERT INTO|UPDATE|DELETE FROM) (\w+)", s) for s in sent]
    assert [table for tables in written for table in tables] == [
        "votes",
        "vote_events",
        "paragraph_tallies",
        "enrolments",
    ]
    assert len(sent) <= CEILING[backend], "\n".join(sent)
    # The tally write returns the counters alone: number, position and heading come from the
    # content already read, not from a subquery each.
    tally_writes = [s for s in sent if "INSERT INTO paragraph_tallies" in s]
    assert len(tally_writes) == 1
    assert "paragraphs" not in tally_writes[0]
    assert "sections" not in tally_writes[0]
    # On PostgreSQL the vote's three writes are one statement, a round trip, not three.
    vote_writes = [tables for tables in written if "votes" in tables or "vote_events" in tables]
    assert len(vote_writes) == (1 if backend == "postgres" else 2)


async def test_the_press_shows_on_the_voted_card_and_the_next_card_is_unvoted(
    engine: AsyncEngine,
) -> None:
    app, consultation, paragraphs = await joined(engine)
    screen = await app.handle(ANA, press(consultation, paragraphs[0], Choice.AGREE))
    assert isinstance(screen, VoteRecorded)
    card, following = screen.card, screen.next
    assert isinstance(following, ParagraphCard)
    assert (card.choice, card.section, card.total) == (Choice.AGREE, None, 4)
    assert card.tally == Tally(agree=1, disagree=0, agreement_pct=100)
    assert (following.choice, following.section, following.label) == (None, "Energy", "P2")


@pytest.mark.parametrize("backend", ["sqlite"])
async def test_a_press_on_sqlite_runs_on_sqlites_own_cursor_not_through_sqlalchemy(
    engine: AsyncEngine,
) -> None:
    app, consultation, paragraphs = await joined(engine)
    await app.handle(ANA, press(consultation, paragraphs[0], Choice.AGREE))
    with through_sqlalchemy(engine) as through:
        async with statements_sent(engine) as sent:
            await app.handle(ANA, press(consultation, paragraphs[1], Choice.DISAGREE))
    # Nothing goes through SQLAlchemy's execution path, not even the batch's BEGIN.
    assert through == []
    assert "BEGIN IMMEDIATE" in sent
    assert len(sent) >= 6


@pytest.mark.parametrize("backend", ["postgres"])
async def test_a_press_on_postgresql_runs_on_asyncpgs_connection_not_through_sqlalchemy(
    engine: AsyncEngine,
) -> None:
    app, consultation, paragraphs = await joined(engine)
    await app.handle(ANA, press(consultation, paragraphs[0], Choice.AGREE))
    with through_sqlalchemy(engine) as through, run_by_asyncpg() as asyncpg:
        screen = await app.handle(ANA, press(consultation, paragraphs[1], Choice.DISAGREE))
    assert isinstance(screen, VoteRecorded)
    assert through == []
    # One round trip a statement: BEGIN, the use case's five in three (the enrolment's write
    # goes with the next paragraph's read, the consultation with the person), COMMIT; all
    # prepared before.
    assert asyncpg.ran[0] == "BEGIN;"
    assert asyncpg.ran[-1] == "COMMIT;"
    assert len(asyncpg.ran) == 5, "\n".join(asyncpg.ran)
    assert asyncpg.prepared == []
