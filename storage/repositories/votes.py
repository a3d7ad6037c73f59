"""Current votes on paragraphs and the append-only history of every vote cast."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, bindparam, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, Paragraph, Vote
from storage.repositories.mapping import dialect_insert, to_paragraph, to_vote
from storage.repositories.prepared import Parameters, fetch_first, per_dialect, run, table_of
from storage.repositories.tallies import count_in_tally, other_choice
from storage.rows import ParagraphRow, VoteEventRow, VoteRow

_VOTES = table_of(VoteRow)
_PARAGRAPHS = table_of(ParagraphRow)

_CURRENT_VOTE = select(_VOTES).where(
    _VOTES.c.paragraph_id == bindparam("paragraph_id"),
    _VOTES.c.participant_id == bindparam("participant_id"),
)

_VOTE_COLUMNS = ("consultation_id", "paragraph_id", "participant_id", "choice", "cast_at")

_HISTORY_INSERT = insert(table_of(VoteEventRow)).values(
    {column: bindparam(column) for column in _VOTE_COLUMNS}
)

# Only a vote holding the other choice changes; RETURNING says whether one did. (An UPDATE's
# parameters named like its columns would be taken as more SET values: hence the b_ names.)
_VOTE_CHANGE = (
    update(_VOTES)
    .where(
        _VOTES.c.paragraph_id == bindparam("b_paragraph_id"),
        _VOTES.c.participant_id == bindparam("b_participant_id"),
        _VOTES.c.choice != bindparam("b_choice"),
    )
    .values(choice=bindparam("b_choice"), cast_at=bindparam("b_cast_at"))
    .returning(_VOTES.c.id)
)


@per_dialect
def _vote_insert(dialect: str) -> Any:
    """A first vote is inserted; an existing one is left for `_VOTE_CHANGE` (no row returned)."""
    return (
        dialect_insert(dialect, VoteRow)
        .values({column: bindparam(column) for column in _VOTE_COLUMNS})
        .on_conflict_do_nothing(index_elements=["paragraph_id", "participant_id"])
        .returning(_VOTES.c.id)
    )


def _first_unvoted(*, skipping: bool) -> Select[Any]:
    """The first paragraph after a position without the participant's vote."""
    voted = exists().where(
        _VOTES.c.paragraph_id == _PARAGRAPHS.c.id,
        _VOTES.c.participant_id == bindparam("participant_id"),
    )
    query = select(_PARAGRAPHS).where(
        _PARAGRAPHS.c.consultation_id == bindparam("consultation_id"),
        _PARAGRAPHS.c.position > bindparam("after_position"),
        ~voted,
    )
    if skipping:
        query = query.where(_PARAGRAPHS.c.id.not_in(bindparam("skipping", expanding=True)))
    return query.order_by(_PARAGRAPHS.c.position).limit(1)


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
        person: the insert or the conditional update decides, so each change is counted once.
        """
        values = {
            "consultation_id": vote.consultation_id,
            "paragraph_id": vote.paragraph_id,
            "participant_id": vote.participant_id,
            "choice": vote.choice.value,
            "cast_at": vote.cast_at,
        }
        inserted = await fetch_first(self._session, _vote_insert(self._session), values)
        previous = None if inserted is not None else await self._change(values, vote.choice)
        if previous is vote.choice:
            return previous
        await run(self._session, _HISTORY_INSERT, values)
        await count_in_tally(self._session, vote.paragraph_id, vote.choice, previous)
        return previous

    async def _change(self, values: Parameters, choice: Choice) -> Choice:
        """Turn the stored vote into this one if it holds the other choice; the choice it held."""
        changed = await fetch_first(
            self._session, _VOTE_CHANGE, {f"b_{key}": value for key, value in values.items()}
        )
        return choice if changed is None else other_choice(choice)

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
        return None if row is None else to_paragraph(row)

    async def list(self, consultation_id: int) -> list[Vote]:
        """Every current vote, for exports; ordered by paragraph position then time."""
        rows = await self._session.scalars(
            select(VoteRow)
            .join(ParagraphRow, ParagraphRow.id == VoteRow.paragraph_id)
            .where(VoteRow.consultation_id == consultation_id)
            .order_by(ParagraphRow.position, VoteRow.cast_at, VoteRow.participant_id)
        )
        return [to_vote(row) for row in rows]
