"""The core's vote path alone: `ConsultationApp.handle(actor, CastVote)` on SQLite and PostgreSQL.

    python -m bench.core_votes --sqlite /var/tmp/votes.db --postgres postgresql://...

For each database: one voter at a time and `--concurrency` voters at once (16), on a fresh
consultation and on one already holding `--busy-votes` votes (1,000,000). Each run prints
votes/s, p50/p99 latency, the CPU this process spent per vote (`time.process_time`, which
counts every thread, so the SQLite thread too; a local PostgreSQL server's is shown apart, read
from /proc), the SQL statements per vote (on PostgreSQL, its round trips too) and, on SQLite,
how many votes shared a COMMIT. Every acknowledged vote is read back. On SQLite the run ends
with the floor: a bare sqlite3 upsert and its COMMIT, one at a time, on the same file system
with the same settings; on PostgreSQL with bare asyncpg upserts by as many connections as
voters, on the same server, in one round trip and in BEGIN, upsert, COMMIT
(bench/postgres_floor.py). Issue 11's targets: >= 2,000 votes/s with 16 voters, p99 < 25 ms, one
at a time p50 < 2 ms, the same on the busy consultation. See bench/README.md for the figures
and the conditions they held under.
"""

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from bench.consultation import sqlite_url
from bench.drafts import DraftConsultation, open_draft_consultation
from bench.environment import describe_machine, describe_postgres, describe_sqlite
from bench.postgres_floor import measure_bare_asyncpg
from bench.report import Figure, render_table, throughput_figure
from bench.scenarios import seed_voted_consultation
from bench.sqlite_floor import measure_bare_upserts
from bench.voting import measure_vote_casting
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade_database


@dataclass(frozen=True, slots=True, kw_only=True)
class Sizes:
    """How many votes each run casts, by how many voters at once, on how busy a consultation."""

    casts: int
    concurrency: int
    paragraphs: int
    busy_votes: int


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.core_votes", description=__doc__)
    parser.add_argument("--sqlite", type=Path, help="path of a NEW SQLite file to create")
    parser.add_argument("--postgres", help="URL of an empty PostgreSQL database")
    parser.add_argument("--casts", type=int, default=2_000, help="votes cast per run")
    parser.add_argument("--concurrency", type=int, default=16, help="voters at the same time")
    parser.add_argument("--paragraphs", type=int, default=50, help="paragraphs per consultation")
    parser.add_argument(
        "--busy-votes", type=int, default=1_000_000, help="votes already on the busy one (0: none)"
    )
    arguments = parser.parse_args(argv)
    if arguments.sqlite is None and arguments.postgres is None:
        parser.error("name at least one database: --sqlite PATH and/or --postgres URL")
    if arguments.sqlite is not None and arguments.sqlite.exists():
        parser.error(f"{arguments.sqlite} exists; the benchmark needs a new SQLite file")
    return arguments


