"""Open-data reads in memory: the same pages, orders and first-seen times as the SQL ones."""

import secrets
from datetime import datetime

from core.model import Vote
from core.open_data import ExportParticipant, VoteRecord
from tests.fakes.memory_state import MemoryTables, MemoryTransaction


class MemoryOpenDataRepository:
    """Participants and vote pages read from the in-memory tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def pseudonym_key(self, consultation_id: int) -> bytes:
        key = (await self._transaction.reading()).pseudonym_keys.get(consultation_id)
        if key is None:
            tables = await self._transaction.writing()
            key = tables.pseudonym_keys.setdefault(consultation_id, secrets.token_bytes(32))
        return key

    async def participants(self, consultation_id: int) -> list[ExportParticipant]:
        tables = await self._transaction.reading()
        seen: dict[int, datetime] = {}
        for participant_id, at in _appearances(tables, consultation_id):
            seen[participant_id] = min(at, seen.get(participant_id, at))
        found = [
            ExportParticipant(
                id=p,
                platform=tables.participants[p].ref.platform,
                first_seen=at,
            )
            for p, at in seen.items()
        ]
        return sorted(found, key=lambda p: (p.first_seen, p.id))

    async def votes_after(
        self, consultation_id: int, after_participant: int, after_id: int, limit: int
    ) -> list[VoteRecord]:
        tables = await self._transaction.reading()
        records = [
            _current(tables, index, vote)
            for index, vote in enumerate(tables.votes.values(), start=1)
            if vote.consultation_id == consultation_id
        ]
        later = [r for r in records if (r.participant_id, r.id) > (after_participant, after_id)]
        return sorted(later, key=lambda r: (r.participant_id, r.id))[:limit]

    async def vote_events_after(
        self, consultation_id: int, after_id: int, limit: int
    ) -> list[VoteRecord]:
        tables = await self._transaction.reading()
        records = [
            _event(index, vote)
            for index, vote in enumerate(tables.vote_events, start=1)
            if vote.consultation_id == consultation_id and index > after_id
        ]
        return records[:limit]


def _appearances(tables: MemoryTables, consultation_id: int) -> list[tuple[int, datetime]]:
    return [
        *(
            (e.participant_id, e.joined_at)
            for e in tables.enrolments.values()
            if e.consultation_id == consultation_id
        ),
        *(
            (v.participant_id, v.cast_at)
            for v in tables.votes.values()
            if v.consultation_id == consultation_id
        ),
        *(
            (c.participant_id, c.created_at)
            for c in tables.comments.values()
            if c.consultation_id == consultation_id
        ),
    ]


def _current(tables: MemoryTables, index: int, vote: Vote) -> VoteRecord:
    key = (vote.paragraph_id, vote.participant_id)
    history = [e.cast_at for e in tables.vote_events if (e.paragraph_id, e.participant_id) == key]
    return VoteRecord(
        id=index,
        paragraph_id=vote.paragraph_id,
        participant_id=vote.participant_id,
        choice=vote.choice,
        cast_at=vote.cast_at,
        first_cast_at=min(history, default=vote.cast_at),
        reason_comment_id=tables.vote_reasons.get(key),
    )


def _event(index: int, vote: Vote) -> VoteRecord:
    return VoteRecord(
        id=index,
        paragraph_id=vote.paragraph_id,
        participant_id=vote.participant_id,
        choice=vote.choice,
        cast_at=vote.cast_at,
        first_cast_at=vote.cast_at,
    )
