"""Slack's requests through the inbox: verified, stored, acknowledged, then processed once.

An HTTP request's signature is checked on the raw bytes (bots/slack/signatures.py: 401), its
body read (400 when it cannot be); a Socket Mode envelope comes over the authenticated
connection. Either is then stored in the inbox under its key (bots/slack/stored_requests.py)
before Slack hears back: the HTTP response, or the envelope's ack. A request stored before (a
retry with X-Slack-Retry-Num, a redelivered envelope) is acknowledged and not processed again;
one the inbox cannot store is not acknowledged (503, or no ack), so Slack sends it again.

The inbox's processor then hands each new request to Bolt, whose own signature check is off:
the request was verified at the door, and one processed again after a crash is older than the
five minutes a signature lasts. A request processed in the process it arrived in is dispatched
as the door read it (reading a block_actions body, the whole message URL-encoded, is not
cheap, though bots/slack/form_bodies.py reads it as Bolt does at a fraction of the cost); one
taken from the inbox by the sweep, after the process that stored it died, is read
back from what was stored.

What Slack waits for: a view_submission's answer rides in its acknowledgement (an empty
comment comes back as an inline error), so that request is answered when its listener calls
ack(); every other kind is acknowledged with nothing, as soon as it is stored, and its listener
runs at once, while the trigger_id is still fresh for views.open. A handshake (url_verification,
ssl_check) is no event: Bolt answers it, nothing is stored.
"""

import asyncio
import contextlib
import logging
from collections.abc import Mapping
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bots.chat.inbox import ArrivingEvent, Inbox, InboxProcessor, Source, StoredEvent, Timing
from bots.slack.form_bodies import read_request
from bots.slack.signatures import SlackSignatures, UnreadableTimestamp
from bots.slack.stored_requests import SOCKET_MODE, event_key, kept, person_of, restored
from core.ports import Clock

logger = logging.getLogger(__name__)

SOURCE = "slack"
ACK_WINDOW = 2.5  # seconds an answer may wait for its listener's ack(); Slack gives up at 3
ANSWERED_IN_ACK = frozenset({"view_submission", "block_suggestion"})


class SlackArrivals:
    """The door for Slack's requests (`http`, `socket`) and their processing from the inbox."""

    def __init__(
        self,
        bolt: AsyncApp,
        inbox: Inbox,
        clock: Clock,
        signing_secret: str | None = None,
        *,
        timing: Timing | None = None,
    ) -> None:
        self._bolt = bolt
        self._signatures = SlackSignatures(signing_secret) if signing_secret else None
        self._answers: dict[str, asyncio.Future[BoltResponse]] = {}  # by key: acks awaited
        self._read: dict[str, AsyncBoltRequest] = {}  # by key: arrived here, not yet processed
        source = Source(name=SOURCE, handle=self.process, order_key=_order_key)
        self.processor = InboxProcessor(inbox, clock, [source], timing=timing)

    async def http(self, headers: Mapping[str, str], body: bytes) -> BoltResponse:
        """A POST to /slack/events: 401 unless signed, 400 unless readable, else `arrive`."""
        headers = {name.lower(): value for name, value in headers.items()}
        try:
            signed = self._signatures is not None and self._signatures.signed(headers, body)
        except UnreadableTimestamp:
            return _unreadable()
        if not signed:
            logger.info("Slack: refused a request without a valid signature (401)")
            return BoltResponse(status=401, body={"error": "invalid request"})
        request = _readable(headers, body)
        if request is None:
            return _unreadable()
        return await self.arrive(request)

    async def socket(self, payload: dict[str, Any], headers: Mapping[str, str]) -> BoltResponse:
        """A Socket Mode envelope's payload; the answer is what its ack carries."""
        request = AsyncBoltRequest(body=payload, headers=dict(headers), mode=SOCKET_MODE)
        return await self.arrive(request)

    async def arrive(self, request: AsyncBoltRequest) -> BoltResponse:
        """Store the request, then answer: at once, or with its listener's ack."""
        key = event_key(request.body)
        if key is None:
            return await self._bolt.async_dispatch(request)  # a handshake: nothing to keep
        answer = self._await_ack(key) if request.body.get("type") in ANSWERED_IN_ACK else None
        self._read.setdefault(key, request)
        try:
            stored = await self.processor.accept(
                [ArrivingEvent(source=SOURCE, key=key, body=kept(request))]
            )
        except Exception as error:  # not stored: Slack must not be told it arrived
            self._forget(key, answer, request)
            logger.warning("Slack: could not store a request (%s): 503", type(error).__name__)
            return BoltResponse(status=503, body="")
        if not stored:
            self._forget(key, answer, request)  # stored before: a retry or a redelivery
        if not stored or answer is None:
            return BoltResponse(status=200, body="")
        with contextlib.suppress(TimeoutError):  # stored: it will be processed all the same
            return await asyncio.wait_for(asyncio.shield(answer), ACK_WINDOW)
        return BoltResponse(status=200, body="")

    async def process(self, event: StoredEvent) -> None:
        """Dispatch a stored request to Bolt; it is handled once its listener has run.

        A listener that fails has been dealt with by the app's error handler (logged once, the
        person told to try again), so the request is handled all the same; only a request whose
        processing never ended (the process died) is taken again, by the sweep.
        """
        request = self._read.pop(event.key, None) or restored(event.body)
        answer = self._answers.pop(event.key, None)
        if answer is not None:
            request.context["ack"] = AnsweringAck(answer)
        response = BoltResponse(status=500, body="")
        try:
            response = await self._bolt.async_dispatch(request)
        finally:
            if answer is not None and not answer.done():
                answer.set_result(response)  # no ack(): Bolt's own answer (404, 500)

    def _await_ack(self, key: str) -> asyncio.Future[BoltResponse] | None:
        if key in self._answers:
            return None  # the same request is arriving twice at once: the first one answers
        answer = self._answers[key] = asyncio.get_running_loop().create_future()
        return answer

    def _forget(
        self, key: str, answer: asyncio.Future[BoltResponse] | None, request: AsyncBoltRequest
    ) -> None:
        """Drop what this arrival left for processing here (another arrival's stays)."""
        if answer is not None and self._answers.get(key) is answer:
            del self._answers[key]
        if self._read.get(key) is request:
            del self._read[key]


class AnsweringAck(AsyncAck):
    """Bolt's ack() that also hands its response to the request waiting for it."""

    def __init__(self, answer: asyncio.Future[BoltResponse]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._answer = answer

    async def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        response = await super().__call__(*args, **kwargs)
        if not self._answer.done():
            self._answer.set_result(response)
        return response


def _order_key(event: StoredEvent) -> str:
    """A person's requests are processed in the order they came; nobody's, each on its own."""
    return person_of(event.body) or event.key


def _readable(headers: Mapping[str, str], body: bytes) -> AsyncBoltRequest | None:
    """The request as Bolt reads it, or None where Bolt's reading would raise."""
    try:
        return read_request(body.decode("utf-8"), headers)
    except (ValueError, TypeError, AttributeError):
        return None  # not UTF-8, broken JSON, or JSON that is not an object


def _unreadable() -> BoltResponse:
    logger.warning("Slack: refused a request that is not readable (400)")
    return BoltResponse(status=400, body="")
