"""Contract: comment states; only published comments are counted and listed to the public."""

import dataclasses

from core.model import CommentState
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded
from tests.storage.test_comments import new_comment

PublicView = tuple[int, int, int, list[int], list[int], int]


async def public_view(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> PublicView:
    """The first paragraph's counter, count and thread count; its threads; latest; contributors."""
    paragraph_id = seeded.paragraphs[0].id
    async with uow_factory() as uow:
        tally = await uow.statistics.tally(paragraph_id)
        threads = await uow.comments.threads(paragraph_id, limit=10, offset=0)
        latest = await uow.statistics.latest_comments(seeded.consultation.id, 10)
        assert tally is not None
        return (
            tally.comments,
            await uow.comments.count_for_paragraph(paragraph_id),
            await uow.comments.count_threads(paragraph_id),
            [c.id for c in threads],
            [c.comment_id for c in latest],
            await uow.statistics.contributors(seeded.consultation.id),
        )


async def test_a_comment_is_published_unless_stored_held_and_only_published_ones_count(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    held = new_comment(seeded, seeded.bob.id, "Awaiting review.", minutes=2)
    async with uow_factory() as uow:
        shown, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "Fine."))
        kept, _ = await uow.comments.add(dataclasses.replace(held, state=CommentState.HELD))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.comments.get(kept.id)
        listed = await uow.comments.list(seeded.consultation.id)
    assert (shown.state, kept.state) == (CommentState.PUBLISHED, CommentState.HELD)
    assert stored == kept
    assert [c.state for c in listed] == [CommentState.PUBLISHED, CommentState.HELD]
    assert await public_view(uow_factory, seeded) == (1, 1, 1, [shown.id], [shown.id], 1)


async def test_hiding_and_restoring_moves_the_counter_in_the_same_transaction(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        first, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "One."))
        second, _ = await uow.comments.add(new_comment(seeded, seeded.bob.id, "Two.", minutes=1))
        await uow.commit()
    async with uow_factory() as uow:
        hidden_from = await uow.comments.set_state(second.id, CommentState.HIDDEN)
        again = await uow.comments.set_state(second.id, CommentState.HIDDEN)
        unknown = await uow.comments.set_state(999, CommentState.HIDDEN)
        await uow.commit()
    hidden = await public_view(uow_factory, seeded)
    async with uow_factory() as uow:
        restored_from = await uow.comments.set_state(second.id, CommentState.PUBLISHED)
        body = (await uow.comments.get(second.id) or first).body
        await uow.commit()
    assert (hidden_from, again, unknown) == (CommentState.PUBLISHED, CommentState.HIDDEN, None)
    assert hidden == (1, 1, 1, [first.id], [first.id], 1)
    assert restored_from is CommentState.HIDDEN
    assert body == "Two."
    restored = await public_view(uow_factory, seeded)
    assert restored == (2, 2, 2, [first.id, second.id], [second.id, first.id], 2)


async def test_a_change_rolled_back_leaves_state_and_counter_as_they_were(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        comment, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "One."))
        await uow.commit()
    async with uow_factory() as uow:
        await uow.comments.set_state(comment.id, CommentState.HIDDEN)
    assert await public_view(uow_factory, seeded) == (1, 1, 1, [comment.id], [comment.id], 1)


async def test_a_deleted_comment_loses_its_text_and_stays_only_above_a_published_reply(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, bob = seeded.alice.id, seeded.bob.id
    async with uow_factory() as uow:
        root, _ = await uow.comments.add(new_comment(seeded, alice, "Root.", minutes=1))
        middle, _ = await uow.comments.add(
            new_comment(seeded, alice, "Middle.", minutes=2, parent_id=root.id)
        )
        leaf, _ = await uow.comments.add(
            new_comment(seeded, bob, "Leaf.", minutes=3, parent_id=middle.id)
        )
        lonely, _ = await uow.comments.add(new_comment(seeded, alice, "Alone.", minutes=4))
        for comment, state in (
            (root, CommentState.DELETED),
            (middle, CommentState.REMOVED),
            (lonely, CommentState.DELETED),
        ):
            await uow.comments.set_state(comment.id, state)
        await uow.commit()
    async with uow_factory() as uow:
        threads = await uow.comments.threads(seeded.paragraphs[0].id, limit=10, offset=0)
        under_root = await uow.comments.replies([root.id])
        under_middle = await uow.comments.replies([middle.id])
        by_alice = await uow.comments.count_by(seeded.consultation.id, alice)
    assert [(c.id, c.state, c.body) for c in threads] == [(root.id, CommentState.DELETED, "")]
    assert [(c.id, c.state, c.body) for c in under_root] == [(middle.id, CommentState.REMOVED, "")]
    assert [(c.id, c.body) for c in under_middle] == [(leaf.id, "Leaf.")]
    assert by_alice == 0
    assert await public_view(uow_factory, seeded) == (1, 1, 1, [root.id], [leaf.id], 1)


async def test_a_hidden_reply_does_not_keep_a_deleted_comment_listed(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        root, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "Root."))
        reply, _ = await uow.comments.add(
            new_comment(seeded, seeded.bob.id, "Reply.", minutes=1, parent_id=root.id)
        )
        await uow.comments.set_state(root.id, CommentState.DELETED)
        await uow.comments.set_state(reply.id, CommentState.HIDDEN)
        await uow.commit()
    async with uow_factory() as uow:
        replies = await uow.comments.replies([root.id])
    assert replies == []
    assert await public_view(uow_factory, seeded) == (0, 0, 0, [], [], 0)
