"""Moderation's records in SQL: settings, filtered words, reports, blocks and the audit log."""

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import CommentState
from core.moderation import (
    LogAction,
    LogEntry,
    ModerationSettings,
    NewLogEntry,
    Report,
    ReportReason,
)
from storage.repositories.mapping import upsert_insert
from storage.repositories.moderators import SqlModeratorRecords
from storage.rows import CommentRow
from storage.rows_moderation import (
    BlockRow,
    CommentReportRow,
    ModerationLogRow,
    ModerationSettingsRow,
    ModerationWordRow,
)

_REVIEWED = (CommentState.HELD.value, CommentState.HIDDEN.value)


class SqlModerationRepository(SqlModeratorRecords):
    """Moderation's records; the moderators and their notices come from SqlModeratorRecords."""

    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session)
        self._session = session

    async def settings(self, consultation_id: int) -> ModerationSettings:
        row = await self._session.get(ModerationSettingsRow, consultation_id)
        words = await self._session.scalars(
            select(ModerationWordRow.word).where(
                ModerationWordRow.consultation_id == consultation_id
            )
        )
        if row is None:
            return ModerationSettings(words=frozenset(words))
        return ModerationSettings(
            premoderate=row.premoderate, hide_after=row.hide_after, words=frozenset(words)
        )

    async def configure(
        self, consultation_id: int, *, premoderate: bool, hide_after: int | None
    ) -> None:
        statement = upsert_insert(self._session, ModerationSettingsRow).values(
            consultation_id=consultation_id, premoderate=premoderate, hide_after=hide_after
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["consultation_id"],
                set_={"premoderate": premoderate, "hide_after": hide_after},
            )
        )

    async def add_words(self, consultation_id: int, words: Collection[str]) -> list[str]:
        added = []
        for word in sorted(set(words)):
            statement = upsert_insert(self._session, ModerationWordRow).values(
                consultation_id=consultation_id, word=word
            )
            new = await self._session.scalar(
                statement.on_conflict_do_nothing(
                    index_elements=["consultation_id", "word"]
                ).returning(ModerationWordRow.word)
            )
            if new is not None:
                added.append(word)
        return added

    async def remove_words(self, consultation_id: int, words: Collection[str]) -> list[str]:
        removed = await self._session.scalars(
            delete(ModerationWordRow)
            .where(
                ModerationWordRow.consultation_id == consultation_id,
                ModerationWordRow.word.in_(set(words)),
            )
            .returning(ModerationWordRow.word)
        )
        return sorted(removed)

    async def add_report(self, report: Report) -> bool:
        statement = upsert_insert(self._session, CommentReportRow).values(
            comment_id=report.comment_id,
            participant_id=report.participant_id,
            consultation_id=report.consultation_id,
            reason=report.reason.value,
            created_at=report.created_at,
        )
        added = await self._session.scalar(
            statement.on_conflict_do_nothing(
                index_elements=["comment_id", "participant_id"]
            ).returning(CommentReportRow.comment_id)
        )
        return added is not None

    async def reports(self, comment_id: int) -> list[Report]:
        rows = await self._session.scalars(
            select(CommentReportRow)
            .where(CommentReportRow.comment_id == comment_id)
            .order_by(CommentReportRow.created_at, CommentReportRow.participant_id)
        )
        return [
            Report(
                comment_id=row.comment_id,
                consultation_id=row.consultation_id,
                participant_id=row.participant_id,
                reason=ReportReason(row.reason),
                created_at=row.created_at,
            )
            for row in rows
        ]

    async def queue(self, consultation_id: int) -> list[int]:
        ids = await self._session.scalars(
            select(CommentRow.id)
            .where(CommentRow.consultation_id == consultation_id, CommentRow.state.in_(_REVIEWED))
            .order_by(CommentRow.id)
        )
        return list(ids)

    async def block(self, consultation_id: int, participant_id: int, now: datetime) -> bool:
        statement = upsert_insert(self._session, BlockRow).values(
            consultation_id=consultation_id, participant_id=participant_id, created_at=now
        )
        added = await self._session.scalar(
            statement.on_conflict_do_nothing(
                index_elements=["consultation_id", "participant_id"]
            ).returning(BlockRow.participant_id)
        )
        return added is not None

    async def unblock(self, consultation_id: int, participant_id: int) -> bool:
        removed = await self._session.scalars(
            delete(BlockRow)
            .where(*_block(consultation_id, participant_id))
            .returning(BlockRow.participant_id)
        )
        return bool(list(removed))

    async def is_blocked(self, consultation_id: int, participant_id: int) -> bool:
        found = await self._session.scalar(
            select(BlockRow.participant_id).where(*_block(consultation_id, participant_id))
        )
        return found is not None

    async def log(self, entry: NewLogEntry) -> None:
        self._session.add(ModerationLogRow(**_log_values(entry)))
        await self._session.flush()

    async def entries(self, consultation_id: int) -> list[LogEntry]:
        rows = await self._session.scalars(
            select(ModerationLogRow)
            .where(ModerationLogRow.consultation_id == consultation_id)
            .order_by(ModerationLogRow.id)
        )
        return [
            LogEntry(
                id=row.id,
                consultation_id=row.consultation_id,
                action=LogAction(row.action),
                actor=row.actor,
                created_at=row.created_at,
                comment_id=row.comment_id,
                participant_id=row.participant_id,
                reason=row.reason,
            )
            for row in rows
        ]


def _block(consultation_id: int, participant_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        BlockRow.consultation_id == consultation_id,
        BlockRow.participant_id == participant_id,
    )


def _log_values(entry: NewLogEntry) -> dict[str, Any]:
    return {
        "consultation_id": entry.consultation_id,
        "action": entry.action.value,
        "actor": entry.actor,
        "comment_id": entry.comment_id,
        "participant_id": entry.participant_id,
        "reason": entry.reason,
        "created_at": entry.created_at,
    }
