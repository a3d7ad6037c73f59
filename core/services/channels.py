"""Groups and channels that follow a consultation: linking them and posting paragraphs."""

from datetime import datetime

from core.errors import NotFound
from core.hints import Command, hint
from core.intents import LinkChannel, PostParagraph
from core.model import Actor, Consultation, Paragraph
from core.ports import UnitOfWork
from core.screens import ChannelPost, Notice, Tone
from core.services.cards import channel_card
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.services.releasing import require_released
from core.services.system import require_system
from core.upkeep import MoveChannel
from core.wording import format_moment


async def link_channel(
    uow: UnitOfWork, actor: Actor, intent: LinkChannel, now: datetime
) -> Notice:
    """Make the chat follow the consultation (replacing what it followed before)."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, intent.slug)
    await uow.channels.link(intent.channel, intent.title, consultation.id, now)
    return Notice(
        text=f"This chat now follows “{consultation.title}” (until "
        f"{format_moment(consultation.closes_at)}). "
        f"Post its paragraphs with {hint(Command.POST)}.",
        tone=Tone.SUCCESS,
    )


async def post_paragraph(
    uow: UnitOfWork, actor: Actor, intent: PostParagraph, now: datetime
) -> ChannelPost:
    """The paragraph with this number, or the one after the last posted, as a shared card."""
    await require_organiser(uow, actor)
    channel = await uow.channels.get(intent.channel)
    if channel is None:
        raise NotFound(
            f"This chat follows no consultation yet: link it with {hint(Command.LINK, 'SLUG')} "
            "first."
        )
    consultation = await uow.consultations.get(channel.consultation_id)
    if consultation is None:
        raise NotFound("The consultation this chat followed no longer exists.")
    key = intent.idempotency_key
    replayed = key is not None and key == channel.last_post_key
    cursor = channel.cursor - 1 if replayed else channel.cursor
    paragraph = await _pick(uow, consultation, cursor, intent.number)
    await require_released(uow, paragraph, now)
    await uow.channels.set_cursor(channel.id, paragraph.position, key)
    return ChannelPost(
        card=await channel_card(uow, consultation, paragraph, now), join_payload=consultation.slug
    )


async def _pick(
    uow: UnitOfWork, consultation: Consultation, cursor: int, number: int | None
) -> Paragraph:
    if number is None:
        paragraph = await uow.paragraphs.at_position(consultation.id, cursor + 1)
        if paragraph is None:
            raise NotFound(
                "Every paragraph has been posted here. "
                f"Post one again with {hint(Command.POST, 'N')}."
            )
        return paragraph
    for paragraph in await uow.paragraphs.list(consultation.id):
        if paragraph.number == number:
            return paragraph
    raise NotFound(f"“{consultation.title}” has no paragraph P{number}.")


async def move_channel(uow: UnitOfWork, actor: Actor, order: MoveChannel, now: datetime) -> bool:
    """The chat got a new id (a group became a supergroup); False if it was not linked."""
    require_system(actor)
    return await uow.channels.move(order.channel, order.new_chat_id)
