"""Everything the front end sends to Slack's Web API, with Slack's permanent failures sorted out.

A person who left the workspace (`account_inactive`, `user_not_found`, `user_disabled`) is
marked unreachable in the database; a channel that is gone, archived or without the app
(`channel_not_found`, `is_archived`, `not_in_channel`) is logged. Both raise Undeliverable,
which a listener may turn into advice and the error handler ignores. Any other SlackApiError
goes on to the error handler. Transient failures (429, 5xx, connection errors) are retried by
the client's retry handlers (bots.slack.application). Messages (posted, updated, ephemeral) go
out through bots.slack.web_calls: the same request and the same retries and errors, without
slack-sdk's per-call overhead.
"""

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bots.slack import web_calls
from bots.slack.blocks import SlackMessage
from core.app import ConsultationApp
from core.model import SYSTEM_ACTOR, ParticipantRef
from core.upkeep import SetReachable

logger = logging.getLogger(__name__)

PERSON_GONE = frozenset({"account_inactive", "user_not_found", "user_disabled"})
CHANNEL_GONE = frozenset({"channel_not_found", "is_archived", "not_in_channel"})
Json = dict[str, Any]  # the Web API's answers, as slack-sdk hands them over


class Undeliverable(Exception):
    """Slack will not take this message: the person or the channel is gone for good."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SlackClient:
    """One request's Web API client (Bolt hands each request its own) plus the core's door."""

    def __init__(self, client: AsyncWebClient, app: ConsultationApp) -> None:
        self.client = client
        self._app = app  # a person Slack says is gone is recorded through it

    @asynccontextmanager
    async def _sending(self, person: ParticipantRef | None = None) -> AsyncIterator[None]:
        try:
            yield
        except SlackApiError as error:
            reason = str(error.response.get("error", ""))
            if reason in PERSON_GONE and person is not None:
                logger.info("%s cannot be messaged (%s): unreachable now", person, reason)
                await self._app.handle(SYSTEM_ACTOR, SetReachable(ref=person, reachable=False))
            elif reason in CHANNEL_GONE:
                logger.warning("cannot post to a Slack channel: %s", reason)
            else:
                raise
            raise Undeliverable(reason) from error

    async def direct(self, person: ParticipantRef) -> str:
        """The id of the person's DM with the app, opened if need be."""
        async with self._sending(person):
            opened = await self.client.conversations_open(users=person.external_id)
        return str(opened["channel"]["id"])

    async def post(
        self,
        channel: str,
        message: SlackMessage,
        *,
        thread_ts: str | None = None,
        person: ParticipantRef | None = None,
    ) -> str:
        """Post the message; returns its ts."""
        async with self._sending(person):
            sent = await web_calls.send(
                self.client,
                "chat.postMessage",
                channel=channel,
                thread_ts=thread_ts,
                text=message.text,
                blocks=message.blocks,
            )
        return str(sent["ts"])

    async def upload(
        self, channel: str, filename: str, content: bytes, comment: str, person: ParticipantRef
    ) -> None:
        """Share a file in the channel (a person's DM) with a comment: files_upload_v2."""
        async with self._sending(person):
            await self.client.files_upload_v2(
                channel=channel,
                filename=filename,
                title=filename,
                content=content,
                initial_comment=comment,
            )

    async def update(self, channel: str, ts: str, message: SlackMessage) -> None:
        async with self._sending():
            await web_calls.send(
                self.client,
                "chat.update",
                channel=channel,
                ts=ts,
                text=message.text,
                blocks=message.blocks,
            )

    async def whisper(
        self, channel: str, user: str, message: SlackMessage, *, thread_ts: str | None = None
    ) -> None:
        """An ephemeral message only `user` sees, in a channel (or a thread of it)."""
        async with self._sending():
            await web_calls.send(
                self.client,
                "chat.postEphemeral",
                channel=channel,
                user=user,
                thread_ts=thread_ts,
                text=message.text,
                blocks=message.blocks,
            )

    async def open_view(self, trigger_id: str, view: Mapping[str, object]) -> Json:
        answer = await self.client.views_open(trigger_id=trigger_id, view=dict(view))
        return dict(answer["view"])

    async def push_view(self, trigger_id: str, view: Mapping[str, object]) -> None:
        await self.client.views_push(trigger_id=trigger_id, view=dict(view))

    async def update_view(self, view_id: str, view: Mapping[str, object]) -> None:
        await self.client.views_update(view_id=view_id, view=dict(view))

    async def publish_home(self, user: str, view: Mapping[str, object]) -> None:
        await self.client.views_publish(user_id=user, view=dict(view))

    async def message_at(self, channel: str, ts: str) -> Json | None:
        """The message with this ts in the channel (a thread's parent), if there is one."""
        async with self._sending():
            found = await self.client.conversations_history(
                channel=channel, latest=ts, inclusive=True, limit=1
            )
        messages = found.get("messages") or []
        return dict(messages[0]) if messages and messages[0].get("ts") == ts else None

    async def user_name(self, user: str) -> str | None:
        """The person's Slack username (what slash commands and buttons report), if known."""
        try:
            found = await self.client.users_info(user=user)
        except SlackApiError:
            return None
        name = found["user"].get("name")
        return name if isinstance(name, str) and name else None
