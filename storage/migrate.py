"""Bring a database schema up to date with the migrations shipped inside this package."""

import asyncio
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection

from storage.engine import make_engine, normalise_url

logger = logging.getLogger(__name__)

MIGRATIONS_DIRECTORY = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic Config built in code: no alembic.ini, so it works from any directory."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIRECTORY))
    config.set_main_option("path_separator", "os")
    full_url = normalise_url(url).render_as_string(hide_password=False)
    # The Config is a ConfigParser: a literal % (URL-encoded password) must be doubled.
    config.set_main_option("sqlalchemy.url", full_url.replace("%", "%%"))
    return config


async def upgrade_database(url: str) -> None:
    """Apply every migration up to head.

    Alembic's async env.py calls asyncio.run(), which cannot run inside a running event loop,
    so the upgrade runs in a worker thread.
    """
    logger.info("Upgrading the database schema to head")
    await asyncio.to_thread(command.upgrade, alembic_config(url), "head")


async def current_revision(url: str) -> str | None:
    """The revision the database is at, or None if it was never migrated."""
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_read_revision)
    finally:
        await engine.dispose()


def _read_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
