"""Paragraph posts in linked groups and channels, kept so votes can refresh their tally."""

import builtins
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Post, Recipient
from core.model import Platform
from storage.repositories.mapping import upsert_insert
from storage.repositories.prepared import fetch_all, fetch_first, table_of
from storage.repositories.remembered import forget, take
from storage.rows import ChannelPostRow, ChannelRow

_POSTS = table_of(ChannelPostRow)
_CHANNELS = table_of(ChannelRow)

# A post with the chat it is in, in one query.
_POST_COLUMNS = select(
    _POSTS.c.id,
    _POSTS.c.channel_id,
    _POSTS.c.paragraph_id,
    _POSTS.c.message_ref,
    _CHANNELS.c.platform,
    _CHANNELS.c.tenant,
    _CHANNELS.c.chat_id,
).join(_CHANNELS, _CHANNELS.c.id == _POSTS.c.channel_id)

_POST = _POST_COLUMNS.where(_POSTS.c.id == bindparam("id"))

_FOR_PARAGRAPH = _POST_COLUMNS.where(_POSTS.c.paragraph_id == bindparam("paragraph_id")).order_by(
    _POSTS.c.id
)


def _post(row: Sequence[Any]) -> Post:
    post_id, channel_id, paragraph_id, message_ref, platform, tenant, chat_id = row
    recipient = Recipient(
        platform=Platform(platform), tenant=tenant, address=chat_id, channel_id=channel_id
    )
    return Post(
        id=post_id,
        channel_id=channel_id,
        paragraph_id=paragraph_id,
        recipient=recipient,
        message_ref=message_ref,
    )


class SqlPostRepository:
    """Posts stored in SQL, each read with its chat in one query."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, channel_id: int, paragraph_id: int, message_ref: str, now: datetime
    ) -> None:
        """Remember a post; the same message twice is stored once."""
        forget(self._session, ("posted", paragraph_id))
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
        row = await fetch_first(self._session, _POST, {"id": post_id})
        return None if row is None else _post(row)

    async def for_paragraph(self, paragraph_id: int) -> builtins.list[Post]:
        """Every post of the paragraph, in every linked chat, by id."""
        if take(self._session, ("posted", paragraph_id)) is False:  # known from a tally write
            return []
        rows = await fetch_all(self._session, _FOR_PARAGRAPH, {"paragraph_id": paragraph_id})
        return [_post(row) for row in rows]
