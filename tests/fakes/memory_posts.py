"""The in-memory paragraph posts of linked chats, as the SQL backends keep them."""

import builtins
from datetime import datetime

from core.delivery import Post, Recipient
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, StoredPost, to_utc


def _post(tables: MemoryTables, stored: StoredPost) -> Post | None:
    """The post with its chat; None once the chat or the paragraph is gone (as by cascade)."""
    channel = tables.channels.get(stored.channel_id)
    if channel is None or stored.paragraph_id not in tables.paragraphs:
        return None
    recipient = Recipient(
        platform=channel.ref.platform,
        tenant=channel.ref.tenant,
        address=channel.ref.chat_id,
        channel_id=channel.id,
    )
    return Post(
        id=stored.id,
        channel_id=stored.channel_id,
        paragraph_id=stored.paragraph_id,
        recipient=recipient,
        message_ref=stored.message_ref,
    )


class MemoryPostRepository:
    """Posts kept in the transaction's tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def add(
        self, channel_id: int, paragraph_id: int, message_ref: str, now: datetime
    ) -> None:
        tables = await self._transaction.writing()
        if any(
            (p.channel_id, p.message_ref) == (channel_id, message_ref)
            for p in tables.posts.values()
        ):
            return
        post_id = tables.next_id("posts")
        tables.posts[post_id] = StoredPost(
            id=post_id,
            channel_id=channel_id,
            paragraph_id=paragraph_id,
            message_ref=message_ref,
            posted_at=to_utc(now),
        )

    async def get(self, post_id: int) -> Post | None:
        tables = await self._transaction.reading()
        stored = tables.posts.get(post_id)
        return None if stored is None else _post(tables, stored)

    async def for_paragraph(self, paragraph_id: int) -> builtins.list[Post]:
        tables = await self._transaction.reading()
        found = (_post(tables, s) for s in tables.posts.values() if s.paragraph_id == paragraph_id)
        return sorted((p for p in found if p is not None), key=lambda p: p.id)
