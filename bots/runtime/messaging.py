"""The outbox's one Messenger: each push goes to the sender of its recipient's platform.

`open_messengers` asks every front end for its sender (bots.runtime.front_ends): the ones the
configuration gives something to send with answer with one. A recipient on a platform without
a sender is not dropped silently: the row fails with "no <platform> front end configured", and
the delivery report shows it.
"""

import math
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AsyncExitStack, asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine

from bots.chat.settings import DeliveryConfig
from bots.runtime.config import Config
from bots.runtime.front_ends.front_end import FrontEnd
from core.app import ConsultationApp
from core.delivery import Outcome, OutcomeKind, Recipient
from core.model import Platform
from core.ports import Messenger
from core.screens import Screen
from core.services.dispatching import IN_FLIGHT

ROUND_TRIP = 0.1  # seconds a Bot API call takes from a well-placed host (50-100 ms)
MOST_IN_FLIGHT = 256


class PlatformMessenger:
    """Routes each push by `recipient.platform`."""

    def __init__(self, messengers: Mapping[Platform, Messenger]) -> None:
        self._messengers = dict(messengers)

    @property
    def platforms(self) -> frozenset[Platform]:
        return frozenset(self._messengers)

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        messenger = self._messengers.get(recipient.platform)
        if messenger is None:
            detail = f"no {recipient.platform} front end configured"
            return Outcome(kind=OutcomeKind.FAILED, detail=detail)
        return await messenger.deliver(recipient, screen)


def sends_in_flight(delivery: DeliveryConfig) -> int:
    """How many sends a worker keeps in flight: its fastest rate times a round trip.

    A send holds its slot for a whole round trip, so a worker with n in flight sends at most
    n / round trip a second: 32 (the least) is 320 a second at 100 ms, plenty for 25/s; paid
    broadcasts at 1,000/s need 100. Capped at 256.
    """
    paid = delivery.paid_rate if delivery.allow_paid_broadcast else 0.0
    fastest = max(delivery.telegram_rate, delivery.slack_workspace_rate, paid)
    return max(IN_FLIGHT, min(MOST_IN_FLIGHT, math.ceil(fastest * ROUND_TRIP)))


@asynccontextmanager
async def open_messengers(
    config: Config,
    app: ConsultationApp,
    front_ends: Sequence[FrontEnd],
    *,
    engine: AsyncEngine | None = None,
) -> AsyncIterator[PlatformMessenger]:
    """The senders of every front end that has one, ready (Telegram's getMe done) until exit.

    `engine` holds Slack's installations (OAuth mode); without it one is made for the purpose.
    """
    async with AsyncExitStack() as stack:
        messengers: dict[Platform, Messenger] = {}
        for front_end in front_ends:
            opened = front_end.messenger(config, app, engine)
            if (messenger := await stack.enter_async_context(opened)) is not None:
                messengers[front_end.platform] = messenger
        yield PlatformMessenger(messengers)
