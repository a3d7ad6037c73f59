"""Contract: reminders are planned once, re-timed while pending, and claimed by one worker."""

import asyncio
from datetime import datetime, timedelta

import pytest

from core.delivery import Reminder, ReminderStatus
from core.ports import UnitOfWorkFactory
from tests.storage.deliveries import LEASE, in_one_unit
from tests.storage.examples import Seeded

OFFSETS = (timedelta(days=7), timedelta(days=1), timedelta(hours=2))
# Handling a reminder takes a moment, so every worker gets some before they run out.
SEND_SECONDS = 0.005


async def plan(
    uow_factory: UnitOfWorkFactory,
    seeded: Seeded,
    participant_id: int,
    offsets: tuple[timedelta, ...] = OFFSETS,
) -> int:
    closes_at = seeded.consultation.closes_at
    consultation_id = seeded.consultation.id
    return await in_one_unit(
        uow_factory,
        lambda u: u.reminders.plan(consultation_id, participant_id, offsets, closes_at),
    )


async def pending(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> list[Reminder]:
    return await in_one_unit(uow_factory, lambda u: u.reminders.pending(seeded.consultation.id))


async def claim(
    uow_factory: UnitOfWorkFactory, worker: str, now: datetime, limit: int = 10
) -> list[Reminder]:
    return await in_one_unit(
        uow_factory, lambda u: u.reminders.claim_due(worker, now, limit=limit, lease=LEASE)
    )


async def test_planning_is_idempotent_and_adds_only_new_offsets(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first = await plan(uow_factory, seeded, seeded.alice.id)
    again = await plan(uow_factory, seeded, seeded.alice.id)
    more = await plan(uow_factory, seeded, seeded.alice.id, (timedelta(days=1), timedelta(0)))
    for_bob = await plan(uow_factory, seeded, seeded.bob.id, (timedelta(days=1),))
    nothing = await plan(uow_factory, seeded, seeded.bob.id, ())
    planned = await pending(uow_factory, seeded)
    closes_at = seeded.consultation.closes_at
    assert (first, again, more, for_bob, nothing) == (3, 0, 1, 1, 0)
    assert [(r.participant_id, r.offset, r.due_at) for r in planned] == [
        (seeded.alice.id, timedelta(days=7), closes_at - timedelta(days=7)),
        (seeded.alice.id, timedelta(days=1), closes_at - timedelta(days=1)),
        (seeded.bob.id, timedelta(days=1), closes_at - timedelta(days=1)),
        (seeded.alice.id, timedelta(hours=2), closes_at - timedelta(hours=2)),
        (seeded.alice.id, timedelta(0), closes_at),
    ]
    assert {r.consultation_id for r in planned} == {seeded.consultation.id}


async def test_offsets_that_are_not_whole_minutes_are_refused(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    with pytest.raises(ValueError, match="whole minutes"):
        await plan(uow_factory, seeded, seeded.alice.id, (timedelta(seconds=90),))
    assert await pending(uow_factory, seeded) == []


async def test_moving_the_deadline_re_times_only_pending_reminders(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id)
    await plan(uow_factory, seeded, seeded.bob.id)
    closes_at = seeded.consultation.closes_at
    # The 7-day reminders fell due; Alice's was sent and Bob's is being sent.
    (alice_7d, bob_7d) = await claim(uow_factory, "a", closes_at - timedelta(days=7))
    await in_one_unit(uow_factory, lambda u: u.reminders.finish(alice_7d.id, "a", sent=True))
    later = closes_at + timedelta(days=3)
    consultation_id = seeded.consultation.id
    moved = await in_one_unit(uow_factory, lambda u: u.reminders.move(consultation_id, later))
    unchanged = await in_one_unit(uow_factory, lambda u: u.reminders.move(consultation_id, later))
    elsewhere = await in_one_unit(uow_factory, lambda u: u.reminders.move(999, later))
    planned = await pending(uow_factory, seeded)
    assert (moved, unchanged, elsewhere) == (4, 0, 0)
    assert [(r.participant_id, r.due_at) for r in planned] == [
        (seeded.alice.id, later - timedelta(days=1)),
        (seeded.bob.id, later - timedelta(days=1)),
        (seeded.alice.id, later - timedelta(hours=2)),
        (seeded.bob.id, later - timedelta(hours=2)),
    ]
    assert bob_7d.id not in {r.id for r in planned}


async def test_due_reminders_are_claimed_earliest_first_and_finished_by_their_holder(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id)
    closes_at = seeded.consultation.closes_at
    at = closes_at - timedelta(hours=2)
    first = await claim(uow_factory, "a", at, limit=1)
    second = await claim(uow_factory, "b", at)
    by_another = await in_one_unit(
        uow_factory, lambda u: u.reminders.finish(first[0].id, "b", sent=True)
    )
    skipped = await in_one_unit(
        uow_factory, lambda u: u.reminders.finish(first[0].id, "a", sent=False)
    )
    again = await in_one_unit(
        uow_factory, lambda u: u.reminders.finish(first[0].id, "a", sent=True)
    )
    assert [r.offset for r in first] == [timedelta(days=7)]
    assert [r.offset for r in second] == [timedelta(days=1), timedelta(hours=2)]
    assert (by_another, skipped, again) == (False, True, False)
    assert await claim(uow_factory, "c", closes_at + timedelta(days=1)) != []
    assert await pending(uow_factory, seeded) == []


async def test_a_reminder_held_past_its_lease_is_claimed_again_by_another_worker(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id, (timedelta(hours=2),))
    at = seeded.consultation.closes_at - timedelta(hours=2)
    (held,) = await claim(uow_factory, "a", at)
    during_lease = await claim(uow_factory, "b", at + LEASE)
    (taken_over,) = await claim(uow_factory, "b", at + LEASE + timedelta(seconds=1))
    late_a = await in_one_unit(uow_factory, lambda u: u.reminders.finish(held.id, "a", sent=True))
    b_done = await in_one_unit(uow_factory, lambda u: u.reminders.finish(held.id, "b", sent=True))
    assert during_lease == []
    assert taken_over == held
    assert (late_a, b_done) == (False, True)
    assert await claim(uow_factory, "c", at + timedelta(days=1)) == []


async def test_deleting_the_consultation_deletes_its_reminders(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id)
    async with uow_factory() as uow:
        await uow.consultations.delete(seeded.consultation.id)
        await uow.commit()
    assert await pending(uow_factory, seeded) == []
    assert await claim(uow_factory, "a", seeded.consultation.closes_at) == []


async def test_four_workers_finish_each_of_60_reminders_exactly_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    offsets = tuple(timedelta(hours=hours) for hours in range(1, 31))
    await plan(uow_factory, seeded, seeded.alice.id, offsets)
    await plan(uow_factory, seeded, seeded.bob.id, offsets)
    now = seeded.consultation.closes_at
    claimed: list[int] = []
    finished: list[tuple[str, int]] = []

    async def work(worker: str) -> None:
        while reminders := await claim(uow_factory, worker, now, limit=3):
            for reminder in reminders:
                claimed.append(reminder.id)
                await asyncio.sleep(SEND_SECONDS)  # queueing the reminder's push
                async with uow_factory() as uow:
                    if await uow.reminders.finish(reminder.id, worker, sent=True):
                        finished.append((worker, reminder.id))
                    await uow.commit()

    workers = [f"worker-{n}" for n in range(4)]
    await asyncio.gather(*(work(worker) for worker in workers))
    assert len(claimed) == len(set(claimed)) == 60
    assert sorted(claimed) == sorted(reminder_id for _, reminder_id in finished)
    assert {worker for worker, _ in finished} == set(workers)


async def test_only_the_latest_due_reminder_of_a_person_is_left_to_claim(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id)
    await plan(uow_factory, seeded, seeded.bob.id)
    closes_at = seeded.consultation.closes_at
    at = closes_at - timedelta(hours=2)  # all three are due
    (held,) = await claim(uow_factory, "a", at, limit=1)  # Alice's 7-day one, being sent
    skipped = await in_one_unit(uow_factory, lambda u: u.reminders.skip_superseded(at, "later"))
    again = await in_one_unit(uow_factory, lambda u: u.reminders.skip_superseded(at, "later"))
    claimed = await claim(uow_factory, "b", at, limit=1)  # one a person is left
    rest = await claim(uow_factory, "b", at)
    history = await in_one_unit(uow_factory, lambda u: u.reminders.history(seeded.consultation.id))
    assert (skipped, again) == (3, 0)  # Bob's 7-day and 1-day, Alice's 1-day
    assert [(r.offset, r.status) for r in claimed + rest] == [
        (timedelta(hours=2), ReminderStatus.SENDING)
    ] * 2
    assert [(r.participant_id, r.offset, r.status, r.reason) for r in history] == [
        (held.participant_id, timedelta(days=7), ReminderStatus.SENDING, None),
        (seeded.bob.id, timedelta(days=7), ReminderStatus.SKIPPED, "later"),
        (seeded.alice.id, timedelta(days=1), ReminderStatus.SKIPPED, "later"),
        (seeded.bob.id, timedelta(days=1), ReminderStatus.SKIPPED, "later"),
        (seeded.alice.id, timedelta(hours=2), ReminderStatus.SENDING, None),
        (seeded.bob.id, timedelta(hours=2), ReminderStatus.SENDING, None),
    ]


async def test_a_held_reminder_whose_lease_ran_out_is_superseded_too(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id, (timedelta(days=1), timedelta(hours=2)))
    closes_at = seeded.consultation.closes_at
    (held,) = await claim(uow_factory, "a", closes_at - timedelta(days=1))  # then "a" dies
    at = closes_at - timedelta(hours=2)
    skipped = await in_one_unit(uow_factory, lambda u: u.reminders.skip_superseded(at, "later"))
    late = await in_one_unit(uow_factory, lambda u: u.reminders.finish(held.id, "a", sent=True))
    assert (skipped, late) == (1, False)
    assert [r.offset for r in await claim(uow_factory, "b", at)] == [timedelta(hours=2)]


async def test_a_skipped_reminder_keeps_its_reason(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await plan(uow_factory, seeded, seeded.alice.id, (timedelta(days=1), timedelta(hours=2)))
    closes_at = seeded.consultation.closes_at
    first, second = await claim(uow_factory, "a", closes_at)
    await in_one_unit(uow_factory, lambda u: u.reminders.finish(first.id, "a", False, "muted"))
    await in_one_unit(uow_factory, lambda u: u.reminders.finish(second.id, "a", True, "ignored"))
    history = await in_one_unit(uow_factory, lambda u: u.reminders.history(seeded.consultation.id))
    assert [(r.status, r.reason) for r in history] == [
        (ReminderStatus.SKIPPED, "muted"),
        (ReminderStatus.SENT, None),
    ]
