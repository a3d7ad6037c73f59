"""In-memory votes and the statistics computed from them and the comments."""

import dataclasses
from collections.abc import Collection
from datetime import datetime

from core.model import Choice, CommentState, Paragraph, Vote
from core.statistics import DailyActivity, DisagreementReason, LatestComment, ParagraphTally
from tests.fakes.memory_activity import activity_by_day
from tests.fakes.memory_documents import paragraphs_of
from tests.fakes.memory_reasons import disagreement_reasons, mark_reason
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, to_utc


class MemoryVoteRepository:
    """Current votes and their history, in memory."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def get(self, paragraph_id: int, participant_id: int) -> Vote | None:
        return (await self._transaction.reading()).votes.get((paragraph_id, participant_id))

    async def record(self, vote: Vote) -> Choice | None:
        tables = await self._transaction.writing()
        earlier = tables.votes.get((vote.paragraph_id, vote.participant_id))
        previous = None if earlier is None else earlier.choice
        if previous is vote.choice:
            return previous
        stored = dataclasses.replace(vote, cast_at=to_utc(vote.cast_at))
        tables.votes[(vote.paragraph_id, vote.participant_id)] = stored
        tables.vote_events.append(stored)
        tables.vote_reasons.pop((vote.paragraph_id, vote.participant_id), None)
        return previous

    async def set_reason(self, paragraph_id: int, participant_id: int, comment_id: int) -> bool:
        tables = await self._transaction.writing()
        return mark_reason(tables, (paragraph_id, participant_id), comment_id)

    async def history(self, paragraph_id: int, participant_id: int) -> list[Vote]:
        tables = await self._transaction.reading()
        found = [
            v
            for v in tables.vote_events
            if v.paragraph_id == paragraph_id and v.participant_id == participant_id
        ]
        return sorted(found, key=lambda v: v.cast_at)  # stable: ties keep insertion (id) order

    async def choices(self, consultation_id: int, participant_id: int) -> dict[int, Choice]:
        tables = await self._transaction.reading()
        return {
            v.paragraph_id: v.choice for v in _votes_by(tables, consultation_id, participant_id)
        }

    async def choices_on(
        self, paragraph_id: int, participant_ids: Collection[int]
    ) -> dict[int, Choice]:
        tables = await self._transaction.reading()
        found = (tables.votes.get((paragraph_id, p)) for p in participant_ids)
        return {v.participant_id: v.choice for v in found if v is not None}

    async def count_by(self, consultation_id: int, participant_id: int) -> int:
        tables = await self._transaction.reading()
        return len(_votes_by(tables, consultation_id, participant_id))

    async def first_unvoted(
        self,
        consultation_id: int,
        participant_id: int,
        *,
        after_position: int,
        skipping: frozenset[int] = frozenset(),
    ) -> Paragraph | None:
        tables = await self._transaction.reading()
        return next(
            (
                p
                for p in paragraphs_of(tables, consultation_id)
                if p.position > after_position
                and (p.id, participant_id) not in tables.votes
                and p.id not in skipping
            ),
            None,
        )

    async def list(self, consultation_id: int) -> list[Vote]:
        tables = await self._transaction.reading()
        found = [v for v in tables.votes.values() if v.consultation_id == consultation_id]
        return sorted(
            found,
            key=lambda v: (
                tables.paragraphs[v.paragraph_id].position,
                v.cast_at,
                v.participant_id,
            ),
        )


def _votes_by(tables: MemoryTables, consultation_id: int, participant_id: int) -> list[Vote]:
    return [
        v
        for v in tables.votes.values()
        if v.consultation_id == consultation_id and v.participant_id == participant_id
    ]


class MemoryStatisticsRepository:
    """The same aggregates as the SQL statistics, counted in Python."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def tallies(self, consultation_id: int) -> list[ParagraphTally]:
        tables = await self._transaction.reading()
        return [_tally(tables, p) for p in paragraphs_of(tables, consultation_id)]

    async def tally(self, paragraph_id: int) -> ParagraphTally | None:
        tables = await self._transaction.reading()
        paragraph = tables.paragraphs.get(paragraph_id)
        return None if paragraph is None else _tally(tables, paragraph)

    async def contributors(self, consultation_id: int) -> int:
        tables = await self._transaction.reading()
        voters = {
            v.participant_id for v in tables.votes.values() if v.consultation_id == consultation_id
        }
        commenters = {
            c.participant_id
            for c in tables.comments.values()
            if c.consultation_id == consultation_id and c.state is CommentState.PUBLISHED
        }
        return len(voters | commenters)

    async def latest_comments(self, consultation_id: int, limit: int) -> list[LatestComment]:
        tables = await self._transaction.reading()
        found = [
            c
            for c in tables.comments.values()
            if c.consultation_id == consultation_id and c.state is CommentState.PUBLISHED
        ]
        found.sort(key=lambda c: (c.created_at, c.id), reverse=True)
        return [
            LatestComment(
                comment_id=c.id,
                paragraph_number=tables.paragraphs[c.paragraph_id].number,
                author_name=tables.participants[c.participant_id].display_name,
                body=c.body,
                created_at=c.created_at,
            )
            for c in found[:limit]
        ]

    async def disagreement_reasons(self, consultation_id: int) -> list[DisagreementReason]:
        return disagreement_reasons(await self._transaction.reading(), consultation_id)

    async def participants_with_unvoted(self, consultation_id: int) -> list[int]:
        tables = await self._transaction.reading()
        paragraph_count = len(paragraphs_of(tables, consultation_id))
        return sorted(
            e.participant_id
            for e in tables.enrolments.values()
            if e.consultation_id == consultation_id
            and e.active
            and len(_votes_by(tables, consultation_id, e.participant_id)) < paragraph_count
        )

    async def activity_by_day(
        self, consultation_id: int, *, since: datetime | None = None
    ) -> list[DailyActivity]:
        return activity_by_day(await self._transaction.reading(), consultation_id, since)


def _tally(tables: MemoryTables, paragraph: Paragraph) -> ParagraphTally:
    votes = [v for v in tables.votes.values() if v.paragraph_id == paragraph.id]
    section = tables.sections.get(paragraph.section_id) if paragraph.section_id else None
    return ParagraphTally(
        paragraph_id=paragraph.id,
        number=paragraph.number,
        position=paragraph.position,
        section=None if section is None else section.heading,
        agree=sum(1 for v in votes if v.choice is Choice.AGREE),
        disagree=sum(1 for v in votes if v.choice is Choice.DISAGREE),
        comments=sum(
            1
            for c in tables.comments.values()
            if c.paragraph_id == paragraph.id and c.state is CommentState.PUBLISHED
        ),
    )
