"""Contract: current votes, their history and the next paragraph to vote on."""

from datetime import timedelta

from core.model import Choice, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, seed


def vote(seeded: Seeded, index: int, participant_id: int, choice: Choice, minutes: int) -> Vote:
    return Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        choice=choice,
        cast_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
    )


async def test_a_second_vote_replaces_the_first_and_keeps_history(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    first = vote(seeded, 0, seeded.alice.id, Choice.AGREE, minutes=1)
    second = vote(seeded, 0, seeded.alice.id, Choice.DISAGREE, minutes=2)
    async with uow_factory() as uow:
        await uow.votes.record(first)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.votes.record(second)
        await uow.commit()
    async with uow_factory() as uow:
        current = await uow.votes.get(first.paragraph_id, seeded.alice.id)
        history = await uow.votes.history(first.paragraph_id, seeded.alice.id)
        everything = await uow.votes.list(seeded.consultation.id)
    assert current == second
    assert history == [first, second]
    assert everything == [second]


async def test_there_is_no_vote_before_voting(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        assert await uow.votes.get(seeded.paragraphs[0].id, seeded.alice.id) is None
        assert await uow.votes.history(seeded.paragraphs[0].id, seeded.alice.id) == []
        assert await uow.votes.count_by(seeded.consultation.id, seeded.alice.id) == 0


async def test_choices_and_counts_belong_to_one_participant_and_consultation(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.AGREE, 1))
        await uow.votes.record(vote(seeded, 2, seeded.alice.id, Choice.DISAGREE, 2))
        await uow.votes.record(vote(seeded, 2, seeded.alice.id, Choice.AGREE, 3))
        await uow.votes.record(vote(seeded, 1, seeded.bob.id, Choice.AGREE, 4))
        await uow.votes.record(vote(other, 0, seeded.alice.id, Choice.DISAGREE, 5))
        await uow.commit()
    async with uow_factory() as uow:
        choices = await uow.votes.choices(seeded.consultation.id, seeded.alice.id)
        count = await uow.votes.count_by(seeded.consultation.id, seeded.alice.id)
        other_count = await uow.votes.count_by(other.consultation.id, seeded.alice.id)
    assert choices == {
        seeded.paragraphs[0].id: Choice.AGREE,
        seeded.paragraphs[2].id: Choice.AGREE,
    }
    assert (count, other_count) == (2, 1)


async def test_first_unvoted_skips_voted_paragraphs_and_earlier_positions(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation_id, alice = seeded.consultation.id, seeded.alice.id
    p1, p2, p3, p4 = seeded.paragraphs
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, alice, Choice.AGREE, 1))
        await uow.votes.record(vote(seeded, 1, alice, Choice.AGREE, 2))
        await uow.votes.record(vote(seeded, 2, seeded.bob.id, Choice.AGREE, 3))
        assert await uow.votes.first_unvoted(consultation_id, alice, after_position=0) == p3
        assert await uow.votes.first_unvoted(consultation_id, alice, after_position=3) == p4
        assert await uow.votes.first_unvoted(consultation_id, alice, after_position=4) is None
        await uow.votes.record(vote(seeded, 2, alice, Choice.AGREE, 4))
        await uow.votes.record(vote(seeded, 3, alice, Choice.AGREE, 5))
        assert await uow.votes.first_unvoted(consultation_id, alice, after_position=0) is None
        assert (
            await uow.votes.first_unvoted(consultation_id, seeded.bob.id, after_position=2) == p4
        )
    assert (p1.position, p2.position) == (1, 2)


async def test_first_unvoted_leaves_out_the_paragraphs_it_is_told_to_skip(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    consultation_id, alice = seeded.consultation.id, seeded.alice.id
    _, p2, p3, p4 = seeded.paragraphs
    held = frozenset({p2.id, p3.id})
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, alice, Choice.AGREE, 1))
        found = await uow.votes.first_unvoted(
            consultation_id, alice, after_position=0, skipping=held
        )
        assert found == p4
        everything = held | {p4.id}
        assert (
            await uow.votes.first_unvoted(
                consultation_id, alice, after_position=0, skipping=everything
            )
            is None
        )


async def test_votes_are_listed_by_paragraph_position_then_time(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    late_on_first = vote(seeded, 0, seeded.bob.id, Choice.DISAGREE, minutes=9)
    early_on_first = vote(seeded, 0, seeded.alice.id, Choice.AGREE, minutes=1)
    on_last = vote(seeded, 3, seeded.alice.id, Choice.AGREE, minutes=0)
    async with uow_factory() as uow:
        for each in (on_last, late_on_first, early_on_first):
            await uow.votes.record(each)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.votes.list(seeded.consultation.id) == [
            early_on_first,
            late_on_first,
            on_last,
        ]
