"""Comments and replies with their up/down votes, scored by the database."""

import dataclasses

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.model import Comment, CommentState, NewComment
from storage.repositories.mapping import upsert_insert
from storage.repositories.tallies import add_to_tally
from storage.rows import CommentRow, CommentVoteRow, ParagraphRow, ParticipantRow

_CommentQuery = Select[CommentRow, str, int, int]


def _count_votes(positive: bool) -> ColumnElement[int]:
    """Correlated count of a comment's +1 (or -1) votes; served by the comment_votes key."""
    sign = CommentVoteRow.value > 0 if positive else CommentVoteRow.value < 0
    return (
        select(func.count())
        .where(CommentVoteRow.comment_id == CommentRow.id, sign)
        .correlate(CommentRow)
        .scalar_subquery()
    )


_UP = _count_votes(positive=True)
_DOWN = _count_votes(positive=False)
_PUBLISHED = CommentRow.state == CommentState.PUBLISHED.value


def _listed(paragraphs: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether a comment is listed: published, or above a published reply (a placeholder).

    A recursive query climbs from the paragraphs' published comments to every ancestor.
    """
    seed = select(CommentRow.id, CommentRow.parent_id).where(paragraphs, _PUBLISHED)
    kept = seed.cte("listed_comments", recursive=True)
    parent = aliased(CommentRow)
    kept = kept.union(
        select(parent.id, parent.parent_id).join(kept, parent.id == kept.c.parent_id)
    )
    return CommentRow.id.in_(select(kept.c.id))


def _comments() -> _CommentQuery:
    return select(CommentRow, ParticipantRow.display_name, _UP, _DOWN).join(
        ParticipantRow, ParticipantRow.id == CommentRow.participant_id
    )


def _to_comment(row: CommentRow, author_name: str, up: int, down: int) -> Comment:
    return Comment(
        id=row.id,
        consultation_id=row.consultation_id,
        paragraph_id=row.paragraph_id,
        participant_id=row.participant_id,
        author_name=author_name,
        parent_id=row.parent_id,
        body=row.body,
        created_at=row.created_at,
        up=up,
        down=down,
        state=CommentState(row.state),
    )


class SqlCommentRepository:
    """Comments stored in SQL; scores and author names are joined in by each query."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _fetch(self, query: _CommentQuery) -> list[Comment]:
        rows = await self._session.execute(query)
        return [_to_comment(*row) for row in rows]

    async def add(self, new: NewComment) -> tuple[Comment, bool]:
        """Store the comment unless the author already sent one with the same idempotency key.

        Returns the stored comment and whether it was created now.
        """
        # NewComment's fields are named after the comments columns.
        statement = upsert_insert(self._session, CommentRow).values(**dataclasses.asdict(new))
        comment_id = await self._session.scalar(
            statement.on_conflict_do_nothing(
                index_elements=["participant_id", "idempotency_key"]
            ).returning(CommentRow.id)
        )
        if comment_id is not None:
            counted = int(new.state is CommentState.PUBLISHED)
            await add_to_tally(
                self._session, new.paragraph_id, agree=0, disagree=0, comments=counted
            )
            (stored,) = await self._fetch(_comments().where(CommentRow.id == comment_id))
            return stored, True
        # Only a used key makes the insert do nothing: the retry gets the comment stored first.
        earlier = (
            await self.find_by_key(new.participant_id, new.idempotency_key)
            if new.idempotency_key is not None
            else None
        )
        if earlier is None:
            raise LookupError("a comment insert without a key did nothing")
        return earlier, False

    async def get(self, comment_id: int) -> Comment | None:
        found = await self._fetch(_comments().where(CommentRow.id == comment_id))
        return found[0] if found else None

    async def find_by_key(self, participant_id: int, idempotency_key: str) -> Comment | None:
        """The comment this participant sent with this idempotency key, if any."""
        found = await self._fetch(
            _comments().where(
                CommentRow.participant_id == participant_id,
                CommentRow.idempotency_key == idempotency_key,
            )
        )
        return found[0] if found else None

    async def set_state(self, comment_id: int, state: CommentState) -> CommentState | None:
        """Put the comment in `state`, its paragraph's counter following; the earlier state."""
        found = (
            await self._session.execute(
                select(CommentRow.state, CommentRow.paragraph_id).where(
                    CommentRow.id == comment_id
                )
            )
        ).first()
        if found is None:
            return None
        previous, paragraph_id = CommentState(found[0]), found[1]
        values: dict[str, str] = {"state": state.value}
        if state.erased:
            values["body"] = ""
        await self._session.execute(
            update(CommentRow)
            .where(CommentRow.id == comment_id)
            .values(values)
            .execution_options(synchronize_session=False)
        )
        change = (state is CommentState.PUBLISHED) - (previous is CommentState.PUBLISHED)
        if change:
            await add_to_tally(self._session, paragraph_id, agree=0, disagree=0, comments=change)
        return previous

    async def count_for_paragraph(self, paragraph_id: int) -> int:
        """Published comments and replies."""
        return await self._count(CommentRow.paragraph_id == paragraph_id, _PUBLISHED)

    async def count_by(self, consultation_id: int, participant_id: int) -> int:
        """The participant's comments whose text is kept."""
        erased = [s.value for s in CommentState if s.erased]
        return await self._count(
            CommentRow.consultation_id == consultation_id,
            CommentRow.participant_id == participant_id,
            CommentRow.state.not_in(erased),
        )

    async def commented_paragraphs(self, consultation_id: int, participant_id: int) -> set[int]:
        """The paragraphs the participant commented on, with a comment whose text is kept."""
        erased = [s.value for s in CommentState if s.erased]
        found = await self._session.scalars(
            select(CommentRow.paragraph_id)
            .where(
                CommentRow.consultation_id == consultation_id,
                CommentRow.participant_id == participant_id,
                CommentRow.state.not_in(erased),
            )
            .distinct()
        )
        return set(found)

    async def count_threads(self, paragraph_id: int) -> int:
        """Top-level comments `threads` lists."""
        return await self._count(
            CommentRow.paragraph_id == paragraph_id,
            CommentRow.parent_id.is_(None),
            _listed(CommentRow.paragraph_id == paragraph_id),
        )

    async def _count(self, *conditions: ColumnElement[bool]) -> int:
        total = await self._session.scalar(
            select(func.count()).select_from(CommentRow).where(*conditions)
        )
        return total or 0

    async def threads(self, paragraph_id: int, *, limit: int, offset: int) -> list[Comment]:
        """Top-level comments, best first: score descending, then oldest first."""
        return await self._fetch(
            _comments()
            .where(
                CommentRow.paragraph_id == paragraph_id,
                CommentRow.parent_id.is_(None),
                _listed(CommentRow.paragraph_id == paragraph_id),
            )
            .order_by((_UP - _DOWN).desc(), CommentRow.created_at, CommentRow.id)
            .limit(limit)
            .offset(offset)
        )

    async def replies(self, parent_ids: list[int]) -> list[Comment]:
        """Direct replies to these comments, oldest first."""
        if not parent_ids:
            return []
        parents = aliased(CommentRow)
        their_paragraphs = select(parents.paragraph_id).where(parents.id.in_(parent_ids))
        return await self._fetch(
            _comments()
            .where(
                CommentRow.parent_id.in_(parent_ids),
                _listed(CommentRow.paragraph_id.in_(their_paragraphs)),
            )
            .order_by(CommentRow.created_at, CommentRow.id)
        )

    async def set_vote(self, comment_id: int, participant_id: int, value: int) -> None:
        """Vote +1 or -1 on a comment; 0 withdraws the vote."""
        if value not in (-1, 0, 1):
            raise ValueError(f"a comment vote is -1, 0 or +1, not {value}")
        if value == 0:
            await self._session.execute(
                delete(CommentVoteRow)
                .where(
                    CommentVoteRow.comment_id == comment_id,
                    CommentVoteRow.participant_id == participant_id,
                )
                .execution_options(synchronize_session=False)
            )
            return
        upsert = upsert_insert(self._session, CommentVoteRow).values(
            comment_id=comment_id, participant_id=participant_id, value=value
        )
        await self._session.execute(
            upsert.on_conflict_do_update(
                index_elements=["comment_id", "participant_id"],
                set_={"value": upsert.excluded.value},
            )
        )

    async def vote_of(self, comment_id: int, participant_id: int) -> int:
        """+1, -1, or 0 when the participant has not voted on this comment."""
        value = await self._session.scalar(
            select(CommentVoteRow.value).where(
                CommentVoteRow.comment_id == comment_id,
                CommentVoteRow.participant_id == participant_id,
            )
        )
        return value or 0

    async def list(self, consultation_id: int) -> list[Comment]:
        """Every comment, for exports; by paragraph position, then time."""
        return await self._fetch(
            _comments()
            .join(ParagraphRow, ParagraphRow.id == CommentRow.paragraph_id)
            .where(CommentRow.consultation_id == consultation_id)
            .order_by(ParagraphRow.position, CommentRow.created_at, CommentRow.id)
        )
