"""Which bot token a push to a workspace goes out with: the one bot token, or the team's install.

One workspace is served with `[slack]`'s bot token whatever the team. Installed through OAuth
(bots/slack/installations.py), each team has its own token in slack-sdk's installation store,
looked up at every push: nothing is cached, so an uninstall (which deletes the installation)
or a reinstall (a new token) counts from the next push on, in every worker.
"""

import logging
from typing import Protocol

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore

logger = logging.getLogger(__name__)


class SlackTokens(Protocol):
    """The bot token for a team, or None when the app is not installed there."""

    async def bot_token(self, team_id: str) -> str | None: ...


class SingleWorkspaceToken:
    """The bot token of `[slack]`: one workspace, whatever the team id says."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def bot_token(self, team_id: str) -> str | None:
        return self._token


class InstalledTokens:
    """Each team's bot token, as the OAuth flow saved it."""

    def __init__(self, store: AsyncInstallationStore) -> None:
        self._store = store

    async def bot_token(self, team_id: str) -> str | None:
        bot = await self._store.async_find_bot(enterprise_id=None, team_id=team_id)
        if bot is None or not bot.bot_token:
            logger.info("Slack team %s has no installation: nothing can be pushed there", team_id)
            return None
        return bot.bot_token
