"""Pushes that are not an immediate answer: the outbox, reminders and what sending can return.

Every push (a released paragraph, a reminder, a closing summary) is first an outbox row written
in the same transaction as the decision to send it, under an idempotency key. Workers claim
rows with a lease, send outside any transaction, and record the outcome only while they still
hold the row, so a crash between claim and mark resends at most that row, and nothing is lost.
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.model import Platform


class DeliveryKind(enum.StrEnum):
    """What an outbox row carries; the screen is built from current data at send time."""

    PARAGRAPH = "paragraph"
    REMINDER = "reminder"
    SUMMARY = "summary"
    REPLY = "reply"
    OPENING = "opening"
    REFRESH = "refresh"  # a group's or channel's paragraph post, edited to its current tally
    MODERATION = "moderation"  # to a comment's author: it is hidden pending review, and why
    REVIEW = "review"  # to a moderator: comments await review (with the queue's length)
    DIGEST = "digest"  # the day's or week's activity (core.digests), to chats and subscribers
    AMENDED = "amended"  # to a paragraph's voters: an accepted amendment changed its text


class DeliveryStatus(enum.StrEnum):
    """Where an outbox row is: waiting, held by a worker, or finished one way or another."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    SKIPPED = "skipped"


class Priority(enum.IntEnum):
    """Lower goes first: organiser notices before reminders before bulk releases."""

    NOTICE = 1
    REMINDER = 2
    BULK = 3


@dataclass(frozen=True, slots=True, kw_only=True)
class Recipient:
    """Where a push goes: a person (their direct chat) or a linked group or channel."""

    platform: Platform
    tenant: str
    address: str
    participant_id: int | None = None
    channel_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NewOutboxItem:
    """An outbox row to write; a second row with the same key is ignored."""

    key: str
    recipient: Recipient
    kind: DeliveryKind
    consultation_id: int
    paragraph_id: int | None
    broadcast_id: int | None
    priority: Priority
    due_at: datetime
    comment_id: int | None = None
    post_id: int | None = None  # the post a REFRESH edits


@dataclass(frozen=True, slots=True, kw_only=True)
class OutboxItem:
    """An outbox row as claimed by a worker."""

    id: int
    key: str
    recipient: Recipient
    kind: DeliveryKind
    consultation_id: int
    paragraph_id: int | None
    broadcast_id: int | None
    priority: Priority
    status: DeliveryStatus
    attempts: int
    due_at: datetime
    last_error: str | None
    comment_id: int | None = None
    post_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """A paragraph card posted to a linked group or channel, so it can be edited later.

    `message_ref` is the platform's name for the message: Telegram's message id, Slack's ts.
    """

    id: int
    channel_id: int
    paragraph_id: int
    recipient: Recipient
    message_ref: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryReport:
    """How a broadcast is going, for the organiser."""

    total: int
    sent: int
    pending: int
    unreachable: int
    failed: int
    skipped: int


class ReminderStatus(enum.StrEnum):
    """Where a planned reminder is: waiting, held by a sweep, queued as a push, or skipped."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reminder:
    """A reminder planned for one participant, `offset` before the consultation closes.

    `reason` says why a skipped reminder was not sent.
    """

    id: int
    consultation_id: int
    participant_id: int
    offset: timedelta
    due_at: datetime
    status: ReminderStatus = ReminderStatus.PENDING
    reason: str | None = None


class OutcomeKind(enum.StrEnum):
    """What a platform said to one send."""

    SENT = "sent"
    RETRY_AFTER = "retry-after"
    TRANSIENT = "transient"
    UNREACHABLE = "unreachable"
    FAILED = "failed"


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """The result of one send, classified by the platform's messenger.

    RETRY_AFTER carries the wait the platform asked for (a 429); TRANSIENT (timeouts, 5xx) is
    retried with backoff; UNREACHABLE (blocked the bot, archived channel, deactivated account)
    stops all sends to that recipient; FAILED is a request the platform will never accept.
    """

    kind: OutcomeKind
    detail: str = ""
    retry_after: timedelta | None = None
    message_ref: str | None = None  # what a SENT post is called, to edit it later
