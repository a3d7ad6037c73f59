"""Remembering who can no longer be messaged (they blocked the bot, left the workspace)."""

from datetime import datetime

from core.model import Actor
from core.ports import UnitOfWork
from core.services.system import require_system
from core.upkeep import SetReachable


async def set_reachable(uow: UnitOfWork, actor: Actor, order: SetReachable, now: datetime) -> bool:
    """Mark the person reachable or not; False if they are unknown."""
    require_system(actor)
    participant = await uow.participants.find(order.ref)
    if participant is None:
        return False
    if participant.reachable != order.reachable:
        await uow.participants.set_reachable(participant.id, order.reachable)
    return True
