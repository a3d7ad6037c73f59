"""Reading a PNG's header and text chunks with the standard library."""

import struct
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) chunks of a PNG, each checked against its CRC."""
    assert png.startswith(SIGNATURE), "not a PNG"
    found, at = [], len(SIGNATURE)
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + data) == crc, f"bad CRC in {kind!r}"
        found.append((kind, data))
        at += 12 + length
    return found


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk."""
    kind, data = chunks(png)[0]
    assert kind == b"IHDR"
    width, height = struct.unpack(">II", data[:8])
    return width, height


def description(png: bytes) -> str | None:
    """The text of a PNG's Description tEXt chunk, if it has one."""
    for kind, data in chunks(png):
        keyword, _, text = data.partition(b"\0")
        if kind == b"tEXt" and keyword == b"Description":
            return text.decode("latin-1")
    return None
