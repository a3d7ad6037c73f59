"""Contract: the outbox stores each push once and records outcomes only for the row's holder."""

import dataclasses
from datetime import datetime, timedelta

import pytest

from core.delivery import (
    DeliveryKind,
    DeliveryReport,
    DeliveryStatus,
    NewOutboxItem,
    OutboxItem,
    Priority,
    Recipient,
)
from core.model import ChannelRef, NewComment, Platform
from core.ports import UnitOfWorkFactory
from tests.storage.deliveries import (
    LEASE,
    NOW,
    claim_keys,
    delivery,
    enqueue,
    in_one_unit,
    recipient_of,
)
from tests.storage.examples import Seeded


async def claimed_one(uow_factory: UnitOfWorkFactory, seeded: Seeded, key: str) -> OutboxItem:
    """Enqueue a due row and claim it as worker "a"."""
    await enqueue(uow_factory, [delivery(seeded, key)])
    async with uow_factory() as uow:
        (claimed,) = await uow.outbox.claim("a", NOW, limit=1, lease=LEASE)
        await uow.commit()
    return claimed


async def test_an_enqueued_row_is_pending_with_everything_it_was_given(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        broadcast_id = await uow.outbox.open_broadcast(seeded.consultation.id, "P1", NOW)
        new = delivery(seeded, "p1:alice", priority=Priority.NOTICE, broadcast_id=broadcast_id)
        assert await uow.outbox.enqueue([new], NOW) == 1
        await uow.commit()
    async with uow_factory() as uow:
        (claimed,) = await uow.outbox.claim("a", NOW, limit=5, lease=LEASE)
        stored = await uow.outbox.get(claimed.id)
        assert await uow.outbox.get(claimed.id + 1000) is None
    expected = OutboxItem(
        id=claimed.id,
        key="p1:alice",
        recipient=recipient_of(seeded.alice),
        kind=DeliveryKind.PARAGRAPH,
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[0].id,
        broadcast_id=broadcast_id,
        priority=Priority.NOTICE,
        status=DeliveryStatus.SENDING,
        attempts=1,
        due_at=NOW,
        last_error=None,
    )
    assert claimed == stored == expected


async def test_enqueuing_a_key_again_stores_nothing_and_counts_nothing(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first = await enqueue(uow_factory, [delivery(seeded, "k1"), delivery(seeded, "k1")])
    later = NOW + timedelta(days=1)
    again = await enqueue(uow_factory, [delivery(seeded, "k1", due_at=later)])
    mixed = await enqueue(uow_factory, [delivery(seeded, "k1"), delivery(seeded, "k2")])
    assert (first, again, mixed) == (1, 0, 1)
    assert await claim_keys(uow_factory, "a", later) == ["k1", "k2"]


async def test_a_large_broadcast_is_counted_exactly_across_batches(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        broadcast_id = await uow.outbox.open_broadcast(seeded.consultation.id, "all", NOW)
        await uow.commit()

    def rows(numbers: range) -> list[NewOutboxItem]:
        return [delivery(seeded, f"row-{n}", broadcast_id=broadcast_id) for n in numbers]

    assert await enqueue(uow_factory, rows(range(1500))) == 1500
    assert await enqueue(uow_factory, rows(range(1000, 2600))) == 1100
    report = await in_one_unit(uow_factory, lambda u: u.outbox.report(broadcast_id))
    assert (report.total, report.pending) == (2600, 2600)


async def test_naive_times_are_refused(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> None:
    naive = datetime(2027, 1, 10, 12, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="naive"):
        await enqueue(uow_factory, [delivery(seeded, "k", due_at=naive)])


async def test_mark_sent_finishes_the_row_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    claimed = await claimed_one(uow_factory, seeded, "k")
    later = NOW + timedelta(seconds=1)
    by_another = await in_one_unit(
        uow_factory, lambda u: u.outbox.mark_sent(claimed.id, "b", later)
    )
    first = await in_one_unit(uow_factory, lambda u: u.outbox.mark_sent(claimed.id, "a", later))
    again = await in_one_unit(uow_factory, lambda u: u.outbox.mark_sent(claimed.id, "a", later))
    stored = await in_one_unit(uow_factory, lambda u: u.outbox.get(claimed.id))
    assert (by_another, first, again) == (False, True, False)
    assert stored is not None
    assert (stored.status, stored.attempts) == (DeliveryStatus.SENT, 1)
    assert await claim_keys(uow_factory, "b", NOW + timedelta(days=1)) == []


@pytest.mark.parametrize(
    "status", [DeliveryStatus.FAILED, DeliveryStatus.UNREACHABLE, DeliveryStatus.SKIPPED]
)
async def test_finish_ends_a_held_row_with_its_status_and_error(
    uow_factory: UnitOfWorkFactory, seeded: Seeded, status: DeliveryStatus
) -> None:
    claimed = await claimed_one(uow_factory, seeded, "k")
    by_another = await in_one_unit(
        uow_factory, lambda u: u.outbox.finish(claimed.id, "b", status, "nope")
    )
    finished = await in_one_unit(
        uow_factory, lambda u: u.outbox.finish(claimed.id, "a", status, "Forbidden: blocked")
    )
    again = await in_one_unit(uow_factory, lambda u: u.outbox.finish(claimed.id, "a", status, ""))
    stored = await in_one_unit(uow_factory, lambda u: u.outbox.get(claimed.id))
    assert (by_another, finished, again) == (False, True, False)
    assert stored == dataclasses.replace(claimed, status=status, last_error="Forbidden: blocked")
    assert await claim_keys(uow_factory, "b", NOW + timedelta(days=1)) == []


@pytest.mark.parametrize(
    "status", [DeliveryStatus.SENT, DeliveryStatus.PENDING, DeliveryStatus.SENDING]
)
async def test_finish_refuses_statuses_that_are_not_an_end(
    uow_factory: UnitOfWorkFactory, seeded: Seeded, status: DeliveryStatus
) -> None:
    claimed = await claimed_one(uow_factory, seeded, "k")
    async with uow_factory() as uow:
        with pytest.raises(ValueError, match="finish"):
            await uow.outbox.finish(claimed.id, "a", status, None)


async def test_dropping_a_recipient_skips_only_their_pending_rows(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice = recipient_of(seeded.alice)
    elsewhere = dataclasses.replace(alice, tenant="other-workspace")
    await enqueue(uow_factory, [delivery(seeded, "held")])
    assert await claim_keys(uow_factory, "a", NOW) == ["held"]
    later = NOW + timedelta(days=1)
    await enqueue(
        uow_factory,
        [
            delivery(seeded, "alice-1"),
            delivery(seeded, "alice-2", due_at=later),
            delivery(seeded, "bob", recipient=recipient_of(seeded.bob)),
            delivery(seeded, "alice-elsewhere", recipient=elsewhere),
        ],
    )
    async with uow_factory() as uow:
        dropped = await uow.outbox.drop_pending_for(alice, "blocked the bot")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.outbox.drop_pending_for(alice, "again") == 0
    assert dropped == 2
    assert await claim_keys(uow_factory, "b", NOW) == ["bob", "alice-elsewhere"]


async def test_the_report_counts_one_broadcast_by_status(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        first = await uow.outbox.open_broadcast(seeded.consultation.id, "P1", NOW)
        other = await uow.outbox.open_broadcast(seeded.consultation.id, "P2", NOW)
        await uow.outbox.enqueue(
            [delivery(seeded, f"b{n}", broadcast_id=first) for n in range(7)]
            + [delivery(seeded, "other", broadcast_id=other)],
            NOW,
        )
        await uow.commit()
    async with uow_factory() as uow:
        claimed = await uow.outbox.claim("a", NOW, limit=6, lease=LEASE)
        sent, failed, unreachable, skipped, waiting, _ = (d.id for d in claimed)
        await uow.outbox.mark_sent(sent, "a", NOW)
        await uow.outbox.finish(failed, "a", DeliveryStatus.FAILED, "400")
        await uow.outbox.finish(unreachable, "a", DeliveryStatus.UNREACHABLE, "403")
        await uow.outbox.finish(skipped, "a", DeliveryStatus.SKIPPED, "muted")
        await uow.outbox.retry_later(waiting, "a", NOW + timedelta(minutes=1), "429")
        await uow.commit()
    async with uow_factory() as uow:
        report = await uow.outbox.report(first)
        nothing = await uow.outbox.report(other + 1000)
    # One row is still pending and one is held: both count as pending.
    assert report == DeliveryReport(total=7, sent=1, pending=3, unreachable=1, failed=1, skipped=1)
    assert nothing == DeliveryReport(
        total=0, sent=0, pending=0, unreachable=0, failed=0, skipped=0
    )


async def test_unlinking_a_chat_or_deleting_the_consultation_deletes_its_rows(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    ref = ChannelRef(platform=Platform.TELEGRAM, tenant="main", chat_id="-100")
    async with uow_factory() as uow:
        channel = await uow.channels.link(ref, "Residents", seeded.consultation.id, NOW)
        broadcast_id = await uow.outbox.open_broadcast(seeded.consultation.id, "P1", NOW)
        chat = Recipient(
            platform=ref.platform, tenant=ref.tenant, address=ref.chat_id, channel_id=channel.id
        )
        await uow.outbox.enqueue(
            [
                delivery(seeded, "chat", recipient=chat, broadcast_id=broadcast_id),
                delivery(seeded, "alice", broadcast_id=broadcast_id),
            ],
            NOW,
        )
        await uow.commit()
    async with uow_factory() as uow:
        await uow.channels.unlink(ref)
        after_unlink = await uow.outbox.report(broadcast_id)
        await uow.consultations.delete(seeded.consultation.id)
        after_delete = await uow.outbox.report(broadcast_id)
        await uow.commit()
    assert (after_unlink.total, after_delete.total) == (1, 0)
    assert await claim_keys(uow_factory, "a", NOW) == []


async def test_a_reply_push_keeps_the_reply_it_is_about(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first = seeded.paragraphs[0]
    async with uow_factory() as uow:
        reply, _ = await uow.comments.add(
            NewComment(
                consultation_id=seeded.consultation.id,
                paragraph_id=first.id,
                participant_id=seeded.bob.id,
                parent_id=None,
                body="Agreed.",
                created_at=NOW,
                idempotency_key=None,
            )
        )
        new = dataclasses.replace(
            delivery(seeded, f"reply:{reply.id}"), kind=DeliveryKind.REPLY, comment_id=reply.id
        )
        await uow.outbox.enqueue([new], NOW)
        await uow.commit()
    async with uow_factory() as uow:
        (claimed,) = await uow.outbox.claim("a", NOW, limit=5, lease=LEASE)
    assert (claimed.kind, claimed.comment_id) == (DeliveryKind.REPLY, reply.id)


async def test_a_broadcast_request_key_opens_one_broadcast_and_then_names_it(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        first = await uow.outbox.open_keyed_broadcast(cid, "P1", NOW, "tg:1:7")
        unkeyed = await uow.outbox.open_broadcast(cid, "P1", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        again = await uow.outbox.open_keyed_broadcast(cid, "P1", NOW, "tg:1:7")
        other = await uow.outbox.open_keyed_broadcast(cid, "P1", NOW, "tg:1:8")
        await uow.commit()
    assert first[1]
    assert other[1]
    assert again == (first[0], False)
    assert len({first[0], unkeyed, other[0]}) == 3
