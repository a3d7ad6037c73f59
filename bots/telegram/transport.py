"""AiohttpRequest: python-telegram-bot's HTTP transport on aiohttp, for the push Bot.

PTB's default transport (HTTPXRequest) costs about 3 ms of CPU a request, most of it in
httpcore's connection pool, which scans every connection for every queued request: with 32
pushes in flight that alone caps one worker near 300-400 messages a second. aiohttp's
connector hands out a free keep-alive connection without a scan (the Slack sender runs on it).

Only the transport changes: PTB still builds each request and maps each answer (RetryAfter,
Forbidden, BadRequest, ChatMigrated, InvalidToken, Conflict, NetworkError for 5xx) in
`BaseRequest._request_wrapper`. The body carries the parameters HTTPXRequest sends, as one
application/json object (`RequestData.parameters`, objects as objects: the Bot API takes JSON
for every method but file uploads) rather than HTTPXRequest's urlencoded form, whose
percent-escaping of every byte of a message's text and keyboard, in Python, cost a tenth of a
push's CPU; with files to upload, multipart/form-data fields followed by the files, as
HTTPXRequest sends them. Redirects are not followed (httpx's default).

Timeouts map onto aiohttp's as closely as it allows, and any of them raises TimedOut:

    read_timeout      sock_read: the longest wait for the next bytes of the answer
    connect_timeout   sock_connect: opening a new connection
    pool_timeout      + connect_timeout = connect: waiting for a free connection and opening it
    write_timeout     aiohttp has none of its own; it only widens the overall deadline (total =
                      the sum of the four, when none is None), so a stalled upload still ends

A connection that fails (refused, reset, closed before the answer) raises NetworkError.
The environment's proxy settings are not read (aiohttp's `trust_env` is off); pass `proxy`.
"""

import json
from typing import Final

import aiohttp
from aiohttp.payload import BytesPayload, Payload
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput, UploadFileDict
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

JSON: Final = "application/json"
NO_CONTENT_TYPE: Final = ("Content-Type",)  # aiohttp's application/octet-stream on no body


class AiohttpRequest(BaseRequest):
    """A BaseRequest on one aiohttp ClientSession with at most `connection_limit` connections.

    The session is made in `initialize` (Bot.initialize calls it) and closed in `shutdown`;
    both may be called again, and `initialize` after `shutdown` opens a new session.
    """

    __slots__ = (
        "_connect_timeout",
        "_default_timeout",
        "_limit",
        "_media_write_timeout",
        "_pool_timeout",
        "_proxy",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_limit: int = 256,
        *,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        proxy: str | None = None,
    ) -> None:
        if connection_limit < 1:
            raise ValueError("connection_limit must be at least 1")
        self._limit = connection_limit
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        self._session: aiohttp.ClientSession | None = None
        self._default_timeout = client_timeout(
            read=read_timeout, write=write_timeout, connect=connect_timeout, pool=pool_timeout
        )

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    @property
    def connection_limit(self) -> int:
        return self._limit

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._limit, limit_per_host=0)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._default_timeout,
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data is not None else None
        body = request_body(request_data, files)
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, pool_timeout, files)
        try:
            async with session.request(
                method,
                url,
                data=body,
                timeout=timeout,
                allow_redirects=False,
                proxy=self._proxy,
                skip_auto_headers=NO_CONTENT_TYPE if body is None else None,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's ServerTimeoutError is one, and a ClientError
            raise TimedOut(f"aiohttp.{type(error).__name__}: {error}".rstrip(": ")) from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    def _timeout(
        self,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
        files: object,
    ) -> aiohttp.ClientTimeout:
        defaults = all(isinstance(value, DefaultValue) for value in (read, write, connect, pool))
        if defaults and not files:
            return self._default_timeout
        default_write = self._media_write_timeout if files else self._write_timeout
        return client_timeout(
            read=self._read_timeout if isinstance(read, DefaultValue) else read,
            write=default_write if isinstance(write, DefaultValue) else write,
            connect=self._connect_timeout if isinstance(connect, DefaultValue) else connect,
            pool=self._pool_timeout if isinstance(pool, DefaultValue) else pool,
        )


def client_timeout(
    *, read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """PTB's four timeouts as aiohttp's (see the module's docstring)."""
    parts = (read, write, connect, pool)
    total = None if any(part is None for part in parts) else sum(p or 0.0 for p in parts)
    waiting = None if connect is None or pool is None else connect + pool
    return aiohttp.ClientTimeout(
        total=total, connect=waiting, sock_connect=connect, sock_read=read
    )


def request_body(
    request_data: RequestData | None, files: UploadFileDict | None
) -> Payload | aiohttp.FormData | None:
    """The parameters as one JSON object; multipart as HTTPXRequest sends it with files."""
    if request_data is None:
        return None
    if files:
        form = aiohttp.FormData(quote_fields=False)
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, (filename, content, mime_type) in files.items():
            form.add_field(name, content, filename=filename or name, content_type=mime_type)
        return form
    fields = request_data.parameters
    if not fields:
        return None
    return BytesPayload(json.dumps(fields).encode(), content_type=JSON)
