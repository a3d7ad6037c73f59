"""Counts the SQL statements a townhall process runs, for bench/press_path.py, from outside.

On PYTHONPATH with $TOWNHALL_BENCH_SQL_COUNT set to a file name, every statement SQLAlchemy
sends to a database cursor is counted (a listener on the Engine class, so townhall's code is
not touched), and SIGUSR1 writes the count to that file. Without the variable: nothing.
"""

import os
import signal
from types import FrameType

_PATH = os.environ.get("TOWNHALL_BENCH_SQL_COUNT", "")


def _install(path: str) -> None:
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    count = [0]

    def counted(*_: object) -> None:
        count[0] += 1

    def dump(signum: int, frame: FrameType | None) -> None:
        with open(path + ".part", "w") as file:
            file.write(str(count[0]))
        os.replace(path + ".part", path)

    event.listen(Engine, "before_cursor_execute", counted)
    signal.signal(signal.SIGUSR1, dump)


if _PATH:
    _install(_PATH)
