"""The fake Slack Web API's file uploads, as slack-sdk's `files_upload_v2` makes them.

Three steps, as Slack has them since files.upload was retired: `files.getUploadURLExternal`
(a filename and the length in bytes) answers an upload URL and a file id; the bytes are POSTed
to that URL (served by the fake at `/upload/{file_id}`); `files.completeUploadExternal`
(`files` as a JSON list of `{"id", "title"}`, optionally `channel_id` and `initial_comment`)
finishes the file and shares it in the channel. A file whose bytes never came, or came with
another length, is refused as Slack refuses it.
"""

import itertools
import json
from dataclasses import dataclass

from aiohttp import web

from tests.fakes.slack_wire import Json, Params, SlackApiFailure, required

UPLOAD_PATH = "/upload/{file_id}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedFile:
    """A completed upload: its name, bytes, the channel it was shared in and the comment."""

    file_id: str
    filename: str
    title: str
    data: bytes
    channel: str | None
    initial_comment: str | None


class FakeUploads:
    """Upload URLs handed out, bytes received, and the files completed."""

    def __init__(self) -> None:
        self.root_url = "http://127.0.0.1"
        self.shared: list[SharedFile] = []
        self._pending: dict[str, tuple[str, int]] = {}  # file id: filename, announced length
        self._received: dict[str, bytes] = {}
        self._ids = itertools.count(1)

    def get_upload_url_external(self, params: Params) -> Json:
        filename = required(params, "filename", "invalid_arguments")
        length = str(params.get("length", ""))
        if not length.isdigit() or int(length) == 0:
            raise SlackApiFailure("invalid_arguments")
        file_id = f"F{next(self._ids):08d}"
        self._pending[file_id] = (filename, int(length))
        return {
            "upload_url": self.root_url + UPLOAD_PATH.format(file_id=file_id),
            "file_id": file_id,
        }

    async def receive(self, request: web.Request) -> web.Response:
        """The upload URL: the file's bytes, as the body (Slack answers 200 "OK - <size>")."""
        file_id = request.match_info["file_id"]
        if file_id not in self._pending:
            return web.Response(status=404, text="Not Found")
        data = await request.read()
        self._received[file_id] = data
        return web.Response(text=f"OK - {len(data)}")

    def complete_upload_external(self, params: Params) -> Json:
        channel = params.get("channel_id")
        comment = params.get("initial_comment")
        files = [self._complete(item, channel, comment) for item in _file_items(params)]
        return {"files": [{"id": f.file_id, "name": f.filename, "title": f.title} for f in files]}

    def _complete(self, item: object, channel: object, comment: object) -> SharedFile:
        if not isinstance(item, dict) or item.get("id") not in self._pending:
            raise SlackApiFailure("file_not_found")
        file_id = str(item["id"])
        filename, length = self._pending.pop(file_id)
        data = self._received.pop(file_id, None)
        if data is None or len(data) != length:
            raise SlackApiFailure("file_upload_size_mismatch" if data else "file_not_found")
        shared = SharedFile(
            file_id=file_id,
            filename=filename,
            title=str(item.get("title") or filename),
            data=data,
            channel=channel if isinstance(channel, str) and channel else None,
            initial_comment=comment if isinstance(comment, str) else None,
        )
        self.shared.append(shared)
        return shared


def _file_items(params: Params) -> list[object]:
    raw = params.get("files")
    try:
        items = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError as error:
        raise SlackApiFailure("invalid_arguments") from error
    if not isinstance(items, list) or not items:
        raise SlackApiFailure("invalid_arguments")
    return items
