"""Contract: many people's enrolments and votes read at once, for a batch of pushes."""

import dataclasses
from datetime import timedelta

from core.model import Choice, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, seed
from tests.storage.test_people import enrolment


async def test_enrolments_are_read_for_many_people_at_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    alice, bob = seeded.alice.id, seeded.bob.id
    muted = dataclasses.replace(enrolment(seeded, bob), muted=True, cursor=3)
    async with uow_factory() as uow:
        await uow.enrolments.save(enrolment(seeded, alice))
        await uow.enrolments.save(muted)
        await uow.enrolments.save(
            dataclasses.replace(enrolment(other, alice), consultation_id=other.consultation.id)
        )
        await uow.commit()
    async with uow_factory() as uow:
        both = await uow.enrolments.get_many(seeded.consultation.id, [bob, alice, 999_999])
        only_alice = await uow.enrolments.get_many(other.consultation.id, [alice, bob])
        assert await uow.enrolments.get_many(seeded.consultation.id, []) == {}
    assert both == {alice: enrolment(seeded, alice), bob: muted}
    assert list(only_alice) == [alice]
    assert only_alice[alice].consultation_id == other.consultation.id


async def test_votes_on_one_paragraph_are_read_for_many_people_at_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    alice, bob = seeded.alice.id, seeded.bob.id
    first, second = seeded.paragraphs[0].id, seeded.paragraphs[1].id

    def vote(paragraph_id: int, participant_id: int, choice: Choice, minutes: int) -> Vote:
        at = seeded.consultation.opens_at + timedelta(minutes=minutes)
        return Vote(
            consultation_id=seeded.consultation.id,
            paragraph_id=paragraph_id,
            participant_id=participant_id,
            choice=choice,
            cast_at=at,
        )

    async with uow_factory() as uow:
        await uow.votes.record(vote(first, alice, Choice.AGREE, 1))
        await uow.votes.record(vote(first, alice, Choice.DISAGREE, 2))  # the current one
        await uow.votes.record(vote(first, bob, Choice.AGREE, 3))
        await uow.votes.record(vote(second, bob, Choice.DISAGREE, 4))
        await uow.commit()
    async with uow_factory() as uow:
        on_first = await uow.votes.choices_on(first, [alice, bob, 999_999])
        on_second = await uow.votes.choices_on(second, [alice, bob])
        assert await uow.votes.choices_on(first, []) == {}
    assert on_first == {alice: Choice.DISAGREE, bob: Choice.AGREE}
    assert on_second == {bob: Choice.DISAGREE}
