"""`/townhall new`: the organiser's modal submitted, its document read, a draft created.

The document is the file given in the modal's file_input (downloaded with the bot token, which
needs the files:read scope) or else the pasted text, read as Markdown. A document that cannot
be read is an inline error on the input it came from; any refusal of the core (not an
organiser, a bad closing date or title) is an inline error on the title. The answer must come
within Slack's 3 s, so the file is limited to bots.chat.uploads' 5 MB.
"""

import asyncio
from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_bolt.kwargs_injection.async_args import AsyncArgs
from slack_sdk.errors import SlackApiError

from bots.chat.uploads import MAX_FILE_BYTES, read_document_bytes
from bots.slack.answers import SlackAnswering, is_refusal
from bots.slack.events import actor_of
from bots.slack.hints import say
from bots.slack.interactions import input_files, input_value, team_of, text_at
from bots.slack.surfaces import (
    CLOSES_BLOCK,
    FILE_BLOCK,
    FILES_INPUT,
    TEXT_BLOCK,
    TITLE_BLOCK,
    VALUE_INPUT,
)
from core.documents import Document
from core.errors import InvalidDocument
from core.intents import CreateConsultation
from core.screens import Notice

PASTED_NAME = "pasted-text.md"
DOWNLOAD_SECONDS = 2.0
_CHUNK_BYTES = 64 * 1024


class SlackDrafts:
    """The submission of the modal that `/townhall new` opens."""

    def __init__(self, answering: SlackAnswering) -> None:
        self._answering = answering
        self._app = answering.app
        self._command = answering.command

    async def on_new_submitted(self, args: AsyncArgs) -> None:
        view = args.view or {}
        files = input_files(view, FILE_BLOCK, FILES_INPUT)
        pasted = input_value(view, TEXT_BLOCK, VALUE_INPUT)
        try:
            name, document = await self._document(args, files, pasted)
        except InvalidDocument as error:
            block = FILE_BLOCK if files or not pasted else TEXT_BLOCK
            await args.ack(response_action="errors", errors={block: error.message})
            return
        intent = CreateConsultation(
            title=input_value(view, TITLE_BLOCK, VALUE_INPUT),
            closes=input_value(view, CLOSES_BLOCK, VALUE_INPUT),
            filename=name,
            document=document,
            # One modal creates one consultation, however often its submission arrives.
            idempotency_key=f"slack:{team_of(args)}:{text_at(args.body, 'view', 'id')}",
        )
        await self._create(args, intent)

    async def _create(self, args: AsyncArgs, intent: CreateConsultation) -> None:
        user = text_at(args.body, "user", "id")
        actor = actor_of(team_of(args), user, text_at(args.body, "user", "name"))
        screen = await self._app.handle(actor, intent)
        if is_refusal(screen) and isinstance(screen, Notice):
            error = say(screen.text, self._command)
            await args.ack(response_action="errors", errors={TITLE_BLOCK: error})
            return
        await args.ack()
        await self._answering.answers(args).to_person(actor, screen)

    async def _document(
        self, args: AsyncArgs, files: list[Mapping[str, Any]], pasted: str
    ) -> tuple[str, Document]:
        if files:
            name, data = await _download(args, text_at(files[0], "id"))
            return name, await asyncio.to_thread(read_document_bytes, data, name)
        if not pasted.strip():
            raise InvalidDocument("Attach the draft as a file, or paste its text below.")
        # Pasted text goes through the same reader and limits as a file.
        data = pasted.encode()
        return PASTED_NAME, await asyncio.to_thread(read_document_bytes, data, PASTED_NAME)


async def _download(args: AsyncArgs, file_id: str) -> tuple[str, bytes]:
    try:
        info = (await args.client.files_info(file=file_id))["file"]
    except SlackApiError as error:
        raise InvalidDocument("That file cannot be read: share it again.") from error
    name, url = text_at(info, "name") or "document", text_at(info, "url_private_download")
    if int(info.get("size") or 0) > MAX_FILE_BYTES:
        raise InvalidDocument(f"{name} is larger than 5 MB.")
    headers = {"Authorization": f"Bearer {args.client.token}"}
    timeout = aiohttp.ClientTimeout(total=DOWNLOAD_SECONDS)
    try:
        async with (
            aiohttp.ClientSession(timeout=timeout) as session,
            session.get(url, headers=headers) as answer,
        ):
            # Without access Slack answers with its sign-in page, not an error status.
            if answer.status != 200 or answer.content_type == "text/html":
                raise InvalidDocument(f"{name} cannot be downloaded: is files:read granted?")
            return name, await _read_within_limit(answer, name)
    except (aiohttp.ClientError, TimeoutError) as error:
        raise InvalidDocument(f"{name} cannot be downloaded now. Try again.") from error


async def _read_within_limit(answer: aiohttp.ClientResponse, name: str) -> bytes:
    """The whole body, chunk by chunk (one read() returns only what has arrived so far)."""
    data = bytearray()
    async for chunk in answer.content.iter_chunked(_CHUNK_BYTES):
        data += chunk
        if len(data) > MAX_FILE_BYTES:
            raise InvalidDocument(f"{name} is larger than 5 MB.")
    return bytes(data)
