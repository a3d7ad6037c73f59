"""Which schema revision a database is at and which this townhall ships, without Alembic.

Every command checks the schema before it runs; importing Alembic and loading its scripts
for that costs more than most commands do. So the revision a database records is read with
one query, and the newest migration shipped is read from the migration files' own
`revision` and `down_revision` lines. Whenever either is unclear, the answer is None and the
caller falls back to Alembic (storage.migrate), which is always right.
"""

import re
from pathlib import Path

from sqlalchemy import Connection, inspect, text

from storage.engine import make_engine

VERSIONS_DIRECTORY = Path(__file__).resolve().parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision\b[^=\n]*=\s*[\"']([^\"'\n]+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\b[^=\n]*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"[\"']([^\"'\n]+)[\"']")


def shipped_revision(directory: Path = VERSIONS_DIRECTORY) -> str | None:
    """The one revision no other migration revises; None if that cannot be told for sure."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in directory.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found, down = _REVISION.findall(source), _DOWN_REVISION.findall(source)
        if len(found) != 1 or len(down) != 1:
            return None
        revisions.add(found[0])
        revised.update(_QUOTED.findall(down[0]))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


async def stored_revision(url: str) -> str | None:
    """The revision the database records; None if it records none (or several)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_read_revision)
    finally:
        await engine.dispose()


def _read_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return str(found[0]) if len(found) == 1 else None
