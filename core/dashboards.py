"""The live dashboard's rules: signed expiring links, revoking them, and publishing openly.

A link is `BASE/dashboard/SLUG?expires=EPOCH&signature=HEX`: the signature is an HMAC-SHA256,
keyed with the server's secret, over the slug, the expiry (whole seconds since the epoch) and
the consultation's link generation. Revoking a consultation's links adds one to its
generation, so every link signed before no longer matches; changing the secret revokes every
link of every consultation. A link is checked in constant time (hmac.compare_digest), and
every refusal is the same, whatever its cause: a reader learns nothing, not even whether the
slug exists.

A public consultation may be published: its dashboard is then readable without a link,
results visibility permitting (live: at once; after-vote and after-close: once it has closed,
since a visitor has voted on nothing). A private consultation is never published.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import quote, urlencode

from core.model import Consultation, Privacy, ResultsVisibility, Status

DEFAULT_LINK_LIFETIME = timedelta(days=7)
MIN_LINK_LIFETIME = timedelta(minutes=1)
MAX_LINK_LIFETIME = timedelta(days=366)
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
PATH = "dashboard"  # a dashboard's URL is BASE/dashboard/SLUG
SECRET_NAME = "dashboard-links"  # the secret's name among the server's stored secrets
REFUSAL = "This dashboard link is not valid: it may have expired or been revoked."


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardState:
    """A consultation's dashboard: published openly or not, and its links' generation."""

    published: bool = False
    generation: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkSettings:
    """Where links point (`base_url`, the server's public URL) and the secret's override.

    Without `secret` the one stored in the database is used (made on first use), so links
    survive restarts and every process signs and checks them alike.
    """

    base_url: str = DEFAULT_BASE_URL
    secret: bytes | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardKey:
    """What a link carries besides the slug, as the reader sent it (not yet checked)."""

    expires: str
    signature: str


class DashboardRepository(Protocol):
    """Each consultation's dashboard state, and the server's secrets by name."""

    async def state(self, consultation_id: int) -> DashboardState:
        """The stored state; the default one for a consultation never changed."""
        ...

    async def set_published(self, consultation_id: int, published: bool) -> None: ...

    async def revoke(self, consultation_id: int) -> int:
        """Add one to the links' generation; returns the new generation."""
        ...

    async def secret(self, name: str, candidate: str) -> str:
        """The secret stored under `name`, storing `candidate` first if there is none.

        Two processes asking at once get the same secret (the first stored wins).
        """
        ...


def signature(secret: bytes, slug: str, expires: int, generation: int) -> str:
    message = f"townhall-dashboard\n{slug}\n{expires}\n{generation}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def address(base_url: str, slug: str) -> str:
    """The dashboard's address without a key (what a published one is read at)."""
    return "/".join((base_url.rstrip("/"), PATH, quote(slug)))


def link(base_url: str, secret: bytes, slug: str, expires_at: datetime, generation: int) -> str:
    """The signed link to the consultation's dashboard, valid until `expires_at`."""
    expires = int(expires_at.timestamp())
    query = urlencode(
        {"expires": expires, "signature": signature(secret, slug, expires, generation)}
    )
    return f"{address(base_url, slug)}?{query}"


def is_valid_key(
    secret: bytes, slug: str, key: DashboardKey, generation: int, now: datetime
) -> bool:
    """The key was signed for this slug and generation, and has not expired."""
    if not key.expires.isascii() or not key.expires.isdigit() or len(key.expires) > 12:
        return False
    expires = int(key.expires)
    expected = signature(secret, slug, expires, generation).encode()
    matches = hmac.compare_digest(expected, key.signature.encode("utf-8", "replace"))
    return matches and now.timestamp() < expires


def publicly_readable(consultation: Consultation, state: DashboardState, now: datetime) -> bool:
    """Anyone may read the dashboard without a link (see the module's docstring)."""
    if not state.published or consultation.privacy is not Privacy.PUBLIC:
        return False
    if consultation.status is Status.DRAFT:
        return False
    if consultation.results_visibility is ResultsVisibility.LIVE:
        return True
    return consultation.is_closed(now)


def check_lifetime(lifetime: timedelta) -> None:
    """Raise ValueError unless the lifetime is a minute to MAX_LINK_LIFETIME."""
    if lifetime < MIN_LINK_LIFETIME or lifetime > MAX_LINK_LIFETIME:
        raise ValueError(
            f"A dashboard link lasts between a minute and {MAX_LINK_LIFETIME.days} days."
        )
