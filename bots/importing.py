"""Draft files (.md, .markdown, .txt, .docx) read into a core Document, refusing bad files kindly.

Every failure is an InvalidDocument with a message an organiser can act on, never a
traceback. Word files are read by bots.word into the same typed blocks the text reader
produces, so core.documents.assemble_document applies one set of rules to all.
"""

import os
import stat
from pathlib import Path

from bots.word import read_word
from core.documents import Document, assemble_document, parse_document
from core.errors import InvalidDocument

MAX_FILE_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = {".md": True, ".markdown": True, ".txt": False}  # suffix -> is Markdown
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx")


def read_document(path: Path, *, base: Path | None = None) -> Document:
    """Read a draft file from disk; see read_document_bytes for the rules.

    Only a regular file is read: a FIFO, device or socket is refused without being opened
    for a blocking read. With base, a path that symbolic links lead outside base is refused,
    so a link cannot turn a system file into a public consultation.
    """
    if not path.exists():
        raise InvalidDocument(f"There is no file at {path}.")
    if path.is_dir():
        raise InvalidDocument(f"{path} is a folder; give the path of a document file inside it.")
    _check_suffix(path.name)
    if base is not None:
        _check_links(path, base)
    try:
        data = _read_regular_file(path)
    except OSError as error:
        raise InvalidDocument(f"{path.name} cannot be read: {error.strerror}.") from error
    return read_document_bytes(data, path.name)


def _check_links(path: Path, base: Path) -> None:
    target = path.resolve()
    if target == Path(os.path.abspath(path)) or target.is_relative_to(base.resolve()):
        return  # no link on the way, or one that stays inside base
    raise InvalidDocument(
        f"{path} is a symbolic link to {target}, outside the current folder, so it is not "
        "imported. Copy the document into this folder, or give its real path."
    )


def _read_regular_file(path: Path) -> bytes:
    _require_regular(path, os.stat(path))
    # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening it still
    # returns at once instead of waiting for a writer; fstat then refuses it.
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        _require_regular(path, status)
        if status.st_size > MAX_FILE_BYTES:  # checked before reading: a huge file is never loaded
            raise _too_big(path.name, status.st_size)
        return file.read(MAX_FILE_BYTES + 1)


def _require_regular(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise InvalidDocument(
            f"{path} is not a regular file (it is a pipe, a device or a socket); townhall "
            "imports only document files. Save the draft as a file and import that."
        )


def read_document_bytes(data: bytes, filename: str) -> Document:
    """Read an uploaded draft; the filename's suffix says which format it is."""
    suffix = _check_suffix(filename)
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(filename, len(data))
    if not data.strip():
        raise InvalidDocument(f"{filename} is empty: there is nothing to consult on.")
    if suffix == ".docx":
        return assemble_document(read_word(data, filename))
    return parse_document(_decode(data, filename), markdown=TEXT_SUFFIXES[suffix])


def _check_suffix(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no suffix"
        raise InvalidDocument(
            f"{filename} has {shown}, which townhall cannot read. Supported formats: "
            f"{', '.join(SUPPORTED_SUFFIXES)}. Save the draft in one of them and try again."
        )
    return suffix


def _too_big(filename: str, size: int) -> InvalidDocument:
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
