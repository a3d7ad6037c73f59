"""Slack's request signatures, checked on the raw bytes before anything reads the body.

Slack signs `v0:{X-Slack-Request-Timestamp}:{body}` with HMAC-SHA256 and the app's signing
secret and sends `X-Slack-Signature: v0=<hex>`; a request more than five minutes old is refused
as a replay. This is the check slack-sdk's SignatureVerifier makes, on bytes: Bolt makes it
only once AsyncBoltRequest has decoded and parsed the whole body.
"""

import hashlib
import hmac
import time
from collections.abc import Callable, Mapping

TIMESTAMP_HEADER = "x-slack-request-timestamp"
SIGNATURE_HEADER = "x-slack-signature"
MAX_AGE = 60 * 5  # seconds, as Slack documents and slack-sdk checks


class UnreadableTimestamp(ValueError):
    """The timestamp header is there but is not a number of seconds."""


class SlackSignatures:
    """Tells a request Slack signed with `signing_secret` from any other."""

    def __init__(self, signing_secret: str, now: Callable[[], float] = time.time) -> None:
        self._secret = signing_secret.encode()
        self._now = now

    def signed(self, headers: Mapping[str, str], body: bytes) -> bool:
        """True when the signature matches the body and is recent; UnreadableTimestamp."""
        stamp = headers.get(TIMESTAMP_HEADER)
        given = headers.get(SIGNATURE_HEADER)
        if stamp is None or given is None:
            return False
        if not (stamp.isascii() and stamp.isdigit()):
            raise UnreadableTimestamp(stamp)
        if abs(self._now() - int(stamp)) > MAX_AGE:
            return False
        digest = hmac.new(self._secret, b"v0:" + stamp.encode() + b":", hashlib.sha256)
        digest.update(body)  # the body as it came, not copied, not decoded
        expected = "v0=" + digest.hexdigest()
        return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))
