"""Paragraph posts in linked groups and channels, and refreshing their tally after votes.

A vote queues one REFRESH outbox row per post of its paragraph, keyed by the post and the
30-second window the vote falls in and due when that window ends. Every vote in the same window
finds the key taken, so many votes make one edit; the claim hands the row to one worker, so
several workers never edit twice; and the edit, built at send time, shows the tally as it is
then. At most one edit per post per window: a post is never edited twice within 30 seconds.
"""

from datetime import UTC, datetime, timedelta

from core.delivery import DeliveryKind, NewOutboxItem, Post, Priority
from core.errors import NotFound
from core.intents import RememberPost
from core.model import Actor, Consultation
from core.ports import UnitOfWork
from core.screens import ChannelPost, Notice, PostEdit, Tone
from core.services.cards import channel_card
from core.services.organising import require_organiser

REFRESH_WINDOW = timedelta(seconds=30)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


async def queue_refreshes(
    uow: UnitOfWork, consultation_id: int, paragraph_id: int, now: datetime
) -> int:
    """Queue an edit of every post of the paragraph at the end of the current window."""
    posts = await uow.posts.for_paragraph(paragraph_id)
    if not posts:
        return 0
    window = (now - _EPOCH) // REFRESH_WINDOW
    due = _EPOCH + REFRESH_WINDOW * (window + 1)
    rows = [
        NewOutboxItem(
            key=f"refresh:{post.id}:{window}",
            recipient=post.recipient,
            kind=DeliveryKind.REFRESH,
            consultation_id=consultation_id,
            paragraph_id=paragraph_id,
            broadcast_id=None,
            priority=Priority.BULK,
            due_at=due,
            post_id=post.id,
        )
        for post in posts
    ]
    return await uow.outbox.enqueue(rows, now)


async def remember_post(
    uow: UnitOfWork, actor: Actor, intent: RememberPost, now: datetime
) -> Notice:
    """Keep a card an organiser's /post put in a linked chat, so votes refresh its tally."""
    await require_organiser(uow, actor)
    channel = await uow.channels.get(intent.channel)
    if channel is None:
        raise NotFound("This chat follows no consultation.")
    await uow.posts.add(channel.id, intent.paragraph_id, intent.message_ref, now)
    return Notice(text="The post's tally is refreshed after votes.", tone=Tone.INFO)


async def refreshed_post(
    uow: UnitOfWork, consultation: Consultation, post_id: int | None, now: datetime
) -> PostEdit | None:
    """The post redrawn from today's tally (closed: the final result, no buttons)."""
    post: Post | None = await uow.posts.get(post_id or 0)
    paragraph = await uow.paragraphs.get(post.paragraph_id) if post else None
    if post is None or paragraph is None:
        return None
    card = await channel_card(uow, consultation, paragraph, now)
    return PostEdit(
        message_ref=post.message_ref,
        post=ChannelPost(card=card, join_payload=consultation.slug),
    )
