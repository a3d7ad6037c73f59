"""The statements a press runs on participants and enrolments, built once (prepared.py)."""

from typing import Any

from sqlalchemy import bindparam, select

from core.model import ParticipantRef
from storage.repositories.mapping import dialect_insert
from storage.repositories.prepared import per_dialect, table_of
from storage.rows import EnrolmentRow, ParticipantRow

_PARTICIPANTS = table_of(ParticipantRow)
_ENROLMENTS = table_of(EnrolmentRow)

PARTICIPANT_BY_IDENTITY = select(_PARTICIPANTS).where(
    _PARTICIPANTS.c.platform == bindparam("platform"),
    _PARTICIPANTS.c.tenant == bindparam("tenant"),
    _PARTICIPANTS.c.external_id == bindparam("external_id"),
)

PARTICIPANT_BY_ID = select(_PARTICIPANTS).where(_PARTICIPANTS.c.id == bindparam("id"))

ENROLMENT = select(_ENROLMENTS).where(
    _ENROLMENTS.c.consultation_id == bindparam("consultation_id"),
    _ENROLMENTS.c.participant_id == bindparam("participant_id"),
)


def identity(ref: ParticipantRef) -> dict[str, str]:
    """The parameters naming a participant by platform identity."""
    return {"platform": ref.platform.value, "tenant": ref.tenant, "external_id": ref.external_id}


@per_dialect
def participant_upsert(dialect: str) -> Any:
    """Add a participant or refresh their display name; returns id and reachable."""
    statement = dialect_insert(dialect, ParticipantRow).values(
        {column: bindparam(column) for column in _NEW_PARTICIPANT}
    )
    return statement.on_conflict_do_update(
        index_elements=["platform", "tenant", "external_id"],
        set_={"display_name": statement.excluded.display_name},
    ).returning(_PARTICIPANTS.c.id, _PARTICIPANTS.c.reachable)


_NEW_PARTICIPANT = ("platform", "tenant", "external_id", "display_name", "reachable")

_ENROLMENT_STATE = (
    "cursor",
    "awaiting_paragraph_id",
    "awaiting_reply_to",
    "muted",
    "active",
    "joined_at",
    "last_seen_at",
    "awaiting_reason",
)


@per_dialect
def enrolment_upsert(dialect: str) -> Any:
    """Insert an enrolment or overwrite the stored one's state with the same key."""
    columns = ("consultation_id", "participant_id", *_ENROLMENT_STATE)
    statement = dialect_insert(dialect, EnrolmentRow).values(
        {column: bindparam(column) for column in columns}
    )
    return statement.on_conflict_do_update(
        index_elements=["consultation_id", "participant_id"],
        set_={column: statement.excluded[column] for column in _ENROLMENT_STATE},
    )
