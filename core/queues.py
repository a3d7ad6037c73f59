"""Repositories of work waiting to be done: pushes in the outbox and planned reminders.

Claims are atomic and leased, so several workers can drain the same queue: each row is taken
by one worker at a time, and a crashed worker's rows come back when its lease ends.
"""

import builtins
from datetime import datetime, timedelta
from typing import Protocol

from core.delivery import (
    DeliveryReport,
    DeliveryStatus,
    NewOutboxItem,
    OutboxItem,
    Post,
    Recipient,
    Reminder,
)
from core.model import Platform


class OutboxRepository(Protocol):
    """Pushes waiting to be sent. Claims are atomic, so several workers send each row once."""

    async def open_broadcast(self, consultation_id: int, description: str, now: datetime) -> int:
        """A new broadcast id, to group the rows of one release for its delivery report."""
        ...

    async def open_keyed_broadcast(
        self, consultation_id: int, description: str, now: datetime, key: str
    ) -> tuple[int, bool]:
        """The broadcast of this request key, and whether this call opened it.

        False means the request was seen before: the id is that of the broadcast it opened.
        """
        ...

    async def enqueue(self, deliveries: builtins.list[NewOutboxItem], now: datetime) -> int:
        """Write the rows, ignoring any whose key exists already; returns how many were new."""
        ...

    async def claim(
        self,
        worker: str,
        now: datetime,
        *,
        limit: int,
        lease: timedelta,
        platforms: frozenset[Platform] | None = None,
    ) -> builtins.list[OutboxItem]:
        """Take up to `limit` due rows (pending, or sending with an expired lease) for `worker`.

        Rows come lowest priority value first, then earliest due. Each claim counts an attempt.
        """
        ...

    async def extend(self, delivery_ids: builtins.list[int], worker: str, until: datetime) -> int:
        """Renew `worker`'s lease on the rows it still holds; returns how many it holds."""
        ...

    async def mark_sent(self, delivery_id: int, worker: str, now: datetime) -> bool:
        """Finish the row as sent, only if `worker` still holds it."""
        ...

    async def mark_all_sent(
        self, delivery_ids: builtins.list[int], worker: str, now: datetime
    ) -> builtins.list[int]:
        """`mark_sent` for many rows in one statement; returns those `worker` still held."""
        ...

    async def retry_later(
        self, delivery_id: int, worker: str, due_at: datetime, error: str
    ) -> bool:
        """Put the row back as pending until `due_at`, only if `worker` still holds it."""
        ...

    async def finish(
        self, delivery_id: int, worker: str, status: DeliveryStatus, error: str | None
    ) -> bool:
        """End the row as failed, unreachable or skipped, only if `worker` still holds it."""
        ...

    async def drop_pending_for(self, recipient: Recipient, reason: str) -> int:
        """Skip every pending row for a recipient who can no longer be reached."""
        ...

    async def drop_pending_of(self, broadcast_id: int, after: datetime, reason: str) -> int:
        """Skip the broadcast's pending rows due after `after`; returns how many."""
        ...

    async def report(self, broadcast_id: int) -> DeliveryReport: ...

    async def get(self, delivery_id: int) -> OutboxItem | None: ...


class PostRepository(Protocol):
    """Paragraph cards posted to linked groups and channels, to refresh their tally."""

    async def add(
        self, channel_id: int, paragraph_id: int, message_ref: str, now: datetime
    ) -> None:
        """Remember a post; the same message twice is stored once."""
        ...

    async def get(self, post_id: int) -> Post | None: ...

    async def for_paragraph(self, paragraph_id: int) -> builtins.list[Post]:
        """Every post of the paragraph, in every linked chat, by id."""
        ...


class ReleaseRepository(Protocol):
    """When each paragraph of a broadcast is released; a paragraph is held until the earliest.

    A paragraph no broadcast names is not held; a cancelled release holds nothing.
    """

    async def schedule(
        self,
        broadcast_id: int,
        consultation_id: int,
        releases: builtins.list[tuple[int, datetime]],
    ) -> None:
        """Record the release time of each (paragraph id, time) of the broadcast."""
        ...

    async def held(self, consultation_id: int, now: datetime) -> dict[int, datetime]:
        """Paragraph ids not released at `now`, each with the moment it opens."""
        ...

    async def cancel(self, broadcast_id: int, now: datetime) -> builtins.list[int] | None:
        """Cancel the broadcast's releases still ahead; returns their paragraph ids.

        None if the broadcast scheduled no releases at all (it does not exist).
        """
        ...


class ReminderRepository(Protocol):
    """Planned reminders, one per consultation, participant and offset before the close."""

    async def plan(
        self,
        consultation_id: int,
        participant_id: int,
        offsets: tuple[timedelta, ...],
        closes_at: datetime,
    ) -> int:
        """Insert the reminders that do not exist yet; returns how many were new."""
        ...

    async def move(self, consultation_id: int, closes_at: datetime) -> int:
        """Re-time the pending reminders of a consultation whose deadline changed."""
        ...

    async def claim_due(
        self, worker: str, now: datetime, *, limit: int, lease: timedelta
    ) -> builtins.list[Reminder]:
        """Take due pending reminders (or ones whose lease expired) for `worker`."""
        ...

    async def skip_superseded(self, now: datetime, reason: str) -> int:
        """Skip every claimable reminder that a smaller offset of the same person supersedes.

        A reminder is superseded when another one of the same consultation and participant,
        with a smaller offset, is also due at `now` and still to be sent (pending or held by a
        sweep): only the latest due reminder is sent. Returns how many were skipped.
        """
        ...

    async def finish(
        self, reminder_id: int, worker: str, sent: bool, reason: str | None = None
    ) -> bool:
        """Record the reminder as sent (queued) or skipped for `reason`, if `worker` holds it."""
        ...

    async def pending(self, consultation_id: int) -> builtins.list[Reminder]:
        """Pending reminders, by due time then participant, for inspection and tests."""
        ...

    async def history(self, consultation_id: int) -> builtins.list[Reminder]:
        """Every reminder of the consultation whatever its status, by due time, participant."""
        ...
