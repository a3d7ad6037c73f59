"""The live dashboard in SQL: each consultation's state, and the server's secrets."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.dashboards import DashboardState
from storage.repositories.mapping import upsert_insert
from storage.rows_dashboards import DashboardRow, ServerSecretRow


class SqlDashboardRepository:
    """Dashboards and secrets, stored in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def state(self, consultation_id: int) -> DashboardState:
        row = await self._session.execute(
            select(DashboardRow.published, DashboardRow.generation).where(
                DashboardRow.consultation_id == consultation_id
            )
        )
        found = row.one_or_none()
        if found is None:
            return DashboardState()
        return DashboardState(published=found.published, generation=found.generation)

    async def set_published(self, consultation_id: int, published: bool) -> None:
        statement = upsert_insert(self._session, DashboardRow).values(
            consultation_id=consultation_id, published=published, generation=0
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[DashboardRow.consultation_id], set_={"published": published}
            )
        )

    async def revoke(self, consultation_id: int) -> int:
        statement = upsert_insert(self._session, DashboardRow).values(
            consultation_id=consultation_id, published=False, generation=1
        )
        upserted = await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[DashboardRow.consultation_id],
                set_={"generation": DashboardRow.generation + 1},
            ).returning(DashboardRow.generation)
        )
        generation: int = upserted.scalar_one()
        return generation

    async def secret(self, name: str, candidate: str) -> str:
        stored = await self._read_secret(name)
        if stored is not None:
            return stored
        await self._session.execute(
            upsert_insert(self._session, ServerSecretRow)
            .values(name=name, value=candidate)
            .on_conflict_do_nothing()
        )
        return await self._read_secret(name) or candidate

    async def _read_secret(self, name: str) -> str | None:
        value: str | None = await self._session.scalar(
            select(ServerSecretRow.value).where(ServerSecretRow.name == name)
        )
        return value
