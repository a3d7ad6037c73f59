"""Reading schema revisions without Alembic agrees with Alembic, and falls back when unsure."""

import asyncio
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from bots.runtime.bootstrap import prepare_schema
from bots.runtime.config import DatabaseConfig
from storage.migrate import alembic_config, current_revision, upgrade_database
from storage.revisions import VERSIONS_DIRECTORY, shipped_revision, stored_revision


def test_the_shipped_revision_is_alembics_head() -> None:
    head = ScriptDirectory.from_config(alembic_config("sqlite:///unused.db")).get_current_head()

    assert shipped_revision() == head


def test_two_heads_or_an_unreadable_migration_give_no_answer(tmp_path: Path) -> None:
    for path in VERSIONS_DIRECTORY.glob("*.py"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "9999_branch.py").write_text(
        'revision: str = "9999"\ndown_revision: str | None = "0001"\n', encoding="utf-8"
    )
    assert shipped_revision(tmp_path) is None

    (tmp_path / "9999_branch.py").write_text("revision = make_one()\n", encoding="utf-8")
    assert shipped_revision(tmp_path) is None


async def test_the_stored_revision_is_none_before_migrating_and_alembics_after(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert await stored_revision(url) is None

    await upgrade_database(url)

    assert await stored_revision(url) == await current_revision(url) == shipped_revision()


async def test_a_sqlite_database_behind_is_still_upgraded_before_a_command(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'behind.db'}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0001")

    await prepare_schema(DatabaseConfig(url=url))

    assert await current_revision(url) == shipped_revision()
