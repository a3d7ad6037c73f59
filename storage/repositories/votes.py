"""Current votes on paragraphs and the append-only history of every vote cast."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, bindparam, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, Paragraph, Vote
from core.statistics import ParagraphTally
from storage.repositories.mapping import to_paragraph, to_vote
from storage.repositories.prepared import AnyRow, fetch_first, table_of
from storage.repositories.remembered import remember
from storage.repositories.vote_casting import record_vote
from storage.rows import ParagraphRow, ParagraphTallyRow, SectionRow, VoteEventRow, VoteRow

_VOTES = table_of(VoteRow)
_PARAGRAPHS = table_of(ParagraphRow)
_SECTIONS = table_of(SectionRow)
_TALLIES = table_of(ParagraphTallyRow)
_COUNTERS = ("agree", "disagree", "comments")

_CURRENT_VOTE = select(_VOTES).where(
    _VOTES.c.paragraph_id == bindparam("paragraph_id"),
    _VOTES.c.participant_id == bindparam("participant_id"),
)


def _first_unvoted(*, skipping: bool) -> Select[Any]:
    """The first paragraph after a position without the participant's vote, with its tally.

    The tally comes along because the paragraph's card is drawn next (tallies.py).
    """
    voted = exists().where(
        _VOTES.c.paragraph_id == _PARAGRAPHS.c.id,
        _VOTES.c.participant_id == bindparam("participant_id"),
    )
    query = (
        select(
            _PARAGRAPHS,
            _SECTIONS.c.heading,
            *(func.coalesce(_TALLIES.c[name], 0).label(name) for name in _COUNTERS),
        )
        .outerjoin(_SECTIONS, _SECTIONS.c.id == _PARAGRAPHS.c.section_id)
        .outerjoin(_TALLIES, _TALLIES.c.paragraph_id == _PARAGRAPHS.c.id)
        .where(
            _PARAGRAPHS.c.consultation_id == bindparam("consultation_id"),
            _PARAGRAPHS.c.position > bindparam("after_position"),
            ~voted,
        )
    )
    if skipping:
        query = query.where(_PARAGRAPHS.c.id.not_in(bindparam("skipping", expanding=True)))
    return query.order_by(_PARAGRAPHS.c.position).limit(1)


def _tally_of(row: AnyRow) -> ParagraphTally:
    return ParagraphTally(
        paragraph_id=row.id,
        number=row.number,
        position=row.position,
        section=row.heading,
        agree=row.agree,
        disagree=row.disagree,
        comments=row.comments,
    )


_FIRST_UNVOTED = _first_unvoted(skipping=False)
_FIRST_UNVOTED_SKIPPING = _first_unvoted(skipping=True)


class SqlVoteRepository:
    """Votes stored in SQL: one current row per (paragraph, participant) plus history."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, paragraph_id: int, participant_id: int) -> Vote | None:
        row = await fetch_first(
            self._session,
            _CURRENT_VOTE,
            {"paragraph_id": paragraph_id, "participant_id": participant_id},
        )
        return None if row is None else to_vote(row)

    async def record(self, vote: Vote) -> Choice | None:
        """Make `vote` the current one, append it to the history and count it in the tally.

        Returns the choice it replaced (None for a first vote). When that is the same choice,
        nothing is written: the earlier vote stands. Safe under concurrent votes of the same
        person: the database decides on the vote's own row, so each change is counted once.
        """
        return await record_vote(self._session, vote)

    async def set_reason(self, paragraph_id: int, participant_id: int, comment_id: int) -> bool:
        """Mark the comment as the reason for the participant's current Disagree, if it is one."""
        result = await self._session.execute(
            update(VoteRow)
            .where(
                VoteRow.paragraph_id == paragraph_id,
                VoteRow.participant_id == participant_id,
                VoteRow.choice == Choice.DISAGREE.value,
            )
            .values(reason_comment_id=comment_id)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0))

    async def history(self, paragraph_id: int, participant_id: int) -> list[Vote]:
        """Every vote this participant cast on this paragraph, oldest first."""
        rows = await self._session.scalars(
            select(VoteEventRow)
            .where(
                VoteEventRow.paragraph_id == paragraph_id,
                VoteEventRow.participant_id == participant_id,
            )
            .order_by(VoteEventRow.cast_at, VoteEventRow.id)
        )
        return [to_vote(row) for row in rows]

    async def choices(self, consultation_id: int, participant_id: int) -> dict[int, Choice]:
        """The participant's current votes by paragraph id."""
        rows = await self._session.execute(
            select(VoteRow.paragraph_id, VoteRow.choice).where(
                VoteRow.consultation_id == consultation_id,
                VoteRow.participant_id == participant_id,
            )
        )
        return {paragraph_id: Choice(choice) for paragraph_id, choice in rows}

    async def choices_on(
        self, paragraph_id: int, participant_ids: Collection[int]
    ) -> dict[int, Choice]:
        """These participants' current votes on one paragraph, by participant id."""
        if not participant_ids:
            return {}
        rows = await self._session.execute(
            select(VoteRow.participant_id, VoteRow.choice).where(
                VoteRow.paragraph_id == paragraph_id,
                VoteRow.participant_id.in_(sorted(set(participant_ids))),
            )
        )
        return {participant_id: Choice(choice) for participant_id, choice in rows}

    async def count_by(self, consultation_id: int, participant_id: int) -> int:
        total = await self._session.scalar(
            select(func.count())
            .select_from(VoteRow)
            .where(
                VoteRow.consultation_id == consultation_id,
                VoteRow.participant_id == participant_id,
            )
        )
        return total or 0

    async def first_unvoted(
        self,
        consultation_id: int,
        participant_id: int,
        *,
        after_position: int,
        skipping: frozenset[int] = frozenset(),
    ) -> Paragraph | None:
        """The first paragraph after `after_position` this participant has not voted on.

        Paragraph ids in `skipping` are left out.
        """
        parameters = {
            "consultation_id": consultation_id,
            "participant_id": participant_id,
            "after_position": after_position,
        }
        if skipping:
            parameters["skipping"] = sorted(skipping)  # type: ignore[assignment]
        query = _FIRST_UNVOTED_SKIPPING if skipping else _FIRST_UNVOTED
        row = await fetch_first(self._session, query, parameters)
        if row is None:
            return None
        remember(self._session, ("tally", row.id), _tally_of(row))
        return to_paragraph(row)

    async def list(self, consultation_id: int) -> list[Vote]:
        """Every current vote, for exports; ordered by paragraph position then time."""
        rows = await self._session.scalars(
            select(VoteRow)
            .join(ParagraphRow, ParagraphRow.id == VoteRow.paragraph_id)
            .where(VoteRow.consultation_id == consultation_id)
            .order_by(ParagraphRow.position, VoteRow.cast_at, VoteRow.participant_id)
        )
        return [to_vote(row) for row in rows]
