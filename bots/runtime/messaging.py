"""The outbox's one Messenger: each push goes to the sender of its recipient's platform.

`open_messengers` builds the senders the configuration allows: Telegram when a bot token is
set (its own Bot, with a connection pool as wide as the Dispatcher's concurrency, paced by the
limiters it shares with the front end); Slack when a bot token is set or the app installs into
workspaces (one connection pool for every team, a limiter per workspace, each team's token from
the installation store on townhall's database). A recipient on a platform without a sender is
not dropped silently: the row fails with "no <platform> front end configured", and the delivery
report shows it.
"""

import logging
import math
from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager

from aiohttp import ClientSession
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot

from bots.chat.settings import DeliveryConfig
from bots.runtime.config import Config
from bots.slack.messenger import SlackMessenger, open_push_session
from bots.slack.pacing import SlackPacing
from bots.slack.tokens import InstalledTokens, SingleWorkspaceToken, SlackTokens
from bots.telegram.application import file_url_for
from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from bots.telegram.pacing import TelegramPacing, telegram_pacing
from bots.telegram.settings import TelegramConfig
from bots.telegram.transport import AiohttpRequest
from core.app import ConsultationApp
from core.delivery import Outcome, OutcomeKind, Recipient
from core.model import Platform
from core.ports import Messenger
from core.screens import Screen
from core.services.dispatching import IN_FLIGHT
from storage.engine import make_engine

logger = logging.getLogger(__name__)

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


def push_bot(config: TelegramConfig, connections: int = IN_FLIGHT) -> Bot:
    """A Bot for pushes, apart from the front end's: bulk sends never take its connections.

    Its transport is aiohttp (bots/telegram/transport.py), not PTB's httpx, whose connection
    pool costs more CPU a request than the rest of a push (bench/README.md, Broadcasts). One
    connection per send the Dispatcher has in flight (`connections`). It never polls: the
    get_updates transport PTB adds by default stays an httpx client that opens no connection.
    """
    return Bot(
        config.token or "",
        base_url=config.base_url,
        base_file_url=file_url_for(config.base_url),
        request=AiohttpRequest(connection_limit=connections),
    )


@asynccontextmanager
async def open_messengers(
    config: Config,
    app: ConsultationApp,
    pacing: TelegramPacing | None = None,
    *,
    engine: AsyncEngine | None = None,
) -> AsyncIterator[PlatformMessenger]:
    """The senders for every configured platform, ready (Telegram's getMe done) until exit.

    `pacing` is the Telegram front end's, when it runs in this process (answers go first).
    `engine` holds Slack's installations (OAuth mode); without it one is made for the purpose.
    """
    async with AsyncExitStack() as stack:
        messengers: dict[Platform, Messenger] = {}
        if config.telegram.token:
            connections = sends_in_flight(config.delivery)
            bot = await stack.enter_async_context(push_bot(config.telegram, connections))
            pacing = pacing or telegram_pacing(config.delivery)
            client = TelegramClient(bot, app, pacing)
            paid = config.delivery.allow_paid_broadcast
            messengers[Platform.TELEGRAM] = TelegramMessenger(bot, client, paid=paid)
            if paid:
                logger.warning(
                    "paid broadcasts are on: each pushed Telegram message costs 0.1 Star"
                )
        if config.slack.bot_token or config.slack.install.enabled:
            tokens = slack_tokens(stack, config, engine)
            session = await stack.enter_async_context(open_push_session())
            messengers[Platform.SLACK] = slack_delivery(config, tokens, session)
        yield PlatformMessenger(messengers)


def slack_tokens(stack: AsyncExitStack, config: Config, engine: AsyncEngine | None) -> SlackTokens:
    """The one bot token, or (OAuth) each team's from slack-sdk's store on the database."""
    slack = config.slack
    if not slack.install.enabled:
        return SingleWorkspaceToken(slack.bot_token or "")
    if engine is None:
        engine = make_engine(config.database.url)
        stack.push_async_callback(engine.dispose)
    store = AsyncSQLAlchemyInstallationStore(
        client_id=slack.install.client_id or "", engine=engine
    )
    return InstalledTokens(store)


def slack_delivery(config: Config, tokens: SlackTokens, session: ClientSession) -> SlackMessenger:
    return SlackMessenger(
        tokens,
        SlackPacing(config.delivery),
        session,
        base_url=config.slack.base_url,
        command=config.slack.command,
    )
