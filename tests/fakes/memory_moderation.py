"""In-memory moderation records: settings, words, reports, moderators, blocks, audit log."""

from collections.abc import Collection
from datetime import datetime

from core.model import CommentState, ParticipantRef
from core.moderation import LogEntry, ModerationSettings, NewLogEntry, Report
from tests.fakes.memory_state import MemoryTransaction, to_utc


class MemoryModerationRepository:
    """The ModerationRepository port over the in-memory tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def settings(self, consultation_id: int) -> ModerationSettings:
        tables = await self._transaction.reading()
        words = frozenset(w for c, w in tables.moderation_words if c == consultation_id)
        stored = tables.moderation_settings.get(consultation_id)
        if stored is None:
            return ModerationSettings(words=words)
        return ModerationSettings(premoderate=stored[0], hide_after=stored[1], words=words)

    async def configure(
        self, consultation_id: int, *, premoderate: bool, hide_after: int | None
    ) -> None:
        tables = await self._transaction.writing()
        tables.moderation_settings[consultation_id] = (premoderate, hide_after)

    async def add_words(self, consultation_id: int, words: Collection[str]) -> list[str]:
        tables = await self._transaction.writing()
        added = sorted(
            w for w in set(words) if (consultation_id, w) not in tables.moderation_words
        )
        tables.moderation_words |= {(consultation_id, w) for w in added}
        return added

    async def remove_words(self, consultation_id: int, words: Collection[str]) -> list[str]:
        tables = await self._transaction.writing()
        removed = sorted(w for w in set(words) if (consultation_id, w) in tables.moderation_words)
        tables.moderation_words -= {(consultation_id, w) for w in removed}
        return removed

    async def add_report(self, report: Report) -> bool:
        tables = await self._transaction.writing()
        key = (report.comment_id, report.participant_id)
        if key in tables.reports:
            return False
        tables.reports[key] = report
        return True

    async def reports(self, comment_id: int) -> list[Report]:
        tables = await self._transaction.reading()
        found = [r for (c, _), r in tables.reports.items() if c == comment_id]
        return sorted(found, key=lambda r: (r.created_at, r.participant_id))

    async def queue(self, consultation_id: int) -> list[int]:
        tables = await self._transaction.reading()
        reviewed = (CommentState.HELD, CommentState.HIDDEN)
        return sorted(
            c.id
            for c in tables.comments.values()
            if c.consultation_id == consultation_id and c.state in reviewed
        )

    async def add_moderator(self, consultation_id: int, ref: ParticipantRef) -> bool:
        tables = await self._transaction.writing()
        if (consultation_id, ref) in tables.moderators:
            return False
        tables.moderators.add((consultation_id, ref))
        return True

    async def remove_moderator(self, consultation_id: int, ref: ParticipantRef) -> bool:
        tables = await self._transaction.writing()
        if (consultation_id, ref) not in tables.moderators:
            return False
        tables.moderators.discard((consultation_id, ref))
        return True

    async def moderators(self, consultation_id: int) -> list[ParticipantRef]:
        tables = await self._transaction.reading()
        found = [ref for c, ref in tables.moderators if c == consultation_id]
        return sorted(found, key=lambda r: (r.platform.value, r.tenant, r.external_id))

    async def block(self, consultation_id: int, participant_id: int, now: datetime) -> bool:
        to_utc(now)
        tables = await self._transaction.writing()
        if (consultation_id, participant_id) in tables.blocks:
            return False
        tables.blocks.add((consultation_id, participant_id))
        return True

    async def unblock(self, consultation_id: int, participant_id: int) -> bool:
        tables = await self._transaction.writing()
        if (consultation_id, participant_id) not in tables.blocks:
            return False
        tables.blocks.discard((consultation_id, participant_id))
        return True

    async def is_blocked(self, consultation_id: int, participant_id: int) -> bool:
        tables = await self._transaction.reading()
        return (consultation_id, participant_id) in tables.blocks

    async def log(self, entry: NewLogEntry) -> None:
        tables = await self._transaction.writing()
        stored = LogEntry(
            id=tables.next_id("moderation_log"),
            consultation_id=entry.consultation_id,
            action=entry.action,
            actor=entry.actor,
            created_at=to_utc(entry.created_at),
            comment_id=entry.comment_id,
            participant_id=entry.participant_id,
            reason=entry.reason,
        )
        tables.moderation_log.append(stored)

    async def entries(self, consultation_id: int) -> list[LogEntry]:
        tables = await self._transaction.reading()
        return [e for e in tables.moderation_log if e.consultation_id == consultation_id]

    async def notified_at(self, consultation_id: int, ref: ParticipantRef) -> datetime | None:
        tables = await self._transaction.reading()
        return tables.moderation_notices.get((consultation_id, ref))

    async def set_notified(
        self, consultation_id: int, ref: ParticipantRef, moment: datetime
    ) -> None:
        tables = await self._transaction.writing()
        tables.moderation_notices[(consultation_id, ref)] = to_utc(moment)
