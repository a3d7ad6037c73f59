"""When each paragraph of a broadcast is released: what a drip still holds back."""

import builtins
from datetime import datetime

from sqlalchemy import Select, bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.repositories.prepared import fetch_all
from storage.repositories.remembered import UNKNOWN, forget, recall
from storage.rows_delivery import ReleaseRow


def _held() -> Select[int, datetime]:
    opens = func.min(ReleaseRow.release_at)
    return (
        select(ReleaseRow.paragraph_id, opens)
        .where(
            ReleaseRow.consultation_id == bindparam("consultation_id"),
            ReleaseRow.cancelled_at.is_(None),
        )
        .group_by(ReleaseRow.paragraph_id)
        .having(opens > bindparam("now", type_=ReleaseRow.release_at.type))
    )


_HELD = _held()


class SqlReleaseRepository:
    """Release times stored in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def schedule(
        self,
        broadcast_id: int,
        consultation_id: int,
        releases: builtins.list[tuple[int, datetime]],
    ) -> None:
        """Record the release time of each (paragraph id, time) of the broadcast."""
        if not releases:
            return
        forget(self._session, ("last release", consultation_id))
        await self._session.execute(
            insert(ReleaseRow),
            [
                {
                    "broadcast_id": broadcast_id,
                    "consultation_id": consultation_id,
                    "paragraph_id": paragraph_id,
                    "release_at": release_at,
                }
                for paragraph_id, release_at in releases
            ],
        )

    async def held(self, consultation_id: int, now: datetime) -> dict[int, datetime]:
        """Paragraphs whose earliest release still standing lies after `now`, in one query.

        None at all, with no query, when the consultation read in this transaction had no
        release standing after `now`.
        """
        last = recall(self._session, ("last release", consultation_id))
        if last is None or (last is not UNKNOWN and last <= now):
            return {}
        rows = await fetch_all(
            self._session, _HELD, {"consultation_id": consultation_id, "now": now}
        )
        # min() keeps the column's type, so the moments come back aware UTC on both backends.
        return {row[0]: row[1] for row in rows}

    async def cancel(self, broadcast_id: int, now: datetime) -> builtins.list[int] | None:
        """Cancel the broadcast's releases still ahead; None if it scheduled none at all."""
        scheduled = await self._session.scalar(
            select(func.count())
            .select_from(ReleaseRow)
            .where(ReleaseRow.broadcast_id == broadcast_id)
        )
        if not scheduled:
            return None
        cancelled = await self._session.scalars(
            update(ReleaseRow)
            .where(
                ReleaseRow.broadcast_id == broadcast_id,
                ReleaseRow.cancelled_at.is_(None),
                ReleaseRow.release_at > now,
            )
            .values(cancelled_at=now)
            .returning(ReleaseRow.paragraph_id)
            .execution_options(synchronize_session=False)
        )
        return sorted(cancelled.all())
