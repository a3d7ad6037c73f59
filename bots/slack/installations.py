"""Several workspaces: Bolt's OAuth flow over slack-sdk's SQLAlchemy stores on townhall's database.

A person installs the app from `[slack] install_path`: Bolt redirects them to Slack's consent
page with a one-time state (a row in slack_oauth_states and a cookie in their browser). Slack
sends them back to `redirect_path` with a code, which Bolt exchanges (oauth.v2.access) for the
workspace's bot token and saves in slack_installations and slack_bots. Those tables are made
by migration 0004 on the same engine as everything else; nothing here creates tables.

Every request is then authorised with its own team's token, looked up in the store and checked
with auth.test; a team with no installation gets Bolt's "please reinstall" message and nothing
else. `app_uninstalled` and `tokens_revoked` delete the team's installation. All Web API calls,
oauth.v2.access and token rotation included, go to `[slack] base_url`.
"""

import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.slack.settings import SlackConfig

logger = logging.getLogger(__name__)

STATE_SECONDS = 600  # how long a person has between the install page and approving the app


def build_installing_app(
    config: SlackConfig, client: AsyncWebClient, engine: AsyncEngine
) -> AsyncApp:
    """A Bolt app that installs itself into workspaces and serves each with its own token."""
    install = config.install
    if not (install.client_id and install.client_secret):
        raise ValueError("installing into workspaces needs a client id and a client secret")
    store = AsyncSQLAlchemyInstallationStore(client_id=install.client_id, engine=engine)
    settings = AsyncOAuthSettings(
        client_id=install.client_id,
        client_secret=install.client_secret,
        scopes=list(install.scopes),
        user_scopes=[],  # else Bolt reads $SLACK_USER_SCOPES
        install_path=install.install_path,
        install_page_rendering_enabled=False,  # straight to Slack's consent page
        redirect_uri_path=install.redirect_path,
        authorization_url=install.authorization_url,
        installation_store=store,
        state_store=AsyncSQLAlchemyOAuthStateStore(
            expiration_seconds=STATE_SECONDS, engine=engine
        ),
        state_expiration_seconds=STATE_SECONDS,
    )
    # The settings' own authorize would rotate tokens through a client aimed at slack.com.
    settings.authorize = AsyncInstallationStoreAuthorize(
        logger=logger,
        client_id=install.client_id,
        client_secret=install.client_secret,
        installation_store=store,
        client=client,
    )
    bolt = AsyncApp(
        signing_secret=config.signing_secret or "",
        client=client,
        oauth_settings=settings,
        request_verification_enabled=False,  # verified at the door, as in bots.slack.application
        process_before_response=True,
    )
    uninstalls = SlackUninstalls(store)
    bolt.event("app_uninstalled")(uninstalls.on_app_uninstalled)
    bolt.event("tokens_revoked")(uninstalls.on_tokens_revoked)
    return bolt


class SlackUninstalls:
    """Forgets a workspace's installation when the app is removed or its bot token revoked."""

    def __init__(self, store: AsyncInstallationStore) -> None:
        self._store = store

    async def on_app_uninstalled(self, context: AsyncBoltContext) -> None:
        await self._forget(context, "the app was uninstalled")

    async def on_tokens_revoked(self, event: Mapping[str, Any], context: AsyncBoltContext) -> None:
        # townhall asks for no user scopes, so only a revoked bot token matters: without it
        # the installation can do nothing, and a new install starts afresh.
        tokens = event.get("tokens") or {}
        if tokens.get("bot"):
            await self._forget(context, "its bot token was revoked")

    async def _forget(self, context: AsyncBoltContext, why: str) -> None:
        await self._store.async_delete_all(
            enterprise_id=context.enterprise_id, team_id=context.team_id
        )
        logger.info("Slack: %s in team %s; its installation is deleted", why, context.team_id)
