"""What the fake HTTP APIs share: a log of the calls they answered and a server on 127.0.0.1.

FakeBotApi and FakeSlackApi each hold one of both and hand the log's methods to tests as their
own (`fake.calls`, `fake.calls_to`, `fake.wait_for`, `fake.wait_until`, `fake.clear`). `async
with` is the one part a member cannot lend them, so it comes from ServedFake, a mixin over their
start() and stop().
"""

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Generic, Protocol, Self, TypeVar

from aiohttp import web


class AnsweredCall(Protocol):
    """What the log needs of a recorded call: the name of the method it was made to."""

    @property
    def method(self) -> str: ...


CallT = TypeVar("CallT", bound=AnsweredCall)


class CallLog(Generic[CallT]):
    """The calls a fake has answered, oldest first, and a way for a test to wait for more."""

    def __init__(self, *, ignore_case: bool = False) -> None:
        # Fakes hand this very list to tests as `fake.calls`: it is only ever changed in place.
        self.calls: list[CallT] = []
        self._ignore_case = ignore_case  # the Bot API takes method names in any case
        self._changed = asyncio.Condition()

    async def record(self, call: CallT) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def calls_to(self, method: str) -> list[CallT]:
        wanted = self._key(method)
        return [call for call in self.calls if self._key(call.method) == wanted]

    async def wait_for(
        self,
        method: str,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - a test's deadline, spent in asyncio.timeout
    ) -> list[CallT]:
        """Wait until `count` calls to `method` have been answered; returns them all."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)
        except TimeoutError:
            seen = [call.method for call in self.calls]
            raise TimeoutError(
                f"no {count} {method} call(s) within {timeout}s; saw {seen}"
            ) from None
        return self.calls_to(method)

    async def wait_until(
        self,
        condition: Callable[[], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 - a test's deadline, spent in asyncio.timeout
    ) -> None:
        """Wait until `condition` (looked at after every answered call) holds."""
        try:
            async with asyncio.timeout(timeout), self._changed:
                await self._changed.wait_for(condition)
        except TimeoutError:
            raise TimeoutError(f"not true within {timeout}s: {condition}") from None

    def clear(self) -> None:
        """Forget the recorded calls (whatever else the fake keeps stays)."""
        self.calls.clear()

    def _key(self, method: str) -> str:
        return method.lower() if self._ignore_case else method


class AioHttpServer:
    """Serves aiohttp routes on 127.0.0.1 and a free port, from start() to stop()."""

    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None

    async def start(self, routes: Iterable[web.AbstractRouteDef]) -> str:
        """Listen on a fresh application with these routes; returns "http://127.0.0.1:<port>"."""
        app = web.Application()
        app.add_routes(routes)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        return f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        """Close the port; stopping a stopped server does nothing."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


class ServedFake(ABC):
    """`async with fake:` starts the fake and stops it on the way out."""

    @abstractmethod
    async def start(self) -> str:
        """Listen on a free port; returns the url a client is given."""

    @abstractmethod
    async def stop(self) -> None:
        """Stop listening; stopping a stopped fake does nothing."""

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()
