"""The reads of open-data exports: participants, and votes page by page (keyset pagination)."""

import secrets
from datetime import datetime

from sqlalchemy import (
    Integer,
    Select,
    bindparam,
    func,
    null,
    select,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, Platform
from core.open_data import ExportParticipant, VoteRecord
from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import AnyRow, dialect_name, fetch_all, fetch_first, run
from storage.row_base import UtcDateTime
from storage.rows import (
    CommentRow,
    EnrolmentRow,
    ParticipantRow,
    PseudonymKeyRow,
    VoteEventRow,
    VoteRow,
)

_CONSULTATION = bindparam("consultation_id", type_=Integer)
_LIMIT = bindparam("limit", type_=Integer)

_KEY = select(PseudonymKeyRow.key).where(PseudonymKeyRow.consultation_id == _CONSULTATION)


def _first_seen() -> Select[int, str, datetime]:
    """Each participant of a consultation with the first time they joined, voted or commented."""
    seen = union_all(
        select(EnrolmentRow.participant_id, EnrolmentRow.joined_at.label("at")).where(
            EnrolmentRow.consultation_id == _CONSULTATION
        ),
        select(VoteRow.participant_id, VoteRow.cast_at.label("at")).where(
            VoteRow.consultation_id == _CONSULTATION
        ),
        select(CommentRow.participant_id, CommentRow.created_at.label("at")).where(
            CommentRow.consultation_id == _CONSULTATION
        ),
    ).subquery()
    first = (
        select(seen.c.participant_id, func.min(seen.c.at).label("first_seen"))
        .group_by(seen.c.participant_id)
        .subquery()
    )
    return (
        select(
            ParticipantRow.id,
            ParticipantRow.platform,
            type_coerce(first.c.first_seen, UtcDateTime()).label("first_seen"),
        )
        .join(first, first.c.participant_id == ParticipantRow.id)
        .order_by(first.c.first_seen, ParticipantRow.id)
    )


def _current_votes() -> Select[int, int, int, str, datetime, datetime, int | None]:
    """A page of current votes, by participant then id: the votes table's own index's order."""
    first_cast = (
        select(func.min(VoteEventRow.cast_at))
        .where(
            VoteEventRow.paragraph_id == VoteRow.paragraph_id,
            VoteEventRow.participant_id == VoteRow.participant_id,
        )
        .scalar_subquery()
    )
    return (
        select(
            VoteRow.id,
            VoteRow.paragraph_id,
            VoteRow.participant_id,
            VoteRow.choice,
            VoteRow.cast_at,
            type_coerce(func.coalesce(first_cast, VoteRow.cast_at), UtcDateTime()).label(
                "first_cast_at"
            ),
            VoteRow.reason_comment_id,
        )
        .where(
            VoteRow.consultation_id == _CONSULTATION,
            tuple_(VoteRow.participant_id, VoteRow.id)
            > tuple_(bindparam("after_participant"), bindparam("after_id")),
        )
        .order_by(VoteRow.participant_id, VoteRow.id)
        .limit(_LIMIT)
    )


def _vote_events() -> Select[int, int, int, str, datetime, datetime, int | None]:
    """A page of the history, by id: the consultation's index on it ends with the id."""
    return (
        select(
            VoteEventRow.id,
            VoteEventRow.paragraph_id,
            VoteEventRow.participant_id,
            VoteEventRow.choice,
            VoteEventRow.cast_at,
            VoteEventRow.cast_at.label("first_cast_at"),
            null().cast(Integer).label("reason_comment_id"),
        )
        .where(
            VoteEventRow.consultation_id == _CONSULTATION,
            VoteEventRow.id > bindparam("after_id"),
        )
        .order_by(VoteEventRow.id)
        .limit(_LIMIT)
    )


_FIRST_SEEN = _first_seen()
_CURRENT_VOTES = _current_votes()
_VOTE_EVENTS = _vote_events()


def _record(row: AnyRow) -> VoteRecord:
    return VoteRecord(
        id=row.id,
        paragraph_id=row.paragraph_id,
        participant_id=row.participant_id,
        choice=Choice(row.choice),
        cast_at=row.cast_at,
        first_cast_at=row.first_cast_at,
        reason_comment_id=row.reason_comment_id,
    )


class SqlOpenDataRepository:
    """Open-data reads in SQL; the votes come a page at a time, never all at once."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def pseudonym_key(self, consultation_id: int) -> bytes:
        """The stored key; the first call makes it (a concurrent first call keeps the one row)."""
        found = await fetch_first(self._session, _KEY, {"consultation_id": consultation_id})
        if found is None:
            made = secrets.token_hex(32)
            insert = dialect_insert(dialect_name(self._session), PseudonymKeyRow)
            await run(
                self._session,
                insert.values(consultation_id=consultation_id, key=made).on_conflict_do_nothing(),
                {},
            )
            found = await fetch_first(self._session, _KEY, {"consultation_id": consultation_id})
        if found is None:  # pragma: no cover - the row was just written in this transaction
            raise LookupError(f"no pseudonym key for consultation {consultation_id}")
        return bytes.fromhex(found.key)

    async def participants(self, consultation_id: int) -> list[ExportParticipant]:
        rows = await fetch_all(self._session, _FIRST_SEEN, {"consultation_id": consultation_id})
        return [
            ExportParticipant(
                id=row.id,
                platform=Platform(row.platform),
                first_seen=row.first_seen,
            )
            for row in rows
        ]

    async def votes_after(
        self, consultation_id: int, after_participant: int, after_id: int, limit: int
    ) -> list[VoteRecord]:
        parameters = {
            "consultation_id": consultation_id,
            "after_participant": after_participant,
            "after_id": after_id,
            "limit": limit,
        }
        return [_record(row) for row in await fetch_all(self._session, _CURRENT_VOTES, parameters)]

    async def vote_events_after(
        self, consultation_id: int, after_id: int, limit: int
    ) -> list[VoteRecord]:
        parameters = {"consultation_id": consultation_id, "after_id": after_id, "limit": limit}
        return [_record(row) for row in await fetch_all(self._session, _VOTE_EVENTS, parameters)]
