"""The worker's periodic jobs: APScheduler 3.11 ticks, the database holds every bit of state.

Each process runs an AsyncIOScheduler with the default memory job store and adds four
interval jobs at every start: the outbox (every second), due reminders and the calendar
(openings to announce, consultations to close, digests due, drafts abandoned for a day to
discard; every `sweep_interval`), and opinion groups (recomputed for the open consultations
that gained enough votes, every `[opinions] interval`). All four also run at once on start,
so what fell due while no worker ran goes out now. Jobs are never persisted: a restart loses
nothing because rows are simply still due, and several workers are safe because every claim
is atomic (a lease). `max_instances=1` and `coalesce=True` keep a slow run from piling up; the
grace time is an hour, so a busy event loop delays a run instead of dropping it.

Stopping pauses the jobs, lets the running ones finish (a send in flight is recorded, not
left to its lease), then shuts the scheduler down.
"""

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bots.runtime.bootstrap import Townhall
from bots.runtime.config import Config
from bots.runtime.config_opinions import OpinionsConfig
from bots.runtime.front_ends import build_front_ends
from bots.runtime.front_ends.front_end import FrontEnd
from bots.runtime.messaging import open_messengers, sends_in_flight
from core.app import ConsultationApp
from core.model import SYSTEM_ACTOR
from core.opinion_orders import DueOpinionGroups
from core.ports import Clock
from core.services.dispatching import Dispatcher
from core.sweeps import announce_openings, close_due, queue_digests, sweep_reminders
from core.upkeep import DiscardAbandonedDrafts

logger = logging.getLogger(__name__)

DISPATCH_INTERVAL = 1.0
DISPATCH_BATCH = 200
MISFIRE_GRACE = 3600
STOP_TIMEOUT = 30.0


def worker_id() -> str:
    """This process among the workers: host name and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(slots=True, kw_only=True)
class Sweeps:
    """The jobs' bodies; `busy` counts the running ones so stopping can wait for them."""

    app: ConsultationApp
    dispatcher: Dispatcher
    worker: str
    clock: Clock | None = None
    opinions: OpinionsConfig = field(default_factory=OpinionsConfig)
    busy: int = 0
    stopping: bool = False
    idle: asyncio.Event = field(default_factory=asyncio.Event)

    async def remind(self) -> None:
        await self._run(self._remind)

    async def close(self) -> None:
        await self._run(self._close)

    async def dispatch(self) -> None:
        await self._run(self._dispatch)

    async def recompute(self) -> None:
        await self._run(self._recompute)

    async def _recompute(self) -> None:
        # Opinion groups of consultations that gained enough votes (bots/runtime/opinion_groups:
        # numpy is imported there, the maths runs in a worker thread).
        if self.clock is None:
            return
        from bots.runtime.opinion_groups import recompute_due

        due = DueOpinionGroups(
            every_votes=self.opinions.every_votes, every_share=self.opinions.every_share
        )
        await recompute_due(self.app, self.clock, due)

    async def _remind(self) -> None:
        queued = await sweep_reminders(self.app, self.worker)
        if queued:
            logger.info("%s reminders queued", queued)

    async def _close(self) -> None:
        # The calendar: consultations that opened on time are announced, due ones closed,
        # digests due queued (core.digests), drafts abandoned for a day discarded.
        await announce_openings(self.app)
        await close_due(self.app)
        await queue_digests(self.app)
        if discarded := await self.app.handle(SYSTEM_ACTOR, DiscardAbandonedDrafts()):
            logger.info("%s abandoned drafts discarded", discarded)

    async def _dispatch(self) -> None:
        # A full batch means more is due: the next is claimed while the last is being sent.
        await self.dispatcher.drain(batch=DISPATCH_BATCH, going=self._going)

    def _going(self) -> bool:
        return not self.stopping

    async def _run(self, job: Callable[[], Awaitable[None]]) -> None:
        if self.stopping:
            return
        self.busy += 1
        self.idle.clear()
        try:
            await job()
        finally:
            self.busy -= 1
            if self.busy == 0:
                self.idle.set()


def build_scheduler(sweeps: Sweeps, sweep_interval: float) -> AsyncIOScheduler:
    """The scheduler with its four jobs, each due at once."""
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE},
    )
    now = datetime.now(UTC)
    jobs = (
        ("dispatch", sweeps.dispatch, DISPATCH_INTERVAL),
        ("reminders", sweeps.remind, sweep_interval),
        ("calendar", sweeps.close, sweep_interval),
        ("opinions", sweeps.recompute, sweeps.opinions.interval),
    )
    for name, job, seconds in jobs:
        scheduler.add_job(job, "interval", seconds=seconds, id=name, next_run_time=now)
    return scheduler


@asynccontextmanager
async def scheduled(sweeps: Sweeps, sweep_interval: float) -> AsyncIterator[AsyncIOScheduler]:
    """Run the jobs until the block ends; then wait for running jobs, and stop."""
    scheduler = build_scheduler(sweeps, sweep_interval)
    scheduler.start()
    logger.info("worker %s: sweeps every %ss, outbox every 1s", sweeps.worker, sweep_interval)
    try:
        yield scheduler
    finally:
        sweeps.stopping = True
        scheduler.pause()
        if sweeps.busy:
            try:
                await asyncio.wait_for(sweeps.idle.wait(), STOP_TIMEOUT)
            except TimeoutError:
                logger.warning("jobs still running after %ss: cancelled", STOP_TIMEOUT)
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)  # the shutdown runs on the loop's next turn


async def run_delivery(
    config: Config,
    townhall: Townhall,
    stop: asyncio.Event,
    *,
    front_ends: Sequence[FrontEnd] | None = None,
) -> None:
    """Send pushes, remind and close on time until `stop` is set.

    `front_ends` are those served in the same process, so that their answers and pushes
    share a platform's limits (answers first); by default every front end, afresh.
    """
    if front_ends is None:
        front_ends = build_front_ends()
    engine = townhall.engine
    async with open_messengers(config, townhall.app, front_ends, engine=engine) as messenger:
        worker = worker_id()
        dispatcher = Dispatcher(
            uow_factory=townhall.unit_of_work,
            messenger=messenger,
            clock=townhall.clock,
            worker=worker,
            in_flight=sends_in_flight(config.delivery),
        )
        sweeps = Sweeps(
            app=townhall.app,
            dispatcher=dispatcher,
            worker=worker,
            clock=townhall.clock,
            opinions=config.opinions,
        )
        async with scheduled(sweeps, config.delivery.sweep_interval):
            await stop.wait()
