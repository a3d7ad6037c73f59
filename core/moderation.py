"""Moderation's values and the rules that need no I/O: reports, actions, the word filter.

A comment is reported by participants for a reason; at the consultation's threshold of
distinct reports it is hidden pending review. Moderators (the organisers, and the people
named for one consultation) review held and hidden comments and restore, hide or hide and
block. Every such step is an entry in the consultation's audit log.
"""

import enum
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

DEFAULT_HIDE_AFTER_REPORTS = 3
MAX_WORD_LENGTH = 64
_WORD = re.compile(r"\w+")


class ReportReason(enum.StrEnum):
    """Why a participant reports a comment."""

    SPAM = "spam"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off-topic"
    OTHER = "other"


class ModerationAction(enum.StrEnum):
    """What a moderator does to a comment in the review queue."""

    RESTORE = "restore"  # publish it (a held comment is approved, a hidden one restored)
    HIDE = "hide"
    HIDE_AND_BLOCK = "hide-and-block"


class CommentMenu(enum.StrEnum):
    """Which buttons a listed comment shows: its usual ones, why to report it, or deleting it."""

    ACTIONS = "actions"
    REPORT = "report"
    DELETE = "delete"


class LogAction(enum.StrEnum):
    """What an audit log entry records."""

    REPORT = "report"
    HIDE = "hide"  # by a moderator, or automatically at the report threshold
    RESTORE = "restore"
    APPROVE = "approve"  # a held comment published
    HOLD = "hold"  # a new comment held by pre-moderation or the word filter
    BLOCK = "block"
    UNBLOCK = "unblock"
    DELETE = "delete"  # by its author


@dataclass(frozen=True, slots=True, kw_only=True)
class ModerationSettings:
    """A consultation's moderation: pre-moderation, the report threshold, the filtered words."""

    premoderate: bool = False
    # Distinct reports that hide a comment; None: the configured default
    # ([moderation] hide_after_reports), which may change after the consultation was imported.
    hide_after: int | None = None
    words: frozenset[str] = field(default_factory=frozenset)

    def threshold(self, default: int) -> int:
        """The number of distinct reports that hide a comment of this consultation."""
        return default if self.hide_after is None else self.hide_after


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """One participant's report of one comment."""

    comment_id: int
    consultation_id: int
    participant_id: int
    reason: ReportReason
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class NewLogEntry:
    """An audit log entry to write: who (a `platform:tenant:id` or "townhall"), what, why."""

    consultation_id: int
    action: LogAction
    actor: str
    created_at: datetime
    comment_id: int | None = None
    participant_id: int | None = None  # whom the action concerns (the blocked author)
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class LogEntry(NewLogEntry):
    """An audit log entry as stored."""

    id: int


def fold(text: str) -> str:
    """Text as the word filter compares it: accents dropped (NFKD), case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_word(word: str) -> str | None:
    """A filter word as stored (folded), or None when it is not one whole word."""
    folded = fold(word.strip())
    if not folded or len(folded) > MAX_WORD_LENGTH or _WORD.fullmatch(folded) is None:
        return None
    return folded


def caught_words(text: str, words: frozenset[str]) -> list[str]:
    """The filtered words `text` contains as whole words, ignoring case and accents."""
    found = {w for w in _WORD.findall(fold(text))}
    return sorted(found & words)
