"""The `POST /telegram/webhook` route: Telegram's requests, authenticated, processed, then 200.

The update is processed before the answer, so a 200 means the vote or comment is committed;
anything else (a missing or wrong secret: 403, a failure: 500) makes Telegram send it again,
which is harmless because votes are idempotent and comments carry idempotency keys. A body
that is not an update (not JSON, or JSON without an integer update_id, or with parts that are
not what the Bot API sends) gets 400 and one warning, never a traceback.
"""

import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update

from bots.telegram.application import TelegramApplication
from bots.telegram.errors import tracked_failures

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_route(application: TelegramApplication, secret: str) -> Route:
    """The route for the project's HTTP server; `application` must be initialized."""
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        update = _update_in(await request.body(), application)
        if update is None:
            logger.warning("Telegram webhook: refused a request that is not an update (400)")
            return Response(status_code=400)
        with tracked_failures() as failures:
            await application.process_update(update)
        return Response(status_code=500 if failures else 200)

    return Route(WEBHOOK_PATH, receive, methods=["POST"])


def _update_in(body: bytes, application: TelegramApplication) -> Update | None:
    """The update the body holds, or None when it holds none."""
    try:
        data = json.loads(body)
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return None
        return Update.de_json(data, application.bot)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None  # what PTB raises for parts that are not shaped as the Bot API's
