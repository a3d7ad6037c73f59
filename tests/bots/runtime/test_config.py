"""The configuration: defaults, the example file, key-naming errors, environment, secrets."""

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest

from bots.chat.identities import slack_ref, telegram_ref, terminal_ref
from bots.chat.settings import ConfigError
from bots.runtime.config import Config, DatabaseConfig, load_config, parse_config
from bots.slack.settings import SlackMode
from bots.telegram.settings import CardFlow, TelegramMode

ROOT = Path(__file__).resolve().parents[3]


def parse(text: str, environ: dict[str, str] | None = None) -> Config:
    return parse_config(tomllib.loads(text), environ or {})


def test_no_file_and_no_environment_gives_the_documented_defaults() -> None:
    config = load_config(None, {})

    assert config.database.url == "sqlite+aiosqlite:///townhall.db"
    assert config.telegram.mode is TelegramMode.POLLING
    assert config.telegram.base_url == "https://api.telegram.org/bot"
    assert config.telegram.card_flow is CardFlow.STREAM
    assert config.slack.mode is SlackMode.SOCKET
    assert config.slack.base_url == "https://slack.com/api/"
    assert config.slack.command == "/townhall"
    assert (config.server.host, config.server.port) == ("127.0.0.1", 8080)
    assert config.server.max_body_bytes == 1_048_576
    assert (config.inbox.lease, config.inbox.sweep_interval) == (60, 5)
    assert config.moderation.hide_after_reports == 3
    assert config.organisers.ids == ()
    assert config.telegram.token is None
    assert config.slack.bot_token is None


def test_the_example_file_sets_every_key_to_its_default() -> None:
    example = ROOT / "config.example.toml"

    assert load_config(example, {}) == Config()


def test_a_file_sets_every_public_key() -> None:
    config = parse(
        """
        [database]
        url = "postgresql+asyncpg://town@db/town"
        [telegram]
        mode = "webhook"
        base_url = "http://127.0.0.1:9000/bot"
        card_flow = "in_place"
        [slack]
        mode = "http"
        base_url = "http://127.0.0.1:9001/api/"
        command = "/consult"
        [server]
        host = "0.0.0.0"
        port = 9443
        max_body_bytes = 65536
        [organisers]
        ids = ["telegram:123", "slack:T1:U2", "terminal:ana"]
        [consultation]
        timezone = "Europe/Berlin"
        [inbox]
        lease = 20
        sweep_interval = 0.5
        [moderation]
        hide_after_reports = 5
        """
    )

    assert config.database.url == "postgresql+asyncpg://town@db/town"
    assert config.telegram.mode is TelegramMode.WEBHOOK
    assert config.telegram.base_url == "http://127.0.0.1:9000/bot"
    assert config.telegram.card_flow is CardFlow.IN_PLACE
    assert (config.slack.mode, config.slack.command) == (SlackMode.HTTP, "/consult")
    assert (config.server.host, config.server.port) == ("0.0.0.0", 9443)
    assert config.server.max_body_bytes == 65536
    assert config.organisers.ids == (telegram_ref(123), slack_ref("T1", "U2"), terminal_ref("ana"))
    assert config.consultation.timezone == "Europe/Berlin"
    assert (config.inbox.lease_time, config.inbox.sweep_interval) == (timedelta(seconds=20), 0.5)
    assert config.moderation.hide_after_reports == 5


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            '[telegram]\nmode = "push"',
            'telegram.mode: expected "polling" or "webhook", got "push"',
        ),
        (
            '[telegram]\ncard_flow = "in-place"',
            'telegram.card_flow: expected "stream" or "in_place", got "in-place"',
        ),
        ('[slack]\nmode = "rtm"', 'slack.mode: expected "socket" or "http", got "rtm"'),
        ("[slack]\ncommand = 5", "slack.command: expected a non-empty string, got int 5"),
        ('[slack]\ncommand = "townhall"', "slack.command: expected a slash command"),
        ('[server]\nport = "80"', 'server.port: expected a port number from 1 to 65535, got "80"'),
        ("[server]\nport = 70000", "server.port: expected a port number from 1 to 65535"),
        ("[server]\nport = true", "server.port: expected a port number"),
        ('[server]\nhost = ""', "server.host: expected a non-empty string"),
        (
            "[server]\nmax_body_bytes = 1000",
            "server.max_body_bytes: expected a whole number of at least 1024, got int 1000",
        ),
        ('[server]\nmax_body_bytes = "1MB"', "server.max_body_bytes: expected a whole number"),
        ("[server]\nmax_body_bytes = 1e6", "server.max_body_bytes: expected a whole number"),
        ('[database]\nurl = "not a url"', "database.url: not a database URL"),
        ('[database]\nurl = "mysql://db/town"', "database.url: expected a sqlite or postgresql"),
        ('[organisers]\nids = "telegram:1"', "organisers.ids: expected a list of strings"),
        ('[organisers]\nids = ["telegram:abc"]', "organisers.ids[0]: “telegram:abc” is not"),
        ('[organisers]\nids = ["slack:T1"]', "organisers.ids[0]: “slack:T1” is not an identity"),
        ('[telegram]\ntoken = "123:abc"', "telegram.token: unknown key"),
        ('[server]\nport = 80\nhots = "x"', "server.hots: unknown key"),
        ('[webhooks]\nurl = "x"', "webhooks: unknown section"),
        ('telegram = "yes"', 'telegram: expected a table ([telegram]), got "yes"'),
        ("[consultation]\ntimezone = 1", "consultation.timezone: expected a non-empty string"),
        ('[consultation]\ntimezone = "CET+1"', "consultation.timezone: expected a time zone"),
        ('[consultation]\ntimezone = "../etc"', "consultation.timezone: expected a time zone"),
        ('[consultation]\ntz = "UTC"', "consultation.tz: unknown key"),
        ("[inbox]\nlease = 0", "inbox.lease: expected a positive number"),
        ('[inbox]\nsweep_interval = "5s"', "inbox.sweep_interval: expected a positive number"),
        (
            "[moderation]\nhide_after_reports = 0",
            "moderation.hide_after_reports: expected a whole number of at least 1",
        ),
    ],
)
def test_a_bad_key_or_value_is_refused_with_its_key_path(toml: str, message: str) -> None:
    with pytest.raises(ConfigError) as refused:
        parse(toml)

    assert str(refused.value).startswith(message)


