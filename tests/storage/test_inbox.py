"""Contract: the inbox stores each event once, in one transaction a batch, and hands it out once.

Runs on MemoryInbox, SqlInbox on SQLite and SqlInbox on PostgreSQL.
"""

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from core.inbox import ArrivingEvent, Inbox, StoredEvent
from storage.engine import make_session_factory
from storage.inbox import SqlInbox
from tests.fakes.memory_inbox import MemoryInbox

NOW = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)
SECOND = timedelta(seconds=1)
WINDOW = timedelta(hours=48)


@pytest.fixture
def inbox(engine: AsyncEngine | None) -> Inbox:
    if engine is None:
        return MemoryInbox()
    return SqlInbox(make_session_factory(engine))


def arriving(key: str, *, source: str = "telegram", body: str | None = None) -> ArrivingEvent:
    return ArrivingEvent(source=source, key=key, body=body or f'{{"update_id": "{key}"}}')


def keys(events: Sequence[StoredEvent]) -> list[str]:
    return [event.key for event in events]


async def bodies(inbox: Inbox, engine: AsyncEngine | None) -> dict[str, str]:
    """Every kept event's body by key, read behind the port's back."""
    if isinstance(inbox, MemoryInbox):
        return inbox.bodies()
    assert engine is not None
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT event_key, body FROM inbox_events"))
        return {str(row[0]): str(row[1]) for row in rows}


async def test_new_events_come_back_claimed_and_a_redelivered_one_is_dropped(
    inbox: Inbox,
) -> None:
    first = await inbox.store([arriving("1:10"), arriving("1:11")], NOW, lease=LEASE)
    again = await inbox.store([arriving("1:11"), arriving("1:12")], NOW + SECOND, lease=LEASE)

    assert keys(first) == ["1:10", "1:11"]
    assert [(e.source, e.body, e.received_at, e.attempts) for e in first] == [
        ("telegram", '{"update_id": "1:10"}', NOW, 1),
        ("telegram", '{"update_id": "1:11"}', NOW, 1),
    ]
    assert len({e.id for e in first}) == 2
    assert keys(again) == ["1:12"]  # 1:11 was stored already: not processed twice


async def test_a_key_repeated_in_one_batch_is_stored_once_and_sources_keep_apart(
    inbox: Inbox,
) -> None:
    stored = await inbox.store(
        [arriving("E1"), arriving("E1"), arriving("E1", source="slack")], NOW, lease=LEASE
    )

    assert [(e.source, e.key) for e in stored] == [("telegram", "E1"), ("slack", "E1")]


async def test_an_event_is_claimed_again_only_after_its_lease_and_counts_the_attempt(
    inbox: Inbox,
) -> None:
    [stored] = await inbox.store([arriving("1:10")], NOW, lease=LEASE)

    assert await inbox.claim_stale("telegram", NOW + LEASE, limit=10, lease=LEASE) == []
    [stale] = await inbox.claim_stale("telegram", NOW + LEASE + SECOND, limit=10, lease=LEASE)
    assert (stale.id, stale.body, stale.attempts) == (stored.id, stored.body, 2)
    # Claimed again for another lease: nobody else takes it meanwhile.
    later = NOW + LEASE + 2 * SECOND
    assert await inbox.claim_stale("telegram", later, limit=10, lease=LEASE) == []
    assert await inbox.claim_stale("slack", NOW + 9 * LEASE, limit=10, lease=LEASE) == []


async def test_stale_events_are_claimed_oldest_first_up_to_the_limit(inbox: Inbox) -> None:
    await inbox.store([arriving(f"1:{n}") for n in range(10, 15)], NOW, lease=LEASE)
    later = NOW + 2 * LEASE

    first = await inbox.claim_stale("telegram", later, limit=3, lease=LEASE)
    rest = await inbox.claim_stale("telegram", later, limit=3, lease=LEASE)

    assert keys(first) == ["1:10", "1:11", "1:12"]
    assert keys(rest) == ["1:13", "1:14"]
    assert await inbox.claim_stale("telegram", later, limit=0, lease=LEASE) == []


