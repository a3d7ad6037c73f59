"""Group chats and channels linked to consultations."""

import dataclasses
from datetime import datetime

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Channel, ChannelRef
from storage.repositories.mapping import to_channel, upsert_insert
from storage.rows import ChannelRow


def _is_chat(ref: ChannelRef) -> ColumnElement[bool]:
    return (
        (ChannelRow.platform == ref.platform.value)
        & (ChannelRow.tenant == ref.tenant)
        & (ChannelRow.chat_id == ref.chat_id)
    )


class SqlChannelRepository:
    """Linked chats, one row per (platform, tenant, chat id)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def link(
        self, ref: ChannelRef, title: str, consultation_id: int, now: datetime
    ) -> Channel:
        """Link the chat to the consultation, replacing an earlier link (cursor back to 0)."""
        link = {
            "title": title,
            "consultation_id": consultation_id,
            "cursor": 0,
            "linked_at": now,
            "last_post_key": None,
        }
        statement = upsert_insert(self._session, ChannelRow).values(
            platform=ref.platform.value, tenant=ref.tenant, chat_id=ref.chat_id, **link
        )
        # One statement, so two concurrent /link commands in a chat cannot create two rows.
        statement = statement.on_conflict_do_update(
            index_elements=["platform", "tenant", "chat_id"], set_=link
        ).returning(ChannelRow)
        # populate_existing: a row loaded earlier in this unit must not shadow the new values.
        rows = await self._session.scalars(
            statement, execution_options={"populate_existing": True}
        )
        return to_channel(rows.one())

    async def get(self, ref: ChannelRef) -> Channel | None:
        row = await self._session.scalar(select(ChannelRow).where(_is_chat(ref)))
        return None if row is None else to_channel(row)

    async def list_for(self, consultation_id: int) -> list[Channel]:
        """The chats following this consultation, by id."""
        rows = await self._session.scalars(
            select(ChannelRow)
            .where(ChannelRow.consultation_id == consultation_id)
            .order_by(ChannelRow.id)
        )
        return [to_channel(row) for row in rows]

    async def set_cursor(self, channel_id: int, cursor: int, key: str | None = None) -> None:
        """Record the last paragraph posted to the chat, and the request that posted it."""
        await self._session.execute(
            update(ChannelRow)
            .where(ChannelRow.id == channel_id)
            .values(cursor=cursor, last_post_key=key)
            .execution_options(synchronize_session=False)
        )

    async def move(self, ref: ChannelRef, new_chat_id: str) -> bool:
        """Give the chat its new id; if the new id is linked already, that link wins.

        False if `ref` is not linked.
        """
        if new_chat_id == ref.chat_id:
            return await self.get(ref) is not None
        if await self.get(dataclasses.replace(ref, chat_id=new_chat_id)) is not None:
            return await self.unlink(ref)
        moved = await self._session.scalar(
            update(ChannelRow)
            .where(_is_chat(ref))
            .values(chat_id=new_chat_id)
            .returning(ChannelRow.id)
            .execution_options(synchronize_session=False)
        )
        return moved is not None

    async def unlink(self, ref: ChannelRef) -> bool:
        """True if the chat was linked."""
        removed = await self._session.scalar(
            delete(ChannelRow)
            .where(_is_chat(ref))
            .returning(ChannelRow.id)
            .execution_options(synchronize_session=False)
        )
        return removed is not None
