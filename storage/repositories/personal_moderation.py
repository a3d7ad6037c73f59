"""One person's part of moderation's records: the reports they made, and forgetting them there.

Their reports stay, counted, on their anonymous row (a comment hidden at the threshold stays
hidden when a reporter is forgotten); the audit log keeps each action but names the anonymous
row instead of their platform identity; they moderate nothing any more, and no moderator's
notice is kept under their identity. A block on them stays on the anonymous row (it names no
one); if they write again they start as a new participant, unblocked.
"""

from sqlalchemy import and_, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Participant
from core.personal_data import ReportRecord, forgotten_ref
from storage.rows import ConsultationRow
from storage.rows_moderation import (
    CommentReportRow,
    ModerationLogRow,
    ModerationNoticeRow,
    ModeratorRow,
)


async def reports_by(session: AsyncSession, pid: int) -> tuple[ReportRecord, ...]:
    """The reports the person made, oldest first."""
    rows = await session.execute(
        select(CommentReportRow, ConsultationRow.slug)
        .join(ConsultationRow, ConsultationRow.id == CommentReportRow.consultation_id)
        .where(CommentReportRow.participant_id == pid)
        .order_by(CommentReportRow.created_at, CommentReportRow.comment_id)
    )
    return tuple(
        ReportRecord(
            comment=r.comment_id, consultation=slug, reason=r.reason, reported_at=r.created_at
        )
        for r, slug in rows
    )


async def erase_moderation(session: AsyncSession, participant: Participant) -> None:
    """Forget the person in moderation's records (before their row takes its anonymous id)."""
    ref, anonymous = participant.ref, forgotten_ref(participant)
    for table in (ModeratorRow, ModerationNoticeRow):
        await session.execute(
            delete(table)
            .where(
                and_(
                    table.platform == ref.platform.value,
                    table.tenant == ref.tenant,
                    table.external_id == ref.external_id,
                )
            )
            .execution_options(synchronize_session=False)
        )
    await session.execute(
        update(ModerationLogRow)
        .where(ModerationLogRow.actor == str(ref))
        .values(actor=str(anonymous))
        .execution_options(synchronize_session=False)
    )
