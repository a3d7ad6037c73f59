"""Zip packages (.docx) measured in bounded memory before anything unpacks them.

A .docx is a zip archive, and a small one can expand to gigabytes (a "zip bomb"). Before
python-docx reads a package, check_package refuses it when the sizes its directory declares
add up past MAX_UNPACKED_BYTES, then inflates every part in small chunks, counting what
comes out and discarding it, so a part that holds more than its declared size (a header
that lies) is caught while it is being inflated, never after. Only the compression methods
Word writes (stored and deflate) are accepted: the others inflate without a bound per call.
"""

import io
import struct
import zipfile
import zlib

from core.errors import InvalidDocument

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
_CHUNK = 64 * 1024
# A local file header (APPNOTE 4.3.7); its last two fields are the name and extra lengths.
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_LOCAL_SIGNATURE = b"PK\x03\x04"


def check_package(data: bytes, filename: str) -> None:
    """Raise InvalidDocument unless every part of the zip unpacks within the limit."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as error:
        raise _damaged(filename) from error
    declared = sum(part.file_size for part in parts)
    if declared > MAX_UNPACKED_BYTES:
        raise InvalidDocument(
            f"{filename} unpacks to {declared / 1024 / 1024:,.0f} MB; the limit is "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB. Remove large pictures or split the "
            "draft, and import it again."
        )
    view = memoryview(data)
    for part in parts:
        if _unpacked_size(view, part, filename) > part.file_size:
            raise InvalidDocument(
                f"{filename} is damaged: its part {part.filename[:80]} holds more than the "
                "archive says, so it is not unpacked. Open it in a word processor, save it "
                "again as .docx, and import it again."
            )


def _unpacked_size(data: memoryview, part: zipfile.ZipInfo, filename: str) -> int:
    """Inflate one part chunk by chunk; stop as soon as it passes its declared size."""
    stream = _compressed_stream(data, part, filename)
    if part.compress_type == zipfile.ZIP_STORED:
        return len(stream)
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise InvalidDocument(
            f"{filename} uses a compression method Word does not write. Open it in a word "
            "processor, save it again as .docx, and import it again."
        )
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced, position = 0, 0
    pending: bytes | memoryview = b""
    try:
        while not inflater.eof and produced <= part.file_size:
            if not pending and position < len(stream):
                pending, position = stream[position : position + _CHUNK], position + _CHUNK
            output = inflater.decompress(pending, _CHUNK)
            if not output and not pending:
                break  # the input is used up: a truncated part, for python-docx to refuse
            pending, produced = inflater.unconsumed_tail, produced + len(output)
    except zlib.error as error:
        raise _damaged(filename) from error
    return produced


def _compressed_stream(data: memoryview, part: zipfile.ZipInfo, filename: str) -> memoryview:
    header = data[part.header_offset : part.header_offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_SIGNATURE:
        raise _damaged(filename)
    *_, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    start = part.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    return data[start : start + part.compress_size]


def _damaged(filename: str) -> InvalidDocument:
    return InvalidDocument(
        f"{filename} is not a valid Word document (.docx), or it is damaged. Open it in "
        "a word processor, save it again as .docx, and import it again."
    )
