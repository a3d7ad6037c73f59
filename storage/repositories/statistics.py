"""Consultation aggregates computed by the database, one query each."""

from datetime import datetime

from sqlalchemy import ColumnElement, Select, bindparam, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import CommentState
from core.statistics import DailyActivity, DisagreementReason, LatestComment, ParagraphTally
from storage.repositories.activity import activity_by_day
from storage.repositories.prepared import fetch_first
from storage.repositories.reasons import disagreement_reasons
from storage.repositories.tallies import recall_tally, to_tally
from storage.rows import (
    CommentRow,
    EnrolmentRow,
    ParagraphRow,
    ParagraphTallyRow,
    ParticipantRow,
    SectionRow,
    VoteRow,
)

_PUBLISHED = CommentRow.state == CommentState.PUBLISHED.value


class SqlStatisticsRepository:
    """Tallies and counts that never load individual votes into Python."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def tallies(self, consultation_id: int) -> list[ParagraphTally]:
        """One tally per paragraph, in document order, zeros included."""
        return await self._tallies(ParagraphRow.consultation_id == consultation_id)

    async def tally(self, paragraph_id: int) -> ParagraphTally | None:
        """The tally of one paragraph (None if it does not exist): one row, not a count."""
        kept = recall_tally(self._session, paragraph_id)
        if kept is not None:
            return kept
        row = await fetch_first(self._session, _ONE_TALLY, {"paragraph_id": paragraph_id})
        return None if row is None else to_tally(row)

    async def _tallies(self, paragraphs: ColumnElement[bool]) -> list[ParagraphTally]:
        rows = await self._session.execute(_tally_query(paragraphs))
        return [to_tally(row) for row in rows]

    async def contributors(self, consultation_id: int) -> int:
        """Distinct participants who voted or have a published comment."""
        # DISTINCT inside each branch lets PostgreSQL read the index in order instead of
        # sorting a million vote rows on disk for the UNION (327 ms -> 138 ms at 1M votes).
        people = union(
            select(VoteRow.participant_id)
            .where(VoteRow.consultation_id == consultation_id)
            .distinct(),
            select(CommentRow.participant_id)
            .where(CommentRow.consultation_id == consultation_id, _PUBLISHED)
            .distinct(),
        ).subquery()
        total = await self._session.scalar(select(func.count()).select_from(people))
        return total or 0

    async def latest_comments(self, consultation_id: int, limit: int) -> list[LatestComment]:
        """The newest published comments and replies first."""
        rows = await self._session.execute(
            select(
                CommentRow.id,
                ParagraphRow.number,
                ParticipantRow.display_name,
                CommentRow.body,
                CommentRow.created_at,
            )
            .join(ParagraphRow, ParagraphRow.id == CommentRow.paragraph_id)
            .join(ParticipantRow, ParticipantRow.id == CommentRow.participant_id)
            .where(CommentRow.consultation_id == consultation_id, _PUBLISHED)
            .order_by(CommentRow.created_at.desc(), CommentRow.id.desc())
            .limit(limit)
        )
        return [
            LatestComment(
                comment_id=comment_id,
                paragraph_number=number,
                author_name=author_name,
                body=body,
                created_at=created_at,
            )
            for comment_id, number, author_name, body, created_at in rows
        ]

    async def disagreement_reasons(self, consultation_id: int) -> list[DisagreementReason]:
        """The reasons marked on current Disagrees, by paragraph position, then oldest first."""
        return await disagreement_reasons(self._session, consultation_id)

    async def participants_with_unvoted(self, consultation_id: int) -> list[int]:
        """Active enrolments that still have a paragraph without their vote, by id."""
        votes_cast = (
            select(VoteRow.participant_id, func.count().label("cast"))
            .where(VoteRow.consultation_id == consultation_id)
            .group_by(VoteRow.participant_id)
            .subquery()
        )
        paragraph_count = (
            select(func.count())
            .select_from(ParagraphRow)
            .where(ParagraphRow.consultation_id == consultation_id)
            .scalar_subquery()
        )
        ids = await self._session.scalars(
            select(EnrolmentRow.participant_id)
            .outerjoin(votes_cast, votes_cast.c.participant_id == EnrolmentRow.participant_id)
            .where(
                EnrolmentRow.consultation_id == consultation_id,
                EnrolmentRow.active.is_(True),
                func.coalesce(votes_cast.c.cast, 0) < paragraph_count,
            )
            .order_by(EnrolmentRow.participant_id)
        )
        return list(ids)

    async def activity_by_day(
        self, consultation_id: int, *, since: datetime | None = None
    ) -> list[DailyActivity]:
        """Participation per UTC day (storage/repositories/activity.py), in one query."""
        return await activity_by_day(self._session, consultation_id, since)


def _tally_query(
    paragraphs: ColumnElement[bool],
) -> Select[int, int, int, str | None, int, int, int]:
    """Paragraphs with their section heading and their counters (zeros without a row)."""
    counters = ParagraphTallyRow
    return (
        select(
            ParagraphRow.id,
            ParagraphRow.number,
            ParagraphRow.position,
            SectionRow.heading,
            func.coalesce(counters.agree, 0),
            func.coalesce(counters.disagree, 0),
            func.coalesce(counters.comments, 0),
        )
        .outerjoin(SectionRow, SectionRow.id == ParagraphRow.section_id)
        .outerjoin(counters, counters.paragraph_id == ParagraphRow.id)
        .where(paragraphs)
        .order_by(ParagraphRow.position)
    )


_ONE_TALLY = _tally_query(ParagraphRow.id == bindparam("paragraph_id"))
