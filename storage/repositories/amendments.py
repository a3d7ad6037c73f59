"""Amendments in SQL: wordings with their votes counted by the database, prompts, versions."""

import builtins
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.amendments import (
    Amendment,
    AmendmentState,
    NewAmendment,
    ParagraphVersion,
)
from core.model import Choice
from storage.repositories.consultations import new_revision
from storage.repositories.mapping import upsert_insert
from storage.rows import (
    AmendmentRow,
    AmendmentVoteRow,
    ConsultationRow,
    ParagraphRow,
    ParagraphTallyRow,
    ParagraphVersionRow,
    ParticipantRow,
    VoteRow,
    WordingPromptRow,
)

_AmendmentQuery = Select[AmendmentRow, str, int, int]


def _count_votes(choice: Choice) -> ColumnElement[int]:
    return (
        select(func.count())
        .where(AmendmentVoteRow.amendment_id == AmendmentRow.id, AmendmentVoteRow.choice == choice)
        .correlate(AmendmentRow)
        .scalar_subquery()
    )


def _amendments() -> _AmendmentQuery:
    return select(
        AmendmentRow,
        ParticipantRow.display_name,
        _count_votes(Choice.AGREE),
        _count_votes(Choice.DISAGREE),
    ).join(ParticipantRow, ParticipantRow.id == AmendmentRow.participant_id)


def _to_amendment(row: AmendmentRow, author_name: str, agree: int, disagree: int) -> Amendment:
    return Amendment(
        id=row.id,
        consultation_id=row.consultation_id,
        paragraph_id=row.paragraph_id,
        participant_id=row.participant_id,
        author_name=author_name,
        base_version=row.base_version,
        base_text=row.base_text,
        body=row.body,
        state=AmendmentState(row.state),
        created_at=row.created_at,
        decided_at=row.decided_at,
        agree=agree,
        disagree=disagree,
    )


def _to_version(row: ParagraphVersionRow) -> ParagraphVersion:
    return ParagraphVersion(
        paragraph_id=row.paragraph_id,
        number=row.number,
        text=row.text,
        amendment_id=row.amendment_id,
        created_at=row.created_at,
        agree=row.agree,
        disagree=row.disagree,
    )


