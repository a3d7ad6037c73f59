"""Slack as the composition root runs it: Socket Mode or HTTP, one workspace or installed in many.

Served when a bot token is set or the app installs into workspaces ($SLACK_CLIENT_ID and
$SLACK_CLIENT_SECRET; one of them alone is a configuration error, said when Slack starts).
Pushes share one connection pool for every team, with a limiter per workspace and each team's
token from the installation store on townhall's database.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from bots.runtime.bootstrap import Townhall
from bots.runtime.config import Config
from bots.runtime.front_ends.front_end import HttpServerUse
from bots.slack.settings import SlackMode
from core.app import ConsultationApp
from core.model import Platform
from core.ports import Messenger

if TYPE_CHECKING:  # slack-sdk is imported when Slack serves or sends, not before
    from bots.slack.tokens import SlackTokens


class SlackFrontEnd:
    """The Slack app of the [slack] table and its secrets."""

    name = "Slack"
    platform = Platform.SLACK

    def enabled(self, config: Config) -> bool:
        return bool(config.slack.bot_token or config.slack.install.requested)

    def mode(self, config: Config) -> str:
        return str(config.slack.mode)

    def http_server(self, config: Config) -> HttpServerUse | None:
        if config.slack.mode is SlackMode.HTTP:
            return HttpServerUse(what="Slack's HTTP mode", instead='use [slack] mode = "socket"')
        return None

    def check(self, config: Config) -> None:
        from bots.slack.runner import check_slack_config

        check_slack_config(config.slack)

    async def serve(self, config: Config, townhall: Townhall, stop: asyncio.Event) -> None:
        from bots.runtime.server import hosting_for
        from bots.slack.runner import run_slack

        hosting = hosting_for(config, townhall)
        await run_slack(config.slack, hosting, stop, engine=townhall.engine)

    @asynccontextmanager
    async def messenger(
        self, config: Config, app: ConsultationApp, engine: AsyncEngine | None
    ) -> AsyncIterator[Messenger | None]:
        """`engine` holds the installations (OAuth); without it one is made for the purpose."""
        slack = config.slack
        if not (slack.bot_token or slack.install.enabled):
            yield None
            return
        from bots.slack.messenger import SlackMessenger, open_push_session
        from bots.slack.pacing import SlackPacing

        async with AsyncExitStack() as stack:
            tokens = slack_tokens(stack, config, engine)
            session = await stack.enter_async_context(open_push_session())
            pacing = SlackPacing(config.delivery)
            yield SlackMessenger(
                tokens, pacing, session, base_url=slack.base_url, command=slack.command
            )


def slack_tokens(
    stack: AsyncExitStack, config: Config, engine: AsyncEngine | None
) -> "SlackTokens":
    """The one bot token, or (OAuth) each team's from slack-sdk's store on the database."""
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore

    from bots.slack.tokens import InstalledTokens, SingleWorkspaceToken
    from storage.engine import make_engine

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
