"""Reading a consultation on the hot path, with what the press's next reads would ask for.

A press reads its participant, then the consultation, then the participant's enrolment in
it. The consultation's statement brings along, in the same round trip, when its last release
still standing is due (releases.held() needs no query while that moment has passed) and, for
the participant this unit of work acts for, their enrolment (enrolments.get() needs none).
When the caller names the consultation it reads next along with the person
(`participants.get_or_add(..., consultation_id=...)`), all of it comes with the participant:
one statement for the three. What was read along is kept for the current transaction only
(storage/repositories/remembered.py), the consultation handed out once, to the next read.
"""

from typing import Any, cast

from sqlalchemy import Select, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Consultation, Enrolment, Participant, ParticipantRef, Platform
from storage.repositories.mapping import to_consultation
from storage.repositories.prepared import AnyRow, fetch_first, table_of
from storage.repositories.remembered import UNKNOWN, recall, remember, take
from storage.rows import ConsultationRow, EnrolmentRow, ParticipantRow
from storage.rows_delivery import ReleaseRow

ACTING = ("acting participant",)  # remembered: the id of the participant a press acts for

_CONSULTATIONS = table_of(ConsultationRow)
_ENROLMENTS = table_of(EnrolmentRow)
_PARTICIPANTS = table_of(ParticipantRow)


def enrolment_key(consultation_id: int, participant_id: int) -> tuple[str, int, int]:
    """Where an enrolment read along with its consultation is remembered."""
    return ("enrolment", consultation_id, participant_id)


def _consultation_key(consultation_id: int) -> tuple[str, int]:
    return ("consultation", consultation_id)


async def read_consultation(session: AsyncSession, consultation_id: int) -> Consultation | None:
    """The consultation, remembering its last release and the acting person's enrolment."""
    kept = take(session, _consultation_key(consultation_id))
    if kept is not UNKNOWN:  # read along with the participant (read_participant_with)
        return cast(Consultation | None, kept)
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


async def read_participant_with(
    session: AsyncSession, identity: dict[str, str], consultation_id: int
) -> Participant | None:
    """The participant with this identity; the consultation and their enrolment come along.

    The consultation (None if there is none with this id), its last release and the
    person's enrolment in it are remembered for the reads that follow, as `read_consultation`
    remembers them. Nothing is remembered for a person not stored yet (no row).
    """
    parameters = {**identity, "consultation_id": consultation_id}
    row = await fetch_first(session, _PARTICIPANT_WITH, parameters)
    if row is None:
        return None
    participant = Participant(
        id=row.participant_id,
        ref=ParticipantRef(
            platform=Platform(row.participant_platform),
            tenant=row.participant_tenant,
            external_id=row.participant_external_id,
        ),
        display_name=row.participant_display_name,
        reachable=row.participant_reachable,
    )
    remember(session, ACTING, participant.id)
    found = row.id is not None
    remember(session, _consultation_key(consultation_id), to_consultation(row) if found else None)
    if found:
        remember(session, ("last release", consultation_id), row.last_release)
        remember(session, enrolment_key(consultation_id, participant.id), _enrolment(row))
    return participant


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


def _last_release() -> Any:
    """When the consultation's last release still standing is due (NULL: none)."""
    return (
        select(func.max(ReleaseRow.release_at))
        .where(
            ReleaseRow.consultation_id == _CONSULTATIONS.c.id, ReleaseRow.cancelled_at.is_(None)
        )
        .scalar_subquery()
        .label("last_release")
    )


def _enrolment_columns() -> tuple[Any, ...]:
    return tuple(
        column.label(f"enrolment_{column.name}")
        for column in _ENROLMENTS.c
        if column.name != "consultation_id"
    )


def _consultation() -> Select[Any]:
    return select(_CONSULTATIONS, _last_release()).where(_CONSULTATIONS.c.id == bindparam("id"))


def _with_enrolment() -> Select[Any]:
    enrolment = and_(
        _ENROLMENTS.c.consultation_id == _CONSULTATIONS.c.id,
        _ENROLMENTS.c.participant_id == bindparam("participant_id"),
    )
    return _consultation().add_columns(*_enrolment_columns()).outerjoin(_ENROLMENTS, enrolment)


def _participant_with() -> Select[Any]:
    """The participant by identity, the named consultation and the enrolment joining them."""
    participant = (column.label(f"participant_{column.name}") for column in _PARTICIPANTS.c)
    named = _CONSULTATIONS.c.id == bindparam("consultation_id")
    enrolment = and_(
        _ENROLMENTS.c.consultation_id == _CONSULTATIONS.c.id,
        _ENROLMENTS.c.participant_id == _PARTICIPANTS.c.id,
    )
    joined = _PARTICIPANTS.outerjoin(_CONSULTATIONS, named).outerjoin(_ENROLMENTS, enrolment)
    return (
        select(_CONSULTATIONS, _last_release(), *_enrolment_columns(), *participant)
        .select_from(joined)
        .where(
            _PARTICIPANTS.c.platform == bindparam("platform"),
            _PARTICIPANTS.c.tenant == bindparam("tenant"),
            _PARTICIPANTS.c.external_id == bindparam("external_id"),
        )
    )


_CONSULTATION = _consultation()
_WITH_ENROLMENT = _with_enrolment()
_PARTICIPANT_WITH = _participant_with()
