"""The fixed CPU cost of one unit of work, alone: what every press pays before its statements.

    python -m bench.unit_overhead URL [--units 2000]

A unit of work that reaches the five repositories a vote uses and commits, run one at a
time: 300 warm-up units, then five blocks of `--units`; prints each block's CPU a unit
(`time.process_time`) and their median. Run it from each checkout in turn, alternated, to
compare them (bench/README.md). A SQLite URL gets its schema first; on SQLite every commit
waits for the disk, so the spread there is wide.
"""

import argparse
import asyncio
import statistics
import time

from storage.engine import make_engine, make_session_factory
from storage.migrate import upgrade_database
from storage.unit_of_work import SqlUnitOfWork

WARM_UP = 300
BLOCKS = 5


async def reach_and_commit(uow: SqlUnitOfWork) -> None:
    """What a vote's unit does besides its statements: five repositories and a commit."""
    for repository in (uow.participants, uow.consultations, uow.paragraphs, uow.votes):
        assert repository is not None
    assert uow.enrolments is not None
    await uow.commit()


async def measure(url: str, units: int) -> list[float]:
    """Each block's CPU microseconds a unit."""
    if url.startswith("sqlite"):
        await upgrade_database(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    try:
        for _ in range(WARM_UP):
            await SqlUnitOfWork(factory).perform(reach_and_commit)
        blocks = []
        for _ in range(BLOCKS):
            cpu = time.process_time()
            for _ in range(units):
                await SqlUnitOfWork(factory).perform(reach_and_commit)
            blocks.append((time.process_time() - cpu) * 1e6 / units)
        return blocks
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.unit_overhead", description=__doc__)
    parser.add_argument("url", help="a database URL, e.g. postgresql+asyncpg://...")
    parser.add_argument("--units", type=int, default=2_000, help="units of work a block")
    arguments = parser.parse_args()
    blocks = asyncio.run(measure(arguments.url, arguments.units))
    shown = " ".join(f"{block:.0f}" for block in blocks)
    print(f"{shown} us CPU a unit; median {statistics.median(blocks):.0f}")


if __name__ == "__main__":
    main()
