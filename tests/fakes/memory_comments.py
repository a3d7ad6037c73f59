"""In-memory comments, replies and comment votes, in their moderation states."""

import dataclasses

from core.model import Comment, CommentState, NewComment
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, StoredComment, to_utc


def _to_comment(tables: MemoryTables, stored: StoredComment) -> Comment:
    values = [v for (comment_id, _), v in tables.comment_votes.items() if comment_id == stored.id]
    return Comment(
        id=stored.id,
        consultation_id=stored.consultation_id,
        paragraph_id=stored.paragraph_id,
        participant_id=stored.participant_id,
        author_name=tables.participants[stored.participant_id].display_name,
        parent_id=stored.parent_id,
        body=stored.body,
        created_at=stored.created_at,
        up=sum(1 for v in values if v > 0),
        down=sum(1 for v in values if v < 0),
        state=stored.state,
    )


def _stored_by_key(
    tables: MemoryTables, participant_id: int, idempotency_key: str
) -> StoredComment | None:
    return next(
        (
            c
            for c in tables.comments.values()
            if c.participant_id == participant_id and c.idempotency_key == idempotency_key
        ),
        None,
    )


def _listed(tables: MemoryTables, paragraph_ids: set[int]) -> set[int]:
    """Published comments of these paragraphs and every comment above one of them."""
    listed: set[int] = set()
    for comment in tables.comments.values():
        if comment.paragraph_id in paragraph_ids and comment.state is CommentState.PUBLISHED:
            current: StoredComment | None = comment
            while current is not None and current.id not in listed:
                listed.add(current.id)
                parent_id = current.parent_id
                current = None if parent_id is None else tables.comments[parent_id]
    return listed


class MemoryCommentRepository:
    """Comments, replies and comment votes, in memory."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def add(self, new: NewComment) -> tuple[Comment, bool]:
        tables = await self._transaction.writing()
        earlier = (
            _stored_by_key(tables, new.participant_id, new.idempotency_key)
            if new.idempotency_key is not None
            else None
        )
        if earlier is not None:
            return _to_comment(tables, earlier), False
        stored = StoredComment(
            id=tables.next_id("comments"),
            consultation_id=new.consultation_id,
            paragraph_id=new.paragraph_id,
            participant_id=new.participant_id,
            parent_id=new.parent_id,
            body=new.body,
            created_at=to_utc(new.created_at),
            idempotency_key=new.idempotency_key,
            state=new.state,
        )
        tables.comments[stored.id] = stored
        return _to_comment(tables, stored), True

    async def get(self, comment_id: int) -> Comment | None:
        tables = await self._transaction.reading()
        stored = tables.comments.get(comment_id)
        return None if stored is None else _to_comment(tables, stored)

    async def find_by_key(self, participant_id: int, idempotency_key: str) -> Comment | None:
        tables = await self._transaction.reading()
        stored = _stored_by_key(tables, participant_id, idempotency_key)
        return None if stored is None else _to_comment(tables, stored)

    async def set_state(self, comment_id: int, state: CommentState) -> CommentState | None:
        tables = await self._transaction.writing()
        stored = tables.comments.get(comment_id)
        if stored is None:
            return None
        body = "" if state.erased else stored.body
        tables.comments[comment_id] = dataclasses.replace(stored, state=state, body=body)
        return stored.state

    async def count_for_paragraph(self, paragraph_id: int) -> int:
        tables = await self._transaction.reading()
        return sum(
            1
            for c in tables.comments.values()
            if c.paragraph_id == paragraph_id and c.state is CommentState.PUBLISHED
        )

    async def count_by(self, consultation_id: int, participant_id: int) -> int:
        tables = await self._transaction.reading()
        return sum(
            1
            for c in tables.comments.values()
            if c.consultation_id == consultation_id
            and c.participant_id == participant_id
            and not c.state.erased
        )

    async def commented_paragraphs(self, consultation_id: int, participant_id: int) -> set[int]:
        tables = await self._transaction.reading()
        return {
            c.paragraph_id
            for c in tables.comments.values()
            if c.consultation_id == consultation_id
            and c.participant_id == participant_id
            and not c.state.erased
        }

    async def count_threads(self, paragraph_id: int) -> int:
        return len(await self._roots(paragraph_id))

    async def _roots(self, paragraph_id: int) -> list[Comment]:
        tables = await self._transaction.reading()
        listed = _listed(tables, {paragraph_id})
        return [
            _to_comment(tables, tables.comments[i])
            for i in listed
            if tables.comments[i].parent_id is None
        ]

    async def threads(self, paragraph_id: int, *, limit: int, offset: int) -> list[Comment]:
        found = await self._roots(paragraph_id)
        found.sort(key=lambda c: (-c.score, c.created_at, c.id))
        return found[offset : offset + limit]

    async def replies(self, parent_ids: list[int]) -> list[Comment]:
        tables = await self._transaction.reading()
        paragraphs = {tables.comments[i].paragraph_id for i in parent_ids if i in tables.comments}
        listed = _listed(tables, paragraphs)
        found = [
            _to_comment(tables, c)
            for c in tables.comments.values()
            if c.parent_id in parent_ids and c.id in listed
        ]
        return sorted(found, key=lambda c: (c.created_at, c.id))

    async def set_vote(self, comment_id: int, participant_id: int, value: int) -> None:
        if value not in (-1, 0, 1):
            raise ValueError(f"a comment vote is -1, 0 or +1, not {value}")
        tables = await self._transaction.writing()
        if value == 0:
            tables.comment_votes.pop((comment_id, participant_id), None)
        else:
            tables.comment_votes[(comment_id, participant_id)] = value

    async def vote_of(self, comment_id: int, participant_id: int) -> int:
        tables = await self._transaction.reading()
        return tables.comment_votes.get((comment_id, participant_id), 0)

    async def list(self, consultation_id: int) -> list[Comment]:
        tables = await self._transaction.reading()
        found = [
            _to_comment(tables, c)
            for c in tables.comments.values()
            if c.consultation_id == consultation_id
        ]
        return sorted(
            found, key=lambda c: (tables.paragraphs[c.paragraph_id].position, c.created_at, c.id)
        )
