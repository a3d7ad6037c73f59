"""The Alembic migrations build exactly the schema that storage.rows describes.

Plus the tables slack-sdk's installation and OAuth state stores use, which migration 0004
creates: they are compared with slack-sdk's own definitions, not with storage.rows.
"""

import asyncio
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import Connection, MetaData, inspect, text

from storage.engine import make_engine
from storage.migrate import alembic_config, current_revision, upgrade_database
from storage.rows import Base

HEAD = "0029"  # 0031, 0028 (amendments), 0030 (opinion groups), then 0029 (paragraph status)
MODERATION_TABLES = {
    "moderation_settings",
    "moderation_words",
    "comment_reports",
    "moderators",
    "moderation_notices",
    "blocks",
    "moderation_log",
}


def slack_sdk_metadata() -> MetaData:
    """The tables slack-sdk's stores use, as slack-sdk itself defines them."""
    metadata = MetaData()
    installations = AsyncSQLAlchemyInstallationStore
    installations.build_installations_table(
        metadata, installations.default_installations_table_name
    )
    installations.build_bots_table(metadata, installations.default_bots_table_name)
    states = AsyncSQLAlchemyOAuthStateStore
    states.build_oauth_states_table(metadata, states.default_table_name)
    return metadata


SLACK_SDK_TABLES = set(slack_sdk_metadata().tables)


def _compared_with(connection: Connection, metadata: MetaData, *, slack_sdk: bool) -> list[object]:
    """Differences from `metadata`, over slack-sdk's tables or over all the others."""

    def include_name(name: str | None, kind: str, parents: object) -> bool:
        return kind != "table" or (name in SLACK_SDK_TABLES) == slack_sdk

    context = MigrationContext.configure(connection, opts={"include_name": include_name})
    return list(compare_metadata(context, metadata))


def _differences(connection: Connection) -> list[object]:
    return [
        *_compared_with(connection, Base.metadata, slack_sdk=False),
        *_compared_with(connection, slack_sdk_metadata(), slack_sdk=True),
    ]


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def differences_from_rows(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_differences)
    finally:
        await engine.dispose()


async def tables_in(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_table_names)
    finally:
        await engine.dispose()


async def test_an_empty_sqlite_file_migrates_to_exactly_the_rows_schema(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert await current_revision(url) is None
    await upgrade_database(url)
    assert await current_revision(url) == HEAD
    assert await differences_from_rows(url) == []
    assert set(Base.metadata.tables) <= await tables_in(url)


async def test_sqlite_downgrades_to_nothing_and_upgrades_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'round-trip.db'}"
    await upgrade_database(url)
    # Alembic's env.py runs its own event loop, hence the worker thread.
    await asyncio.to_thread(command.downgrade, alembic_config(url), "base")
    assert await tables_in(url) == {"alembic_version"}
    await upgrade_database(url)
    assert await differences_from_rows(url) == []


async def test_a_database_at_0001_upgrades_to_head_and_downgrades_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'existing.db'}"
    config = alembic_config(url)
    await asyncio.to_thread(command.upgrade, config, "0001")
    tables_at_0001 = await tables_in(url)
    await upgrade_database(url)
    assert await current_revision(url) == HEAD
    added = {
        "channels",
        "drafts",
        "broadcasts",
        "releases",
        "channel_posts",
        "outbox",
        "reminders",
        "paragraph_tallies",
        "inbox_events",
        "pseudonym_keys",
    }
    added |= MODERATION_TABLES
    added |= {"digest_settings", "digest_periods", "digest_subscribers"}
    added |= SLACK_SDK_TABLES
    added |= {"dashboards", "server_secrets"}  # 0026
    added |= {"amendments", "amendment_votes", "wording_prompts", "paragraph_versions"}
    added |= {"opinion_groups"}  # 0030
    assert await tables_in(url) - tables_at_0001 == added
    await asyncio.to_thread(command.downgrade, config, "0001")
    assert await current_revision(url) == "0001"
    assert await tables_in(url) == tables_at_0001


async def test_consultations_from_0002_get_the_default_offsets_and_survive_the_downgrade(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'with-data.db'}"
    config = alembic_config(url)
    await asyncio.to_thread(command.upgrade, config, "0002")
    await execute(url, CONSULTATION_AT_0002, PARAGRAPH_AT_0002)
    await upgrade_database(url)
    offsets_after_upgrade = await scalars(url, "SELECT reminder_offsets FROM consultations")
    # Dropping the column must not recreate the table: with foreign keys on, that would
    # cascade-delete every paragraph.
    await asyncio.to_thread(command.downgrade, config, "0002")
    paragraphs_after_downgrade = await scalars(url, "SELECT text FROM paragraphs")
    assert offsets_after_upgrade == ["10080,1440,120"]
    assert paragraphs_after_downgrade == ["Paragraph 1."]


async def test_only_consultations_still_to_open_wait_for_an_announcement(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'scheduled.db'}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), "0007")
    opened, scheduled = (
        CONSULTATION_AT_0002.replace("(1, 'old'", f"({n}, '{slug}'").replace("2027", year)
        for n, slug, year in ((1, "opened", "2001"), (2, "scheduled", "2999"))
    )
    await execute(url, opened, scheduled)
    await upgrade_database(url)
    marks = await scalars(url, "SELECT opening_announced FROM consultations ORDER BY id")
    assert marks == [1, 0]


CONSULTATION_AT_0002 = (
    "INSERT INTO consultations (id, slug, title, description, opens_at, closes_at, status,"
    " privacy, results_visibility) VALUES (1, 'old', 'Old', '', '2027-01-01 09:00:00',"
    " '2027-02-01 09:00:00', 'open', 'public', 'live')"
)
PARAGRAPH_AT_0002 = (
    "INSERT INTO paragraphs (id, consultation_id, section_id, position, number, text)"
    " VALUES (1, 1, NULL, 1, 1, 'Paragraph 1.')"
)


async def execute(url: str, *statements: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def scalars(url: str, query: str) -> list[object]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(query))).scalars())
    finally:
        await engine.dispose()


async def test_migrations_run_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    await upgrade_database("sqlite:///elsewhere.db")
    assert await current_revision("sqlite:///elsewhere.db") == HEAD


async def test_a_postgresql_database_migrates_to_exactly_the_rows_schema(
    postgres_database_url: str,
) -> None:
    assert await current_revision(postgres_database_url) == HEAD
    assert await differences_from_rows(postgres_database_url) == []
