"""The composition root: the one place that names the concrete classes and wires them together.

engine → session factory → SqlUnitOfWork factory → ConsultationApp, with the system clock;
the same session factory → SqlInbox.
Nothing connects until `open_townhall` is entered, and leaving it disposes the engine.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass
from datetime import UTC, tzinfo

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from bots.runtime.config import Config, DatabaseConfig
from core.app import ConsultationApp
from core.dashboards import LinkSettings
from core.inbox import Inbox
from core.moderation import DEFAULT_HIDE_AFTER_REPORTS
from core.paragraph_status import SupportRule
from core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from storage.engine import make_engine, make_session_factory
from storage.inbox import SqlInbox
from storage.revisions import shipped_revision, stored_revision
from storage.unit_of_work import SqlUnitOfWork


class DatabaseNotReady(Exception):
    """The database cannot be reached, or its schema is not the one this townhall needs."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Townhall:
    """Everything a command or front end needs: the entry point, units of work and the clock.

    `inbox` stores every incoming platform event before it is acknowledged (bots.chat.inbox).
    `check_database` runs a trivial query (raising if the database does not answer): /healthz.
    `engine` is for a library that keeps its own tables in townhall's database (slack-sdk's
    installation store); None where townhall is wired without a database. `zone` is the
    configured time zone that dates without an offset are read in ([consultation] timezone).
    """

    app: ConsultationApp
    unit_of_work: UnitOfWorkFactory
    clock: Clock
    check_database: Callable[[], Awaitable[None]]
    inbox: Inbox
    engine: AsyncEngine | None = None
    zone: tzinfo = UTC


def open_configured(config: Config, clock: Clock) -> AbstractAsyncContextManager[Townhall]:
    """Wire townhall as configured: database, zone, report threshold, links, support."""
    return open_townhall(
        config.database,
        clock,
        zone=config.consultation.zone,
        hide_after_reports=config.moderation.hide_after_reports,
        links=link_settings(config),
        support=config.consultation.support,
    )


def link_settings(config: Config) -> LinkSettings:
    """Where dashboard links point, and the secret that signs them if one is configured."""
    secret = config.server.dashboard_secret
    return LinkSettings(
        base_url=config.server.dashboard_base, secret=secret.encode() if secret else None
    )


@asynccontextmanager
async def open_townhall(
    database: DatabaseConfig,
    clock: Clock,
    *,
    zone: tzinfo = UTC,
    hide_after_reports: int = DEFAULT_HIDE_AFTER_REPORTS,
    links: LinkSettings | None = None,
    support: SupportRule | None = None,
) -> AsyncIterator[Townhall]:
    """Wire townhall to the database; the engine is disposed on leaving."""
    engine = make_engine(database.url)
    session_factory = make_session_factory(engine)

    def unit_of_work() -> UnitOfWork:
        return SqlUnitOfWork(session_factory)

    async def check_database() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    try:
        yield Townhall(
            app=ConsultationApp(
                unit_of_work,
                clock,
                zone=zone,
                hide_after_reports=hide_after_reports,
                links=links,
                support=support,
            ),
            unit_of_work=unit_of_work,
            clock=clock,
            check_database=check_database,
            inbox=SqlInbox(session_factory),
            engine=engine,
            zone=zone,
        )
    finally:
        await engine.dispose()


async def prepare_schema(database: DatabaseConfig) -> None:
    """Upgrade an embedded SQLite database; require a PostgreSQL one to be current already.

    On SQLite the operator and the program share one file, so upgrading on start is what they
    want. A PostgreSQL server may be shared by several workers and deserves a deliberate step.
    A database already current is recognised without Alembic (see storage.revisions), so a
    command pays for Alembic only when there is something to migrate.
    """
    with _failures_reported(database):
        current = await stored_revision(database.url)
    if current is not None and current == shipped_revision():
        return
    if database.is_sqlite:
        await upgrade_schema(database)
        return
    latest = latest_revision(database.url)
    if current != latest:
        raise DatabaseNotReady(
            f"the database {database.redacted_url} is at revision {current or 'none'}, "
            f"this townhall needs {latest}: run `townhall db upgrade` first"
        )


async def upgrade_schema(database: DatabaseConfig) -> str | None:
    """Apply every migration not applied yet; returns the revision the database is now at."""
    from alembic.util.exc import CommandError as AlembicError

    from storage.migrate import current_revision, upgrade_database

    with _failures_reported(database, AlembicError):
        await upgrade_database(database.url)
        return await current_revision(database.url)


@contextmanager
def _failures_reported(database: DatabaseConfig, *also: type[Exception]) -> Iterator[None]:
    folder = database.sqlite_folder
    if folder is not None and not folder.is_dir():
        # Said plainly, and before aiosqlite fails to connect (its worker thread then reports
        # to an event loop that may be closed already, a traceback on stderr).
        raise DatabaseNotReady(
            f"cannot use the database {database.redacted_url}: the folder {folder} does not exist"
        )
    caught: tuple[type[Exception], ...] = (OSError, SQLAlchemyError, *also)
    try:
        yield
    except caught as error:
        raise DatabaseNotReady(
            f"cannot use the database {database.redacted_url}: {describe_failure(error)}"
        ) from error


def describe_failure(error: BaseException) -> str:
    """The first line of what the driver said, without SQLAlchemy's statement and links."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig else error
    text = str(cause).strip()
    return text.splitlines()[0] if text else type(cause).__name__


def latest_revision(url: str) -> str | None:
    """The newest migration shipped with this version of townhall, as Alembic sees it."""
    from alembic.script import ScriptDirectory

    from storage.migrate import alembic_config

    return ScriptDirectory.from_config(alembic_config(url)).get_current_head()
