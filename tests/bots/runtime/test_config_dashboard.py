"""`[server] public_url`, $TOWNHALL_DASHBOARD_SECRET, and when `run` serves the dashboard."""

import tomllib

import pytest

from bots.chat.settings import ConfigError
from bots.runtime.bootstrap import link_settings
from bots.runtime.commands.running import serves_dashboard_alone
from bots.runtime.config import Config, parse_config
from bots.runtime.front_ends import build_front_ends

SECRET = "s" * 40


def parse(text: str, environ: dict[str, str] | None = None) -> Config:
    return parse_config(tomllib.loads(text), environ or {})


def test_links_point_at_the_server_itself_unless_a_public_url_is_set() -> None:
    assert parse("").server.dashboard_base == "http://127.0.0.1:8080"
    assert parse('[server]\nhost = "::1"\nport = 9000').server.dashboard_base == (
        "http://[::1]:9000"
    )
    public = parse('[server]\npublic_url = "https://th.example.org/consult/"')
    assert public.server.dashboard_base == "https://th.example.org/consult"
    assert link_settings(public).base_url == "https://th.example.org/consult"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('"th.example.org"', "server.public_url: expected an http:// or https:// URL"),
        ('"ftp://th.example.org"', "server.public_url: expected an http:// or https:// URL"),
        ('"https://"', "server.public_url: expected an http:// or https:// URL"),
        ('"https://th.example.org/?a=1"', "server.public_url: expected a URL without ?query"),
        ('"https://th.example.org/#top"', "server.public_url: expected a URL without ?query"),
        ("5", "server.public_url: expected a non-empty string"),
    ],
)
def test_a_bad_public_url_is_refused_with_its_key(value: str, message: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse(f"[server]\npublic_url = {value}")

    assert str(refused.value).startswith(message)


def test_the_dashboard_secret_comes_from_the_environment_and_is_never_shown() -> None:
    config = parse("", {"TOWNHALL_DASHBOARD_SECRET": SECRET})

    assert link_settings(config).secret == SECRET.encode()
    assert link_settings(parse("")).secret is None
    assert SECRET not in repr(config)
    with pytest.raises(ConfigError, match="at least 32 characters") as refused:
        parse("", {"TOWNHALL_DASHBOARD_SECRET": "short"})
    assert "short" not in str(refused.value)


def test_run_serves_the_dashboard_itself_only_with_a_public_url_and_no_server_in_use() -> None:
    public = '[server]\npublic_url = "https://th.example.org"\n'
    tokens = {"TELEGRAM_BOT_TOKEN": "1:x"}
    front_ends = build_front_ends()
    webhook = '[telegram]\nmode = "webhook"\nwebhook_url = "https://th.example.org/telegram"\n'
    secret = {"TELEGRAM_WEBHOOK_SECRET": "w" * 32}

    assert serves_dashboard_alone(parse(public, tokens), front_ends)
    assert not serves_dashboard_alone(parse("", tokens), front_ends)
    assert not serves_dashboard_alone(parse(public + webhook, tokens | secret), front_ends)
