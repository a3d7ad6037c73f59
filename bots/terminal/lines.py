"""Reading a text stream line by line without blocking the event loop."""

import asyncio
import threading
from collections.abc import Iterator
from typing import TextIO


class LineReader:
    """Lines of a stream (a terminal, a pipe, a StringIO), read by a daemon thread.

    A blocking readline in the loop's default executor would keep the process alive after
    Ctrl-C until the next Enter; a daemon thread does not. Create it inside the running loop.
    """

    def __init__(self, stream: TextIO) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._thread = threading.Thread(
            target=self._pump, args=(stream,), name="terminal-input", daemon=True
        )
        self._thread.start()

    async def readline(self) -> str | None:
        """The next line with its line ending, or None at the end of the stream."""
        return await self._queue.get()

    def _pump(self, stream: TextIO) -> None:
        for line in _lines_then_end(stream):
            try:
                self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
            except RuntimeError:  # the loop has closed: nobody is reading any more
                return


def _lines_then_end(stream: TextIO) -> Iterator[str | None]:
    yield from iter(stream.readline, "")
    yield None
