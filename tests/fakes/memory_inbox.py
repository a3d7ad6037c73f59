"""MemoryInbox: the inbox port (core.inbox) in memory, with SqlInbox's semantics.

Each call is atomic (no await inside), as each of SqlInbox's methods is one transaction.
`fail_next_store` makes the next store raise, as a database that cannot be reached does.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from core.inbox import ArrivingEvent, StoredEvent


class InboxUnavailable(Exception):
    """What a store raises while the test says the database is down."""


@dataclass(slots=True, kw_only=True)
class _Row:
    event: StoredEvent
    claimed_until: datetime
    handled_at: datetime | None = None


class MemoryInbox:
    """Events kept in a dict by id; (source, key) unique."""

    def __init__(self) -> None:
        self._rows: dict[int, _Row] = {}
        self._keys: dict[tuple[str, str], int] = {}
        self._next_id = 1
        self.fail_next_store = 0

    async def store(
        self, events: Sequence[ArrivingEvent], now: datetime, *, lease: timedelta
    ) -> list[StoredEvent]:
        """Insert the batch at once; returns the new events, claimed until now+lease."""
        if self.fail_next_store:
            self.fail_next_store -= 1
            raise InboxUnavailable("the inbox cannot be reached")
        stored = []
        for arriving in events:
            if (arriving.source, arriving.key) in self._keys:
                continue
            event = StoredEvent(
                id=self._next_id,
                source=arriving.source,
                key=arriving.key,
                body=arriving.body,
                received_at=now,
                attempts=1,
            )
            self._next_id += 1
            self._rows[event.id] = _Row(event=event, claimed_until=now + lease)
            self._keys[(event.source, event.key)] = event.id
            stored.append(event)
        return stored

    async def claim_stale(
        self, source: str, now: datetime, *, limit: int, lease: timedelta
    ) -> list[StoredEvent]:
        """Claim unhandled events of `source` whose lease has passed, oldest first."""
        stale = [
            row
            for row in self._rows.values()
            if row.event.source == source and row.handled_at is None and row.claimed_until < now
        ]
        claimed = []
        for row in sorted(stale, key=lambda r: r.event.id)[: max(limit, 0)]:
            row.event = replace(row.event, attempts=row.event.attempts + 1)
            row.claimed_until = now + lease
            claimed.append(row.event)
        return claimed

    async def renew(self, ids: Sequence[int], until: datetime) -> None:
        """Extend the claim on those of the events still unhandled until `until`."""
        for event_id in ids:
            row = self._rows.get(event_id)
            if row is not None and row.handled_at is None:
                row.claimed_until = until

    async def finish(self, ids: Sequence[int], now: datetime) -> None:
        """Mark the events handled at `now` and clear their bodies."""
        for event_id in ids:
            row = self._rows.get(event_id)
            if row is not None and row.handled_at is None:
                row.handled_at = now
                row.event = replace(row.event, body="")

    async def prune(self, handled_before: datetime) -> int:
        """Delete events handled before the moment; returns how many."""
        old = [
            row
            for row in self._rows.values()
            if row.handled_at is not None and row.handled_at < handled_before
        ]
        for row in old:
            del self._rows[row.event.id]
            del self._keys[(row.event.source, row.event.key)]
        return len(old)

    # --- what tests look at ------------------------------------------------------------------

    def keys(self, source: str) -> list[str]:
        """The keys kept for `source` (handled or not), in arrival order."""
        return [r.event.key for r in self._rows.values() if r.event.source == source]

    def bodies(self) -> dict[str, str]:
        """Every kept event's body by key."""
        return {r.event.key: r.event.body for r in self._rows.values()}

    def claims(self) -> dict[int, datetime]:
        """Until when each unhandled event is claimed, by id."""
        return {i: r.claimed_until for i, r in self._rows.items() if r.handled_at is None}

    def unhandled(self) -> list[StoredEvent]:
        """Events not handled yet, in arrival order."""
        return [r.event for r in self._rows.values() if r.handled_at is None]
