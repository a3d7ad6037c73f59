"""Contract: release times hold paragraphs back until the earliest, and cancels let them go."""

from datetime import timedelta

from core.ports import UnitOfWorkFactory
from tests.storage.deliveries import NOW, claim_keys, delivery
from tests.storage.examples import Seeded

DAY = timedelta(days=1)


async def drip(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> int:
    """P1 now, P2 tomorrow, P3 the day after, P5 in three days."""
    async with uow_factory() as uow:
        broadcast_id = await uow.outbox.open_broadcast(seeded.consultation.id, "P1-P5", NOW)
        await uow.releases.schedule(
            broadcast_id,
            seeded.consultation.id,
            [(p.id, NOW + DAY * index) for index, p in enumerate(seeded.paragraphs)],
        )
        await uow.commit()
    return broadcast_id


async def test_paragraphs_are_held_until_their_release_time(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await drip(uow_factory, seeded)
    p1, p2, p3, p5 = seeded.paragraphs
    async with uow_factory() as uow:
        now = await uow.releases.held(seeded.consultation.id, NOW)
        later = await uow.releases.held(seeded.consultation.id, NOW + DAY * 2)
        elsewhere = await uow.releases.held(seeded.consultation.id + 1, NOW)
    assert now == {p2.id: NOW + DAY, p3.id: NOW + DAY * 2, p5.id: NOW + DAY * 3}
    assert later == {p5.id: NOW + DAY * 3}
    assert elsewhere == {}
    assert p1.id not in now


async def test_the_earliest_release_of_a_paragraph_counts(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await drip(uow_factory, seeded)
    p5 = seeded.paragraphs[3]
    async with uow_factory() as uow:
        early = await uow.outbox.open_broadcast(seeded.consultation.id, "P5", NOW)
        await uow.releases.schedule(early, seeded.consultation.id, [(p5.id, NOW)])
        await uow.commit()
    async with uow_factory() as uow:
        assert p5.id not in await uow.releases.held(seeded.consultation.id, NOW)


async def test_cancelling_stops_only_the_releases_still_ahead(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    broadcast_id = await drip(uow_factory, seeded)
    p1, p2, p3, p5 = seeded.paragraphs
    async with uow_factory() as uow:
        stopped = await uow.releases.cancel(broadcast_id, NOW + DAY)
        again = await uow.releases.cancel(broadcast_id, NOW + DAY)
        unknown = await uow.releases.cancel(broadcast_id + 100, NOW)
        held = await uow.releases.held(seeded.consultation.id, NOW)
        await uow.commit()
    assert stopped == sorted([p3.id, p5.id])
    assert (again, unknown) == ([], None)
    assert held == {p2.id: NOW + DAY}  # P2's release was not ahead at the cancel
    assert p1.id not in held


async def test_dropping_a_broadcasts_pending_rows_skips_only_those_due_later(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    broadcast_id = await drip(uow_factory, seeded)
    async with uow_factory() as uow:
        await uow.outbox.enqueue(
            [
                delivery(seeded, "now", broadcast_id=broadcast_id),
                delivery(seeded, "later", broadcast_id=broadcast_id, due_at=NOW + DAY),
                delivery(seeded, "other", due_at=NOW + DAY),
            ],
            NOW,
        )
        dropped = await uow.outbox.drop_pending_of(broadcast_id, NOW, "broadcast cancelled")
        report = await uow.outbox.report(broadcast_id)
        await uow.commit()
    assert dropped == 1
    assert (report.pending, report.skipped) == (1, 1)
    assert sorted(await claim_keys(uow_factory, "a", NOW + DAY)) == ["now", "other"]


async def test_deleting_the_consultation_deletes_its_releases(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    broadcast_id = await drip(uow_factory, seeded)
    async with uow_factory() as uow:
        await uow.consultations.delete(seeded.consultation.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.releases.held(seeded.consultation.id, NOW) == {}
        assert await uow.releases.cancel(broadcast_id, NOW) is None


async def test_a_consultation_read_first_still_sees_the_releases_ahead(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await drip(uow_factory, seeded)
    p5, consultation_id = seeded.paragraphs[3], seeded.consultation.id
    async with uow_factory() as uow:
        await uow.consultations.get(consultation_id)  # learns when the last release is due
        ahead = await uow.releases.held(consultation_id, NOW + DAY * 2)
        passed = await uow.releases.held(consultation_id, NOW + DAY * 4)
    assert ahead == {p5.id: NOW + DAY * 3}
    assert passed == {}


async def test_a_release_scheduled_after_the_consultation_was_read_holds_its_paragraph(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    p1, consultation_id = seeded.paragraphs[0], seeded.consultation.id
    async with uow_factory() as uow:
        await uow.consultations.get(consultation_id)  # learns that nothing is to be released
        before = await uow.releases.held(consultation_id, NOW)
        broadcast_id = await uow.outbox.open_broadcast(consultation_id, "P1", NOW)
        await uow.releases.schedule(broadcast_id, consultation_id, [(p1.id, NOW + DAY)])
        after = await uow.releases.held(consultation_id, NOW)
    assert before == {}
    assert after == {p1.id: NOW + DAY}
