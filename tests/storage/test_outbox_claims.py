"""Contract: workers claim due outbox rows in order, with a lease, each row by one worker."""

import asyncio
from datetime import timedelta

from core.delivery import DeliveryStatus, Priority, Recipient
from core.model import Platform
from core.ports import UnitOfWorkFactory
from tests.storage.deliveries import (
    LEASE,
    NOW,
    claim_keys,
    delivery,
    enqueue,
    in_one_unit,
)
from tests.storage.examples import Seeded

MINUTE = timedelta(minutes=1)
# A send takes a moment, as over the network, so every worker gets rows before they run out.
SEND_SECONDS = 0.002


async def test_rows_are_claimed_by_priority_then_due_time_then_insertion(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await enqueue(
        uow_factory,
        [
            delivery(seeded, "bulk-early", due_at=NOW - 2 * MINUTE),
            delivery(seeded, "reminder-late", due_at=NOW, priority=Priority.REMINDER),
            delivery(seeded, "notice", due_at=NOW, priority=Priority.NOTICE),
            delivery(seeded, "reminder-early", due_at=NOW - MINUTE, priority=Priority.REMINDER),
            delivery(seeded, "bulk-late", due_at=NOW),
            delivery(seeded, "bulk-late-too", due_at=NOW),
        ],
    )
    first = await claim_keys(uow_factory, "a", NOW, limit=4)
    rest = await claim_keys(uow_factory, "b", NOW, limit=4)
    assert first == ["notice", "reminder-early", "reminder-late", "bulk-early"]
    assert rest == ["bulk-late", "bulk-late-too"]


async def test_rows_not_yet_due_are_not_claimed(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    # Within the first claim's lease, so that only due times decide.
    soon = NOW + LEASE / 2
    await enqueue(uow_factory, [delivery(seeded, "now"), delivery(seeded, "soon", due_at=soon)])
    assert await claim_keys(uow_factory, "a", NOW) == ["now"]
    assert await claim_keys(uow_factory, "a", soon - timedelta(seconds=1)) == []
    assert await claim_keys(uow_factory, "a", soon) == ["soon"]
    assert await claim_keys(uow_factory, "a", NOW, limit=0) == []


async def test_a_claim_can_be_limited_to_some_platforms(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    def on(platform: Platform) -> Recipient:
        return Recipient(platform=platform, tenant="T1", address="U1")

    await enqueue(
        uow_factory,
        [
            delivery(seeded, "telegram", recipient=on(Platform.TELEGRAM)),
            delivery(seeded, "slack", recipient=on(Platform.SLACK)),
        ],
    )
    async with uow_factory() as uow:
        slack = await uow.outbox.claim(
            "a", NOW, limit=10, lease=LEASE, platforms=frozenset({Platform.SLACK})
        )
        none = await uow.outbox.claim("a", NOW, limit=10, lease=LEASE, platforms=frozenset())
        await uow.commit()
    assert [d.key for d in slack] == ["slack"]
    assert none == []
    assert await claim_keys(uow_factory, "b", NOW) == ["telegram"]


async def test_a_crash_between_claim_and_mark_resends_after_the_lease_and_only_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await enqueue(uow_factory, [delivery(seeded, "k")])
    # Worker A claims and dies before marking the row.
    async with uow_factory() as uow:
        (held,) = await uow.outbox.claim("a", NOW, limit=1, lease=LEASE)
        await uow.commit()
    during_lease = await claim_keys(uow_factory, "b", NOW + LEASE)
    async with uow_factory() as uow:
        (taken_over,) = await uow.outbox.claim("b", NOW + LEASE + MINUTE, limit=1, lease=LEASE)
        await uow.commit()
    at = NOW + 2 * MINUTE
    late_a = await in_one_unit(uow_factory, lambda u: u.outbox.mark_sent(held.id, "a", at))
    b_marks = await in_one_unit(uow_factory, lambda u: u.outbox.mark_sent(held.id, "b", at))
    assert during_lease == []
    assert (taken_over.id, taken_over.attempts, taken_over.status) == (
        held.id,
        2,
        DeliveryStatus.SENDING,
    )
    assert (late_a, b_marks) == (False, True)


async def test_a_worker_that_renews_its_lease_keeps_its_rows_and_only_those(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await enqueue(uow_factory, [delivery(seeded, "slow"), delivery(seeded, "other")])
    async with uow_factory() as uow:
        held = await uow.outbox.claim("a", NOW, limit=2, lease=LEASE)
        await uow.commit()
    ids = [d.id for d in held]
    renewed_until = NOW + LEASE / 2 + LEASE  # renewed half-way through the first lease
    renewed = await in_one_unit(
        uow_factory, lambda u: u.outbox.extend(ids[:1], "a", renewed_until)
    )
    by_b = await in_one_unit(uow_factory, lambda u: u.outbox.extend(ids, "b", renewed_until))
    after_first_lease = await claim_keys(uow_factory, "b", NOW + LEASE + LEASE / 4)
    assert (renewed, by_b) == (1, 0)
    assert after_first_lease == ["other"]  # "slow" is still a's: its lease was renewed


async def test_a_row_put_back_for_later_is_claimable_again_at_that_time(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await enqueue(uow_factory, [delivery(seeded, "k")])
    async with uow_factory() as uow:
        (claimed,) = await uow.outbox.claim("a", NOW, limit=1, lease=LEASE)
        await uow.commit()
    retry_at = NOW + 5 * MINUTE
    by_another = await in_one_unit(
        uow_factory, lambda u: u.outbox.retry_later(claimed.id, "b", retry_at, "nope")
    )
    put_back = await in_one_unit(
        uow_factory, lambda u: u.outbox.retry_later(claimed.id, "a", retry_at, "429: retry")
    )
    # Not held any more: the old holder can neither mark nor put it back.
    stale = await in_one_unit(uow_factory, lambda u: u.outbox.mark_sent(claimed.id, "a", NOW))
    before = await claim_keys(uow_factory, "b", retry_at - timedelta(seconds=1))
    async with uow_factory() as uow:
        (again,) = await uow.outbox.claim("b", retry_at, limit=1, lease=LEASE)
        await uow.commit()
    assert (by_another, put_back, stale) == (False, True, False)
    assert before == []
    assert (again.id, again.attempts, again.due_at) == (claimed.id, 2, retry_at)
    assert again.last_error == "429: retry"


async def test_four_workers_send_each_of_200_rows_exactly_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        broadcast_id = await uow.outbox.open_broadcast(seeded.consultation.id, "all", NOW)
        rows = [delivery(seeded, f"row-{n}", broadcast_id=broadcast_id) for n in range(200)]
        await uow.outbox.enqueue(rows, NOW)
        await uow.commit()
    sent: list[int] = []  # every claim is a send, so no id may appear twice
    marked: list[tuple[str, int]] = []

    async def work(worker: str) -> None:
        # Each unit of work is its own session, hence its own connection on SQL backends.
        while True:
            async with uow_factory() as uow:
                claimed = await uow.outbox.claim(worker, NOW, limit=7, lease=LEASE)
                await uow.commit()
            if not claimed:
                return
            for row in claimed:
                await asyncio.sleep(SEND_SECONDS)  # the send, outside any transaction
                sent.append(row.id)
                async with uow_factory() as uow:
                    if await uow.outbox.mark_sent(row.id, worker, NOW):
                        marked.append((worker, row.id))
                    await uow.commit()

    workers = [f"worker-{n}" for n in range(4)]
    await asyncio.gather(*(work(worker) for worker in workers))
    report = await in_one_unit(uow_factory, lambda u: u.outbox.report(broadcast_id))
    ids = [delivery_id for _, delivery_id in marked]
    assert len(sent) == len(set(sent)) == 200
    assert sorted(ids) == sorted(sent)
    assert {worker for worker, _ in marked} == set(workers)
    assert (report.total, report.sent) == (200, 200)


async def test_a_batch_is_marked_sent_only_where_the_worker_still_holds_the_row(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await enqueue(uow_factory, [delivery(seeded, key) for key in ("a1", "a2", "b1", "late")])
    async with uow_factory() as uow:
        a1, a2 = await uow.outbox.claim("a", NOW, limit=2, lease=LEASE)
        (b1,) = await uow.outbox.claim("b", NOW, limit=1, lease=LEASE)
        await uow.commit()
    at = NOW + MINUTE
    marked = await in_one_unit(
        uow_factory, lambda u: u.outbox.mark_all_sent([a2.id, b1.id, a1.id], "a", at)
    )
    again = await in_one_unit(uow_factory, lambda u: u.outbox.mark_all_sent([a1.id], "a", at))
    assert marked == sorted([a1.id, a2.id])
    assert again == []
    async with uow_factory() as uow:
        statuses = [(await uow.outbox.get(row.id)) for row in (a1, a2, b1)]
        assert await uow.outbox.mark_all_sent([], "a", at) == []
    assert [row.status if row else None for row in statuses] == [
        DeliveryStatus.SENT,
        DeliveryStatus.SENT,
        DeliveryStatus.SENDING,
    ]
