"""The HTTP server bounds request bodies: refused before they are read, in bounded memory.

Each front end's route has its own test (tests/bots/slack/test_bounded_requests.py,
tests/bots/telegram/test_bounded_webhook.py); here, the rule itself and `/healthz`, in process,
and a 300 MB body sent to `townhall run` over real HTTP.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from bots.runtime.config import ServerConfig
from bots.runtime.server import build_server, make_server
from tests.bots.townhall_process import ChildTownhall, child_environment, free_port

LIMIT = 4096
CHUNK = 1024
MEGABYTE = 1024 * 1024


async def no_check() -> None:
    return None


class Echo:
    """A route that reads the body and says how long it was; `bodies` has what it read."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    async def receive(self, request: Request) -> Response:
        self.bodies.append(await request.body())
        return Response(str(len(self.bodies[-1])))

    def server(self) -> Starlette:
        return build_server(
            no_check, [Route("/echo", self.receive, methods=["POST"])], max_body_bytes=LIMIT
        )


class Chunks:
    """A request body streamed in CHUNK-byte pieces; `sent` counts the pieces taken."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        piece = b"x" * CHUNK
        while self.sent < self.count:
            self.sent += 1
            yield piece


def client_of(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://townhall.test")


async def test_a_body_declared_over_the_limit_gets_413_and_not_a_byte_of_it_is_read() -> None:
    echo = Echo()
    body = Chunks(LIMIT // CHUNK + 1)
    declared = {"Content-Length": str(body.count * CHUNK)}

    async with client_of(echo.server()) as client:
        response = await client.post("/echo", content=body, headers=declared)

    assert response.status_code == 413
    assert body.sent == 0
    assert echo.bodies == []


async def test_a_body_without_a_length_is_refused_as_soon_as_it_passes_the_limit() -> None:
    echo = Echo()
    body = Chunks(10_000)  # 10 MB, chunked: nothing says how long it is

    async with client_of(echo.server()) as client:
        response = await client.post("/echo", content=body)

    assert response.status_code == 413
    assert body.sent == LIMIT // CHUNK + 1  # the chunk that passed the limit was the last read
    assert echo.bodies == []


@pytest.mark.parametrize("declared", [True, False])
async def test_a_body_of_exactly_the_limit_reaches_the_route_whole(declared: bool) -> None:
    echo = Echo()
    body = Chunks(LIMIT // CHUNK)
    headers = {"Content-Length": str(LIMIT)} if declared else {}

    async with client_of(echo.server()) as client:
        response = await client.post("/echo", content=body, headers=headers)

    assert (response.status_code, response.text) == (200, str(LIMIT))
    assert echo.bodies == [b"x" * LIMIT]


@pytest.mark.parametrize("lengths", [[b"12x"], [b"-1"], [b"10", b"12"]])
async def test_a_content_length_that_is_not_one_number_gets_400(lengths: list[bytes]) -> None:
    echo = Echo()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/echo",
        "query_string": b"",
        "headers": [(b"content-length", length) for length in lengths],
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"0123456789", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await echo.server()(scope, receive, send)

    assert sent[0]["status"] == 400
    assert echo.bodies == []


async def test_the_health_check_refuses_a_body_over_the_limit() -> None:
    server = build_server(no_check, max_body_bytes=LIMIT)

    async with client_of(server) as client:
        response = await client.request("GET", "/healthz", content=b"x" * (LIMIT + 1))
        still = await client.get("/healthz")

    assert response.status_code == 413
    assert still.status_code == 200


# --- 300 MB to the real thing -------------------------------------------------------------------

BIG = 300 * MEGABYTE
MEMORY_BOUND = 50 * MEGABYTE


async def megabytes(count: int) -> AsyncIterator[bytes]:
    piece = b"x" * MEGABYTE  # the test holds one megabyte, whatever it sends
    for _ in range(count):
        yield piece


def slack_http_config(folder: Path, port: int) -> Path:
    config = folder / "townhall.toml"
    config.write_text(
        f'[database]\nurl = "sqlite+aiosqlite:///{folder / "townhall.db"}"\n'
        '[slack]\nmode = "http"\nbase_url = "http://127.0.0.1:9/api/"\n'
        f'[server]\nhost = "127.0.0.1"\nport = {port}\n',
        encoding="utf-8",
    )
    return config


async def test_300_mb_unsigned_get_413_from_townhall_run_in_bounded_memory(
    tmp_path: Path, children: list[ChildTownhall]
) -> None:
    port = free_port()
    secrets = {"SLACK_BOT_TOKEN": "xoxb-never-used", "SLACK_SIGNING_SECRET": "a-secret"}
    townhall = ChildTownhall(
        slack_http_config(tmp_path, port), tmp_path / "townhall.log", child_environment(secrets)
    )
    children.append(townhall)
    await townhall.start()
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", timeout=httpx.Timeout(120.0)
    ) as client:
        await townhall.serving(port)
        townhall.reset_peak_memory()
        before = townhall.resident_bytes()
        declared = await client.post(
            "/slack/events",
            content=megabytes(300),
            headers={"Content-Length": str(BIG), "Content-Type": "application/json"},
        )
        chunked = await client.post("/slack/events", content=megabytes(300))
        grown = townhall.peak_resident_bytes() - before
        healthy = await client.get("/healthz")

    assert (declared.status_code, chunked.status_code) == (413, 413)
    assert grown < MEMORY_BOUND, f"townhall grew by {grown // MEGABYTE} MB"
    assert healthy.status_code == 200


def test_the_server_reads_requests_with_the_parser_written_in_c() -> None:
    server = make_server(build_server(no_check), ServerConfig(host="127.0.0.1", port=free_port()))
    server.config.load()

    assert server.config.http_protocol_class is HttpToolsProtocol