async def test_a_finished_event_loses_its_body_keeps_its_key_and_is_never_claimed_again(
    inbox: Inbox, engine: AsyncEngine | None
) -> None:
    [done, waiting] = await inbox.store(
        [arriving("1:10", body='{"text": "my comment"}'), arriving("1:11")], NOW, lease=LEASE
    )

    await inbox.finish([done.id], NOW + SECOND)

    assert await bodies(inbox, engine) == {"1:10": "", "1:11": waiting.body}
    assert await inbox.store([arriving("1:10")], NOW + 2 * SECOND, lease=LEASE) == []
    stale = await inbox.claim_stale("telegram", NOW + 2 * LEASE, limit=10, lease=LEASE)
    assert keys(stale) == ["1:11"]


async def test_pruning_forgets_keys_handled_before_the_window_and_nothing_else(
    inbox: Inbox,
) -> None:
    early = NOW - 3 * WINDOW
    old, recent, _ = await inbox.store(
        [arriving("old"), arriving("recent"), arriving("open")], early, lease=LEASE
    )
    await inbox.finish([old.id], NOW - WINDOW - SECOND)
    await inbox.finish([recent.id], NOW - WINDOW + SECOND)

    assert await inbox.prune(NOW - WINDOW) == 1

    again = await inbox.store([arriving("old"), arriving("recent")], NOW, lease=LEASE)
    assert keys(again) == ["old"]  # forgotten, so a (very) late redelivery is new again
    stale = await inbox.claim_stale("telegram", NOW, limit=10, lease=LEASE)
    assert keys(stale) == ["open"]  # an unhandled event is never pruned
    assert await inbox.prune(NOW - WINDOW) == 0


async def test_concurrent_claimers_never_take_the_same_event(inbox: Inbox) -> None:
    await inbox.store([arriving(f"1:{n}") for n in range(200)], NOW, lease=LEASE)
    later = NOW + 2 * LEASE
    taken: list[tuple[str, int]] = []

    async def claimer(name: str) -> None:
        # Each call is its own transaction (and connection on SQL backends).
        while claimed := await inbox.claim_stale("telegram", later, limit=7, lease=LEASE):
            taken.extend((name, e.id) for e in claimed)
            await asyncio.sleep(0.001)  # as a process handling what it claimed

    claimers = [f"claimer-{n}" for n in range(4)]
    await asyncio.gather(*(claimer(name) for name in claimers))

    ids = [event_id for _, event_id in taken]
    assert len(ids) == len(set(ids)) == 200
    assert {name for name, _ in taken} == set(claimers)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
async def test_a_batch_is_one_commit_on_sql(inbox: Inbox, engine: AsyncEngine | None) -> None:
    assert engine is not None
    commits: list[object] = []

    def count(connection: Connection) -> None:
        commits.append(connection)

    event.listen(engine.sync_engine, "commit", count)
    try:
        stored = await inbox.store([arriving(f"1:{n}") for n in range(100)], NOW, lease=LEASE)
    finally:
        event.remove(engine.sync_engine, "commit", count)

    assert (len(stored), len(commits)) == (100, 1)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"], indirect=True)
async def test_a_batch_that_fails_stores_none_of_its_events(inbox: Inbox) -> None:
    broken = ArrivingEvent(source="telegram", key="1:12", body=cast(str, None))

    with pytest.raises(IntegrityError):
        await inbox.store([arriving("1:10"), arriving("1:11"), broken], NOW, lease=LEASE)

    stored = await inbox.store([arriving("1:10"), arriving("1:11")], NOW, lease=LEASE)
    assert keys(stored) == ["1:10", "1:11"]


async def test_a_renewed_claim_is_not_taken_until_the_renewal_passes(inbox: Inbox) -> None:
    [held, other] = await inbox.store([arriving("1:10"), arriving("1:11")], NOW, lease=LEASE)

    await inbox.renew([held.id], NOW + 3 * LEASE)

    later = NOW + LEASE + SECOND
    assert keys(await inbox.claim_stale("telegram", later, limit=10, lease=LEASE)) == ["1:11"]
    await inbox.finish([other.id], later)
    past_renewal = NOW + 3 * LEASE + SECOND
    taken = await inbox.claim_stale("telegram", past_renewal, limit=10, lease=LEASE)
    assert keys(taken) == ["1:10"]


async def test_renewing_a_finished_event_does_not_bring_it_back(inbox: Inbox) -> None:
    [stored] = await inbox.store([arriving("1:10")], NOW, lease=LEASE)
    await inbox.finish([stored.id], NOW)

    await inbox.renew([stored.id], NOW + 3 * LEASE)

    assert await inbox.claim_stale("telegram", NOW + 9 * LEASE, limit=10, lease=LEASE) == []
