"""Reading a consultation on the hot path, with what the press's next reads would ask for.

A press reads its participant, then the consultation, then the participant's enrolment in
it. The consultation's statement brings along, in the same round trip, when its last release
still standing is due (releases.held() needs no query while that moment has passed) and, for
the participant this unit of work acts for, their enrolment (enrolments.get() needs none).
Both are kept for the current transaction only (storage/repositories/remembered.py).
"""

from typing import Any

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Consultation, Enrolment
from storage.repositories.mapping import to_consultation
from storage.repositories.prepared import AnyRow, fetch_first, table_of
from storage.repositories.remembered import UNKNOWN, recall, remember
from storage.rows import ConsultationRow, EnrolmentRow
from storage.rows_delivery import ReleaseRow

ACTING = ("acting participant",)  # remembered: the id of the participant a press acts for

_CONSULTATIONS = table_of(ConsultationRow)
_ENROLMENTS = table_of(EnrolmentRow)


def enrolment_key(consultation_id: int, participant_id: int) -> tuple[str, int, int]:
    """Where an enrolment read along with its consultation is remembered."""
    return ("enrolment", consultation_id, participant_id)


async def read_consultation(session: AsyncSession, consultation_id: int) -> Consultation | None:
    """The consultation, remembering its last release and the acting person's enrolment."""
    acting = recall(session, ACTING)
    if acting is UNKNOWN:
        row = await fetch_first(session, _CONSULTATION, {"id": consultation_id})
    else:
        parameters = {"id": consultation_id, "participant_id": acting}
        row = await fetch_first(session, _WITH_ENROLMENT, parameters)
    if row is None:
        return None
    remember(session, ("last release", consultation_id), row.last_release)
    if acting is not UNKNOWN:
        remember(session, enrolment_key(consultation_id, acting), _enrolment(row))
    return to_consultation(row)


def _enrolment(row: AnyRow) -> Enrolment | None:
    if row.enrolment_participant_id is None:
        return None
    return Enrolment(
        consultation_id=row.id,
        participant_id=row.enrolment_participant_id,
        cursor=row.enrolment_cursor,
        awaiting_paragraph_id=row.enrolment_awaiting_paragraph_id,
        awaiting_reply_to=row.enrolment_awaiting_reply_to,
        muted=row.enrolment_muted,
        active=row.enrolment_active,
        joined_at=row.enrolment_joined_at,
        last_seen_at=row.enrolment_last_seen_at,
        awaiting_reason=row.enrolment_awaiting_reason,
    )


def _consultation() -> Select[Any]:
    last_release = (
        select(func.max(ReleaseRow.release_at))
        .where(
            ReleaseRow.consultation_id == _CONSULTATIONS.c.id, ReleaseRow.cancelled_at.is_(None)
        )
        .scalar_subquery()
        .label("last_release")
    )
    return select(_CONSULTATIONS, last_release).where(_CONSULTATIONS.c.id == bindparam("id"))


def _with_enrolment() -> Select[Any]:
    enrolment = and_(
        _ENROLMENTS.c.consultation_id == _CONSULTATIONS.c.id,
        _ENROLMENTS.c.participant_id == bindparam("participant_id"),
    )
    columns = (
        column.label(f"enrolment_{column.name}")
        for column in _ENROLMENTS.c
        if column.name != "consultation_id"
    )
    return _consultation().add_columns(*columns).outerjoin(_ENROLMENTS, enrolment)


_CONSULTATION = _consultation()
_WITH_ENROLMENT = _with_enrolment()
