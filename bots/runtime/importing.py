"""Draft files on disk read for `townhall import`: only regular files, no links out of the folder.

What the file holds is read by the upload rules every front end applies
(bots.chat.uploads.read_document_bytes).
"""

import os
import stat
from pathlib import Path

from bots.chat.uploads import MAX_FILE_BYTES, check_suffix, read_document_bytes, too_big
from core.documents import Document
from core.errors import InvalidDocument


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
    check_suffix(path.name)
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
            raise too_big(path.name, status.st_size)
        return file.read(MAX_FILE_BYTES + 1)


def _require_regular(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        raise InvalidDocument(
            f"{path} is not a regular file (it is a pipe, a device or a socket); townhall "
            "imports only document files. Save the draft as a file and import that."
        )
