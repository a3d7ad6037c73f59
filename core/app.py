"""The one door into the core: a chat intent in, a screen out; an order in, its result out."""

import logging
from datetime import UTC, tzinfo
from functools import partial
from typing import TypeVar, overload

from core.dashboards import LinkSettings
from core.errors import AccessDenied, ConsultationError, InvalidPayload, NotAccepting
from core.intents import Intent
from core.model import Actor
from core.moderation import DEFAULT_HIDE_AFTER_REPORTS
from core.orders import Order
from core.paragraph_status import SupportRule
from core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from core.priorities import Chance
from core.routes import Request, route_table
from core.screens import Notice, Screen, Tone

logger = logging.getLogger(__name__)
R = TypeVar("R")


class ConsultationApp:
    """Runs each intent as one unit of work and turns rule violations into notices.

    The screen is built inside the transaction and returned only after the commit, so a
    front end never acknowledges a vote or comment that was not stored.
    """

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        *,
        zone: tzinfo = UTC,
        hide_after_reports: int = DEFAULT_HIDE_AFTER_REPORTS,
        links: LinkSettings | None = None,
        chance: Chance | None = None,
        support: SupportRule | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        # Dates organisers type without an offset are read in `zone`; a comment is hidden at
        # `hide_after_reports` distinct reports where its consultation sets no threshold;
        # `links` says where dashboard links point and what signs them (core.dashboards);
        # `chance` draws the next paragraph in smart order (core.priorities);
        # `support` when a paragraph counts as supported (core.paragraph_status).
        self._routes = dict(
            route_table(
                zone,
                hide_after_reports=hide_after_reports,
                links=links or LinkSettings(),
                chance=chance,
                support=support or SupportRule(),
            )
        )

    @overload
    async def handle(self, actor: Actor, intent: Intent) -> Screen: ...

    @overload
    async def handle(self, actor: Actor, intent: Order[R]) -> R: ...

    async def handle(self, actor: Actor, intent: Request) -> object:
        """Carry out the intent for the actor and describe what to show them.

        An order (core.orders: the command line's, the worker's) returns its result instead,
        and a refusal is raised to its caller rather than turned into a notice.
        """
        try:
            return await self._uow_factory().perform(partial(self._unit, actor, intent))
        except ConsultationError as error:
            if isinstance(intent, Order):
                raise
            logger.info(
                "%s refused for %s: %s", type(intent).__name__, actor.ref, type(error).__name__
            )
            return notice_for(error)

    async def _unit(self, actor: Actor, intent: Request, uow: UnitOfWork) -> object:
        use_case = self._routes[type(intent)]  # core.routes: one row per intent
        screen = await use_case(uow, actor, intent, self._clock.now())
        await uow.commit()
        return screen


def notice_for(error: ConsultationError) -> Notice:
    """The notice a person sees when the core refuses their request."""
    if isinstance(error, NotAccepting | AccessDenied | InvalidPayload):
        return Notice(text=error.message, tone=Tone.WARNING)
    return Notice(text=error.message, tone=Tone.ERROR)
