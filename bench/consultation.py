"""Benchmark one consultation's hot paths on SQLite and PostgreSQL.

    python -m bench.consultation --sqlite /tmp/bench.db --postgres postgresql://...

Measures votes per second (with p50/p99 latency) through `ConsultationApp.handle(CastVote)`,
each vote its own committed transaction, one at a time and with concurrent voters; the time
of `townhall stats` (`consultation_statistics`) on 1,000,000 votes over 50 paragraphs; and
the time of `participants_with_unvoted` among 100,000 enrolled participants. Every figure is
checked against the answer the seeding implies. See bench/README.md for the latest figures.
"""

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.drafts import DraftConsultation, open_draft_consultation
from bench.environment import (
    describe_machine,
    describe_postgres,
    describe_sqlite,
    sqlite_synchronous,
)
from bench.reading import time_statistics, time_unvoted
from bench.report import Figure, query_figure, render_table, throughput_figure
from bench.scenarios import SeededConsultation, seed_reminder_consultation, seed_voted_consultation
from bench.voting import measure_vote_casting
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade_database

SessionFactory = async_sessionmaker[AsyncSession]
T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Sizes:
    """How big each measured workload is; the defaults are the sizes issue 2 asks for."""

    votes: int
    paragraphs: int
    comments: int
    participants: int
    casts: int
    concurrency: int
    runs: int


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.consultation", description=__doc__)
    parser.add_argument("--sqlite", type=Path, help="path of a NEW SQLite file to create")
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database")
    parser.add_argument("--votes", type=int, default=1_000_000, help="votes behind `stats`")
    parser.add_argument("--paragraphs", type=int, default=50, help="paragraphs per consultation")
    parser.add_argument("--comments", type=int, default=5_000, help="comments behind `stats`")
    parser.add_argument(
        "--participants", type=int, default=100_000, help="enrolled, for the unvoted search"
    )
    parser.add_argument("--casts", type=int, default=2_000, help="votes cast per throughput run")
    parser.add_argument("--concurrency", type=int, default=8, help="voters at the same time")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
    arguments = parser.parse_args(argv)
    if arguments.sqlite is None and arguments.postgres is None:
        parser.error("name at least one database: --sqlite PATH and/or --postgres URL")
    if arguments.sqlite is not None and arguments.sqlite.exists():
        parser.error(f"{arguments.sqlite} exists; the benchmark needs a new SQLite file")
    return arguments


def sizes_from(arguments: argparse.Namespace) -> Sizes:
    return Sizes(
        votes=arguments.votes,
        paragraphs=arguments.paragraphs,
        comments=arguments.comments,
        participants=arguments.participants,
        casts=arguments.casts,
        concurrency=arguments.concurrency,
        runs=arguments.runs,
    )


