"""Drafts sent as files (.md, .markdown, .txt, .docx) read into a core Document, refused kindly.

The rules every front end applies to an uploaded draft (Telegram's document, Slack's file, and
`townhall import` through bots.runtime.importing): which suffixes, how large, which encodings.
Every failure is an InvalidDocument with a message an organiser can act on, never a traceback.
Word files are read by bots.chat.word into the same typed blocks the text reader produces, so
core.documents.assemble_document applies one set of rules to all.
"""

from pathlib import Path

from bots.chat.word import read_word
from core.documents import Document, assemble_document, parse_document
from core.errors import InvalidDocument

MAX_FILE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".md": True, ".markdown": True, ".txt": False}  # suffix -> is Markdown
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx")


def read_document_bytes(data: bytes, filename: str) -> Document:
    """Read an uploaded draft; the filename's suffix says which format it is."""
    suffix = check_suffix(filename)
    if len(data) > MAX_FILE_BYTES:
        raise too_big(filename, len(data))
    if not data.strip():
        raise InvalidDocument(f"{filename} is empty: there is nothing to consult on.")
    if suffix == ".docx":
        return assemble_document(read_word(data, filename))
    return parse_document(_decode(data, filename), markdown=TEXT_SUFFIXES[suffix])


def check_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise InvalidDocument(
            f"{filename} has {shown}, which townhall cannot read. Supported formats: "
            f"{', '.join(SUPPORTED_SUFFIXES)}. Save the draft in one of them and try again."
        )
    return suffix


def too_big(filename: str, size: int) -> InvalidDocument:
    return InvalidDocument(
        f"{filename} is {size / 1024 / 1024:.1f} MB; the limit is "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split the draft into smaller documents."
    )


def _decode(data: bytes, filename: str) -> str:
    """Decode UTF-8 text (with or without a BOM), or UTF-16 that announces itself by a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows editors save "Unicode" as UTF-16 with a BOM; its NUL bytes are not binary.
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _not_utf8(filename, error) from error
    if b"\x00" in data:
        raise InvalidDocument(
            f"{filename} contains NUL bytes, so it is a binary file rather than text. Export "
            "the draft as plain text (.txt), Markdown (.md) or Word (.docx) and try again."
        )
    try:
        # "utf-8-sig" accepts UTF-8 both with and without the BOM some editors write.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _not_utf8(filename, error) from error


def _not_utf8(filename: str, error: UnicodeDecodeError) -> InvalidDocument:
    return InvalidDocument(
        f"{filename} is not UTF-8 text (byte {error.object[error.start]:#04x} at position "
        f"{error.start} cannot be read). Save it as UTF-8 — in most editors: Save As, "
        "Encoding: UTF-8 — and import it again."
    )
