"""`townhall export --format csv|polis`: several files, written into a folder or a .zip."""

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TextIO

from bots.runtime.bootstrap import Townhall
from bots.runtime.commands import CommandError
from bots.runtime.export_folders import (
    DestinationRefused,
    check_destination,
    folder_beside,
    put_in_place,
)
from bots.runtime.open_data_files import FILES as OPEN_DATA_FILES
from bots.runtime.open_data_files import write_open_data
from bots.runtime.polis_files import FILES as POLIS_FILES
from bots.runtime.polis_files import write_polis
from core.app import ConsultationApp
from core.model import CLI_ACTOR
from core.open_data import CollectOpenData, OpenDataExport
from core.wording import counted

Writer = Callable[[ConsultationApp, OpenDataExport, Path], Awaitable[None]]

FOLDER_FORMATS: dict[str, tuple[Writer, frozenset[str]]] = {
    "csv": (write_open_data, OPEN_DATA_FILES),
    "polis": (write_polis, POLIS_FILES),
}


async def export_folder(
    townhall: Townhall,
    slug: str,
    file_format: str,
    destination: str,
    out: TextIO,
    *,
    zipped: bool = False,
    organiser: bool = False,
) -> int:
    """Write the export's files into the folder (or .zip) `destination`, complete or not at all."""
    write, names = FOLDER_FORMATS[file_format]
    if destination == "-":
        raise CommandError(
            f"--format {file_format} writes several files: give --out FOLDER, "
            "or --zip --out FILE.zip"
        )
    path = Path(destination)
    collected = await townhall.app.handle(
        CLI_ACTOR, CollectOpenData(slug=slug, organiser=organiser)
    )
    try:
        await asyncio.to_thread(check_destination, path, names, zipped)
        async with folder_beside(path) as built:
            await write(townhall.app, collected, built)
            await asyncio.to_thread(put_in_place, built, path, zipped)
    except DestinationRefused as refusal:
        raise CommandError(f"cannot write {path}: {refusal}") from None
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}") from None
    export = collected.export
    out.write(
        f"Exported {slug} to {path} ({file_format}): "
        f"{counted(len(export.paragraphs), 'paragraph')}, "
        f"{counted(len(export.comments), 'comment')}, "
        f"{counted(len(collected.participants), 'participant')}.\n"
    )
    return 0
