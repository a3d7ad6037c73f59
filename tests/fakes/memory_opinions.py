"""Opinion groups in memory: the latest result and map of each consultation."""

from core.opinions import OpinionGroups, OpinionStamp, ParticipantPoint
from tests.fakes.memory_state import MemoryTransaction


class MemoryOpinionRepository:
    """The same reads as the SQL repository, from the in-memory tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def save(self, result: OpinionGroups, points: list[ParticipantPoint]) -> None:
        tables = await self._transaction.writing()
        ordered = tuple(sorted(points, key=lambda point: point.participant_id))
        tables.opinions[result.stamp.consultation_id] = (result, ordered)

    async def stamp(self, consultation_id: int) -> OpinionStamp | None:
        latest = await self.latest(consultation_id)
        return None if latest is None else latest.stamp

    async def latest(self, consultation_id: int) -> OpinionGroups | None:
        stored = (await self._transaction.reading()).opinions.get(consultation_id)
        return None if stored is None else stored[0]

    async def map(self, consultation_id: int) -> list[ParticipantPoint]:
        stored = (await self._transaction.reading()).opinions.get(consultation_id)
        return [] if stored is None else list(stored[1])
