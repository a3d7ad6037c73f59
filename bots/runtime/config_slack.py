"""Reading the [slack] keys that install the app into several workspaces, and their secrets.

The keys and the two credentials ($SLACK_CLIENT_ID, $SLACK_CLIENT_SECRET) go into the Slack
front end's SlackInstallConfig (bots/slack/settings.py, which says when the flow turns on).
"""

from collections.abc import Mapping

from bots.runtime.config_table import ConfigTable, show_value
from bots.slack.settings import CLIENT_ID_ENV, CLIENT_SECRET_ENV, SlackInstallConfig


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
