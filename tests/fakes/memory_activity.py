"""Participation per UTC day in memory, counted as the SQL query counts it."""

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime

from core.model import CommentState
from core.statistics import DailyActivity
from tests.fakes.memory_state import MemoryTables


def activity_by_day(
    tables: MemoryTables, consultation_id: int, since: datetime | None
) -> list[DailyActivity]:
    """See core.repositories.StatisticsRepository.activity_by_day."""
    firsts = _first_votes(tables, consultation_id)
    started: dict[int, datetime] = {}
    for participant_id, moment in firsts:
        started[participant_id] = min(moment, started.get(participant_id, moment))
    comments = [
        c.created_at
        for c in tables.comments.values()
        if c.consultation_id == consultation_id and c.state is CommentState.PUBLISHED
    ]
    votes = _per_day((moment for _, moment in firsts), since)
    newcomers = _per_day(started.values(), since)
    written = _per_day(comments, since)
    return [
        DailyActivity(
            day=day, votes=votes[day], comments=written[day], new_participants=newcomers[day]
        )
        for day in sorted(votes.keys() | written.keys())
    ]


def _first_votes(tables: MemoryTables, consultation_id: int) -> list[tuple[int, datetime]]:
    """(participant, first cast) of each current vote.

    First cast: its earliest history entry, else its own time (a forgotten person's history
    is erased).
    """
    earliest: dict[tuple[int, int], datetime] = {}
    for event in tables.vote_events:
        key = (event.paragraph_id, event.participant_id)
        earliest[key] = min(event.cast_at, earliest.get(key, event.cast_at))
    return [
        (vote.participant_id, earliest.get(key, vote.cast_at))
        for key, vote in tables.votes.items()
        if vote.consultation_id == consultation_id
    ]


def _per_day(moments: Iterable[datetime], since: datetime | None) -> Counter[date]:
    return Counter(m.astimezone(UTC).date() for m in moments if since is None or m >= since)
