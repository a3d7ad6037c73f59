"""In memory: one person's reports, and forgetting them in moderation's records."""

import dataclasses

from core.model import Participant
from core.personal_data import ReportRecord, forgotten_ref
from tests.fakes.memory_state import MemoryTables


def reports_by(tables: MemoryTables, pid: int) -> tuple[ReportRecord, ...]:
    found = sorted(
        (r for r in tables.reports.values() if r.participant_id == pid),
        key=lambda r: (r.created_at, r.comment_id),
    )
    return tuple(
        ReportRecord(
            comment=r.comment_id,
            consultation=tables.consultations[r.consultation_id].slug,
            reason=str(r.reason),
            reported_at=r.created_at,
        )
        for r in found
    )


def erase_moderation(tables: MemoryTables, participant: Participant) -> None:
    ref, anonymous = participant.ref, str(forgotten_ref(participant))
    tables.moderators = {(c, r) for c, r in tables.moderators if r != ref}
    tables.moderation_notices = {
        key: moment for key, moment in tables.moderation_notices.items() if key[1] != ref
    }
    tables.moderation_log = [
        dataclasses.replace(e, actor=anonymous) if e.actor == str(ref) else e
        for e in tables.moderation_log
    ]
