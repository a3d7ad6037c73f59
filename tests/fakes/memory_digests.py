"""In-memory digests (core.digests): settings, claimed periods, subscribers, activity."""

import dataclasses
from datetime import datetime

from core.digests import Activity, DigestEvery, DigestPeriod, DigestSetting
from core.model import CommentState
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, to_utc


class MemoryDigestRepository:
    """The DigestRepository port over the in-memory tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def setting(self, consultation_id: int) -> DigestSetting | None:
        return (await self._transaction.reading()).digest_settings.get(consultation_id)

    async def settings(self) -> list[DigestSetting]:
        tables = await self._transaction.reading()
        return [tables.digest_settings[c] for c in sorted(tables.digest_settings)]

    async def set(self, consultation_id: int, every: DigestEvery | None, now: datetime) -> None:
        tables = await self._transaction.writing()
        current = tables.digest_settings.get(consultation_id)
        if every is None:
            tables.digest_settings.pop(consultation_id, None)
        elif current is None or current.every is not every:
            tables.digest_settings[consultation_id] = DigestSetting(
                consultation_id=consultation_id, every=every, since=to_utc(now)
            )

    async def activity(self, consultation_id: int, start: datetime, end: datetime) -> Activity:
        tables = await self._transaction.reading()
        firsts = _first_votes(tables, consultation_id)
        started: dict[int, datetime] = {}
        for (_, person), moment in firsts.items():
            started[person] = min(moment, started.get(person, moment))
        comments = [
            c
            for c in tables.comments.values()
            if c.consultation_id == consultation_id
            and c.state is CommentState.PUBLISHED
            and start <= c.created_at < end
        ]
        return Activity(
            votes=sum(start <= m < end for m in firsts.values()),
            comments=len(comments),
            participants=sum(start <= m < end for m in started.values()),
        )

    async def claim(self, period: DigestPeriod) -> bool:
        tables = await self._transaction.writing()
        key = (period.consultation_id, to_utc(period.end))
        if key in tables.digest_periods:
            return False
        tables.digest_periods[key] = dataclasses.replace(
            period, start=to_utc(period.start), end=to_utc(period.end)
        )
        return True

    async def period_before(self, consultation_id: int, moment: datetime) -> DigestPeriod | None:
        tables = await self._transaction.reading()
        ends = [e for c, e in tables.digest_periods if c == consultation_id and e <= moment]
        return tables.digest_periods[(consultation_id, max(ends))] if ends else None

    async def subscribe(self, consultation_id: int, participant_id: int, on: bool) -> bool:
        tables = await self._transaction.writing()
        key = (consultation_id, participant_id)
        if (key in tables.digest_subscribers) is on:
            return False
        if on:
            tables.digest_subscribers.add(key)
        else:
            tables.digest_subscribers.discard(key)
        return True

    async def subscribers(self, consultation_id: int) -> list[int]:
        tables = await self._transaction.reading()
        return sorted(p for c, p in tables.digest_subscribers if c == consultation_id)


def _first_votes(tables: MemoryTables, consultation_id: int) -> dict[tuple[int, int], datetime]:
    """Each current vote with the moment it was first cast (its history's earliest entry)."""
    firsts = {
        key: vote.cast_at
        for key, vote in tables.votes.items()
        if vote.consultation_id == consultation_id
    }
    for event in tables.vote_events:
        key = (event.paragraph_id, event.participant_id)
        if key in firsts:
            firsts[key] = min(firsts[key], event.cast_at)
    return firsts
