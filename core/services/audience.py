"""Who receives a consultation's pushes: its reachable participants and its linked chats."""

from core.delivery import Recipient
from core.model import Consultation
from core.ports import UnitOfWork


async def audience(uow: UnitOfWork, consultation: Consultation) -> list[Recipient]:
    """Participants first (by id), then linked groups and channels (by id)."""
    people = await uow.enrolments.recipients(consultation.id)
    chats = [
        Recipient(
            platform=channel.ref.platform,
            tenant=channel.ref.tenant,
            address=channel.ref.chat_id,
            channel_id=channel.id,
        )
        for channel in await uow.channels.list_for(consultation.id)
    ]
    return people + chats
