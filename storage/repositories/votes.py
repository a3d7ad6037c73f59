"""Current votes on paragraphs and the append-only history of every vote cast."""

from collections.abc import Collection

from sqlalchemy import exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, Paragraph, Vote
from storage.repositories.mapping import to_paragraph, to_vote, upsert_insert
from storage.repositories.tallies import count_in_tally, other_choice
from storage.rows import ParagraphRow, VoteEventRow, VoteRow


class SqlVoteRepository:
    """Votes stored in SQL: one current row per (paragraph, participant) plus history."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, paragraph_id: int, participant_id: int) -> Vote | None:
        row = await self._session.scalar(
            select(VoteRow).where(
                VoteRow.paragraph_id == paragraph_id, VoteRow.participant_id == participant_id
            )
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
        inserted = await self._session.scalar(
            upsert_insert(self._session, VoteRow)
            .values(**values)
            .on_conflict_do_nothing(index_elements=["paragraph_id", "participant_id"])
            .returning(VoteRow.id)
        )
        previous = None if inserted is not None else await self._change(vote)
        if previous is vote.choice:
            return previous
        await self._session.execute(insert(VoteEventRow).values(**values))
        await count_in_tally(self._session, vote.paragraph_id, vote.choice, previous)
        return previous

    async def _change(self, vote: Vote) -> Choice:
        """Turn the stored vote into `vote` if it holds the other choice; the choice it held."""
        changed = await self._session.scalar(
            update(VoteRow)
            .where(
                VoteRow.paragraph_id == vote.paragraph_id,
                VoteRow.participant_id == vote.participant_id,
                VoteRow.choice != vote.choice.value,
            )
            .values(choice=vote.choice.value, cast_at=vote.cast_at)
            .returning(VoteRow.id)
            .execution_options(synchronize_session=False)
        )
        return vote.choice if changed is None else other_choice(vote.choice)

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
        voted = exists().where(
            VoteRow.paragraph_id == ParagraphRow.id, VoteRow.participant_id == participant_id
        )
        query = select(ParagraphRow).where(
            ParagraphRow.consultation_id == consultation_id,
            ParagraphRow.position > after_position,
            ~voted,
        )
        if skipping:
            query = query.where(ParagraphRow.id.not_in(sorted(skipping)))
        row = await self._session.scalar(query.order_by(ParagraphRow.position).limit(1))
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
