"""In memory: each consultation's dashboard state and the server's stored secrets."""

import dataclasses

from core.dashboards import DashboardState
from tests.fakes.memory_state import MemoryTransaction


class MemoryDashboardRepository:
    """The DashboardRepository port over the in-memory tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def state(self, consultation_id: int) -> DashboardState:
        tables = await self._transaction.reading()
        return tables.dashboards.get(consultation_id, DashboardState())

    async def set_published(self, consultation_id: int, published: bool) -> None:
        tables = await self._transaction.writing()
        current = tables.dashboards.get(consultation_id, DashboardState())
        tables.dashboards[consultation_id] = dataclasses.replace(current, published=published)

    async def revoke(self, consultation_id: int) -> int:
        tables = await self._transaction.writing()
        current = tables.dashboards.get(consultation_id, DashboardState())
        revoked = dataclasses.replace(current, generation=current.generation + 1)
        tables.dashboards[consultation_id] = revoked
        return revoked.generation

    async def secret(self, name: str, candidate: str) -> str:
        tables = await self._transaction.reading()
        if name in tables.secrets:
            return tables.secrets[name]
        tables = await self._transaction.writing()
        return tables.secrets.setdefault(name, candidate)
