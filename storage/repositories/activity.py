"""Participation per UTC day: votes first cast, published comments and newcomers, one query.

The day of a moment is taken in UTC by the database: SQLite stores UTC text, whose `date()`
is the day; PostgreSQL stores `timestamptz`, read in UTC with `timezone('UTC', ...)` whatever
the session's time zone, then cast to a date.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    func,
    literal,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from core.model import CommentState
from core.statistics import DailyActivity
from storage.row_base import UtcDateTime
from storage.rows import CommentRow, VoteEventRow, VoteRow


class utc_day(FunctionElement[date]):
    """The UTC calendar day of a stored aware datetime, as a date."""

    type = Date()
    name = "utc_day"
    inherit_cache = True


@compiles(utc_day, "sqlite")
def _sqlite_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_day, "postgresql")
def _postgresql_day(element: utc_day, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(timezone('UTC', {compiler.process(element.clauses, **kw)}) AS DATE)"


async def activity_by_day(
    session: AsyncSession, consultation_id: int, since: datetime | None
) -> list[DailyActivity]:
    """See core.repositories.StatisticsRepository.activity_by_day."""
    rows = await session.execute(_activity_query(consultation_id, since))
    return [
        DailyActivity(day=day, votes=votes, comments=comments, new_participants=newcomers)
        for day, votes, comments, newcomers in rows
    ]


def _activity_query(consultation_id: int, since: datetime | None) -> Select[Any]:
    """One row per active day: the sums of three kinds of events, each a row of 1s and 0s."""
    first_votes = _first_votes(consultation_id)
    newcomers = (
        select(func.min(first_votes.c.first_at).label("started"))
        .group_by(first_votes.c.participant_id)
        .subquery()
    )
    events = union_all(
        _events(first_votes.c.first_at, since, vote=1),
        _events(newcomers.c.started, since, newcomer=1),
        _events(CommentRow.created_at, since, comment=1).where(
            CommentRow.consultation_id == consultation_id,
            CommentRow.state == CommentState.PUBLISHED.value,
        ),
    ).subquery()
    return (
        select(
            events.c.day,
            func.sum(events.c.vote),
            func.sum(events.c.comment),
            func.sum(events.c.newcomer),
        )
        .group_by(events.c.day)
        .order_by(events.c.day)
    )


def _first_votes(consultation_id: int) -> Any:
    """Each current vote with the moment it was first cast.

    That is its earliest history entry, or its own time when its history was erased with its
    author (`/forget`).
    """
    first_entry = (
        select(func.min(VoteEventRow.cast_at))
        .where(
            VoteEventRow.paragraph_id == VoteRow.paragraph_id,
            VoteEventRow.participant_id == VoteRow.participant_id,
        )
        .correlate(VoteRow)
        .scalar_subquery()
    )
    return (
        select(
            VoteRow.participant_id,
            func.coalesce(first_entry, VoteRow.cast_at).label("first_at"),
        )
        .where(VoteRow.consultation_id == consultation_id)
        .cte("first_votes")
    )


def _events(
    moment: ColumnElement[datetime] | InstrumentedAttribute[datetime],
    since: datetime | None,
    *,
    vote: int = 0,
    comment: int = 0,
    newcomer: int = 0,
) -> Select[date, int, int, int]:
    chosen: Select[date, int, int, int] = select(
        utc_day(moment).label("day"),
        literal_column(str(vote), Integer).label("vote"),
        literal_column(str(comment), Integer).label("comment"),
        literal_column(str(newcomer), Integer).label("newcomer"),
    )
    return chosen if since is None else chosen.where(moment >= literal(since, UtcDateTime()))
