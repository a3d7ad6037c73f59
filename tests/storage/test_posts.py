"""Contract: posts in linked chats are kept once each, found by paragraph, gone with the chat."""

from core.delivery import DeliveryKind, NewOutboxItem, Priority
from core.model import ChannelRef, Choice, Platform, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.deliveries import NOW
from tests.storage.examples import Seeded

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="main", chat_id="-100")


async def test_posts_are_stored_once_and_found_by_paragraph_with_their_chat(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    p1, p2 = seeded.paragraphs[:2]
    async with uow_factory() as uow:
        channel = await uow.channels.link(GROUP, "Residents", seeded.consultation.id, NOW)
        await uow.posts.add(channel.id, p1.id, "41", NOW)
        await uow.posts.add(channel.id, p1.id, "41", NOW)  # the same message again
        await uow.posts.add(channel.id, p1.id, "57", NOW)
        await uow.posts.add(channel.id, p2.id, "42", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        posts = await uow.posts.for_paragraph(p1.id)
        again = await uow.posts.get(posts[0].id)
        missing = await uow.posts.get(posts[-1].id + 100)
    assert [p.message_ref for p in posts] == ["41", "57"]
    assert again == posts[0]
    assert missing is None
    recipient = posts[0].recipient
    assert (recipient.platform, recipient.tenant, recipient.address) == (
        Platform.TELEGRAM,
        "main",
        "-100",
    )
    assert (recipient.channel_id, posts[0].channel_id, posts[0].paragraph_id) == (
        channel.id,
        channel.id,
        p1.id,
    )


async def test_a_refresh_row_keeps_its_post_and_goes_with_the_chat(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    p1 = seeded.paragraphs[0]
    async with uow_factory() as uow:
        channel = await uow.channels.link(GROUP, "Residents", seeded.consultation.id, NOW)
        await uow.posts.add(channel.id, p1.id, "41", NOW)
        [post] = await uow.posts.for_paragraph(p1.id)
        refresh = NewOutboxItem(
            key=f"refresh:{post.id}:1",
            recipient=post.recipient,
            kind=DeliveryKind.REFRESH,
            consultation_id=seeded.consultation.id,
            paragraph_id=p1.id,
            broadcast_id=None,
            priority=Priority.BULK,
            due_at=NOW,
            post_id=post.id,
        )
        assert await uow.outbox.enqueue([refresh, refresh], NOW) == 1
        await uow.commit()
    async with uow_factory() as uow:
        [claimed] = await uow.outbox.claim("a", NOW, limit=5, lease=NOW - NOW)
        await uow.commit()
    assert (claimed.kind, claimed.post_id) == (DeliveryKind.REFRESH, post.id)
    async with uow_factory() as uow:
        await uow.channels.unlink(GROUP)
        assert await uow.posts.for_paragraph(p1.id) == []
        assert await uow.outbox.get(claimed.id) is None


async def test_a_post_added_after_a_vote_in_the_same_unit_of_work_is_found(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    p1 = seeded.paragraphs[0]
    vote = Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=p1.id,
        participant_id=seeded.alice.id,
        choice=Choice.AGREE,
        cast_at=NOW,
    )
    async with uow_factory() as uow:
        await uow.votes.record(vote)  # learns that P1 has no posts yet
        channel = await uow.channels.link(GROUP, "Residents", seeded.consultation.id, NOW)
        await uow.posts.add(channel.id, p1.id, "41", NOW)
        posts = await uow.posts.for_paragraph(p1.id)
    assert [p.message_ref for p in posts] == ["41"]


async def test_a_vote_on_a_posted_paragraph_finds_its_posts(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    p1, p2 = seeded.paragraphs[:2]
    async with uow_factory() as uow:
        channel = await uow.channels.link(GROUP, "Residents", seeded.consultation.id, NOW)
        await uow.posts.add(channel.id, p1.id, "41", NOW)
        await uow.commit()
    async with uow_factory() as uow:
        for paragraph in (p1, p2):
            await uow.votes.record(
                Vote(
                    consultation_id=seeded.consultation.id,
                    paragraph_id=paragraph.id,
                    participant_id=seeded.bob.id,
                    choice=Choice.DISAGREE,
                    cast_at=NOW,
                )
            )
        posted = await uow.posts.for_paragraph(p1.id)
        unposted = await uow.posts.for_paragraph(p2.id)
    assert [p.message_ref for p in posted] == ["41"]
    assert unposted == []
