"""Telling a comment's author that someone replied to it: a push through the outbox.

The push is queued in the transaction that stores the reply, under the reply's id as its key,
so a redelivered reply is announced once. It goes to the author's direct chat unless they
replied to themselves, muted the consultation, left it, cannot be reached, or use the
terminal chat (which nobody can push to). Whether it is still wanted is checked again when it
is sent, from the data of that moment.
"""

from datetime import datetime

from core.delivery import DeliveryKind, NewOutboxItem, OutboxItem, Priority, Recipient
from core.intents import SetMuted, ShowComments
from core.model import PUSH_PLATFORMS, Comment, CommentState
from core.ports import UnitOfWork
from core.screens import Button, ReplyReceived
from core.services.discussion import comment_item
from core.services.participation import Participation


async def queue_reply_notice(uow: UnitOfWork, parent: Comment, reply: Comment) -> int:
    """Queue the push to `parent`'s author about `reply`; returns how many were queued."""
    if parent.participant_id == reply.participant_id:
        return 0
    author = await uow.participants.get(parent.participant_id)
    enrolment = await uow.enrolments.get(parent.consultation_id, parent.participant_id)
    if author is None or enrolment is None or not enrolment.active or enrolment.muted:
        return 0
    if not author.reachable or author.ref.platform not in PUSH_PLATFORMS:
        return 0
    recipient = Recipient(
        platform=author.ref.platform,
        tenant=author.ref.tenant,
        address=author.ref.external_id,
        participant_id=author.id,
    )
    notice = NewOutboxItem(
        key=f"reply:{reply.id}",
        recipient=recipient,
        kind=DeliveryKind.REPLY,
        consultation_id=reply.consultation_id,
        paragraph_id=reply.paragraph_id,
        broadcast_id=None,
        priority=Priority.NOTICE,
        due_at=reply.created_at,
        comment_id=reply.id,
    )
    return await uow.outbox.enqueue([notice], reply.created_at)


async def reply_screen(
    uow: UnitOfWork, delivery: OutboxItem, participation: Participation, now: datetime
) -> ReplyReceived | None:
    """The push as it is sent: the reply, the comment it answers, a way to the thread."""
    reply = await uow.comments.get(delivery.comment_id or 0)
    parent = await uow.comments.get(reply.parent_id or 0) if reply else None
    paragraph = await uow.paragraphs.get(delivery.paragraph_id or 0)
    if reply is None or parent is None or paragraph is None or participation.enrolment.muted:
        return None
    if reply.state is not CommentState.PUBLISHED or parent.state is not CommentState.PUBLISHED:
        return None  # hidden, held or deleted since: the push would show what is not shown
    consultation = participation.consultation
    thread = Button(
        label=f"Open the thread ({paragraph.label})",
        intent=ShowComments(consultation_id=consultation.id, paragraph_id=paragraph.id),
    )
    mute = Button(label="Mute", intent=SetMuted(muted=True, consultation_id=consultation.id))
    return ReplyReceived(
        consultation_id=consultation.id,
        title=consultation.title,
        label=paragraph.label,
        comment=parent.body,
        reply=comment_item(reply, participation, now),
        buttons=((thread, mute),),
    )
