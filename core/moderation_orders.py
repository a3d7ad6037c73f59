"""What the command line asks of moderation (`townhall moderation ...`, `townhall moderator ...`).

Orders like those of core.orders: sent through `ConsultationApp.handle` with the command line's
actor, answered with data the command prints, refused with a ConsultationError.
"""

from dataclasses import dataclass

from core.model import Comment, ParticipantRef
from core.moderation import LogEntry, ModerationAction
from core.orders import Order


@dataclass(frozen=True, slots=True, kw_only=True)
class QueuedComment:
    """A comment waiting for a moderator, as `townhall moderation SLUG` lists it."""

    comment: Comment
    label: str
    reports: dict[str, int]
    caught: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadReviewQueue(Order[list[QueuedComment]]):
    """The comments waiting for a moderator, oldest first."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideComment(Order[str]):
    """Restore (approve), hide, or hide a comment and block its author; what was done."""

    slug: str
    comment_id: int
    action: ModerationAction
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SetBlocked(Order[bool]):
    """Block (or unblock) a person from commenting in a consultation; False: no change."""

    slug: str
    ref: ParticipantRef
    blocked: bool
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class EditWords(Order[tuple[list[str], list[str], list[str]]]):
    """Add and remove filtered words: the words added, removed, and the list now."""

    slug: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class SetModerator(Order[bool]):
    """Name (or stop naming) a moderator of one consultation; False: no change."""

    slug: str
    ref: ParticipantRef
    moderator: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ListModerators(Order[list[ParticipantRef]]):
    """The people named moderators of a consultation (organisers moderate every one)."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadModerationLog(Order[list[LogEntry]]):
    """The consultation's audit log, oldest first."""

    slug: str
