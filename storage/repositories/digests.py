"""Digests in SQL (core.digests): settings, claimed periods under a unique key, subscribers."""

from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.digests import Activity, DigestEvery, DigestPeriod, DigestSetting
from core.model import CommentState
from storage.repositories.mapping import upsert_insert
from storage.rows import (
    CommentRow,
    DigestPeriodRow,
    DigestSettingRow,
    DigestSubscriberRow,
    VoteEventRow,
    VoteRow,
)


class SqlDigestRepository:
    """The DigestRepository port on SQLite and PostgreSQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def setting(self, consultation_id: int) -> DigestSetting | None:
        row = await self._session.get(DigestSettingRow, consultation_id)
        return None if row is None else _setting(row)

    async def settings(self) -> list[DigestSetting]:
        rows = await self._session.scalars(
            select(DigestSettingRow).order_by(DigestSettingRow.consultation_id)
        )
        return [_setting(row) for row in rows]

    async def set(self, consultation_id: int, every: DigestEvery | None, now: datetime) -> None:
        """Off deletes the row; a new interval starts counting `since` now, the same keeps it."""
        if every is None:
            await self._session.execute(
                delete(DigestSettingRow).where(DigestSettingRow.consultation_id == consultation_id)
            )
            return
        statement = upsert_insert(self._session, DigestSettingRow).values(
            consultation_id=consultation_id, every=every.value, since=now
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["consultation_id"],
                set_={"every": statement.excluded.every, "since": statement.excluded.since},
                where=DigestSettingRow.every != statement.excluded.every,
            )
        )

    async def activity(self, consultation_id: int, start: datetime, end: datetime) -> Activity:
        firsts = _first_votes(consultation_id)
        started = (
            select(func.min(firsts.c.first_at).label("started"))
            .group_by(firsts.c.participant_id)
            .subquery()
        )
        votes = select(func.count()).where(firsts.c.first_at >= start, firsts.c.first_at < end)
        people = select(func.count()).where(started.c.started >= start, started.c.started < end)
        comments = select(func.count()).where(
            CommentRow.consultation_id == consultation_id,
            CommentRow.state == CommentState.PUBLISHED.value,
            CommentRow.created_at >= start,
            CommentRow.created_at < end,
        )
        return Activity(
            votes=await self._count(votes),
            comments=await self._count(comments),
            participants=await self._count(people),
        )

    async def _count(self, query: Any) -> int:
        return int(await self._session.scalar(query) or 0)

    async def claim(self, period: DigestPeriod) -> bool:
        """One INSERT … ON CONFLICT DO NOTHING: a concurrent claim waits, then inserts nothing."""
        statement = upsert_insert(self._session, DigestPeriodRow).values(
            consultation_id=period.consultation_id,
            every=period.every.value,
            period_start=period.start,
            period_end=period.end,
            votes=period.activity.votes,
            comments=period.activity.comments,
            participants=period.activity.participants,
            controversial=period.controversial,
            agreement=period.agreement,
        )
        claimed = await self._session.scalar(
            statement.on_conflict_do_nothing(
                index_elements=["consultation_id", "period_end"]
            ).returning(DigestPeriodRow.id)
        )
        return claimed is not None

    async def period_before(self, consultation_id: int, moment: datetime) -> DigestPeriod | None:
        row = await self._session.scalar(
            select(DigestPeriodRow)
            .where(
                DigestPeriodRow.consultation_id == consultation_id,
                DigestPeriodRow.period_end <= moment,
            )
            .order_by(DigestPeriodRow.period_end.desc())
            .limit(1)
        )
        return None if row is None else _period(row)

    async def subscribe(self, consultation_id: int, participant_id: int, on: bool) -> bool:
        key = {"consultation_id": consultation_id, "participant_id": participant_id}
        if on:
            statement = upsert_insert(self._session, DigestSubscriberRow).values(key)
            changed = await self._session.scalar(
                statement.on_conflict_do_nothing().returning(DigestSubscriberRow.participant_id)
            )
            return changed is not None
        removed = await self._session.scalars(
            delete(DigestSubscriberRow)
            .where(
                DigestSubscriberRow.consultation_id == consultation_id,
                DigestSubscriberRow.participant_id == participant_id,
            )
            .returning(DigestSubscriberRow.participant_id)
        )
        return bool(list(removed))

    async def subscribers(self, consultation_id: int) -> list[int]:
        rows = await self._session.scalars(
            select(DigestSubscriberRow.participant_id)
            .where(DigestSubscriberRow.consultation_id == consultation_id)
            .order_by(DigestSubscriberRow.participant_id)
        )
        return list(rows)


def _first_votes(consultation_id: int) -> Any:
    """Each current vote with the moment it was first cast: its history's earliest entry."""
    history = and_(
        VoteEventRow.paragraph_id == VoteRow.paragraph_id,
        VoteEventRow.participant_id == VoteRow.participant_id,
    )
    return (
        select(
            VoteRow.participant_id,
            func.coalesce(func.min(VoteEventRow.cast_at), VoteRow.cast_at).label("first_at"),
        )
        .outerjoin(VoteEventRow, history)
        .where(VoteRow.consultation_id == consultation_id)
        .group_by(VoteRow.id, VoteRow.participant_id, VoteRow.cast_at)
        .subquery()
    )


def _setting(row: DigestSettingRow) -> DigestSetting:
    return DigestSetting(
        consultation_id=row.consultation_id, every=DigestEvery(row.every), since=row.since
    )


def _period(row: DigestPeriodRow) -> DigestPeriod:
    return DigestPeriod(
        consultation_id=row.consultation_id,
        every=DigestEvery(row.every),
        start=row.period_start,
        end=row.period_end,
        activity=Activity(votes=row.votes, comments=row.comments, participants=row.participants),
        controversial=row.controversial,
        agreement=row.agreement,
    )