def progress(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def timed(label: str, work: Awaitable[T]) -> T:
    start = time.perf_counter()
    result = await work
    progress(f"{label}: {time.perf_counter() - start:,.1f} s")
    return result


async def seed_consultations(
    engine: AsyncEngine, session_factory: SessionFactory, sizes: Sizes, tag: str
) -> tuple[SeededConsultation, SeededConsultation]:
    """The consultation `stats` is timed on and the one the unvoted search is timed on."""
    voted = await timed(
        f"seeded {sizes.votes:,} votes and {sizes.comments:,} comments",
        seed_voted_consultation(
            engine,
            session_factory,
            f"{tag}-stats",
            votes=sizes.votes,
            paragraphs=sizes.paragraphs,
            comments=sizes.comments,
        ),
    )
    reminders = await timed(
        f"seeded {sizes.participants:,} enrolled participants and their votes",
        seed_reminder_consultation(
            engine,
            session_factory,
            f"{tag}-unvoted",
            participants=sizes.participants,
            paragraphs=sizes.paragraphs,
        ),
    )
    return voted, reminders


async def refresh_planner_statistics(engine: AsyncEngine) -> str:
    """PostgreSQL: VACUUM ANALYZE, as autovacuum would soon after a bulk load.

    SQLite is left as townhall leaves it: nothing in townhall runs ANALYZE there.
    """
    if engine.dialect.name != "postgresql":
        return "no ANALYZE (townhall never runs it on SQLite)"
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE"))
    return "VACUUM ANALYZE after seeding (autovacuum's job in production)"


async def read_figures(
    database: str,
    session_factory: SessionFactory,
    sizes: Sizes,
    seeded: tuple[SeededConsultation, SeededConsultation],
) -> list[Figure]:
    voted, reminders = seeded
    statistics = await time_statistics(session_factory, voted, sizes.runs)
    unvoted = await time_unvoted(session_factory, reminders, sizes.runs)
    scale = f"{voted.votes:,} votes, {sizes.paragraphs} paragraphs"
    found = f"{reminders.unfinished_active:,} found as expected"
    return [
        query_figure(database, f"stats ({scale})", statistics.whole, "totals match seeding"),
        query_figure(database, "· stats: tallies query", statistics.tallies, ""),
        query_figure(database, "· stats: contributors query", statistics.contributors, ""),
        query_figure(database, "· stats: latest comments query", statistics.latest_comments, ""),
        query_figure(
            database,
            f"unvoted among {reminders.participants:,} enrolled ({reminders.votes:,} votes)",
            unvoted,
            found,
        ),
    ]


async def vote_figures(
    database: str, engine: AsyncEngine, sizes: Sizes, tag: str, busy: SeededConsultation | None
) -> list[Figure]:
    """Voting on fresh consultations, one at a time and concurrently, then on a busy one."""
    session_factory = make_session_factory(engine)
    runs: list[tuple[str, DraftConsultation, int]] = []
    for concurrency in (1, sizes.concurrency):
        slug = f"{tag}-votes-{concurrency}"
        draft = await open_draft_consultation(session_factory, slug, sizes.paragraphs)
        label = "one at a time" if concurrency == 1 else f"{concurrency} voters at once"
        runs.append((f"CastVote, {label}, fresh consultation", draft, concurrency))
    if busy is not None:
        label = f"CastVote, one at a time, on the {busy.votes:,}-vote consultation"
        runs.append((label, busy.draft, 1))
    return [
        await vote_figure(database, engine, sizes, f"{tag}-voters-{index}", run)
        for index, run in enumerate(runs)
    ]


async def vote_figure(
    database: str,
    engine: AsyncEngine,
    sizes: Sizes,
    tenant: str,
    run: tuple[str, DraftConsultation, int],
) -> Figure:
    measurement, draft, concurrency = run
    casting = await timed(
        f"{database}: {measurement}: {sizes.casts:,} votes",
        measure_vote_casting(engine, draft, sizes.casts, concurrency, tenant),
    )
    stored = len(casting.latencies.durations)
    attempts = stored + len(casting.failures)
    checked = f"{stored:,} of {attempts:,} stored"
    if casting.failures:
        reasons = ", ".join(sorted(set(casting.failures)))
        checked += f" (**{len(casting.failures):,} FAILED**: {reasons})"
    checked += f"; {casting.statements_per_vote:.0f} SQL statements a vote"
    label = f"{measurement} ({attempts:,} votes)"
    return throughput_figure(database, label, casting.latencies, checked)


async def benchmark(
    database: str,
    url: str,
    sizes: Sizes,
    tag: str,
    describe: Callable[[AsyncEngine], Awaitable[str]],
) -> list[Figure]:
    """Migrate, seed, then measure the read side and vote casting on one database."""
    progress(f"{database}: migrating to the latest schema")
    await upgrade_database(url)
    engine = make_engine(url)
    try:
        print(f"{database}: {await describe(engine)}")
        session_factory = make_session_factory(engine)
        seeded = await seed_consultations(engine, session_factory, sizes, tag)
        print(f"{database}: {await refresh_planner_statistics(engine)}")
        figures = await read_figures(database, session_factory, sizes, seeded)
        return figures + await vote_figures(database, engine, sizes, tag, busy=seeded[0])
    finally:
        await engine.dispose()


def override_synchronous(engine: AsyncEngine, setting: str) -> None:
    """Replace townhall's `PRAGMA synchronous` on every new connection of this engine."""

    @event.listens_for(engine.sync_engine, "connect")
    def _set_synchronous(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA synchronous={setting}")
        cursor.close()


async def sqlite_other_sync_figures(path: Path, sizes: Sizes, tag: str) -> list[Figure]:
    """Vote casting again with the synchronous setting townhall does not use, for comparison.

    FULL syncs the WAL on every commit (a vote survives a power cut); NORMAL syncs only at
    checkpoints (a vote survives a crash of the process, not of the machine).
    """
    engine = make_engine(sqlite_url(path))
    try:
        other = "NORMAL" if await sqlite_synchronous(engine) in {"FULL", "EXTRA"} else "FULL"
    finally:
        await engine.dispose()
    engine = make_engine(sqlite_url(path))
    override_synchronous(engine, other)
    try:
        print(f"sqlite, synchronous={other}: {await describe_sqlite(engine, path)}")
        database = f"sqlite ({other})"
        return await vote_figures(database, engine, sizes, f"{tag}-{other.lower()}", busy=None)
    finally:
        await engine.dispose()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path.resolve()}"


async def run(arguments: argparse.Namespace) -> list[Figure]:
    sizes = sizes_from(arguments)
    tag = f"bench-{int(time.time())}"
    figures: list[Figure] = []
    if arguments.sqlite is not None:
        path: Path = arguments.sqlite

        async def describe(engine: AsyncEngine) -> str:
            return await describe_sqlite(engine, path)

        figures += await benchmark("sqlite", sqlite_url(path), sizes, tag, describe)
        figures += await sqlite_other_sync_figures(path, sizes, tag)
    if arguments.postgres is not None:
        figures += await benchmark("postgresql", arguments.postgres, sizes, tag, describe_postgres)
    return figures


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    print(f"townhall consultation benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}")
    print(f"sizes: {sizes_from(arguments)}")
    for line in describe_machine():
        print(line)
    figures = asyncio.run(run(arguments))
    print()
    print(render_table(figures))


if __name__ == "__main__":
    main()