class SqlAmendmentRepository:
    """The AmendmentRepository port in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _fetch(self, query: _AmendmentQuery) -> list[Amendment]:
        rows = await self._session.execute(query.execution_options(populate_existing=True))
        return [_to_amendment(*row) for row in rows]

    async def add(self, new: NewAmendment) -> tuple[Amendment, bool]:
        if new.idempotency_key is not None:
            stored = await self.find_by_key(new.participant_id, new.idempotency_key)
            if stored is not None:
                return stored, False
        await self._session.execute(
            delete(AmendmentRow).where(
                AmendmentRow.participant_id == new.participant_id,
                AmendmentRow.state == AmendmentState.PENDING.value,
            )
        )
        row = AmendmentRow(
            consultation_id=new.consultation_id,
            paragraph_id=new.paragraph_id,
            participant_id=new.participant_id,
            base_version=new.base_version,
            base_text=new.base_text,
            body=new.body,
            state=AmendmentState.PENDING.value,
            created_at=new.created_at,
            idempotency_key=new.idempotency_key,
        )
        self._session.add(row)
        await self._session.flush()
        found = await self.get(row.id)
        if found is None:  # pragma: no cover - the row was just written in this transaction
            raise LookupError(row.id)
        return found, True

    async def get(self, amendment_id: int) -> Amendment | None:
        found = await self._fetch(_amendments().where(AmendmentRow.id == amendment_id))
        return found[0] if found else None

    async def find_by_key(self, participant_id: int, idempotency_key: str) -> Amendment | None:
        found = await self._fetch(
            _amendments().where(
                AmendmentRow.participant_id == participant_id,
                AmendmentRow.idempotency_key == idempotency_key,
            )
        )
        return found[0] if found else None

    async def set_state(
        self, amendment_id: int, state: AmendmentState, *, expected: AmendmentState, now: datetime
    ) -> bool:
        decided = now if state.decided else None
        result = await self._session.execute(
            update(AmendmentRow)
            .where(AmendmentRow.id == amendment_id, AmendmentRow.state == expected.value)
            .values(state=state.value, decided_at=decided)
            .returning(AmendmentRow.id)
        )
        return result.first() is not None

    async def delete_pending(self, amendment_id: int) -> bool:
        result = await self._session.execute(
            delete(AmendmentRow)
            .where(
                AmendmentRow.id == amendment_id,
                AmendmentRow.state == AmendmentState.PENDING.value,
            )
            .returning(AmendmentRow.id)
        )
        return result.first() is not None

    async def for_paragraph(
        self, paragraph_id: int, states: frozenset[AmendmentState]
    ) -> list[Amendment]:
        return await self._fetch(
            _amendments()
            .where(
                AmendmentRow.paragraph_id == paragraph_id,
                AmendmentRow.state.in_(sorted(s.value for s in states)),
            )
            .order_by(AmendmentRow.id)
        )

    async def counts(self, consultation_id: int) -> dict[int, int]:
        rows = await self._session.execute(
            select(AmendmentRow.paragraph_id, func.count())
            .where(
                AmendmentRow.consultation_id == consultation_id,
                AmendmentRow.state == AmendmentState.PROPOSED.value,
            )
            .group_by(AmendmentRow.paragraph_id)
        )
        return {paragraph_id: count for paragraph_id, count in rows}

    async def list(self, consultation_id: int) -> builtins.list[Amendment]:
        return await self._fetch(
            _amendments()
            .join(ParagraphRow, ParagraphRow.id == AmendmentRow.paragraph_id)
            .where(
                AmendmentRow.consultation_id == consultation_id,
                AmendmentRow.state != AmendmentState.PENDING.value,
            )
            .order_by(ParagraphRow.position, AmendmentRow.id)
        )

    async def vote(
        self, amendment_id: int, participant_id: int, choice: Choice, now: datetime
    ) -> bool:
        if await self.vote_of(amendment_id, participant_id) is choice:
            return False
        statement = upsert_insert(self._session, AmendmentVoteRow).values(
            amendment_id=amendment_id,
            participant_id=participant_id,
            choice=choice.value,
            cast_at=now,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[AmendmentVoteRow.amendment_id, AmendmentVoteRow.participant_id],
                set_={"choice": choice.value, "cast_at": now},
            )
        )
        return True

    async def vote_of(self, amendment_id: int, participant_id: int) -> Choice | None:
        value = await self._session.scalar(
            select(AmendmentVoteRow.choice).where(
                AmendmentVoteRow.amendment_id == amendment_id,
                AmendmentVoteRow.participant_id == participant_id,
            )
        )
        return None if value is None else Choice(value)

    async def await_wording(
        self, participant_id: int, consultation_id: int, paragraph_id: int | None
    ) -> None:
        await self._session.execute(
            delete(WordingPromptRow).where(WordingPromptRow.participant_id == participant_id)
        )
        if paragraph_id is not None:
            self._session.add(
                WordingPromptRow(
                    participant_id=participant_id,
                    consultation_id=consultation_id,
                    paragraph_id=paragraph_id,
                )
            )
            await self._session.flush()

    async def awaited_wording(self, participant_id: int) -> tuple[int, int] | None:
        row = (
            await self._session.execute(
                select(WordingPromptRow.consultation_id, WordingPromptRow.paragraph_id).where(
                    WordingPromptRow.participant_id == participant_id
                )
            )
        ).first()
        return None if row is None else (row[0], row[1])

    async def versions(self, paragraph_id: int) -> builtins.list[ParagraphVersion]:
        rows = await self._session.scalars(
            select(ParagraphVersionRow)
            .where(ParagraphVersionRow.paragraph_id == paragraph_id)
            .order_by(ParagraphVersionRow.number)
            .execution_options(populate_existing=True)
        )
        return [_to_version(row) for row in rows]

    async def history(self, consultation_id: int) -> dict[int, builtins.list[ParagraphVersion]]:
        rows = await self._session.scalars(
            select(ParagraphVersionRow)
            .join(ParagraphRow, ParagraphRow.id == ParagraphVersionRow.paragraph_id)
            .where(ParagraphRow.consultation_id == consultation_id)
            .order_by(ParagraphRow.position, ParagraphVersionRow.number)
            .execution_options(populate_existing=True)
        )
        found: dict[int, builtins.list[ParagraphVersion]] = {}
        for row in rows:
            found.setdefault(row.paragraph_id, []).append(_to_version(row))
        return found

    async def voters(self, paragraph_id: int) -> builtins.list[int]:
        found = await self._session.scalars(
            select(VoteRow.participant_id)
            .where(VoteRow.paragraph_id == paragraph_id)
            .order_by(VoteRow.participant_id)
        )
        return builtins.list(found)

    async def adopt(self, amendment: Amendment, now: datetime) -> ParagraphVersion:
        paragraph = await self._session.get(ParagraphRow, amendment.paragraph_id)
        if paragraph is None:  # pragma: no cover - the amendment's row would be gone with it
            raise LookupError(amendment.paragraph_id)
        kept = await self.versions(amendment.paragraph_id)
        if not kept:
            self._session.add(
                ParagraphVersionRow(
                    paragraph_id=paragraph.id, number=1, text=paragraph.text, created_at=now
                )
            )
            await self._session.flush()
        current = kept[-1].number if kept else 1
        await self._freeze_tally(paragraph.id, current)
        version = ParagraphVersion(
            paragraph_id=paragraph.id,
            number=current + 1,
            text=amendment.body,
            amendment_id=amendment.id,
            created_at=now,
        )
        self._session.add(
            ParagraphVersionRow(
                paragraph_id=paragraph.id,
                number=version.number,
                text=version.text,
                amendment_id=amendment.id,
                created_at=now,
            )
        )
        await self._start_afresh(paragraph.id, paragraph.consultation_id, amendment.body)
        await self.set_state(
            amendment.id, AmendmentState.ACCEPTED, expected=AmendmentState.PROPOSED, now=now
        )
        await self._session.flush()
        return version

    async def _freeze_tally(self, paragraph_id: int, number: int) -> None:
        tally = (
            await self._session.execute(
                select(ParagraphTallyRow.agree, ParagraphTallyRow.disagree).where(
                    ParagraphTallyRow.paragraph_id == paragraph_id
                )
            )
        ).first()
        agree, disagree = (tally[0], tally[1]) if tally else (0, 0)
        await self._session.execute(
            update(ParagraphVersionRow)
            .where(
                ParagraphVersionRow.paragraph_id == paragraph_id,
                ParagraphVersionRow.number == number,
            )
            .values(agree=agree, disagree=disagree)
        )

    async def _start_afresh(self, paragraph_id: int, consultation_id: int, text: str) -> None:
        """The new text: no current votes, a tally at zero, a content revision of its own."""
        await self._session.execute(delete(VoteRow).where(VoteRow.paragraph_id == paragraph_id))
        await self._session.execute(
            update(ParagraphTallyRow)
            .where(ParagraphTallyRow.paragraph_id == paragraph_id)
            .values(agree=0, disagree=0)
        )
        await self._session.execute(
            update(ParagraphRow).where(ParagraphRow.id == paragraph_id).values(text=text)
        )
        await self._session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id)
            .values(content_revision=new_revision())
        )
