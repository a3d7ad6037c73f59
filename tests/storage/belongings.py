"""One of everything a consultation owns, stored and counted, for the cascading delete."""

from core.model import (
    ChannelRef,
    Choice,
    Draft,
    DraftStep,
    Enrolment,
    NewComment,
    Platform,
    Vote,
)
from core.ports import UnitOfWork
from tests.storage.examples import Seeded, person


async def add_belongings(uow: UnitOfWork, seeded: Seeded, chat_id: str) -> None:
    """Store one of each thing a consultation owns; `chat_id` keeps them apart from others'."""
    consultation, first = seeded.consultation, seeded.paragraphs[0]
    at = consultation.opens_at
    await uow.votes.record(
        Vote(
            consultation_id=consultation.id,
            paragraph_id=first.id,
            participant_id=seeded.alice.id,
            choice=Choice.AGREE,
            cast_at=at,
        )
    )
    comment, _ = await uow.comments.add(
        NewComment(
            consultation_id=consultation.id,
            paragraph_id=first.id,
            participant_id=seeded.alice.id,
            parent_id=None,
            body="Too vague.",
            created_at=at,
            idempotency_key=f"{chat_id}-1",
        )
    )
    reply, _ = await uow.comments.add(
        NewComment(
            consultation_id=consultation.id,
            paragraph_id=first.id,
            participant_id=seeded.bob.id,
            parent_id=comment.id,
            body="Agreed.",
            created_at=at,
            idempotency_key=f"{chat_id}-2",
        )
    )
    await uow.comments.set_vote(reply.id, seeded.alice.id, 1)
    await uow.enrolments.save(
        Enrolment(
            consultation_id=consultation.id,
            participant_id=seeded.bob.id,
            cursor=1,
            awaiting_paragraph_id=first.id,
            awaiting_reply_to=comment.id,
            muted=False,
            active=True,
            joined_at=at,
            last_seen_at=at,
        )
    )
    await uow.invitations.add(consultation.id, f"invite{chat_id}", None, at)
    ref = ChannelRef(platform=Platform.TELEGRAM, tenant="main", chat_id=chat_id)
    await uow.channels.link(ref, "Residents", consultation.id, at)
    await uow.drafts.save(
        Draft(
            organiser=person(f"organiser{chat_id}"),
            step=DraftStep.CONFIRM,
            consultation_id=consultation.id,
            updated_at=at,
        )
    )


async def belongings(uow: UnitOfWork, seeded: Seeded, chat_id: str) -> dict[str, object]:
    """How much of what add_belongings stored is still there."""
    consultation_id, first = seeded.consultation.id, seeded.paragraphs[0]
    comments = await uow.comments.list(consultation_id)
    ref = ChannelRef(platform=Platform.TELEGRAM, tenant="main", chat_id=chat_id)
    return {
        "consultation": await uow.consultations.get(consultation_id) is not None,
        "by slug": await uow.consultations.get_by_slug(seeded.consultation.slug) is not None,
        "sections": len(await uow.consultations.sections(consultation_id)),
        "paragraphs": len(await uow.paragraphs.list(consultation_id)),
        "paragraph by id": await uow.paragraphs.get(first.id) is not None,
        "votes": len(await uow.votes.list(consultation_id)),
        "vote history": len(await uow.votes.history(first.id, seeded.alice.id)),
        "comments": len(comments),
        "comment votes": sum(c.up + c.down for c in comments),
        "enrolment": await uow.enrolments.get(consultation_id, seeded.bob.id) is not None,
        "invitation": await uow.invitations.get_by_token(f"invite{chat_id}") is not None,
        "channels": len(await uow.channels.list_for(consultation_id)),
        "channel": await uow.channels.get(ref) is not None,
        "draft": await uow.drafts.get(person(f"organiser{chat_id}")) is not None,
    }
