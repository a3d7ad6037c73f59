"""The `POST /telegram/webhook` route: Telegram's requests, authenticated, stored, then 200.

The secret is checked first (403 without it); a body that is not an update (not JSON, or JSON
without an integer update_id, or with parts that are not what the Bot API sends) gets 400 and
one warning, never a traceback. An update is stored in the inbox before the answer, so a 200
means it is on disk; it is processed from there (bots.chat.inbox), once, even if Telegram sends it
again. If it cannot be stored the answer is 500 and Telegram sends it again later. While the
processor is as far behind as it lets itself be, the answer waits, which slows Telegram down.
"""

import hmac
import logging

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Bot

from bots.chat.inbox import InboxProcessor
from bots.telegram.intake import update_event, update_in

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_route(bot: Bot, secret: str, processor: InboxProcessor) -> Route:
    """The route for the project's HTTP server; `bot` must be initialized (its id is known)."""
    expected = secret.encode()

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        update = update_in(await request.body(), bot)
        if update is None:
            logger.warning("Telegram webhook: refused a request that is not an update (400)")
            return Response(status_code=400)
        await processor.room()
        try:
            await processor.accept([update_event(bot.id, update)])
        except Exception as error:  # the database: Telegram will send the update again
            logger.error("Telegram webhook: could not store an update: %s", type(error).__name__)
            return Response(status_code=500)
        return Response(status_code=200)

    return Route(WEBHOOK_PATH, receive, methods=["POST"])
