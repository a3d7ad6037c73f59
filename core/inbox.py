"""The inbox port: platform events stored durably before they are acknowledged, then processed.

Every event a platform sends (a Telegram update, a Slack request) is stored in one transaction
per batch before the platform is told it arrived, and processed from the store exactly once per
event key. The values and the port live here, not in bots/, because storage implements the port
and storage imports no front end; bots.chat.inbox re-exports them beside the processing loop.

    store        new events are inserted and claimed by the caller for `lease`; an event whose
                 (source, key) is stored already is dropped (a redelivery is processed once)
    claim_stale  events still unhandled after their lease (their process died) are claimed again
    renew        a process still holding events extends their claim, so a slow or queued
                 event is not taken by another process while this one works on it
    finish       handled: the body is cleared, the key kept so a late redelivery is dropped
    prune        handled keys older than the window are deleted
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrivingEvent:
    """An event as the platform sent it: `key` is unique within `source`, `body` JSON text."""

    source: str
    key: str
    body: str


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredEvent:
    """An event in the inbox, claimed by the caller; `attempts` counts its claims."""

    id: int
    source: str
    key: str
    body: str
    received_at: datetime
    attempts: int


class Inbox(Protocol):
    """The durable store of incoming events (storage.inbox.SqlInbox, tests' MemoryInbox)."""

    async def store(
        self, events: Sequence[ArrivingEvent], now: datetime, *, lease: timedelta
    ) -> list[StoredEvent]:
        """Insert the batch in one transaction; returns the new events, claimed until now+lease."""
        ...

    async def claim_stale(
        self, source: str, now: datetime, *, limit: int, lease: timedelta
    ) -> list[StoredEvent]:
        """Claim unhandled events of `source` whose lease has passed, oldest first."""
        ...

    async def renew(self, ids: Sequence[int], until: datetime) -> None:
        """Extend the claim on those of the events still unhandled until `until`."""
        ...

    async def finish(self, ids: Sequence[int], now: datetime) -> None:
        """Mark the events handled at `now` and clear their bodies."""
        ...

    async def prune(self, handled_before: datetime) -> int:
        """Delete events handled before the moment; returns how many."""
        ...
