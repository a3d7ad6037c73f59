"""Files the terminal chat writes for the person typing: readable by them only, never replaced."""

import os
from pathlib import Path

PRIVATE_MODE = 0o600


def save_private(directory: Path, filename: str, content: bytes) -> Path:
    """Write `content` to a new file in `directory` (mode 0600) and return its path.

    An existing file is never overwritten: `name-1.json`, `name-2.json`... are tried instead.
    """
    stem, suffix = os.path.splitext(filename)
    for attempt in range(1000):
        path = directory / (filename if attempt == 0 else f"{stem}-{attempt}{suffix}")
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
        return path.resolve()
    raise FileExistsError(f"{directory / filename} and its numbered variants exist already")
