"""Vote throughput and latency through `ConsultationApp.handle(CastVote)`, one commit per vote."""

import asyncio
import random
from asyncio import selector_events
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from time import perf_counter, process_time
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.drafts import DraftConsultation, SystemClock
from bench.server_cpu import server_cpu_seconds, server_processes
from bench.timing import Latencies
from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice, ParticipantRef, Platform
from core.screens import VoteRecorded, Welcome
from storage.engine import make_session_factory
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.statements import run_by_asyncpg

VOTES_PER_VOTER = 10
AGREE_SHARE = 0.7


@dataclass(frozen=True, slots=True, kw_only=True)
class Voter:
    """A person and the votes they will cast, one after another."""

    actor: Actor
    votes: tuple[CastVote, ...]


def plan_voters(draft: DraftConsultation, casts: int, tenant: str) -> list[Voter]:
    """`casts` votes by casts/10 people, each voting on ten different paragraphs."""
    rng = random.Random(casts)
    voters = []
    for index in range(max(1, casts // VOTES_PER_VOTER)):
        ref = ParticipantRef(platform=Platform.TELEGRAM, tenant=tenant, external_id=str(index))
        paragraphs = rng.sample(
            draft.paragraph_ids, min(VOTES_PER_VOTER, len(draft.paragraph_ids))
        )
        votes = tuple(
            CastVote(
                consultation_id=draft.consultation.id,
                paragraph_id=paragraph_id,
                choice=Choice.AGREE if rng.random() < AGREE_SHARE else Choice.DISAGREE,
            )
            for paragraph_id in paragraphs
        )
        voters.append(Voter(actor=Actor(ref=ref, display_name=f"Voter {index}"), votes=votes))
    return voters


async def join_all(app: ConsultationApp, voters: list[Voter], slug: str) -> None:
    """Enrol every voter through `Join` first, as people do before they vote (not timed)."""
    for voter in voters:
        screen = await app.handle(voter.actor, Join(payload=slug))
        if not isinstance(screen, Welcome):
            raise RuntimeError(f"joining {slug} was refused: {screen}")


@dataclass(slots=True)
class CastingLog:
    """What happened to each vote: its latency if it was stored, its error if the database failed.

    A database error is what a front end would answer with an apology: the person's vote is
    lost, so it is counted and reported, never hidden, and never part of the latencies.
    """

    durations: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


async def cast_votes(
    app: ConsultationApp, voters: list[Voter], concurrency: int
) -> tuple[Latencies, tuple[str, ...]]:
    """Cast every planned vote with `concurrency` people voting at the same time.

    Each worker serves its own people, so one person never has two votes in flight, as in
    a chat where a person presses one button at a time.
    """
    log = CastingLog()
    workers = [voters[index::concurrency] for index in range(concurrency)]
    start = perf_counter()
    await asyncio.gather(*(_vote_in_turn(app, group, log) for group in workers))
    latencies = Latencies(durations=tuple(log.durations), wall_seconds=perf_counter() - start)
    return latencies, tuple(log.failures)


async def _vote_in_turn(app: ConsultationApp, voters: list[Voter], log: CastingLog) -> None:
    for voter in voters:
        for vote in voter.votes:
            start = perf_counter()
            try:
                screen = await app.handle(voter.actor, vote)
            except DBAPIError as error:
                log.failures.append(str(error.orig).splitlines()[0])
                continue
            log.durations.append(perf_counter() - start)
            if not isinstance(screen, VoteRecorded):
                raise RuntimeError(f"a vote was refused, the figures would be wrong: {screen}")


async def count_votes(
    session_factory: async_sessionmaker[AsyncSession], consultation_id: int
) -> int:
    """Votes stored for the consultation, read back through the statistics repository."""
    async with SqlUnitOfWork(session_factory) as uow:
        tallies = await uow.statistics.tallies(consultation_id)
    return sum(tally.agree + tally.disagree for tally in tallies)


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteCasting:
    """The latencies of a run of votes and how many SQL statements each vote took."""

    latencies: Latencies
    statements_per_vote: float
    votes_per_commit: float  # SQLite: how many votes shared a COMMIT (0: not counted)
    cpu_ms_per_vote: float  # this process's CPU (every thread), not a database server's
    failures: tuple[str, ...]
    round_trips_per_vote: float | None = None  # writes to PostgreSQL's sockets; None on SQLite
    server_cpu_ms_per_vote: float | None = None  # a local server's, bench/server_cpu.py


async def measure_vote_casting(
    engine: AsyncEngine, draft: DraftConsultation, casts: int, concurrency: int, tenant: str
) -> VoteCasting:
    """Votes per second and latency by new voters; checks each acknowledged vote was stored."""
    session_factory = make_session_factory(engine)
    app = ConsultationApp(lambda: SqlUnitOfWork(session_factory), SystemClock())
    voters = plan_voters(draft, casts, tenant)
    await join_all(app, voters, draft.consultation.slug)
    before = await count_votes(session_factory, draft.consultation.id)
    postmaster = await server_processes(engine)
    server = server_cpu_seconds(postmaster) if postmaster else 0.0
    async with counting_statements(engine) as statements:
        with counting_socket_writes() as writes:
            cpu = process_time()
            latencies, failures = await cast_votes(app, voters, concurrency)
            cpu_seconds = process_time() - cpu
    server = server_cpu_seconds(postmaster) - server if postmaster else 0.0
    stored = await count_votes(session_factory, draft.consultation.id) - before
    if stored != len(latencies.durations):
        raise RuntimeError(f"{len(latencies.durations)} votes acknowledged but {stored} stored")
    attempts = len(latencies.durations) + len(failures)
    commits = statements.count("COMMIT")
    return VoteCasting(
        latencies=latencies,
        statements_per_vote=(len(statements) - commits) / attempts,
        votes_per_commit=attempts / commits if commits else 0.0,
        cpu_ms_per_vote=cpu_seconds * 1000 / attempts,
        failures=failures,
        round_trips_per_vote=writes[0] / attempts if engine.dialect.name != "sqlite" else None,
        server_cpu_ms_per_vote=server * 1000 / attempts if postmaster else None,
    )


@contextmanager
def counting_socket_writes() -> Iterator[list[int]]:
    """Count the writes to sockets while the block runs: on PostgreSQL, its round trips.

    asyncpg sends each operation (a statement's Bind, Execute and Sync; a BEGIN; a prepare)
    in one write and waits for the answer: a write is a round trip. Nothing else in the
    benchmark uses a socket.
    """
    events: Any = selector_events  # its socket transport is private, and not in the stubs
    transport = events._SelectorSocketTransport
    original = transport.write
    count = [0]

    def write(self: object, data: Any) -> None:
        count[0] += 1
        original(self, data)

    transport.write = write
    try:
        yield count
    finally:
        transport.write = original


@asynccontextmanager
async def counting_statements(engine: AsyncEngine) -> AsyncIterator[list[str]]:
    """Collect the SQL the database runs while the block runs.

    On SQLite, what SQLite itself ran (its trace callback): the writer's units run their
    prebuilt statements on SQLite's own cursor, which SQLAlchemy's events never see. A batch's
    COMMIT is collected too, to tell how many votes shared one; statements a vote are counted
    without it, as they always were. On PostgreSQL, what asyncpg was asked to run, whoever asked
    (prebuilt statements go to it directly, storage/asyncpg_session.py), its BEGIN included and
    COMMIT left out.
    """
    statements: list[str] = []
    if engine.dialect.name == "postgresql":
        with run_by_asyncpg() as log:
            yield statements
        statements.extend(sql for sql in log.ran if sql != "COMMIT;")
        return
    if engine.dialect.name == "sqlite":
        driver = await _sqlite_driver(engine)
        await driver.set_trace_callback(statements.append)
        try:
            yield statements
        finally:
            await driver.set_trace_callback(None)  # type: ignore[arg-type]  # None: stop tracing
        return

    def _collect(*arguments: Any) -> None:
        statements.append(arguments[2])

    event.listen(engine.sync_engine, "before_cursor_execute", _collect)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", _collect)


async def _sqlite_driver(engine: AsyncEngine) -> aiosqlite.Connection:
    """The aiosqlite connection under the engine's one pooled connection."""
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: aiosqlite.Connection = raw.dbapi_connection._connection  # type: ignore[union-attr]
        return driver
