"""Contract: transactions, isolation and datetimes, on every backend."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.model import Status
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, new_consultation, person, sample_document


async def test_leaving_without_commit_rolls_back(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        await uow.participants.get_or_add(person("erin"), "Erin")
    async with uow_factory() as uow:
        assert await uow.participants.find(person("erin")) is None


async def test_leaving_with_an_exception_rolls_back(uow_factory: UnitOfWorkFactory) -> None:
    async def fail_after_writing() -> None:
        async with uow_factory() as uow:
            await uow.participants.get_or_add(person("erin"), "Erin")
            raise RuntimeError("use case failed")

    with pytest.raises(RuntimeError, match="use case failed"):
        await fail_after_writing()
    async with uow_factory() as uow:
        assert await uow.participants.find(person("erin")) is None


async def test_rollback_discards_only_what_came_after_the_last_commit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        await uow.participants.get_or_add(person("kept"), "Kept")
        await uow.commit()
        await uow.participants.get_or_add(person("dropped"), "Dropped")
        await uow.rollback()
        await uow.participants.get_or_add(person("later"), "Later")
        await uow.commit()
    async with uow_factory() as uow:
        found = [await uow.participants.find(person(n)) for n in ("kept", "dropped", "later")]
    assert [p is not None for p in found] == [True, False, True]


async def test_a_unit_of_work_sees_its_own_writes_before_commit(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        before = await uow.consultations.get(seeded.consultation.id)
        await uow.consultations.set_status(
            seeded.consultation.id, Status.CLOSED, expected=Status.OPEN
        )
        after = await uow.consultations.get(seeded.consultation.id)
        await uow.participants.get(seeded.alice.id)
        await uow.participants.get_or_add(seeded.alice.ref, "Alice Renamed")
        renamed = await uow.participants.get(seeded.alice.id)
    assert before is not None
    assert before.status is Status.OPEN
    assert after is not None
    assert after.status is Status.CLOSED
    assert renamed is not None
    assert renamed.display_name == "Alice Renamed"


# Not on SQLite: there a second unit of work waits until the first has left (one writer at a
# time, tests/storage/test_sqlite_writer.py), so it could never see the first one's writes.
@pytest.mark.parametrize("backend", ["memory", "postgres"])
async def test_a_unit_of_work_does_not_see_another_ones_uncommitted_writes(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as writer:
        await writer.participants.get_or_add(person("frank"), "Frank")
        async with uow_factory() as reader:  # reads at once, while the writer is open
            seen = await reader.participants.find(person("frank"))
        await writer.commit()
    assert seen is None
    async with uow_factory() as later:
        assert await later.participants.find(person("frank")) is not None


async def test_committed_writes_are_visible_to_later_units_of_work(
    uow_factory: UnitOfWorkFactory,
) -> None:
    async with uow_factory() as writer:
        added = await writer.participants.get_or_add(person("gina"), "Gina")
        await writer.commit()
    async with uow_factory() as reader:
        assert await reader.participants.find(person("gina")) == added


async def test_aware_datetimes_come_back_as_utc_with_the_same_instant(
    uow_factory: UnitOfWorkFactory,
) -> None:
    india = timezone(timedelta(hours=5, minutes=30))
    opens_at = datetime(2027, 3, 1, 17, 30, 15, 123456, tzinfo=india)
    async with uow_factory() as uow:
        added = await uow.consultations.add(new_consultation(opens_at=opens_at), sample_document())
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.consultations.get(added.id)
    assert stored is not None
    for moment in (added.opens_at, stored.opens_at):
        assert moment.tzinfo is UTC
        assert moment == opens_at
        assert moment.hour == 12


async def test_naive_datetimes_are_refused(uow_factory: UnitOfWorkFactory) -> None:
    naive = datetime(2027, 1, 1, 9, 0)  # noqa: DTZ001 - the point of the test
    async with uow_factory() as uow:
        with pytest.raises(ValueError, match="naive datetime"):
            await uow.consultations.add(new_consultation(opens_at=naive), sample_document())


async def test_repositories_outside_async_with_raise_a_clear_error(
    uow_factory: UnitOfWorkFactory,
) -> None:
    uow = uow_factory()
    with pytest.raises(RuntimeError, match="async with"):
        await uow.participants.find(person("nobody"))
    with pytest.raises(RuntimeError, match="async with"):
        await uow.commit()


async def test_a_unit_of_work_can_be_entered_again_after_leaving(
    uow_factory: UnitOfWorkFactory,
) -> None:
    uow = uow_factory()
    async with uow:
        await uow.participants.get_or_add(person("hal"), "Hal")
        await uow.commit()
    async with uow:
        assert await uow.participants.find(person("hal")) is not None
