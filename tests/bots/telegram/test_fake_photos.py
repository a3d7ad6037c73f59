"""The fake Bot API's sendPhoto, driven by python-telegram-bot's multipart upload."""

import struct
import zlib

import pytest
from telegram.error import BadRequest

from tests.bots.telegram.conftest import build_application
from tests.fakes.telegram import FakeBotApi

PERSON = 4242


def png(width: int, height: int) -> bytes:
    """A PNG header with its IHDR chunk: all the fake reads of a picture."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + header + crc


async def test_a_photo_upload_is_recorded_with_its_size_and_caption(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api) as app:
        sent = await app.bot.send_photo(
            PERSON, png(900, 196), caption="<b>Plan</b>: 67%", parse_mode="HTML"
        )

    [call] = fake_bot_api.calls_to("sendPhoto")
    [upload] = call.files.values()
    assert upload.data == png(900, 196)
    assert [(size.width, size.height) for size in sent.photo] == [(900, 196)]
    assert sent.caption == "Plan: 67%"
    assert fake_bot_api.messages(PERSON)[-1]["caption"] == "Plan: 67%"


@pytest.mark.parametrize(
    ("picture", "refusal"),
    [  # PTB shows Telegram's description capitalised: "Photo_invalid_dimensions"
        (b"not a picture at all", "IMAGE_PROCESS_FAILED"),
        (png(9000, 1001), "PHOTO_INVALID_DIMENSIONS"),
        (png(100, 2001), "PHOTO_INVALID_DIMENSIONS"),
    ],
    ids=["not an image", "sides over 10,000", "ratio over 20"],
)
async def test_a_photo_telegram_would_refuse_is_refused(
    fake_bot_api: FakeBotApi, picture: bytes, refusal: str
) -> None:
    async with build_application(fake_bot_api) as app:
        with pytest.raises(BadRequest, match=f"(?i){refusal}"):
            await app.bot.send_photo(PERSON, picture)

    assert fake_bot_api.messages(PERSON) == []


async def test_a_caption_over_1024_characters_is_refused(fake_bot_api: FakeBotApi) -> None:
    async with build_application(fake_bot_api) as app:
        with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
            await app.bot.send_photo(PERSON, png(900, 196), caption="x" * 1025)
