"""The `POST /telegram/webhook` route: Telegram's requests, authenticated, processed, then 200.

The update is processed before the answer, so a 200 means the vote or comment is committed;
anything else (a missing or wrong secret: 403, a failure: 500) makes Telegram send it again,
which is harmless because votes are idempotent and comments carry idempotency keys.
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
        try:
            data = json.loads(await request.body())
        except ValueError:
            return Response(status_code=400)
        if not isinstance(data, dict):
            return Response(status_code=400)
        with tracked_failures() as failures:
            await application.process_update(Update.de_json(data, application.bot))
        return Response(status_code=500 if failures else 200)

    return Route(WEBHOOK_PATH, receive, methods=["POST"])
