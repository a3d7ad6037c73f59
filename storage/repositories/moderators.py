"""A consultation's moderators and when each was last told about the review queue."""

from datetime import datetime

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import ParticipantRef, Platform
from storage.repositories.mapping import upsert_insert
from storage.rows_moderation import ModerationNoticeRow, ModeratorRow

_KEY = ["consultation_id", "platform", "tenant", "external_id"]


def _who(consultation_id: int, ref: ParticipantRef) -> dict[str, object]:
    return {
        "consultation_id": consultation_id,
        "platform": ref.platform.value,
        "tenant": ref.tenant,
        "external_id": ref.external_id,
    }


class SqlModeratorRecords:
    """The moderators part of the ModerationRepository port."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_moderator(self, consultation_id: int, ref: ParticipantRef) -> bool:
        statement = upsert_insert(self._session, ModeratorRow).values(_who(consultation_id, ref))
        added = await self._session.scalar(
            statement.on_conflict_do_nothing(index_elements=_KEY).returning(
                ModeratorRow.consultation_id
            )
        )
        return added is not None

    async def remove_moderator(self, consultation_id: int, ref: ParticipantRef) -> bool:
        removed = await self._session.scalars(
            delete(ModeratorRow)
            .where(*_matching(ModeratorRow, consultation_id, ref))
            .returning(ModeratorRow.consultation_id)
        )
        return bool(list(removed))

    async def moderators(self, consultation_id: int) -> list[ParticipantRef]:
        rows = await self._session.scalars(
            select(ModeratorRow)
            .where(ModeratorRow.consultation_id == consultation_id)
            .order_by(ModeratorRow.platform, ModeratorRow.tenant, ModeratorRow.external_id)
        )
        return [
            ParticipantRef(
                platform=Platform(row.platform), tenant=row.tenant, external_id=row.external_id
            )
            for row in rows
        ]

    async def notified_at(self, consultation_id: int, ref: ParticipantRef) -> datetime | None:
        found: datetime | None = await self._session.scalar(
            select(ModerationNoticeRow.notified_at).where(
                *_matching(ModerationNoticeRow, consultation_id, ref)
            )
        )
        return found

    async def set_notified(
        self, consultation_id: int, ref: ParticipantRef, moment: datetime
    ) -> None:
        statement = upsert_insert(self._session, ModerationNoticeRow).values(
            {**_who(consultation_id, ref), "notified_at": moment}
        )
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=_KEY, set_={"notified_at": moment})
        )


def _matching(
    row: type[ModeratorRow] | type[ModerationNoticeRow], consultation_id: int, ref: ParticipantRef
) -> tuple[ColumnElement[bool], ...]:
    return (
        row.consultation_id == consultation_id,
        row.platform == ref.platform.value,
        row.tenant == ref.tenant,
        row.external_id == ref.external_id,
    )
