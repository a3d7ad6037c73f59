"""sendPhoto's upload in the fake Bot API, checked as Telegram checks a photo.

Telegram takes a photo of at most 10 MB whose width and height add up to at most 10,000
pixels, at most 20 times as long as it is wide (chat-platforms.md); anything it cannot read as
an image is refused. The fake reads PNG only (the charts townhall sends) from its IHDR chunk.
"""

import struct
from collections.abc import Mapping

from tests.fakes.telegram_wire import BotApiError, UploadedFile, bad_request

Json = dict[str, object]

PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_SIDES = 10_000
PHOTO_RATIO = 20
_PNG = b"\x89PNG\r\n\x1a\n"


def uploaded_photo(value: object, files: Mapping[str, UploadedFile]) -> UploadedFile:
    """The photo's file part: named by `attach://NAME` or sent as the `photo` field itself."""
    upload = files.get(str(value).removeprefix("attach://")) or files.get("photo")
    if upload is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return upload


def photo_sizes(upload: UploadedFile, file_id: str) -> list[Json]:
    """The PhotoSize array of the sent message, after Telegram's checks on the picture."""
    if len(upload.data) > PHOTO_BYTES:
        raise BotApiError(413, "Request Entity Too Large")
    if not upload.data.startswith(_PNG) or upload.data[12:16] != b"IHDR":
        raise bad_request("IMAGE_PROCESS_FAILED")
    width, height = struct.unpack(">II", upload.data[16:24])
    if not width or not height or width + height > PHOTO_SIDES:
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    if max(width, height) > PHOTO_RATIO * min(width, height):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    return [
        {
            "file_id": file_id,
            "file_unique_id": file_id[-12:],
            "width": width,
            "height": height,
            "file_size": len(upload.data),
        }
    ]
