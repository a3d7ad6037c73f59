"""The in-memory release times of broadcasts, holding paragraphs back as the SQL ones do."""

import builtins
import dataclasses
from datetime import datetime

from tests.fakes.memory_state import MemoryTransaction, StoredRelease, to_utc


class MemoryReleaseRepository:
    """Release times kept in the transaction's tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def schedule(
        self,
        broadcast_id: int,
        consultation_id: int,
        releases: builtins.list[tuple[int, datetime]],
    ) -> None:
        tables = await self._transaction.writing()
        for paragraph_id, release_at in releases:
            release_id = tables.next_id("releases")
            tables.releases[release_id] = StoredRelease(
                id=release_id,
                broadcast_id=broadcast_id,
                consultation_id=consultation_id,
                paragraph_id=paragraph_id,
                release_at=to_utc(release_at),
            )

    async def held(self, consultation_id: int, now: datetime) -> dict[int, datetime]:
        tables = await self._transaction.reading()
        earliest: dict[int, datetime] = {}
        for release in tables.releases.values():
            if release.consultation_id != consultation_id or release.cancelled_at is not None:
                continue
            known = earliest.get(release.paragraph_id)
            if known is None or release.release_at < known:
                earliest[release.paragraph_id] = release.release_at
        return {pid: opens for pid, opens in earliest.items() if opens > to_utc(now)}

    async def cancel(self, broadcast_id: int, now: datetime) -> builtins.list[int] | None:
        tables = await self._transaction.reading()
        mine = [r for r in tables.releases.values() if r.broadcast_id == broadcast_id]
        if not mine:
            return None
        ahead = [r for r in mine if r.cancelled_at is None and r.release_at > to_utc(now)]
        if ahead:
            tables = await self._transaction.writing()
            for release in ahead:
                tables.releases[release.id] = dataclasses.replace(
                    release, cancelled_at=to_utc(now)
                )
        return sorted(r.paragraph_id for r in ahead)
