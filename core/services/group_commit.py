"""Recording the outcomes of concurrent sends: one transaction, and one call, for many."""

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from core.delivery import OutboxItem, Outcome
from core.ports import UnitOfWork, UnitOfWorkFactory

Recorded = tuple[OutboxItem, Outcome | None]  # None: the row was not sent (no longer due)
Write = Callable[[UnitOfWork, Sequence[Recorded]], Awaitable[None]]


class GroupCommit:
    """Records the outcomes of concurrent sends, one transaction for several of them.

    Whoever takes the lock writes every outcome that arrived while the previous commit was
    being written, in one call of `write`, and commits them: a busy worker pays one commit
    (one fsync on SQLite), and one statement for all its sent rows, for many sends instead
    of one each. Each `record` still returns only once its own outcome is committed;
    the window in which a crash would resend a push grows by at most one commit.
    """

    def __init__(self, uow_factory: UnitOfWorkFactory, write: Write) -> None:
        self._uow_factory = uow_factory
        self._write = write
        self._pending: list[tuple[OutboxItem, Outcome | None, asyncio.Future[None]]] = []
        self._lock = asyncio.Lock()

    async def record(self, delivery: OutboxItem, outcome: Outcome | None) -> None:
        """Return once this outcome is committed (possibly by another caller's commit)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.append((delivery, outcome, done))
        async with self._lock:
            if not done.done():
                batch, self._pending = self._pending, []
                await self._commit(batch)
        await done

    async def _commit(
        self, batch: list[tuple[OutboxItem, Outcome | None, asyncio.Future[None]]]
    ) -> None:
        try:
            outcomes = [(delivery, outcome) for delivery, outcome, _ in batch]
            await self._uow_factory().perform(partial(self._committed, outcomes))
        except Exception as error:  # every caller of the batch sees the failure
            for *_, waiting in batch:
                waiting.set_exception(error)
        else:
            for *_, waiting in batch:
                waiting.set_result(None)

    async def _committed(self, outcomes: Sequence[Recorded], uow: UnitOfWork) -> None:
        await self._write(uow, outcomes)
        await uow.commit()