def progress(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the report."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


async def consultations(
    engine: AsyncEngine, sizes: Sizes, tag: str
) -> list[tuple[str, DraftConsultation]]:
    """A fresh consultation and, unless --busy-votes is 0, a busy one."""
    session_factory = make_session_factory(engine)
    fresh = await open_draft_consultation(session_factory, f"{tag}-fresh", sizes.paragraphs)
    found = [("fresh consultation", fresh)]
    if sizes.busy_votes:
        start = time.perf_counter()
        busy = await seed_voted_consultation(
            engine,
            session_factory,
            f"{tag}-busy",
            votes=sizes.busy_votes,
            paragraphs=sizes.paragraphs,
            comments=0,
        )
        progress(f"seeded {busy.votes:,} votes in {time.perf_counter() - start:,.0f} s")
        found.append((f"{busy.votes:,}-vote consultation", busy.draft))
    return found


async def measure(database: str, engine: AsyncEngine, sizes: Sizes, tag: str) -> list[Figure]:
    figures: list[Figure] = []
    for name, draft in await consultations(engine, sizes, tag):
        for concurrency in (1, sizes.concurrency):
            label = "one at a time" if concurrency == 1 else f"{concurrency} voters at once"
            tenant = f"{tag}-{len(figures)}"
            casting = await measure_vote_casting(engine, draft, sizes.casts, concurrency, tenant)
            stored = len(casting.latencies.durations)
            attempts = stored + len(casting.failures)
            checked = f"{stored:,} of {attempts:,} stored"
            if casting.failures:
                checked += f" (**{len(casting.failures):,} FAILED**)"
            checked += f"; {casting.statements_per_vote:.1f} statements, "
            if casting.round_trips_per_vote is not None:
                checked += f"{casting.round_trips_per_vote:.1f} round trips, "
            checked += f"{casting.cpu_ms_per_vote:.2f} CPU ms a vote"
            if casting.server_cpu_ms_per_vote is not None:
                checked += f" (the server's: {casting.server_cpu_ms_per_vote:.2f})"
            if casting.votes_per_commit:
                checked += f", {casting.votes_per_commit:.1f} votes a COMMIT"
            measurement = f"CastVote, {label}, {name}"
            progress(f"{database}: {measurement}: {casting.latencies.per_second:,.0f} votes/s")
            figures.append(throughput_figure(database, measurement, casting.latencies, checked))
    return figures


async def benchmark(
    database: str, url: str, sizes: Sizes, tag: str, path: Path | None
) -> list[Figure]:
    progress(f"{database}: migrating to the latest schema")
    await upgrade_database(url)
    engine = make_engine(url)
    try:
        described = (
            await describe_sqlite(engine, path) if path else await describe_postgres(engine)
        )
        print(f"{database}: {described}")
        figures = await measure(database, engine, sizes, tag)
    finally:
        await engine.dispose()
    if path is not None:
        figures.append(floor_figure(path.with_name(f"{path.name}-floor"), sizes.casts))
    else:
        figures += await postgres_floor_figures(url, sizes)
    return figures


def floor_figure(path: Path, casts: int) -> Figure:
    """The bare sqlite3 upsert and COMMIT, one at a time, beside the same file (the floor)."""
    latencies, cpu_ms = measure_bare_upserts(path, casts)
    measurement = "bare sqlite3 upsert + COMMIT, one at a time (the floor)"
    progress(f"sqlite: {measurement}: {latencies.per_second:,.0f} upserts/s")
    return Figure(
        database="sqlite",
        measurement=measurement,
        result=f"{latencies.per_second:,.0f} upserts/s",
        p50_ms=f"{latencies.p50_ms:.1f}",
        p99_ms=f"{latencies.p99_ms:.1f}",
        checked=f"{casts:,} upserts; {cpu_ms:.2f} CPU ms each",
    )


async def postgres_floor_figures(url: str, sizes: Sizes) -> list[Figure]:
    """Bare asyncpg upserts by as many connections as voters, on the same server (the floor)."""
    figures = []
    for run in await measure_bare_asyncpg(url, sizes.casts, sizes.concurrency):
        measurement = f"bare asyncpg upsert, {sizes.concurrency} connections, {run.shape}"
        latencies = run.latencies
        progress(f"postgresql: {measurement}: {latencies.per_second:,.0f} upserts/s")
        checked = f"{len(latencies.durations):,} upserts; {run.cpu_ms:.2f} CPU ms each"
        if run.server_cpu_ms is not None:
            checked += f" (the server's: {run.server_cpu_ms:.2f})"
        figures.append(
            Figure(
                database="postgresql",
                measurement=f"{measurement} (the floor)",
                result=f"{latencies.per_second:,.0f} upserts/s",
                p50_ms=f"{latencies.p50_ms:.1f}",
                p99_ms=f"{latencies.p99_ms:.1f}",
                checked=checked,
            )
        )
    return figures


async def run(arguments: argparse.Namespace, sizes: Sizes) -> list[Figure]:
    tag = f"core-{int(time.time())}"
    figures: list[Figure] = []
    if arguments.sqlite is not None:
        path: Path = arguments.sqlite
        figures += await benchmark("sqlite", sqlite_url(path), sizes, tag, path)
    if arguments.postgres is not None:
        figures += await benchmark("postgresql", arguments.postgres, sizes, tag, None)
    return figures


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    sizes = Sizes(
        casts=arguments.casts,
        concurrency=arguments.concurrency,
        paragraphs=arguments.paragraphs,
        busy_votes=arguments.busy_votes,
    )
    print(f"townhall core vote benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}; {sizes}")
    for line in describe_machine():
        print(line)
    figures = asyncio.run(run(arguments, sizes))
    print()
    print(render_table(figures))


if __name__ == "__main__":
    main()
