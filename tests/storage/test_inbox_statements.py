"""A press's two inbox writes on SQLite run on SQLite's own cursor, one statement each."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from core.inbox import ArrivingEvent
from storage.engine import make_session_factory
from storage.inbox import SqlInbox
from tests.storage.statements import run_by_sqlite, through_sqlalchemy

NOW = datetime(2027, 1, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=1)


@pytest.fixture
def engine(sqlite_engine: AsyncEngine) -> AsyncEngine:
    """SQLite alone: these tests are about its own machinery."""
    return sqlite_engine


def press(key: str) -> ArrivingEvent:
    return ArrivingEvent(source="telegram", key=key, body='{"callback_query": {}}')


async def test_storing_and_finishing_a_press_go_to_sqlites_own_cursor(
    engine: AsyncEngine,
) -> None:
    inbox = SqlInbox(make_session_factory(engine))
    await inbox.store([press("warm-up")], NOW, lease=LEASE)
    with through_sqlalchemy(engine) as through:
        async with run_by_sqlite(engine) as ran:
            stored = await inbox.store([press("1"), press("1"), press("2")], NOW, lease=LEASE)
            await inbox.finish([stored[0].id], NOW)
    assert through == []
    writes = [" ".join(s.split()[:3]) for s in ran if s.startswith(("INSERT", "UPDATE"))]
    assert writes == ["INSERT INTO inbox_events"] * 2 + ["UPDATE inbox_events SET"]
    assert [event.key for event in stored] == ["1", "2"]
