"""Opinion groups in SQL: one row per consultation, its stamp in columns, its figures in JSON."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.opinions import OpinionGroups, OpinionStamp, ParticipantPoint
from storage.opinion_documents import dump_map, dump_result, load_map, load_result
from storage.repositories.mapping import upsert_insert
from storage.repositories.prepared import AnyRow
from storage.rows_opinions import OpinionGroupsRow

_STAMP = (
    OpinionGroupsRow.consultation_id,
    OpinionGroupsRow.computed_at,
    OpinionGroupsRow.vote_count,
    OpinionGroupsRow.duration_seconds,
)


class SqlOpinionRepository:
    """The latest opinion groups of each consultation, stored in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, result: OpinionGroups, points: list[ParticipantPoint]) -> None:
        stamp = result.stamp
        values = {
            "computed_at": stamp.computed_at,
            "vote_count": stamp.vote_count,
            "duration_seconds": stamp.duration_seconds,
            "result": dump_result(result),
            "map": dump_map(points),
        }
        statement = upsert_insert(self._session, OpinionGroupsRow).values(
            consultation_id=stamp.consultation_id, **values
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[OpinionGroupsRow.consultation_id], set_=values
            )
        )

    async def stamp(self, consultation_id: int) -> OpinionStamp | None:
        found = await self._session.execute(
            select(*_STAMP).where(OpinionGroupsRow.consultation_id == consultation_id)
        )
        row = found.one_or_none()
        return None if row is None else _stamp(row)

    async def latest(self, consultation_id: int) -> OpinionGroups | None:
        found = await self._session.execute(
            select(*_STAMP, OpinionGroupsRow.result).where(
                OpinionGroupsRow.consultation_id == consultation_id
            )
        )
        row = found.one_or_none()
        return None if row is None else load_result(_stamp(row), row.result)

    async def map(self, consultation_id: int) -> list[ParticipantPoint]:
        found = await self._session.execute(
            select(OpinionGroupsRow.map).where(OpinionGroupsRow.consultation_id == consultation_id)
        )
        text = found.scalar_one_or_none()
        return [] if text is None else load_map(text)


def _stamp(row: AnyRow) -> OpinionStamp:
    return OpinionStamp(
        consultation_id=row.consultation_id,
        computed_at=row.computed_at,
        vote_count=row.vote_count,
        duration_seconds=row.duration_seconds,
    )
