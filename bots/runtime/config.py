"""townhall's configuration: a TOML file for settings, environment variables for secrets.

Every key is optional; config.example.toml lists them all with their defaults. A key or section
the program does not know, a wrong type or a bad value raises ConfigError naming the key path,
so a typo never silently falls back to a default. Tokens are read only from the environment and
never appear in a repr, and a database password is shown redacted.
"""

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import cast

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bots.chat.identities import InvalidIdentity, parse_identity
from bots.chat.settings import ConfigError, DeliveryConfig
from bots.runtime.config_consultation import ConsultationConfig, read_consultation
from bots.runtime.config_dashboard import read_dashboard_secret, read_public_url
from bots.runtime.config_inbox import InboxConfig, read_inbox
from bots.runtime.config_moderation import ModerationConfig, read_moderation
from bots.runtime.config_opinions import OpinionsConfig, read_opinions
from bots.runtime.config_slack import read_slack_install
from bots.runtime.config_table import ConfigTable, show_value
from bots.slack.settings import SlackConfig
from bots.telegram.settings import WEBHOOK_SECRET_ENV, TelegramConfig, TelegramMode
from core.model import ParticipantRef

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///townhall.db"
MAX_BODY_BYTES = 1_048_576  # 1 MB: Slack's and Telegram's requests are a few kilobytes
MIN_BODY_BYTES = 1024
CONFIG_ENV = "TOWNHALL_CONFIG"
DATABASE_URL_ENV = "TOWNHALL_DATABASE_URL"
# Telegram allows 1-256 characters of these in a webhook secret; we ask for 32 at least.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")


@dataclass(frozen=True, slots=True, kw_only=True)
class DatabaseConfig:
    """Where consultations are stored."""

    url: str = DEFAULT_DATABASE_URL

    def __repr__(self) -> str:
        return f"DatabaseConfig(url={self.redacted_url!r})"

    @property
    def redacted_url(self) -> str:
        """The URL as it may be printed or logged: any password replaced by ***."""
        return make_url(self.url).render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return make_url(self.url).get_backend_name() == "sqlite"

    @property
    def sqlite_folder(self) -> Path | None:
        """The folder an SQLite database file lives in; None for other databases and :memory:."""
        url = make_url(self.url)
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        return Path(url.database).parent


