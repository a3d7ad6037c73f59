"""In memory: the reasons participants gave for disagreeing (storage/repositories/reasons.py)."""

from core.model import Choice, CommentState
from core.statistics import DisagreementReason
from tests.fakes.memory_state import MemoryTables


def mark_reason(tables: MemoryTables, key: tuple[int, int], comment_id: int) -> bool:
    """Mark the comment as the reason of the (paragraph, participant) vote if it disagrees."""
    vote = tables.votes.get(key)
    if vote is None or vote.choice is not Choice.DISAGREE:
        return False
    tables.vote_reasons[key] = comment_id
    return True


def disagreement_reasons(tables: MemoryTables, consultation_id: int) -> list[DisagreementReason]:
    """The published comments marked as reasons on current votes, by position, then time."""
    found, published = [], CommentState.PUBLISHED
    for (paragraph_id, participant_id), comment_id in tables.vote_reasons.items():
        paragraph, comment = tables.paragraphs[paragraph_id], tables.comments[comment_id]
        if paragraph.consultation_id != consultation_id or comment.state is not published:
            continue
        reason = DisagreementReason(
            paragraph_id=paragraph_id,
            paragraph_number=paragraph.number,
            comment_id=comment_id,
            author_name=tables.participants[participant_id].display_name,
            body=comment.body,
            created_at=comment.created_at,
        )
        found.append((paragraph.position, reason))
    found.sort(key=lambda item: (item[0], item[1].created_at, item[1].comment_id))
    return [reason for _, reason in found]
