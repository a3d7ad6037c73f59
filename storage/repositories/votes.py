"""Current votes on paragraphs and the append-only history of every vote cast."""

from sqlalchemy import exists, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, Paragraph, Vote
from storage.repositories.mapping import to_paragraph, to_vote, upsert_insert
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

    async def record(self, vote: Vote) -> None:
        """Make `vote` the current one and append it to the history."""
        values = {
            "consultation_id": vote.consultation_id,
            "paragraph_id": vote.paragraph_id,
            "participant_id": vote.participant_id,
            "choice": vote.choice.value,
            "cast_at": vote.cast_at,
        }
        upsert = upsert_insert(self._session, VoteRow).values(**values)
        await self._session.execute(
            upsert.on_conflict_do_update(
                index_elements=["paragraph_id", "participant_id"],
                set_={"choice": upsert.excluded.choice, "cast_at": upsert.excluded.cast_at},
            )
        )
        await self._session.execute(insert(VoteEventRow).values(**values))

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
