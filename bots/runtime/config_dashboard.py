"""The live dashboard's settings: `[server] public_url` and $TOWNHALL_DASHBOARD_SECRET.

`public_url` is where people reach townhall's HTTP server (through a reverse proxy, say):
dashboard links start with it. Without it they start with http://HOST:PORT of `[server]`. The
secret that signs the links is made once and stored in the database (so links survive restarts
and every process agrees); $TOWNHALL_DASHBOARD_SECRET replaces it, and changing either revokes
every link given so far.
"""

from collections.abc import Mapping
from urllib.parse import urlsplit

from bots.chat.settings import ConfigError
from bots.runtime.config_table import ConfigTable

SECRET_ENV = "TOWNHALL_DASHBOARD_SECRET"
MIN_SECRET_LENGTH = 32


def read_public_url(table: ConfigTable) -> str | None:
    """The `public_url` key: an http(s) URL with a host and no query, without its final /."""
    text = table.string("public_url", "")
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise table.fail("public_url", f"expected an http:// or https:// URL, got {text!r}")
    if parts.query or parts.fragment or any(c.isspace() for c in text):
        raise table.fail("public_url", f"expected a URL without ?query or #fragment, got {text!r}")
    return text.rstrip("/")


def read_dashboard_secret(environ: Mapping[str, str]) -> str | None:
    """$TOWNHALL_DASHBOARD_SECRET if set: at least 32 characters (never shown in a message)."""
    secret = environ.get(SECRET_ENV) or None
    if secret is not None and len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"{SECRET_ENV}: expected at least {MIN_SECRET_LENGTH} characters "
            "(e.g. `openssl rand -hex 32`)"
        )
    return secret
