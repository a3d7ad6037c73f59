"""Moderation's pushes through the outbox: the author of a hidden comment, and moderators.

The author is told once (the comment's id is the row's key) that their comment is hidden
pending review, and why. Moderators are told that comments await review at most once every
REVIEW_INTERVAL each; the queue's length is read when the push is sent. Both are written in
the transaction that hides or holds the comment, like every push (core.delivery).
"""

from collections import Counter
from datetime import datetime, timedelta

from core.delivery import DeliveryKind, NewOutboxItem, OutboxItem, Priority, Recipient
from core.intents import ShowComments, ShowReviewQueue
from core.model import PUSH_PLATFORMS, Comment, CommentState, Consultation, ParticipantRef
from core.ports import UnitOfWork
from core.screens import Button, Notice, Screen, Tone
from core.services.moderators import moderator_refs
from core.services.reviewing_queue import review_queue

REVIEW_INTERVAL = timedelta(minutes=10)


def _recipient(ref: ParticipantRef, participant_id: int | None = None) -> Recipient:
    return Recipient(
        platform=ref.platform,
        tenant=ref.tenant,
        address=ref.external_id,
        participant_id=participant_id,
    )


def _item(
    key: str, recipient: Recipient, kind: DeliveryKind, comment: Comment, now: datetime
) -> NewOutboxItem:
    return NewOutboxItem(
        key=key,
        recipient=recipient,
        kind=kind,
        consultation_id=comment.consultation_id,
        paragraph_id=comment.paragraph_id,
        broadcast_id=None,
        priority=Priority.NOTICE,
        due_at=now,
        comment_id=comment.id,
    )


async def tell_author_hidden(uow: UnitOfWork, comment: Comment, now: datetime) -> int:
    """Queue the push telling the author their comment is under review; 0 if unreachable."""
    author = await uow.participants.get(comment.participant_id)
    if author is None or not author.reachable or author.ref.platform not in PUSH_PLATFORMS:
        return 0
    recipient = _recipient(author.ref, author.id)
    item = _item(f"hidden:{comment.id}", recipient, DeliveryKind.MODERATION, comment, now)
    return await uow.outbox.enqueue([item], now)


async def notify_moderators(uow: UnitOfWork, comment: Comment, now: datetime) -> int:
    """Tell each moderator that comments await review, unless told in the last 10 minutes."""
    queued = 0
    for ref in await moderator_refs(uow, comment.consultation_id):
        if ref.platform not in PUSH_PLATFORMS:
            continue
        last = await uow.moderation.notified_at(comment.consultation_id, ref)
        if last is not None and now - last < REVIEW_INTERVAL:
            continue
        await uow.moderation.set_notified(comment.consultation_id, ref, now)
        key = f"review:{comment.consultation_id}:{ref}:{now.isoformat()}"
        item = _item(key, _recipient(ref), DeliveryKind.REVIEW, comment, now)
        queued += await uow.outbox.enqueue([item], now)
    return queued


async def moderation_screen(
    uow: UnitOfWork, delivery: OutboxItem, consultation: Consultation
) -> Screen | None:
    """The push as it is sent, from the data of that moment; None if no longer true."""
    if delivery.kind is DeliveryKind.REVIEW:
        waiting = len(await review_queue(uow, consultation.id))
        if not waiting:
            return None
        show = Button(label="Review", intent=ShowReviewQueue(slug=consultation.slug))
        return Notice(
            text=f"{_comments_await(waiting)} review in “{consultation.title}”.",
            buttons=((show,),),
        )
    comment = await uow.comments.get(delivery.comment_id or 0)
    paragraph = await uow.paragraphs.get(delivery.paragraph_id or 0)
    if comment is None or paragraph is None or comment.state is not CommentState.HIDDEN:
        return None
    reasons = Counter(r.reason for r in await uow.moderation.reports(comment.id))
    why = ", ".join(f"{reason} ({count})" for reason, count in reasons.most_common())
    back = ShowComments(consultation_id=consultation.id, paragraph_id=paragraph.id)
    return Notice(
        text=f"Your comment on {paragraph.label} in “{consultation.title}” is hidden while "
        f"the moderators review it: people reported it as {why}.",
        tone=Tone.WARNING,
        buttons=((Button(label=f"Comments on {paragraph.label}", intent=back),),),
    )


def _comments_await(count: int) -> str:
    return "1 comment awaits" if count == 1 else f"{count} comments await"
