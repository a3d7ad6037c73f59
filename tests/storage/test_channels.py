"""Contract: group chats and channels linked to consultations."""

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from core.model import ChannelRef, Platform
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, new_consultation, sample_document

LINKED_AT = datetime(2027, 1, 2, 10, 0, tzinfo=UTC)


def chat(chat_id: str = "-1001", platform: Platform = Platform.TELEGRAM) -> ChannelRef:
    return ChannelRef(platform=platform, tenant="main", chat_id=chat_id)


async def second_consultation(uow_factory: UnitOfWorkFactory) -> int:
    async with uow_factory() as uow:
        added = await uow.consultations.add(new_consultation("transport"), sample_document())
        await uow.commit()
    return added.id


async def test_a_linked_chat_starts_at_cursor_zero_and_is_found_by_its_ref(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        linked = await uow.channels.link(chat(), "Residents", seeded.consultation.id, LINKED_AT)
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.channels.get(chat())
        assert await uow.channels.get(chat("-1002")) is None
    assert found == linked
    assert (linked.ref, linked.title, linked.consultation_id) == (
        chat(),
        "Residents",
        seeded.consultation.id,
    )
    assert (linked.cursor, linked.linked_at) == (0, LINKED_AT)


async def test_relinking_a_chat_replaces_its_link_and_resets_the_cursor(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other_id = await second_consultation(uow_factory)
    later = LINKED_AT + timedelta(days=3)
    async with uow_factory() as uow:
        first = await uow.channels.link(chat(), "Residents", seeded.consultation.id, LINKED_AT)
        await uow.channels.set_cursor(first.id, 3)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channels.get(chat()) is not None  # loaded before the upsert
        relinked = await uow.channels.link(chat(), "Residents' forum", other_id, later)
        seen_in_the_same_unit = await uow.channels.get(chat())
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.channels.get(chat())
        following_the_first = await uow.channels.list_for(seeded.consultation.id)
    assert stored == relinked == seen_in_the_same_unit
    assert relinked.id == first.id
    assert (relinked.title, relinked.consultation_id) == ("Residents' forum", other_id)
    assert (relinked.cursor, relinked.linked_at) == (0, later)
    assert following_the_first == []


async def test_the_same_chat_id_on_another_platform_or_tenant_is_another_channel(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    refs = [
        chat("C1"),
        chat("C1", Platform.SLACK),
        ChannelRef(platform=Platform.SLACK, tenant="T2", chat_id="C1"),
    ]
    async with uow_factory() as uow:
        linked = [
            await uow.channels.link(ref, "Chat", seeded.consultation.id, LINKED_AT) for ref in refs
        ]
        await uow.commit()
    async with uow_factory() as uow:
        found = [await uow.channels.get(ref) for ref in refs]
    assert len({c.id for c in linked}) == 3
    assert found == linked


async def test_list_for_returns_the_chats_following_a_consultation_by_id(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other_id = await second_consultation(uow_factory)
    async with uow_factory() as uow:
        first = await uow.channels.link(chat("-3"), "C", seeded.consultation.id, LINKED_AT)
        await uow.channels.link(chat("-2"), "Elsewhere", other_id, LINKED_AT)
        second = await uow.channels.link(chat("-1"), "A", seeded.consultation.id, LINKED_AT)
        await uow.commit()
    async with uow_factory() as uow:
        following = await uow.channels.list_for(seeded.consultation.id)
        assert await uow.channels.list_for(999) == []
    assert following == [first, second]


async def test_set_cursor_records_the_last_paragraph_posted(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        linked = await uow.channels.link(chat(), "Residents", seeded.consultation.id, LINKED_AT)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channels.get(chat()) == linked  # loaded before the update
        await uow.channels.set_cursor(linked.id, 2)
        await uow.channels.set_cursor(999, 5)
        seen_in_the_same_unit = await uow.channels.get(chat())
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.channels.get(chat())
    assert stored == seen_in_the_same_unit
    assert stored is not None
    assert (stored.id, stored.cursor, stored.title) == (linked.id, 2, "Residents")


async def test_moving_a_chat_keeps_its_link_under_the_new_id(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        linked = await uow.channels.link(
            chat("-5"), "Residents", seeded.consultation.id, LINKED_AT
        )
        await uow.channels.set_cursor(linked.id, 3)
        await uow.commit()
    async with uow_factory() as uow:
        moved = await uow.channels.move(chat("-5"), "-1005")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channels.get(chat("-5")) is None
        stored = await uow.channels.get(chat("-1005"))
    assert moved
    assert stored is not None
    assert (stored.id, stored.ref, stored.cursor) == (linked.id, chat("-1005"), 3)
    assert (stored.title, stored.consultation_id) == ("Residents", seeded.consultation.id)


async def test_moving_onto_a_chat_linked_already_drops_the_old_link(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other_id = await second_consultation(uow_factory)
    async with uow_factory() as uow:
        await uow.channels.link(chat("-5"), "Old group", seeded.consultation.id, LINKED_AT)
        newer = await uow.channels.link(chat("-1005"), "Supergroup", other_id, LINKED_AT)
        await uow.commit()
    async with uow_factory() as uow:
        moved = await uow.channels.move(chat("-5"), "-1005")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channels.get(chat("-5")) is None
        assert await uow.channels.get(chat("-1005")) == newer
        assert await uow.channels.list_for(seeded.consultation.id) == []
    assert moved


async def test_moving_an_unknown_chat_changes_nothing(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        linked = await uow.channels.link(chat("-1005"), "Group", seeded.consultation.id, LINKED_AT)
        assert not await uow.channels.move(chat("-5"), "-6")
        assert not await uow.channels.move(chat("-5"), "-1005")
        assert await uow.channels.move(chat("-1005"), "-1005")
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channels.list_for(seeded.consultation.id) == [linked]
        assert await uow.channels.get(chat("-6")) is None


async def test_unlinking_forgets_the_chat_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.channels.link(chat(), "Residents", seeded.consultation.id, LINKED_AT)
        await uow.channels.link(chat("-2"), "Others", seeded.consultation.id, LINKED_AT)
        await uow.commit()
    async with uow_factory() as uow:
        first = await uow.channels.unlink(chat())
        second = await uow.channels.unlink(chat())
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.channels.get(chat()) is None
        remaining = await uow.channels.list_for(seeded.consultation.id)
    assert (first, second) == (True, False)
    assert [c.ref for c in remaining] == [chat("-2")]


async def test_linked_at_is_stored_as_utc_and_naive_datetimes_are_refused(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    new_york = timezone(timedelta(hours=-5))
    local = datetime(2027, 1, 2, 5, 0, tzinfo=new_york)
    async with uow_factory() as uow:
        linked = await uow.channels.link(chat(), "Residents", seeded.consultation.id, local)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.channels.get(chat())
        naive = datetime(2027, 1, 2, 10, 0)  # noqa: DTZ001 - the point of the test
        with pytest.raises(ValueError, match="naive datetime"):
            await uow.channels.link(chat("-2"), "Naive", seeded.consultation.id, naive)
    assert stored is not None
    for moment in (linked.linked_at, stored.linked_at):
        assert moment.tzinfo is UTC
        assert moment == LINKED_AT


async def test_concurrent_links_of_one_chat_leave_one_channel(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other_id = await second_consultation(uow_factory)

    async def link(consultation_id: int) -> int:
        async with uow_factory() as uow:
            channel = await uow.channels.link(chat(), "Residents", consultation_id, LINKED_AT)
            await asyncio.sleep(0)  # let the other link run while this transaction is open
            await uow.commit()
            return channel.id

    ids = await asyncio.gather(link(seeded.consultation.id), link(other_id))
    async with uow_factory() as uow:
        stored = await uow.channels.get(chat())
        following = [
            *await uow.channels.list_for(seeded.consultation.id),
            *await uow.channels.list_for(other_id),
        ]
    assert stored is not None
    assert set(ids) == {stored.id}
    assert following == [stored]
