"""The webhook route behind the server's bound on bodies: a large update is never read."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from bots.runtime.server import build_server
from bots.telegram.webhook import SECRET_HEADER, WEBHOOK_PATH
from tests.bots.telegram.conftest import TelegramWorld, inbox_webhook
from tests.fakes.telegram_updates import private_message

SECRET = "s3cret-token_" + "x" * 24
LIMIT = 4096


async def no_check() -> None:
    return None


@pytest.mark.parametrize("declared", [True, False])
async def test_an_update_over_the_limit_gets_413_and_is_not_processed(
    telegram: TelegramWorld, declared: bool
) -> None:
    route, inbox = inbox_webhook(telegram, SECRET)
    server = build_server(no_check, [route], max_body_bytes=LIMIT)
    update = json.dumps(private_message(4242, "/start " + "x" * LIMIT)).encode()

    async def streamed() -> AsyncIterator[bytes]:
        yield update  # without a Content-Length: sent chunked

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(server), base_url="http://townhall.test"
    ) as client:
        response = await client.post(
            WEBHOOK_PATH,
            content=update if declared else streamed(),
            headers={SECRET_HEADER: SECRET},
        )

    assert response.status_code == 413
    assert telegram.methods() == []
    assert telegram.memory.tables.participants == {}
    assert inbox.keys("telegram") == []
