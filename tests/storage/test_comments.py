"""Contract: comments, replies, idempotent submission and comment votes."""

from datetime import timedelta

import pytest

from core.model import NewComment
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person


def new_comment(
    seeded: Seeded,
    participant_id: int,
    body: str,
    *,
    minutes: int = 0,
    key: str | None = None,
    parent_id: int | None = None,
    index: int = 0,
) -> NewComment:
    return NewComment(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        parent_id=parent_id,
        body=body,
        created_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
        idempotency_key=key,
    )


async def test_a_comment_is_stored_with_its_author_name(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    new = new_comment(seeded, seeded.alice.id, "Too vague.", key="m-1")
    async with uow_factory() as uow:
        comment, created = await uow.comments.add(new)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.comments.get(comment.id) == comment
        assert await uow.comments.find_by_key(seeded.alice.id, "m-1") == comment
        assert await uow.comments.find_by_key(seeded.bob.id, "m-1") is None
        assert await uow.comments.get(999) is None
    assert created
    assert (comment.author_name, comment.body, comment.created_at) == (
        "Alice",
        "Too vague.",
        new.created_at,
    )
    assert (comment.parent_id, comment.up, comment.down) == (None, 0, 0)


async def test_adding_a_comment_with_a_used_key_returns_the_first_comment(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        first, first_created = await uow.comments.add(
            new_comment(seeded, seeded.alice.id, "First.", key="update-42")
        )
        await uow.commit()
    async with uow_factory() as uow:
        retry, retry_created = await uow.comments.add(
            new_comment(seeded, seeded.alice.id, "Retried.", minutes=1, key="update-42")
        )
        await uow.commit()
    async with uow_factory() as uow:
        count = await uow.comments.count_for_paragraph(seeded.paragraphs[0].id)
    assert (first_created, retry_created) == (True, False)
    assert retry == first
    assert count == 1


async def test_comments_without_a_key_or_from_another_person_are_separate(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        results = [
            await uow.comments.add(new_comment(seeded, seeded.alice.id, "Same.")),
            await uow.comments.add(new_comment(seeded, seeded.alice.id, "Same.")),
            await uow.comments.add(new_comment(seeded, seeded.alice.id, "Keyed.", key="k")),
            await uow.comments.add(new_comment(seeded, seeded.bob.id, "Keyed.", key="k")),
        ]
        count = await uow.comments.count_for_paragraph(seeded.paragraphs[0].id)
    assert [created for _, created in results] == [True] * 4
    assert len({comment.id for comment, _ in results}) == 4
    assert count == 4


async def test_comment_votes_are_set_changed_and_withdrawn(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        carol = await uow.participants.get_or_add(person("carol"), "Carol")
        comment, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "Hm."))
        await uow.comments.set_vote(comment.id, seeded.bob.id, 1)
        await uow.comments.set_vote(comment.id, carol.id, 1)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.comments.set_vote(comment.id, carol.id, -1)
        after_change = await uow.comments.get(comment.id)
        await uow.comments.set_vote(comment.id, seeded.bob.id, 0)
        await uow.comments.set_vote(comment.id, seeded.alice.id, 0)  # never voted: no-op
        after_withdrawal = await uow.comments.get(comment.id)
        votes = [await uow.comments.vote_of(comment.id, p) for p in (seeded.bob.id, carol.id)]
    assert after_change is not None
    assert (after_change.up, after_change.down, after_change.score) == (1, 1, 0)
    assert after_withdrawal is not None
    assert (after_withdrawal.up, after_withdrawal.down) == (0, 1)
    assert votes == [0, -1]


async def test_a_comment_vote_other_than_minus_one_zero_or_one_is_refused(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        comment, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "Hm."))
        with pytest.raises(ValueError, match="-1, 0 or"):
            await uow.comments.set_vote(comment.id, seeded.bob.id, 2)


async def test_threads_are_ordered_by_score_then_age_and_paged(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        voters = [await uow.participants.get_or_add(person(f"v{i}"), f"V{i}") for i in range(3)]
        old, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "old", minutes=1))
        disliked, _ = await uow.comments.add(new_comment(seeded, seeded.bob.id, "no", minutes=2))
        liked, _ = await uow.comments.add(new_comment(seeded, seeded.bob.id, "yes", minutes=3))
        young, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "new", minutes=4))
        reply, _ = await uow.comments.add(
            new_comment(seeded, seeded.bob.id, "re", minutes=5, parent_id=old.id)
        )
        for voter in voters:
            await uow.comments.set_vote(liked.id, voter.id, 1)
            await uow.comments.set_vote(reply.id, voter.id, 1)
        await uow.comments.set_vote(disliked.id, voters[0].id, -1)
        await uow.commit()
    paragraph_id = seeded.paragraphs[0].id
    async with uow_factory() as uow:
        everything = await uow.comments.threads(paragraph_id, limit=10, offset=0)
        second_page = await uow.comments.threads(paragraph_id, limit=2, offset=2)
        threads = await uow.comments.count_threads(paragraph_id)
    assert [c.id for c in everything] == [liked.id, old.id, young.id, disliked.id]
    assert [(c.up, c.down) for c in everything] == [(3, 0), (0, 0), (0, 0), (0, 1)]
    assert [c.id for c in second_page] == [young.id, disliked.id]
    assert threads == 4


async def test_replies_come_oldest_first_and_count_as_comments_but_not_threads(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        first, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "a", minutes=1))
        second, _ = await uow.comments.add(new_comment(seeded, seeded.bob.id, "b", minutes=2))
        late, _ = await uow.comments.add(
            new_comment(seeded, seeded.alice.id, "re b", minutes=9, parent_id=second.id)
        )
        early, _ = await uow.comments.add(
            new_comment(seeded, seeded.bob.id, "re a", minutes=5, parent_id=first.id)
        )
        await uow.commit()
    paragraph_id = seeded.paragraphs[0].id
    async with uow_factory() as uow:
        replies = await uow.comments.replies([first.id, second.id])
        none = await uow.comments.replies([])
        counts = (
            await uow.comments.count_for_paragraph(paragraph_id),
            await uow.comments.count_threads(paragraph_id),
        )
    assert replies == [early, late]
    assert early.parent_id == first.id
    assert none == []
    assert counts == (4, 2)


async def test_comments_are_listed_by_paragraph_position_then_time_and_counted_per_author(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        on_last, _ = await uow.comments.add(
            new_comment(seeded, seeded.alice.id, "x", minutes=0, index=3)
        )
        late, _ = await uow.comments.add(new_comment(seeded, seeded.bob.id, "y", minutes=8))
        early, _ = await uow.comments.add(new_comment(seeded, seeded.alice.id, "z", minutes=2))
        await uow.commit()
    async with uow_factory() as uow:
        listed = await uow.comments.list(seeded.consultation.id)
        by_alice = await uow.comments.count_by(seeded.consultation.id, seeded.alice.id)
        by_bob = await uow.comments.count_by(seeded.consultation.id, seeded.bob.id)
    assert listed == [early, late, on_last]
    assert (by_alice, by_bob) == (2, 1)
