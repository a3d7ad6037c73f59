"""The port to moderation's records: settings, reports, moderators, blocks, the audit log.

Implemented in storage/repositories/moderation.py (SQL) and tests/fakes/memory_moderation.py;
one contract suite (tests/storage/test_moderation.py) runs on both. Writes are committed by
the unit of work.
"""

from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from core.model import ParticipantRef
from core.moderation import LogEntry, ModerationSettings, NewLogEntry, Report


class ModerationRepository(Protocol):
    """Everything moderation stores besides the comments' own states."""

    async def settings(self, consultation_id: int) -> ModerationSettings:
        """The consultation's settings (the defaults where none were set)."""
        ...

    async def configure(
        self, consultation_id: int, *, premoderate: bool, hide_after: int | None
    ) -> None: ...

    async def add_words(self, consultation_id: int, words: Collection[str]) -> list[str]:
        """Add filtered words (already normalised); returns those that were new."""
        ...

    async def remove_words(self, consultation_id: int, words: Collection[str]) -> list[str]:
        """Remove filtered words; returns those that were there."""
        ...

    async def add_report(self, report: Report) -> bool:
        """Store the report; False (nothing written) if this person reported it already."""
        ...

    async def reports(self, comment_id: int) -> list[Report]:
        """The comment's reports, oldest first."""
        ...

    async def queue(self, consultation_id: int) -> list[int]:
        """Ids of the consultation's held and hidden comments, oldest first."""
        ...

    async def add_moderator(self, consultation_id: int, ref: ParticipantRef) -> bool:
        """True if added, False if they already moderated it."""
        ...

    async def remove_moderator(self, consultation_id: int, ref: ParticipantRef) -> bool: ...

    async def moderators(self, consultation_id: int) -> list[ParticipantRef]:
        """The people named moderators of this consultation (organisers not included)."""
        ...

    async def block(self, consultation_id: int, participant_id: int, now: datetime) -> bool:
        """True if blocked now, False if they already were."""
        ...

    async def unblock(self, consultation_id: int, participant_id: int) -> bool: ...

    async def is_blocked(self, consultation_id: int, participant_id: int) -> bool: ...

    async def log(self, entry: NewLogEntry) -> None: ...

    async def entries(self, consultation_id: int) -> list[LogEntry]:
        """The consultation's audit log, oldest first."""
        ...

    async def notified_at(self, consultation_id: int, ref: ParticipantRef) -> datetime | None:
        """When this moderator was last told about the queue."""
        ...

    async def set_notified(
        self, consultation_id: int, ref: ParticipantRef, moment: datetime
    ) -> None: ...
