"""Fixtures for the CLI and front-end tests: a scratch environment, a draft, an in-memory app."""

import io
import logging
import os
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bots.runtime.logs import clean_handler
from core.app import ConsultationApp
from core.documents import Document, DocumentParagraph, DocumentSection
from core.model import NewConsultation, ParagraphOrder, Privacy, Reasons, ResultsVisibility, Status
from storage.engine import normalise_url
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import create_consultation
from tests.storage.conftest import POSTGRES_URL_VARIABLE, run_outside_the_test_loop

if TYPE_CHECKING:  # it imports this module (for `document`)
    from tests.bots.townhall_process import ChildTownhall

ENVIRONMENT = (
    "TOWNHALL_CONFIG",
    "TOWNHALL_DATABASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "TOWNHALL_DASHBOARD_SECRET",
)

DRAFT = """# A draft for tests

## 1. Purpose

The plan sets out what the city will do.

It will be reviewed every year.

## 2. Means

Money comes from the general budget.
"""


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"


@pytest.fixture
def scratch(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, database_url: str) -> Path:
    """A working directory whose database is a fresh SQLite file, with no tokens set."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOWNHALL_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    """A Markdown draft with two sections and three paragraphs."""
    path = tmp_path / "draft.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def document(*sections: tuple[str | None, tuple[str, ...]]) -> Document:
    """A Document from (heading, paragraph texts) pairs, numbered from P1."""
    built, number = [], 0
    for heading, texts in sections:
        paragraphs = []
        for text in texts:
            number += 1
            paragraphs.append(DocumentParagraph(number=number, text=text))
        built.append(DocumentSection(heading=heading, paragraphs=tuple(paragraphs)))
    return Document(sections=tuple(built))


THREE_PARAGRAPHS = document(
    ("1. Purpose", ("The plan sets out what the city will do.", "It is reviewed every year.")),
    ("2. Means", ("Money comes from the general budget.",)),
)


@pytest.fixture
def memory() -> MemoryDatabase:
    return MemoryDatabase()


@pytest.fixture
def app(memory: MemoryDatabase, clock: FakeClock) -> ConsultationApp:
    """The core's entry point over the in-memory database and the fake clock."""
    return ConsultationApp(lambda: FakeUnitOfWork(memory), clock)


async def create(
    memory: MemoryDatabase,
    clock: FakeClock,
    *,
    slug: str = "plan",
    content: Document = THREE_PARAGRAPHS,
    privacy: Privacy = Privacy.PUBLIC,
    results: ResultsVisibility = ResultsVisibility.LIVE,
    opens_in: timedelta = timedelta(0),
    reasons: Reasons = Reasons.OFF,
    order: ParagraphOrder = ParagraphOrder.DOCUMENT,
) -> None:
    """An open consultation "Plan" closing in ten days (opening in `opens_in`).

    Its Disagrees ask for no reason unless told (test_reasons.py in each front end does).
    """
    new = NewConsultation(
        slug=slug,
        title="Plan",
        description="A plan for the city.",
        opens_at=clock.now() + opens_in,
        closes_at=clock.now() + timedelta(days=10),
        status=Status.OPEN,
        privacy=privacy,
        results_visibility=results,
        reasons=reasons,
        order=order,
    )
    await create_consultation(FakeUnitOfWork(memory), new, content, clock.now())


@pytest.fixture
def verbose_log() -> Iterator[io.StringIO]:
    """What townhall's log handler writes, with every logger there is set to DEBUG."""
    stream = io.StringIO()
    handler = clean_handler(stream)
    root = logging.getLogger()
    known = root.manager.loggerDict.values()
    loggers = [root, *(logger for logger in known if isinstance(logger, logging.Logger))]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


@pytest.fixture
async def children() -> AsyncIterator[list["ChildTownhall"]]:
    """The `townhall run` children a test starts; any still running at the end are killed."""
    started: list[ChildTownhall] = []
    yield started
    for child in started:
        await child.close()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for child processes, dropped afterwards.

    As the storage contract's: skipped without one, but a failure in CI.
    """
    configured = os.environ.get(POSTGRES_URL_VARIABLE)
    if not configured:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide {POSTGRES_URL_VARIABLE}")
        pytest.skip(f"set {POSTGRES_URL_VARIABLE} to run the PostgreSQL kill test")
    server = normalise_url(configured)
    name = f"townhall_crash_{os.getpid()}"
    run_outside_the_test_loop(_autocommit(str(server), f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        drop = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        run_outside_the_test_loop(_autocommit(str(server), drop))


async def _autocommit(url: str, statement: str) -> None:
    engine = create_async_engine(make_url(url), isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(statement)
    finally:
        await engine.dispose()
