"""The reasons participants gave for disagreeing, read for the organiser's views."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import CommentState
from core.statistics import DisagreementReason
from storage.rows import CommentRow, ParagraphRow, ParticipantRow, VoteRow


async def disagreement_reasons(
    session: AsyncSession, consultation_id: int
) -> list[DisagreementReason]:
    """The published comments marked as reasons on current votes (a changed vote has none).

    A reason is an ordinary comment: one held, hidden or erased by moderation is not listed.
    """
    rows = await session.execute(
        select(
            ParagraphRow.id,
            ParagraphRow.number,
            CommentRow.id,
            ParticipantRow.display_name,
            CommentRow.body,
            CommentRow.created_at,
        )
        .select_from(VoteRow)
        .join(CommentRow, CommentRow.id == VoteRow.reason_comment_id)
        .join(ParagraphRow, ParagraphRow.id == VoteRow.paragraph_id)
        .join(ParticipantRow, ParticipantRow.id == CommentRow.participant_id)
        .where(
            VoteRow.consultation_id == consultation_id,
            CommentRow.state == CommentState.PUBLISHED.value,
        )
        .order_by(ParagraphRow.position, CommentRow.created_at, CommentRow.id)
    )
    return [
        DisagreementReason(
            paragraph_id=paragraph_id,
            paragraph_number=number,
            comment_id=comment_id,
            author_name=author,
            body=body,
            created_at=created_at,
        )
        for paragraph_id, number, comment_id, author, body, created_at in rows
    ]
