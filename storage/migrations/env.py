"""Alembic environment: migrates the database whose URL storage.migrate put in the Config."""

import asyncio
from typing import Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from storage.engine import make_engine, normalise_url
from storage.row_base import MinuteOffsets, UtcDateTime
from storage.rows import Base

config = context.config
target_metadata = Base.metadata
# slack-sdk's installation and OAuth state tables (revision 0004) follow slack-sdk's own
# definitions, not storage.rows: autogenerate must neither drop nor describe them.
SLACK_SDK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no sqlalchemy.url in the Alembic config; use storage.migrate")
    return url


def render_item(type_: str, item: object, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render column types as their implementation, so revisions never import storage."""
    if type_ == "type" and isinstance(item, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(item, MinuteOffsets):
        return "sa.String(length=255)"
    return False


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave slack-sdk's tables out of autogenerate's comparison."""
    return type_ != "table" or name not in SLACK_SDK_TABLES


def run_migrations_offline() -> None:
    """Emit the SQL instead of running it (`alembic upgrade --sql`)."""
    url = normalise_url(_url())
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.get_backend_name() == "sqlite",
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations(connection: Connection) -> None:
    """Run the migrations on an open connection; SQLite alters tables in batch mode."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_online() -> None:
    """Connect with the application's own engine settings and migrate."""
    engine = make_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