def test_townhall_database_url_overrides_the_file() -> None:
    config = parse(
        '[database]\nurl = "sqlite+aiosqlite:///file.db"',
        {"TOWNHALL_DATABASE_URL": "postgresql+asyncpg://town@db/town"},
    )

    assert config.database.url == "postgresql+asyncpg://town@db/town"


def test_a_bad_townhall_database_url_is_named_as_the_variable() -> None:
    with pytest.raises(ConfigError, match=r"^TOWNHALL_DATABASE_URL: not a database URL"):
        parse("", {"TOWNHALL_DATABASE_URL": "nonsense"})


def test_tokens_come_from_the_environment() -> None:
    config = parse(
        "",
        {
            "TELEGRAM_BOT_TOKEN": "123:telegram-secret",
            "SLACK_BOT_TOKEN": "xoxb-slack-secret",
            "SLACK_SIGNING_SECRET": "signing-secret",
            "SLACK_APP_TOKEN": "xapp-app-secret",
        },
    )

    assert config.telegram.token == "123:telegram-secret"
    assert config.slack.bot_token == "xoxb-slack-secret"
    assert config.slack.signing_secret == "signing-secret"
    assert config.slack.app_token == "xapp-app-secret"


def test_an_empty_token_variable_counts_as_unset() -> None:
    assert parse("", {"TELEGRAM_BOT_TOKEN": ""}).telegram.token is None


def test_secrets_and_database_passwords_never_appear_in_repr_or_str() -> None:
    config = parse(
        "",
        {
            "TELEGRAM_BOT_TOKEN": "123:telegram-secret",
            "SLACK_BOT_TOKEN": "xoxb-slack-secret",
            "SLACK_SIGNING_SECRET": "signing-secret",
            "SLACK_APP_TOKEN": "xapp-app-secret",
            "TOWNHALL_DATABASE_URL": "postgresql+asyncpg://town:db-password@db/town",
        },
    )

    for shown in (repr(config), str(config)):
        for secret in ("telegram-secret", "slack-secret", "signing-secret", "app-secret"):
            assert secret not in shown
        assert "db-password" not in shown
        assert "postgresql+asyncpg://town:***@db/town" in shown


def test_the_redacted_url_hides_only_the_password() -> None:
    database = DatabaseConfig(url="postgresql+asyncpg://town:pw@db:5432/town")

    assert database.redacted_url == "postgresql+asyncpg://town:***@db:5432/town"
    assert DatabaseConfig().redacted_url == "sqlite+aiosqlite:///townhall.db"


def test_townhall_config_names_the_file_when_no_path_is_given(tmp_path: Path) -> None:
    path = tmp_path / "townhall.toml"
    path.write_text("[server]\nport = 9000\n", encoding="utf-8")

    assert load_config(None, {"TOWNHALL_CONFIG": str(path)}).server.port == 9000


def test_an_explicit_path_wins_over_townhall_config(tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.toml"
    chosen.write_text("[server]\nport = 9001\n", encoding="utf-8")

    config = load_config(chosen, {"TOWNHALL_CONFIG": str(tmp_path / "missing.toml")})

    assert config.server.port == 9001


def test_a_missing_file_is_a_config_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"

    with pytest.raises(ConfigError, match=r"missing\.toml: cannot read the configuration file"):
        load_config(missing, {})


def test_a_file_that_is_not_toml_is_a_config_error_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[server\nport = 1\n", encoding="utf-8")

    with pytest.raises(ConfigError, match=r"broken\.toml: not valid TOML"):
        load_config(broken, {})
