"""The fake Bot API's update feed: getUpdates long polling and the webhook settings.

Semantics follow Telegram: an update stays pending until a getUpdates call with a higher
`offset` confirms it; a new poll ends an older one with 409 Conflict; getUpdates is a Conflict
while a webhook is set; kinds left out of `allowed_updates` are dropped.
"""

import asyncio
import contextlib
import re
from collections.abc import Mapping

from tests.fakes.telegram_wire import BotApiError, bad_request, integer

Json = dict[str, object]
Params = Mapping[str, object]

CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is "
    "running"
)
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")


class FakeUpdateFeed:
    """Pending updates, long polls waiting for them, and the webhook the bot set."""

    def __init__(self) -> None:
        self.pending: list[Json] = []
        self.webhook: Json = {}
        self._changed = asyncio.Condition()
        self._next_update_id = 1
        self._polls = 0
        self._allowed: list[str] = []
        self._closing = False

    async def push(self, update: Mapping[str, object]) -> Json:
        queued = dict(update)
        update_id = queued.get("update_id")
        if not isinstance(update_id, int):
            update_id = queued["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, update_id + 1)
        async with self._changed:
            self.pending.append(queued)
            self._allow(self._allowed)
            self._changed.notify_all()
        return queued

    async def close(self) -> None:
        """End every waiting long poll at once, so the server can stop without waiting."""
        async with self._changed:
            self._closing = True
            self._changed.notify_all()

    async def get_updates(self, params: Params) -> list[Json]:
        if self.webhook.get("url"):
            raise BotApiError(409, WEBHOOK_ACTIVE)
        offset, limit = integer(params, "offset", 0), integer(params, "limit", 100)
        if isinstance(params.get("allowed_updates"), list):
            self._allow(params.get("allowed_updates"))
        async with self._changed:
            self._polls += 1
            poll = self._polls
            self._changed.notify_all()  # an older long poll ends with a Conflict
            self._confirm(offset)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(integer(params, "timeout", 0)):
                    await self._changed.wait_for(
                        lambda: bool(self.pending) or self._closing or poll != self._polls
                    )
            if poll != self._polls:
                raise BotApiError(409, CONFLICT)
            return list(self.pending[: max(1, min(limit, 100))])

    def set_webhook(self, params: Params) -> bool:
        url = str(params.get("url", ""))
        if not url:
            return self.delete_webhook(params)
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_TOKEN.fullmatch(str(secret)):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        self.delete_webhook(params)
        if "allowed_updates" in params:
            self._allow(params["allowed_updates"])
        kept = ("url", "secret_token", "allowed_updates", "max_connections")
        self.webhook = {key: params[key] for key in kept if key in params}
        return True

    def delete_webhook(self, params: Params) -> bool:
        self.webhook = {}
        if params.get("drop_pending_updates") is True:
            self.pending.clear()
        return True

    def webhook_info(self, params: Params) -> Json:
        info: Json = {"url": self.webhook.get("url", ""), "has_custom_certificate": False}
        info["pending_update_count"] = len(self.pending)
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections", 40)
        if "allowed_updates" in self.webhook:
            info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    def _allow(self, kinds: object) -> None:
        """Telegram drops the updates of kinds a bot did not ask for (an empty list: all)."""
        self._allowed = [str(kind) for kind in kinds] if isinstance(kinds, list) else []
        if self._allowed:
            self.pending[:] = [u for u in self.pending if set(u) & {*self._allowed}]

    def _confirm(self, offset: int) -> None:
        """Telegram forgets updates below a positive offset; a negative one keeps the last -n."""
        if offset > 0:
            self.pending[:] = [u for u in self.pending if integer(u, "update_id", 0) >= offset]
        elif offset < 0:
            self.pending[:] = self.pending[offset:]
