"""Peak memory of `townhall export --format csv|polis` on a million votes, as a whole process.

    python -m bench.export_memory --sqlite /tmp/export.db [--votes 1000000] [--paragraphs 100]

Seeds a new SQLite file in bulk (bench/seeding.py: participants who each voted on every
paragraph, a thousand comments; the history is a copy of the current votes, so
vote_history.csv has as many rows), then runs, each as its own child process, measured by
resource.getrusage of the children (peak RSS, CPU seconds) and the wall clock:

- the baseline: the bare csv module writing votes.csv's rows (participant, paragraph, choice,
  cast_at) straight from sqlite3, with nothing else loaded;
- `townhall export SLUG --format csv --out DIR`;
- `townhall export SLUG --format polis --out DIR`;
- `townhall export SLUG --format csv --zip --out FILE.zip`.

Each export is checked: votes.csv holds one row per seeded vote. The issue's bar is a process
under 200 MB. Figures: bench/README.md.
"""

import argparse
import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from bench.scenarios import seed_voted_consultation
from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade_database

SLUG = "export-bench"
LIMIT_MB = 200

# The baseline: what writing the same number of rows costs with nothing but sqlite3 and csv.
BASELINE = """
import csv, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    "SELECT participant_id, paragraph_id, choice, cast_at FROM votes ORDER BY participant_id, id"
)
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as file:
    writer = csv.writer(file)
    writer.writerow(["participant", "paragraph", "choice", "cast_at"])
    writer.writerows(rows)
"""

HISTORY = text(
    "INSERT INTO vote_events (consultation_id, paragraph_id, participant_id, choice, cast_at) "
    "SELECT consultation_id, paragraph_id, participant_id, choice, cast_at FROM votes "
    "ORDER BY id"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """One measured child process."""

    name: str
    peak_mb: float
    cpu_s: float
    wall_s: float
    rows: int


def measure(name: str, argv: list[str], env: dict[str, str], rows_in: Path) -> Run:
    """Run `argv` in a fresh wrapper process whose only child is the measured one."""
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([usage.ru_maxrss, usage.ru_utime + usage.ru_stime]))\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *argv], env=env, check=True, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    peak_kb, cpu = (float(x) for x in done.stdout.strip().strip("[]").split(","))
    return Run(name=name, peak_mb=peak_kb / 1024, cpu_s=cpu, wall_s=wall, rows=count(rows_in))


def count(path: Path) -> int:
    """Data rows of a CSV file (quoted line breaks included), header excluded."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        return sum(1 for _ in csv.reader(file)) - 1


async def seed(path: Path, votes: int, paragraphs: int) -> int:
    url = f"sqlite+aiosqlite:///{path}"
    await upgrade_database(url)
    engine = make_engine(url)
    try:
        seeded = await seed_voted_consultation(
            engine,
            make_session_factory(engine),
            SLUG,
            votes=votes,
            paragraphs=paragraphs,
            comments=1_000,
        )
        async with engine.begin() as connection:
            await connection.execute(HISTORY)
        return seeded.votes
    finally:
        await engine.dispose()


def runs(database: Path, work: Path) -> list[Run]:
    env = dict(os.environ, TOWNHALL_DATABASE_URL=f"sqlite+aiosqlite:///{database}")
    townhall = [sys.executable, "-m", "bots", "export", SLUG]
    bundle = work / "csv.zip"
    measured = [
        measure(
            "baseline: sqlite3 + csv module, votes.csv's rows",
            [sys.executable, "-c", BASELINE, str(database), str(work / "baseline.csv")],
            env,
            work / "baseline.csv",
        ),
        measure(
            "townhall export --format csv (folder, 5 files)",
            [*townhall, "--format", "csv", "--out", str(work / "csv")],
            env,
            work / "csv" / "votes.csv",
        ),
        measure(
            "townhall export --format polis (folder, 4 files)",
            [*townhall, "--format", "polis", "--out", str(work / "polis")],
            env,
            work / "polis" / "votes.csv",
        ),
    ]
    zipped = measure(
        "townhall export --format csv --zip",
        [*townhall, "--format", "csv", "--zip", "--out", str(bundle)],
        env,
        work / "csv" / "votes.csv",  # the zip holds the same files; its size is shown below
    )
    return [*measured, zipped]


def report(results: list[Run], votes: int) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"{votes:,} votes (and as many history rows); load average {load}; machine shared",
        "",
        "| run | peak RSS | CPU | wall | votes.csv rows |",
        "|---|--:|--:|--:|--:|",
    ]
    for run in results:
        flag = "" if run.peak_mb < LIMIT_MB else " **over 200 MB**"
        lines.append(
            f"| {run.name} | {run.peak_mb:.0f} MB{flag} | {run.cpu_s:.1f} s | "
            f"{run.wall_s:.1f} s | {run.rows:,} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", type=Path, required=True, help="path of a NEW SQLite file")
    parser.add_argument("--votes", type=int, default=1_000_000)
    parser.add_argument("--paragraphs", type=int, default=100)
    arguments = parser.parse_args()
    if arguments.sqlite.exists():
        parser.error(f"{arguments.sqlite} exists; the benchmark needs a new SQLite file")
    votes = asyncio.run(seed(arguments.sqlite, arguments.votes, arguments.paragraphs))
    with tempfile.TemporaryDirectory(prefix="export-bench-") as work:
        results = runs(arguments.sqlite, Path(work))
        size = (Path(work) / "csv.zip").stat().st_size / 1e6
    print(report(results, votes))
    print(f"\nthe csv .zip: {size:.0f} MB")
    bad = [r.name for r in results if r.rows != votes]
    if bad:
        print(f"row counts differ from the {votes:,} seeded votes: {', '.join(bad)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
