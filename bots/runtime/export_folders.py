"""Where a folder export ends up: built aside, then put in place whole, as a folder or a .zip.

An export is written into a temporary folder next to its destination; only a complete one is
moved there (a rename), so a failed or interrupted export leaves no half folder or zip where
a complete one was. An earlier export in the way is replaced; any other folder is refused.
Like the single-file exports, the folder, its files and the .zip are readable by their owner
only: they hold people's comments.
"""

import asyncio
import csv
import os
import shutil
import tempfile
import zipfile
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import TextIO

# Excel opens a CSV file as UTF-8 only when it starts with a byte order mark.
SPREADSHEET_ENCODING = "utf-8-sig"
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


class DestinationRefused(Exception):
    """The destination cannot take the export; the message says why, for the organiser."""


def check_destination(destination: Path, names: frozenset[str], zipped: bool) -> None:
    """Refuse a destination the export could not be put in, before anything is written."""
    if zipped and destination.suffix.lower() != ".zip":
        raise DestinationRefused(f"with --zip, --out names a .zip file, not {destination}")
    if not destination.parent.is_dir():
        raise DestinationRefused(f"{destination.parent} is not a folder")
    if zipped:
        if destination.is_dir():
            raise DestinationRefused(f"{destination} is a folder, not a .zip file")
        return
    if destination.exists() and not destination.is_dir():
        raise DestinationRefused(f"{destination} is a file; the export writes a folder")
    if destination.is_dir():
        strangers = sorted(p.name for p in destination.iterdir() if p.name not in names)
        if strangers:
            raise DestinationRefused(
                f"{destination} holds files that are not this export's ({', '.join(strangers)}): "
                "choose a new or empty folder"
            )


@asynccontextmanager
async def folder_beside(destination: Path) -> AsyncIterator[Path]:
    """A new empty folder next to `destination`, removed on leaving with whatever is left."""
    work = await asyncio.to_thread(
        tempfile.mkdtemp, dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp"
    )
    try:
        built = Path(work) / "export"
        await asyncio.to_thread(built.mkdir, PRIVATE_FOLDER)
        yield built
    finally:
        await asyncio.to_thread(shutil.rmtree, work, True)


def put_in_place(built: Path, destination: Path, zipped: bool) -> None:
    """Move the complete export `built` to `destination` (as a .zip if `zipped`)."""
    if zipped:
        archive = built.with_name("export.zip")
        archive.touch(PRIVATE_FILE)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(built.iterdir()):
                bundle.write(path, path.name)
        _sync(archive)
        os.replace(archive, destination)
        return
    for path in built.iterdir():
        _sync(path)
    if destination.is_dir():  # an earlier export (check_destination): set it aside, then drop it
        earlier = built.with_name("earlier")
        os.replace(destination, earlier)
    os.replace(built, destination)


def _sync(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


@contextmanager
def csv_file(
    path: Path, header: Sequence[str], *, encoding: str, terminator: str = "\r\n"
) -> Iterator["CsvFile"]:
    """A CSV file with its header written; rows end with CR LF (RFC 4180) by default."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with open(handle, "w", encoding=encoding, newline="") as file:
        yield CsvFile(file, header, terminator=terminator)


class CsvFile:
    """Rows written through the csv module, which quotes commas, quotes and line breaks."""

    def __init__(self, file: TextIO, header: Sequence[str], *, terminator: str = "\r\n") -> None:
        self._writer = csv.writer(file, lineterminator=terminator)
        self._writer.writerow(header)

    def write(self, rows: Iterable[Sequence[object]]) -> None:
        self._writer.writerows(rows)

    async def write_off_loop(self, rows: Iterable[Sequence[object]]) -> None:
        """Write a page of rows on a worker thread: the event loop keeps running meanwhile."""
        await asyncio.to_thread(self._writer.writerows, list(rows))


def write_private_text(path: Path, text: str) -> None:
    """A new text file, UTF-8, readable by its owner only."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with open(handle, "w", encoding="utf-8", newline="") as file:
        file.write(text)
