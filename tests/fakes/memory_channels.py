"""In-memory linked channels and organisers' drafts."""

import dataclasses
from datetime import datetime

from core.model import Channel, ChannelRef, Draft, ParticipantRef
from tests.fakes.memory_outbox import delete_deliveries
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, to_utc


def _channel_at(tables: MemoryTables, ref: ChannelRef) -> Channel | None:
    return next((c for c in tables.channels.values() if c.ref == ref), None)


class MemoryChannelRepository:
    """Linked chats in memory, unique per (platform, tenant, chat id)."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def link(
        self, ref: ChannelRef, title: str, consultation_id: int, now: datetime
    ) -> Channel:
        linked_at = to_utc(now)
        tables = await self._transaction.writing()
        existing = _channel_at(tables, ref)
        # Like ON CONFLICT DO UPDATE, relinking keeps the row and its id.
        channel_id = tables.next_id("channels") if existing is None else existing.id
        channel = Channel(
            id=channel_id,
            ref=ref,
            title=title,
            consultation_id=consultation_id,
            cursor=0,
            linked_at=linked_at,
        )
        tables.channels[channel_id] = channel
        return channel

    async def get(self, ref: ChannelRef) -> Channel | None:
        return _channel_at(await self._transaction.reading(), ref)

    async def list_for(self, consultation_id: int) -> list[Channel]:
        tables = await self._transaction.reading()
        found = [c for c in tables.channels.values() if c.consultation_id == consultation_id]
        return sorted(found, key=lambda c: c.id)

    async def set_cursor(self, channel_id: int, cursor: int, key: str | None = None) -> None:
        tables = await self._transaction.writing()
        current = tables.channels.get(channel_id)
        if current is not None:
            changed = dataclasses.replace(current, cursor=cursor, last_post_key=key)
            tables.channels[channel_id] = changed

    async def move(self, ref: ChannelRef, new_chat_id: str) -> bool:
        if new_chat_id == ref.chat_id:
            return await self.get(ref) is not None
        new_ref = dataclasses.replace(ref, chat_id=new_chat_id)
        if await self.get(new_ref) is not None:
            return await self.unlink(ref)
        tables = await self._transaction.writing()
        current = _channel_at(tables, ref)
        if current is None:
            return False
        tables.channels[current.id] = dataclasses.replace(current, ref=new_ref)
        return True

    async def unlink(self, ref: ChannelRef) -> bool:
        tables = await self._transaction.writing()
        current = _channel_at(tables, ref)
        if current is None:
            return False
        channel_id = current.id
        del tables.channels[channel_id]
        # ON DELETE CASCADE: pushes queued for the chat go with its link.
        delete_deliveries(tables, lambda s: s.delivery.recipient.channel_id == channel_id)
        return True


class MemoryDraftRepository:
    """Drafts in memory, keyed by the organiser's identity."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def get(self, organiser: ParticipantRef, *, for_update: bool = False) -> Draft | None:
        transaction = self._transaction
        tables = await (transaction.writing() if for_update else transaction.reading())
        return tables.drafts.get(organiser)

    async def save(self, draft: Draft) -> None:
        stored = dataclasses.replace(draft, updated_at=to_utc(draft.updated_at))
        tables = await self._transaction.writing()
        tables.drafts[draft.organiser] = stored

    async def delete(self, organiser: ParticipantRef) -> None:
        tables = await self._transaction.writing()
        tables.drafts.pop(organiser, None)

    async def untouched_since(self, moment: datetime) -> list[Draft]:
        drafts = (await self._transaction.reading()).drafts.values()
        return [draft for draft in drafts if draft.updated_at < moment]
