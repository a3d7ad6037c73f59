"""Contract: tallies, contributors, latest comments and unfinished participants."""

import dataclasses
from datetime import timedelta

from core.model import Choice, Enrolment, NewComment, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.examples import Seeded, person


def vote(seeded: Seeded, index: int, participant_id: int, choice: Choice) -> Vote:
    return Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        choice=choice,
        cast_at=seeded.consultation.opens_at,
    )


def comment(
    seeded: Seeded, index: int, participant_id: int, body: str, minutes: int
) -> NewComment:
    return NewComment(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        parent_id=None,
        body=body,
        created_at=seeded.consultation.opens_at + timedelta(minutes=minutes),
        idempotency_key=None,
    )


async def cast_many(
    uow_factory: UnitOfWorkFactory, seeded: Seeded, agree: int, disagree: int
) -> None:
    """Many people vote on the second paragraph, in one unit of work."""
    async with uow_factory() as uow:
        for n in range(agree + disagree):
            voter = await uow.participants.get_or_add(person(f"voter-{n}"), f"Voter {n}")
            choice = Choice.AGREE if n < agree else Choice.DISAGREE
            await uow.votes.record(vote(seeded, 1, voter.id, choice))
        await uow.commit()


async def test_tallies_count_votes_and_comments_per_paragraph_with_zeros(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await cast_many(uow_factory, seeded, agree=447, disagree=16)
    async with uow_factory() as uow:
        await uow.comments.add(comment(seeded, 1, seeded.alice.id, "Yes", 1))
        await uow.comments.add(comment(seeded, 1, seeded.bob.id, "No", 2))
        await uow.comments.add(comment(seeded, 3, seeded.bob.id, "Hm", 3))
        await uow.votes.record(vote(seeded, 3, seeded.alice.id, Choice.DISAGREE))
        await uow.commit()
    async with uow_factory() as uow:
        tallies = await uow.statistics.tallies(seeded.consultation.id)
        single = await uow.statistics.tally(seeded.paragraphs[1].id)
        missing = await uow.statistics.tally(999)
    assert [t.paragraph_id for t in tallies] == [p.id for p in seeded.paragraphs]
    assert [
        (t.number, t.position, t.section, t.agree, t.disagree, t.comments) for t in tallies
    ] == [
        (1, 1, None, 0, 0, 0),
        (2, 2, "Energy", 447, 16, 2),
        (3, 3, "Energy", 0, 0, 0),
        (5, 4, "Transport", 0, 1, 1),
    ]
    assert single == tallies[1]
    assert tallies[1].agreement_pct == 97
    assert missing is None


async def test_a_changed_vote_counts_once_with_its_new_choice(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.AGREE))
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.DISAGREE))
        tally = await uow.statistics.tally(seeded.paragraphs[0].id)
    assert tally is not None
    assert (tally.agree, tally.disagree) == (0, 1)


async def test_contributors_count_a_person_who_voted_and_commented_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        assert await uow.statistics.contributors(seeded.consultation.id) == 0
        carol = await uow.participants.get_or_add(person("carol"), "Carol")
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.AGREE))
        await uow.votes.record(vote(seeded, 1, seeded.alice.id, Choice.AGREE))
        await uow.comments.add(comment(seeded, 0, seeded.alice.id, "Mine", 1))
        await uow.votes.record(vote(seeded, 0, seeded.bob.id, Choice.DISAGREE))
        await uow.comments.add(comment(seeded, 2, carol.id, "Only a comment", 2))
        assert await uow.statistics.contributors(seeded.consultation.id) == 3


async def test_latest_comments_are_newest_first_with_author_and_paragraph_number(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.comments.add(comment(seeded, 0, seeded.alice.id, "oldest", 1))
        newest, _ = await uow.comments.add(comment(seeded, 3, seeded.bob.id, "newest", 9))
        middle, _ = await uow.comments.add(comment(seeded, 1, seeded.alice.id, "middle", 5))
        latest = await uow.statistics.latest_comments(seeded.consultation.id, limit=2)
    assert [(c.comment_id, c.paragraph_number, c.author_name, c.body) for c in latest] == [
        (newest.id, 5, "Bob", "newest"),
        (middle.id, 2, "Alice", "middle"),
    ]
    assert latest[0].created_at == newest.created_at


async def test_participants_with_unvoted_are_active_enrolments_that_have_not_finished(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    base = Enrolment(
        consultation_id=seeded.consultation.id,
        participant_id=seeded.alice.id,
        cursor=1,
        awaiting_paragraph_id=None,
        awaiting_reply_to=None,
        muted=False,
        active=True,
        joined_at=seeded.consultation.opens_at,
        last_seen_at=seeded.consultation.opens_at,
    )
    async with uow_factory() as uow:
        carol = await uow.participants.get_or_add(person("carol"), "Carol")
        dave = await uow.participants.get_or_add(person("dave"), "Dave")
        await uow.enrolments.save(base)
        await uow.enrolments.save(dataclasses.replace(base, participant_id=seeded.bob.id))
        await uow.enrolments.save(dataclasses.replace(base, participant_id=carol.id))
        await uow.enrolments.save(dataclasses.replace(base, participant_id=dave.id, active=False))
        for index in range(4):  # Alice finishes; Bob votes twice on one paragraph only
            await uow.votes.record(vote(seeded, index, seeded.alice.id, Choice.AGREE))
        await uow.votes.record(vote(seeded, 0, seeded.bob.id, Choice.AGREE))
        await uow.votes.record(vote(seeded, 0, seeded.bob.id, Choice.DISAGREE))
        await uow.commit()
    async with uow_factory() as uow:
        unfinished = await uow.statistics.participants_with_unvoted(seeded.consultation.id)
    assert unfinished == sorted([seeded.bob.id, carol.id])
