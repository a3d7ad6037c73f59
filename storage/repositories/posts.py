"""Paragraph posts in linked groups and channels, kept so votes can refresh their tally."""

import builtins
from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Post, Recipient
from core.model import Platform
from storage.repositories.mapping import upsert_insert
from storage.rows import ChannelPostRow, ChannelRow


def _posts() -> Select[ChannelPostRow, ChannelRow]:
    return select(ChannelPostRow, ChannelRow).join(
        ChannelRow, ChannelRow.id == ChannelPostRow.channel_id
    )


def _post(post: ChannelPostRow, channel: ChannelRow) -> Post:
    recipient = Recipient(
        platform=Platform(channel.platform),
        tenant=channel.tenant,
        address=channel.chat_id,
        channel_id=channel.id,
    )
    return Post(
        id=post.id,
        channel_id=post.channel_id,
        paragraph_id=post.paragraph_id,
        recipient=recipient,
        message_ref=post.message_ref,
    )


class SqlPostRepository:
    """Posts stored in SQL, each read with its chat in one query."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, channel_id: int, paragraph_id: int, message_ref: str, now: datetime
    ) -> None:
        """Remember a post; the same message twice is stored once."""
        await self._session.execute(
            upsert_insert(self._session, ChannelPostRow)
            .values(
                channel_id=channel_id,
                paragraph_id=paragraph_id,
                message_ref=message_ref,
                posted_at=now,
            )
            .on_conflict_do_nothing(index_elements=["channel_id", "message_ref"])
        )

    async def get(self, post_id: int) -> Post | None:
        found = await self._session.execute(_posts().where(ChannelPostRow.id == post_id))
        row = found.first()
        return None if row is None else _post(row[0], row[1])

    async def for_paragraph(self, paragraph_id: int) -> builtins.list[Post]:
        """Every post of the paragraph, in every linked chat, by id."""
        rows = await self._session.execute(
            _posts().where(ChannelPostRow.paragraph_id == paragraph_id).order_by(ChannelPostRow.id)
        )
        return [_post(post, channel) for post, channel in rows]
