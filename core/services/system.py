"""What only townhall itself may ask: its sweeps and what the platforms tell it."""

from core.errors import AccessDenied
from core.model import Actor, ActorKind


def require_system(actor: Actor) -> None:
    """Refuse anyone but the system actor (the worker, a platform's lifecycle event)."""
    if actor.kind is not ActorKind.SYSTEM:
        raise AccessDenied("Only townhall itself does that.")
