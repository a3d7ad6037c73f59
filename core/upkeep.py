"""What townhall asks of itself: the worker's sweeps and the platforms' lifecycle events.

Each is an order (core.orders) that only the system actor may send, through
`ConsultationApp.handle`, in a unit of work of its own; core/sweeps.py strings a sweep's
orders together. A lifecycle event is something a platform told a front end or a sender
about a person or chat (they blocked the bot, the group became a supergroup).
"""

from dataclasses import dataclass

from core.delivery import Reminder
from core.model import ChannelRef, ParticipantRef
from core.orders import Order


@dataclass(frozen=True, slots=True, kw_only=True)
class DueOpenings(Order[list[int]]):
    """The consultations that opened on their calendar and are not announced yet."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AnnounceOpening(Order[bool]):
    """Announce the opening to the linked chats, once; False if announced already."""

    consultation_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DueClosings(Order[list[int]]):
    """The open consultations whose closing time has passed."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseOnTime(Order[bool]):
    """Close an open consultation and queue its summaries, once; False if closed already."""

    consultation_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimReminders(Order[list[Reminder]]):
    """Skip the superseded reminders and claim up to `limit` due ones for the worker."""

    worker: str
    limit: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SendReminder(Order[int]):
    """Queue the claimed reminder's push, or skip it with the reason; how many were queued."""

    reminder: Reminder
    worker: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscardAbandonedDrafts(Order[int]):
    """Discard the drafts nobody answered for a day (a /new left half-way); how many."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetReachable(Order[bool]):
    """The person blocked the bot (False) or came back (True); False if they are unknown."""

    ref: ParticipantRef
    reachable: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class MoveChannel(Order[bool]):
    """The chat got a new id (a group became a supergroup); False if it was not linked."""

    channel: ChannelRef
    new_chat_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DueDigests(Order[list[int]]):
    """The consultations taking votes whose digest is on."""


@dataclass(frozen=True, slots=True, kw_only=True)
class QueueDigest(Order[bool]):
    """Claim the consultation's latest digest period and queue its pushes; False if claimed."""

    consultation_id: int
