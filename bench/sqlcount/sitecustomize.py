"""Counts the SQL statements a townhall process runs, for bench/press_path.py, from outside.

On PYTHONPATH with $TOWNHALL_BENCH_SQL_COUNT set to a file name, every statement SQLAlchemy
sends to a database cursor is counted, and on SQLite every statement SQLite itself runs (its
trace callback, COMMIT and PRAGMAs aside: the writer's units bypass SQLAlchemy there), with
listeners on the Engine class, so townhall's code is not touched; SIGUSR1 writes the count to
that file. Without the variable: nothing.

With $TOWNHALL_BENCH_PROFILE set to a folder as well, the same signals also profile the
process's main thread with cProfile between them: the first SIGUSR1 (the bench sends it just
before the presses are queued) starts the profiler, the second (after the last press is done)
stops it and writes `townhall-PID.prof` there (read it with `python -m pstats`). The SQLite
thread is not profiled: its time is SQLite's own. With $TOWNHALL_BENCH_PY_SPY naming a py-spy
executable, py-spy samples the process between the two signals instead (every thread,
greenlets' stacks whole, far less overhead than cProfile) and writes `townhall-PID.txt`, its
"raw" collapsed stacks.
"""

import os
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

_PATH = os.environ.get("TOWNHALL_BENCH_SQL_COUNT", "")
_PROFILE = os.environ.get("TOWNHALL_BENCH_PROFILE", "")


def _install(path: str) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    count = [0]
    spy = os.environ.get("TOWNHALL_BENCH_PY_SPY", "")
    profiling = None
    if _PROFILE:
        profiling = _sampler(_PROFILE, spy) if spy else _profiler(_PROFILE)

    def counted(connection: Any, *_: object) -> None:
        if connection.dialect.name != "sqlite":  # SQLite's own account is counted instead
            count[0] += 1

    def traced(statement: str) -> None:
        if statement != "COMMIT" and not statement.startswith("PRAGMA"):
            count[0] += 1

    def connected(dbapi_connection: Any, _record: object) -> None:
        # On SQLite, what SQLite itself runs: the writer's units run their prebuilt statements
        # on its own cursor (storage/raw_statements.py), which SQLAlchemy's events never see.
        # COMMIT is left out, as SQLAlchemy's events never saw it either.
        driver = getattr(dbapi_connection, "_connection", None)
        if driver is not None and hasattr(driver, "set_trace_callback"):
            from sqlalchemy.util.concurrency import await_

            await_(driver.set_trace_callback(traced))

    def dump(signum: int, frame: FrameType | None) -> None:
        with open(path + ".part", "w") as file:
            file.write(str(count[0]))
        os.replace(path + ".part", path)
        if profiling is not None:
            profiling()

    event.listen(Engine, "before_cursor_execute", counted)
    event.listen(Engine, "connect", connected)
    signal.signal(signal.SIGUSR1, dump)


def _profiler(folder: str) -> Callable[[], None]:
    """A toggle: the first call starts profiling, the next stops it and writes the file."""
    import cProfile

    profile = cProfile.Profile()
    running = [False]

    def toggle() -> None:
        if running[0]:
            profile.disable()
            profile.dump_stats(os.path.join(folder, f"townhall-{os.getpid()}.prof"))
        else:
            profile.enable()
        running[0] = not running[0]

    return toggle


def _sampler(folder: str, spy: str) -> Callable[[], None]:
    """A toggle: the first call starts py-spy on this process, the next stops it."""
    import subprocess

    output = os.path.join(folder, f"townhall-{os.getpid()}.txt")
    command = [spy, "record", "--pid", str(os.getpid()), "-f", "raw", "-o", output, "-r", "250"]
    running: list[subprocess.Popen[bytes]] = []

    def toggle() -> None:
        if running:
            running.pop().send_signal(signal.SIGINT)
        else:
            running.append(subprocess.Popen(command, stdout=subprocess.DEVNULL))

    return toggle


if _PATH:
    _install(_PATH)
