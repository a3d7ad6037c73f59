"""Remembering who can no longer be messaged (they blocked the bot, left the workspace)."""

from core.model import ParticipantRef
from core.ports import UnitOfWork


async def set_reachable(uow: UnitOfWork, ref: ParticipantRef, reachable: bool) -> bool:
    """Mark the person reachable or not, as one transaction; False if they are unknown."""
    async with uow:
        participant = await uow.participants.find(ref)
        if participant is None:
            return False
        if participant.reachable != reachable:
            await uow.participants.set_reachable(participant.id, reachable)
            await uow.commit()
    return True
