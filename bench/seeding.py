"""Bulk seeding of participants, enrolments, votes and comments straight into the tables.

Casting a million votes through the use cases would take hours, so the measured consultations
are filled with batched executemany INSERTs; only the measurements go through the real code.
Vote history rows (vote_events) are not seeded: no measured query reads them. The paragraph
tally counters, which votes and comments keep up to date through the use cases, are recounted
once at the end (`seed_tallies`), as migration 0014 fills them for an existing database.
"""

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.drafts import DraftConsultation, SystemClock
from core.model import Choice, Platform
from storage.rows import (
    Base,
    CommentRow,
    EnrolmentRow,
    ParagraphRow,
    ParagraphTallyRow,
    ParticipantRow,
    VoteRow,
)

BATCH_ROWS = 20_000
SEEDED_PERIOD = timedelta(days=20)
Row = dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Voting:
    """How many of a consultation's paragraphs each seeded participant has voted on."""

    paragraphs_voted: tuple[int, ...]
    active: tuple[bool, ...]

    @property
    def votes(self) -> int:
        return sum(self.paragraphs_voted)


async def insert_rows(engine: AsyncEngine, table: type[Base], rows: Iterable[Row]) -> int:
    """Insert `rows` in batches, one committed transaction per batch; returns the count."""
    inserted = 0
    for batch in _batches(rows):
        async with engine.begin() as connection:
            await connection.execute(insert(table), batch)
        inserted += len(batch)
    return inserted


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH_ROWS)):
        yield batch


async def seed_participants(engine: AsyncEngine, tenant: str, count: int) -> list[int]:
    """`count` Telegram participants in their own tenant; returns their ids in order."""
    rows = (
        {
            "platform": Platform.TELEGRAM.value,
            "tenant": tenant,
            "external_id": str(index),
            "display_name": f"Participant {index}",
            "reachable": True,
        }
        for index in range(count)
    )
    await insert_rows(engine, ParticipantRow, rows)
    async with engine.connect() as connection:
        ids = await connection.scalars(
            select(ParticipantRow.id)
            .where(
                ParticipantRow.platform == Platform.TELEGRAM.value,
                ParticipantRow.tenant == tenant,
            )
            .order_by(ParticipantRow.id)
        )
        return list(ids)


async def seed_enrolments(
    engine: AsyncEngine, consultation_id: int, participant_ids: list[int], voting: Voting
) -> None:
    """Enrol every participant, with the cursor where their voting stopped."""
    now = SystemClock().now()
    rows = (
        {
            "consultation_id": consultation_id,
            "participant_id": participant_id,
            "cursor": voted,
            "awaiting_paragraph_id": None,
            "awaiting_reply_to": None,
            "muted": False,
            "active": active,
            "joined_at": now - SEEDED_PERIOD,
            "last_seen_at": now,
        }
        for participant_id, voted, active in zip(
            participant_ids, voting.paragraphs_voted, voting.active, strict=True
        )
    )
    await insert_rows(engine, EnrolmentRow, rows)


async def seed_votes(
    engine: AsyncEngine, draft: DraftConsultation, participant_ids: list[int], voting: Voting
) -> int:
    """Each participant votes on their first paragraphs; each paragraph has its own agree rate."""
    rng = random.Random(len(participant_ids))
    agree_rates = [rng.uniform(0.3, 0.97) for _ in draft.paragraph_ids]
    start = SystemClock().now() - SEEDED_PERIOD
    rows = (
        _vote_row(draft, participant_id, position, agree_rates[position], rng, start)
        for participant_id, voted in zip(participant_ids, voting.paragraphs_voted, strict=True)
        for position in range(voted)
    )
    return await insert_rows(engine, VoteRow, rows)


def _vote_row(
    draft: DraftConsultation,
    participant_id: int,
    position: int,
    agree_rate: float,
    rng: random.Random,
    start: datetime,
) -> Row:
    choice = Choice.AGREE if rng.random() < agree_rate else Choice.DISAGREE
    return {
        "consultation_id": draft.consultation.id,
        "paragraph_id": draft.paragraph_ids[position],
        "participant_id": participant_id,
        "choice": choice.value,
        "cast_at": start + timedelta(seconds=rng.randrange(int(SEEDED_PERIOD.total_seconds()))),
    }


async def seed_comments(
    engine: AsyncEngine, draft: DraftConsultation, participant_ids: list[int], count: int
) -> int:
    """`count` comments, four in five top-level and the rest replies; early paragraphs get more."""
    rng = random.Random(count)
    weights = [1.0 / (1 + position % 10) for position in range(len(draft.paragraph_ids))]
    paragraphs = rng.choices(draft.paragraph_ids, weights, k=count - count // 5)
    start = SystemClock().now() - SEEDED_PERIOD
    threads = (
        _comment_row(draft, paragraph_id, None, rng.choice(participant_ids), rng, start)
        for paragraph_id in paragraphs
    )
    inserted = await insert_rows(engine, CommentRow, threads)
    parents = await _thread_ids(engine, draft.consultation.id)
    replies = (
        _comment_row(draft, paragraph_id, parent_id, rng.choice(participant_ids), rng, start)
        for parent_id, paragraph_id in rng.choices(parents, k=count // 5)
    )
    return inserted + await insert_rows(engine, CommentRow, replies)


async def _thread_ids(engine: AsyncEngine, consultation_id: int) -> list[tuple[int, int]]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(CommentRow.id, CommentRow.paragraph_id).where(
                CommentRow.consultation_id == consultation_id, CommentRow.parent_id.is_(None)
            )
        )
        return [(comment_id, paragraph_id) for comment_id, paragraph_id in rows]


def _comment_row(
    draft: DraftConsultation,
    paragraph_id: int,
    parent_id: int | None,
    participant_id: int,
    rng: random.Random,
    start: datetime,
) -> Row:
    return {
        "consultation_id": draft.consultation.id,
        "paragraph_id": paragraph_id,
        "participant_id": participant_id,
        "parent_id": parent_id,
        "body": "I would add a yearly public report on this commitment. " * rng.randint(1, 6),
        "created_at": start + timedelta(seconds=rng.randrange(int(SEEDED_PERIOD.total_seconds()))),
        "idempotency_key": None,
    }


RECOUNT = text(
    """
    INSERT INTO paragraph_tallies (paragraph_id, agree, disagree, comments)
    SELECT p.id,
           (SELECT count(*) FROM votes v WHERE v.paragraph_id = p.id AND v.choice = 'agree'),
           (SELECT count(*) FROM votes v WHERE v.paragraph_id = p.id AND v.choice = 'disagree'),
           (SELECT count(*) FROM comments c WHERE c.paragraph_id = p.id)
    FROM paragraphs p WHERE p.consultation_id = :consultation_id
    """
)


async def seed_tallies(engine: AsyncEngine, consultation_id: int) -> None:
    """Recount the consultation's paragraph counters from the rows inserted behind their back."""
    paragraphs = select(ParagraphRow.id).where(ParagraphRow.consultation_id == consultation_id)
    async with engine.begin() as connection:
        await connection.execute(
            delete(ParagraphTallyRow).where(ParagraphTallyRow.paragraph_id.in_(paragraphs))
        )
        await connection.execute(RECOUNT, {"consultation_id": consultation_id})
