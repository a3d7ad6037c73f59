"""Concurrent writes to the inbox grouped into one transaction each (a group commit).

Every webhook request (Telegram's, Slack's HTTP mode) stores its one event before it answers,
and on SQLite every transaction waits for a sync to disk. So stores that arrive while another
is being written wait for it, and then the first of them writes what they all brought in one
transaction: a burst of requests costs a few commits instead of one each. Each caller gets
its own new events back only once the commit that holds them is done, so a 200 still means
"on disk"; if that commit fails, every caller in the group gets the error. Finishing handled
events is grouped the same way.
"""

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from core.inbox import ArrivingEvent, Inbox, StoredEvent


@dataclass(slots=True)
class _Arrival:
    """One caller's events, and what became of them."""

    events: Sequence[ArrivingEvent]
    stored: list[StoredEvent] | None = None
    error: Exception | None = None


@dataclass(slots=True)
class GroupedWrites:
    """Stores and finishes on `inbox`, each joined with those that wait meanwhile."""

    inbox: Inbox
    lease: timedelta
    _arrivals: list[_Arrival] = field(default_factory=list)
    _storing: asyncio.Lock = field(default_factory=asyncio.Lock)
    _handled: list[int] = field(default_factory=list)
    _finishing: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def store(self, events: Sequence[ArrivingEvent], now: datetime) -> list[StoredEvent]:
        """The caller's new events, once stored; raises what the store raised."""
        arrival = _Arrival(events)
        self._arrivals.append(arrival)
        async with self._storing:
            if arrival.stored is None and arrival.error is None:
                await self._store_arrivals(now)  # this caller's, and every other waiting
        if arrival.error is not None:
            raise arrival.error
        return arrival.stored or []

    async def finish(self, event_id: int, now: datetime) -> None:
        """Mark the event handled, in one transaction with those handled meanwhile."""
        self._handled.append(event_id)
        async with self._finishing:
            ids, self._handled = self._handled, []
            if ids:
                await self.inbox.finish(ids, now)

    async def _store_arrivals(self, now: datetime) -> None:
        group, self._arrivals = self._arrivals, []
        events = [event for arrival in group for event in arrival.events]
        try:
            stored = await self.inbox.store(events, now, lease=self.lease)
        except Exception as error:
            for arrival in group:
                arrival.error = error
            return
        new = {(event.source, event.key): event for event in stored}
        for arrival in group:  # an event two callers brought is new for the first only
            keys = [(event.source, event.key) for event in arrival.events]
            arrival.stored = [new.pop(key) for key in keys if key in new]
