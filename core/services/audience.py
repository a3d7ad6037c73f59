"""Who receives a consultation's pushes: its reachable participants and its linked chats."""

from core.delivery import Recipient
from core.model import PUSH_PLATFORMS, Consultation
from core.ports import UnitOfWork


async def audience(
    uow: UnitOfWork, consultation: Consultation, *, including_muted: bool = False
) -> list[Recipient]:
    """Participants who can be pushed to (by id), then linked groups and channels (by id).

    People who muted the consultation are left out unless `including_muted`.
    """
    everyone = await uow.enrolments.recipients(consultation.id, including_muted=including_muted)
    people = [r for r in everyone if r.platform in PUSH_PLATFORMS]
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