@dataclass(frozen=True, slots=True, kw_only=True)
class ServerConfig:
    """The HTTP server for webhooks, Slack's HTTP mode and /healthz.

    A request whose body is over `max_body_bytes` is refused (413) before it is read.
    Dashboard links start with `public_url` (bots.runtime.config_dashboard), signed with
    `dashboard_secret` when it is set (else the one stored in the database).
    """

    host: str = "127.0.0.1"
    port: int = 8080
    max_body_bytes: int = MAX_BODY_BYTES
    public_url: str | None = None
    dashboard_secret: str | None = field(default=None, repr=False)

    @property
    def dashboard_base(self) -> str:
        """Where dashboard links point: `public_url`, else this server's own address."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return self.public_url or f"http://{host}:{self.port}"


@dataclass(frozen=True, slots=True, kw_only=True)
class OrganisersConfig:
    """People who may run organiser commands from chat."""

    ids: tuple[ParticipantRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """The whole configuration."""

    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    telegram: TelegramConfig = field(default_factory=TelegramConfig)
    slack: SlackConfig = field(default_factory=SlackConfig)
    server: ServerConfig = field(default_factory=ServerConfig)
    organisers: OrganisersConfig = field(default_factory=OrganisersConfig)
    delivery: DeliveryConfig = field(default_factory=DeliveryConfig)
    consultation: ConsultationConfig = field(default_factory=ConsultationConfig)
    inbox: InboxConfig = field(default_factory=InboxConfig)
    moderation: ModerationConfig = field(default_factory=ModerationConfig)
    opinions: OpinionsConfig = field(default_factory=OpinionsConfig)


def load_config(path: Path | None, environ: Mapping[str, str]) -> Config:
    """Read the file named by `path` or $TOWNHALL_CONFIG (defaults without either), then env."""
    chosen = path or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    data = _read_file(chosen) if chosen else {}
    return parse_config(data, environ)


def _read_file(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except OSError as error:
        raise ConfigError(
            f"{path}: cannot read the configuration file ({error.strerror})"
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None


def parse_config(data: Mapping[str, object], environ: Mapping[str, str]) -> Config:
    """Build the configuration from parsed TOML and the environment."""
    for name, value in data.items():
        if name not in _SECTIONS:
            raise ConfigError(f"{name}: unknown section")
        if not isinstance(value, dict):
            raise ConfigError(f"{name}: expected a table ([{name}]), got {show_value(value)}")
    return Config(
        database=_database(_table(data, "database"), environ),
        telegram=_telegram(_table(data, "telegram"), environ),
        slack=_slack(_table(data, "slack"), environ),
        server=_server(_table(data, "server"), environ),
        organisers=_organisers(_table(data, "organisers")),
        delivery=_delivery(_table(data, "delivery")),
        consultation=read_consultation(_table(data, "consultation")),
        inbox=read_inbox(_table(data, "inbox")),
        moderation=read_moderation(_table(data, "moderation")),
        opinions=read_opinions(_table(data, "opinions")),
    )


_SECTIONS = tuple(section.name for section in fields(Config))


def _table(data: Mapping[str, object], name: str) -> ConfigTable:
    return ConfigTable(cast(Mapping[str, object], data.get(name, {})), name)


def _secret(environ: Mapping[str, str], name: str) -> str | None:
    return environ.get(name) or None


def _database(table: ConfigTable, environ: Mapping[str, str]) -> DatabaseConfig:
    url = table.string("url", DEFAULT_DATABASE_URL)
    table.finish()
    where = "database.url"
    if environ.get(DATABASE_URL_ENV):
        url, where = environ[DATABASE_URL_ENV], DATABASE_URL_ENV
    try:
        backend = make_url(url).get_backend_name()
    except ArgumentError:
        raise ConfigError(f"{where}: not a database URL") from None
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"{where}: expected a sqlite or postgresql URL, got {backend!r}")
    return DatabaseConfig(url=url)


def _telegram(table: ConfigTable, environ: Mapping[str, str]) -> TelegramConfig:
    defaults = TelegramConfig()
    webhook_url = table.string("webhook_url", "") or None
    config = TelegramConfig(
        mode=table.choice("mode", defaults.mode),
        base_url=table.string("base_url", defaults.base_url),
        webhook_url=webhook_url,
        card_flow=table.choice("card_flow", defaults.card_flow),
        token=_secret(environ, "TELEGRAM_BOT_TOKEN"),
        webhook_secret=_secret(environ, WEBHOOK_SECRET_ENV),
    )
    table.finish()
    if webhook_url is not None and not webhook_url.startswith("https://"):
        raise table.fail("webhook_url", f'expected an https:// URL, got "{webhook_url}"')
    if config.webhook_secret is not None and not _WEBHOOK_SECRET.fullmatch(config.webhook_secret):
        raise ConfigError(f"{WEBHOOK_SECRET_ENV}: {_SECRET_RULE}")
    if config.mode is TelegramMode.WEBHOOK and config.token:
        if webhook_url is None:
            raise table.fail("webhook_url", "required in webhook mode (the public https URL)")
        if config.webhook_secret is None:
            raise ConfigError(f"{WEBHOOK_SECRET_ENV}: required in webhook mode; {_SECRET_RULE}")
    return config


_SECRET_RULE = "expected 32 to 256 characters of A-Z a-z 0-9 _ -"


def _slack(table: ConfigTable, environ: Mapping[str, str]) -> SlackConfig:
    defaults = SlackConfig()
    command = table.string("command", defaults.command)
    if not command.startswith("/") or " " in command:
        raise table.fail(
            "command", f'expected a slash command such as "/townhall", got "{command}"'
        )
    config = SlackConfig(
        mode=table.choice("mode", defaults.mode),
        base_url=table.string("base_url", defaults.base_url),
        command=command,
        bot_token=_secret(environ, "SLACK_BOT_TOKEN"),
        signing_secret=_secret(environ, "SLACK_SIGNING_SECRET"),
        app_token=_secret(environ, "SLACK_APP_TOKEN"),
        install=read_slack_install(table, environ),
    )
    table.finish()
    return config


def _server(table: ConfigTable, environ: Mapping[str, str]) -> ServerConfig:
    defaults = ServerConfig()
    config = ServerConfig(
        host=table.string("host", defaults.host),
        port=table.port("port", defaults.port),
        max_body_bytes=table.count(
            "max_body_bytes", defaults.max_body_bytes, minimum=MIN_BODY_BYTES
        ),
        public_url=read_public_url(table),
        dashboard_secret=read_dashboard_secret(environ),
    )
    table.finish()
    return config


def _organisers(table: ConfigTable) -> OrganisersConfig:
    refs = []
    for index, text in enumerate(table.strings("ids")):
        try:
            refs.append(parse_identity(text))
        except InvalidIdentity as error:
            raise table.fail(f"ids[{index}]", str(error)) from None
    table.finish()
    return OrganisersConfig(ids=tuple(refs))


def _delivery(table: ConfigTable) -> DeliveryConfig:
    defaults = DeliveryConfig()
    config = DeliveryConfig(
        telegram_rate=table.number("telegram_rate", defaults.telegram_rate),
        telegram_chat_interval=table.number(
            "telegram_chat_interval", defaults.telegram_chat_interval, zero=True
        ),
        telegram_group_per_minute=table.count(
            "telegram_group_per_minute", defaults.telegram_group_per_minute
        ),
        allow_paid_broadcast=table.flag("allow_paid_broadcast", defaults.allow_paid_broadcast),
        paid_rate=table.number("paid_rate", defaults.paid_rate),
        slack_channel_interval=table.number(
            "slack_channel_interval", defaults.slack_channel_interval, zero=True
        ),
        slack_workspace_rate=table.number("slack_workspace_rate", defaults.slack_workspace_rate),
        sweep_interval=table.number("sweep_interval", defaults.sweep_interval),
    )
    table.finish()
    return config
