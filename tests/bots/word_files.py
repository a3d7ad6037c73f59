"""Word files built for tests: zip bombs, small on disk, that unpack past the import limit."""

import io
import struct
import zipfile
from functools import cache

import docx

from bots.chat.archives import MAX_UNPACKED_BYTES

DOCUMENT_PART = "word/document.xml"
_MEGABYTE = b" " * (1024 * 1024)


@cache
def word_bomb(*, understated: bool = False) -> bytes:
    """A valid .docx whose document part unpacks to 10 MB more than the limit allows.

    The padding is whitespace between the body's elements, so the XML stays well-formed.
    With understated=True the archive's headers claim the part has its original small size.
    """
    source = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("A paragraph that hides a bomb.")
    word.save(source)
    target = io.BytesIO()
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for part in original.infolist():
            content = original.read(part)
            if part.filename != DOCUMENT_PART:
                bomb.writestr(part, content, compress_type=zipfile.ZIP_DEFLATED)
                continue
            head, tail = content.split(b"</w:body>")
            with bomb.open(DOCUMENT_PART, "w") as stream:
                stream.write(head)
                for _ in range(MAX_UNPACKED_BYTES // len(_MEGABYTE) + 10):
                    stream.write(_MEGABYTE)
                stream.write(b"</w:body>" + tail)
            declared = len(content)
    data = bytearray(target.getvalue())
    if understated:
        _declare_size(data, DOCUMENT_PART, declared)
    return bytes(data)


def _declare_size(data: bytearray, name: str, size: int) -> None:
    """Overwrite a part's uncompressed size in its local header and its directory entry."""
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(name).header_offset
    struct.pack_into("<L", data, local + 22, size)
    encoded = name.encode()
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(encoded)] != encoded:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<L", data, central + 24, size)
