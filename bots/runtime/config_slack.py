"""Installing the Slack app into several workspaces: the [slack] OAuth keys and their secrets.

The flow turns on when both $SLACK_CLIENT_ID and $SLACK_CLIENT_SECRET are set (the app's
credentials, Basic Information → App Credentials). Whether the rest of the configuration
suits it (HTTP mode, a signing secret, no bot token) is checked when Slack starts, so that a
Slack secret left in the environment never stops the Telegram front end.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from bots.runtime.config_table import ConfigTable, show_value

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
)


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


def read_slack_install(table: ConfigTable, environ: Mapping[str, str]) -> SlackInstallConfig:
    """The OAuth keys of [slack] (the caller finishes the table) and the two credentials."""
    defaults = SlackInstallConfig()
    scopes = table.strings("scopes") or list(defaults.scopes)  # [] too: the manifest's
    for index, scope in enumerate(scopes):
        if not scope or any(character in scope for character in " ,"):
            expected = 'expected a scope such as "chat:write"'
            raise table.fail(f"scopes[{index}]", f"{expected}, got {show_value(scope)}")
    config = SlackInstallConfig(
        scopes=tuple(scopes),
        install_path=_path(table, "install_path", defaults.install_path),
        redirect_path=_path(table, "redirect_path", defaults.redirect_path),
        authorization_url=table.string("authorization_url", defaults.authorization_url),
        client_id=environ.get(CLIENT_ID_ENV) or None,
        client_secret=environ.get(CLIENT_SECRET_ENV) or None,
    )
    if not config.authorization_url.startswith(("https://", "http://")):
        raise table.fail(
            "authorization_url",
            f"expected an http(s) URL, got {show_value(config.authorization_url)}",
        )
    if config.install_path == config.redirect_path:
        raise table.fail("redirect_path", "must differ from install_path")
    return config


def _path(table: ConfigTable, key: str, default: str) -> str:
    path = table.string(key, default)
    if not path.startswith("/") or any(character in path for character in " ?#"):
        raise table.fail(key, f'expected a path such as "{default}", got {show_value(path)}')
    return path
