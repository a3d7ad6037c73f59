"""The Slack front end's settings: the [slack] table, its secrets, and installing into workspaces.

bots.runtime.config reads them from the configuration file and the environment; the front end
only uses them. Installing the app into several workspaces turns on when both
$SLACK_CLIENT_ID and $SLACK_CLIENT_SECRET are set (the app's credentials, Basic Information →
App Credentials). Whether the rest of the configuration suits it (HTTP mode, a signing secret,
no bot token) is checked when Slack starts (bots.slack.runner.check_slack_config), so that a
Slack secret left in the environment never stops the Telegram front end.
"""

import enum
from dataclasses import dataclass, field

CLIENT_ID_ENV = "SLACK_CLIENT_ID"
CLIENT_SECRET_ENV = "SLACK_CLIENT_SECRET"
SLACK_AUTHORIZATION_URL = "https://slack.com/oauth/v2/authorize"
# The bot scopes of slack-manifest.yml; tests/bots/slack/test_installations.py keeps them equal.
MANIFEST_BOT_SCOPES = (
    "chat:write",
    "commands",
    "im:write",
    "im:history",
    "channels:history",
    "groups:history",
    "users:read",
    "files:read",
    "files:write",
)


class SlackMode(enum.StrEnum):
    """How events arrive from Slack."""

    SOCKET = "socket"
    HTTP = "http"


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackInstallConfig:
    """Slack's OAuth flow: people install the app into their workspace from `install_path`.

    Slack sends them back to `redirect_path` (the app's Redirect URL) with a code that is
    exchanged for the workspace's bot token. `authorization_url` is Slack's consent page;
    GovSlack has its own.
    """

    scopes: tuple[str, ...] = MANIFEST_BOT_SCOPES
    install_path: str = "/slack/install"
    redirect_path: str = "/slack/oauth_redirect"
    authorization_url: str = SLACK_AUTHORIZATION_URL
    client_id: str | None = field(default=None, repr=False)
    client_secret: str | None = field(default=None, repr=False)

    @property
    def enabled(self) -> bool:
        """Both credentials are set: several workspaces, each with its own bot token."""
        return bool(self.client_id and self.client_secret)

    @property
    def requested(self) -> bool:
        """At least one credential is set (the other may be missing: a configuration error)."""
        return bool(self.client_id or self.client_secret)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackConfig:
    """The Slack front end; `base_url` points at the Web API, `command` is the slash command.

    One workspace from `bot_token`, or several installed through `install` (OAuth).
    """

    mode: SlackMode = SlackMode.SOCKET
    base_url: str = "https://slack.com/api/"
    command: str = "/townhall"
    bot_token: str | None = field(default=None, repr=False)
    signing_secret: str | None = field(default=None, repr=False)
    app_token: str | None = field(default=None, repr=False)
    install: SlackInstallConfig = field(default_factory=SlackInstallConfig)
