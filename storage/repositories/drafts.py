"""Consultations being created from chat, one draft per organiser."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Draft, ParticipantRef
from storage.repositories.mapping import to_draft, upsert_insert
from storage.rows import DraftRow


class SqlDraftRepository:
    """Drafts keyed by the organiser's platform identity."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, organiser: ParticipantRef, *, for_update: bool = False) -> Draft | None:
        key = (organiser.platform.value, organiser.tenant, organiser.external_id)
        row = await self._session.get(
            DraftRow, key, populate_existing=True, with_for_update=for_update
        )
        return None if row is None else to_draft(row)

    async def save(self, draft: Draft) -> None:
        """Insert or replace the organiser's draft."""
        state = {
            "step": draft.step.value,
            "consultation_id": draft.consultation_id,
            "updated_at": draft.updated_at,
            "answer_key": draft.answer_key,
        }
        statement = upsert_insert(self._session, DraftRow).values(
            platform=draft.organiser.platform.value,
            tenant=draft.organiser.tenant,
            external_id=draft.organiser.external_id,
            **state,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["platform", "tenant", "external_id"], set_=state
            )
        )

    async def untouched_since(self, moment: datetime) -> list[Draft]:
        """The drafts last saved before `moment`."""
        rows = await self._session.scalars(select(DraftRow).where(DraftRow.updated_at < moment))
        return [to_draft(row) for row in rows]

    async def delete(self, organiser: ParticipantRef) -> None:
        """Forget the organiser's draft; nothing happens if there is none."""
        await self._session.execute(
            delete(DraftRow)
            .where(
                DraftRow.platform == organiser.platform.value,
                DraftRow.tenant == organiser.tenant,
                DraftRow.external_id == organiser.external_id,
            )
            .execution_options(synchronize_session=False)
        )
