"""Contract: digest settings, periods claimed once, subscribers, and a period's activity."""

import asyncio
from datetime import datetime, timedelta

from core.digests import Activity, DigestEvery, DigestPeriod
from core.model import Choice, CommentState, NewComment, Vote
from core.ports import UnitOfWorkFactory
from tests.storage.examples import OPENS_AT, Seeded

START = OPENS_AT
END = OPENS_AT + timedelta(days=1)


def period(seeded: Seeded, end: datetime = END, votes: int = 2) -> DigestPeriod:
    return DigestPeriod(
        consultation_id=seeded.consultation.id,
        every=DigestEvery.DAILY,
        start=end - timedelta(days=1),
        end=end,
        activity=Activity(votes=votes, comments=1, participants=2),
        controversial=3,
        agreement=52,
    )


async def test_a_period_is_claimed_once_even_by_workers_at_once(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async def claim(votes: int) -> bool:
        async with uow_factory() as uow:
            claimed = await uow.digests.claim(period(seeded, votes=votes))
            await asyncio.sleep(0.01)  # queueing its pushes in the same transaction
            await uow.commit()
            return claimed

    results = await asyncio.gather(*(claim(votes) for votes in (2, 3, 4, 5)))

    assert sorted(results) == [False, False, False, True]
    async with uow_factory() as uow:
        stored = await uow.digests.period_before(seeded.consultation.id, END + timedelta(hours=1))
        assert await uow.digests.period_before(seeded.consultation.id, END - timedelta(1)) is None
    assert stored is not None
    assert stored.activity.votes == [2, 3, 4, 5][results.index(True)]
    assert (stored.start, stored.end, stored.controversial, stored.agreement) == (
        START,
        END,
        3,
        52,
    )


async def test_the_period_before_a_moment_is_the_latest_that_ended_by_then(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        for days in (1, 2, 3):
            assert await uow.digests.claim(period(seeded, OPENS_AT + timedelta(days=days)))
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.digests.period_before(
            seeded.consultation.id, OPENS_AT + timedelta(days=2, hours=5)
        )
    assert found is not None
    assert found.end == OPENS_AT + timedelta(days=2)


async def test_a_setting_keeps_its_start_until_its_interval_changes_and_goes_when_off(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    for moment, every in ((START, DigestEvery.DAILY), (END, DigestEvery.DAILY)):
        async with uow_factory() as uow:
            await uow.digests.set(cid, every, moment)
            await uow.commit()
    async with uow_factory() as uow:
        daily = await uow.digests.setting(cid)
        await uow.digests.set(cid, DigestEvery.WEEKLY, END)
        weekly = await uow.digests.settings()
        await uow.digests.set(cid, None, END)
        off = await uow.digests.setting(cid)
        await uow.commit()
    assert daily is not None
    assert (daily.every, daily.since) == (DigestEvery.DAILY, START)
    assert [(s.consultation_id, s.every, s.since) for s in weekly] == [
        (cid, DigestEvery.WEEKLY, END)
    ]
    assert off is None


async def test_subscribing_twice_is_one_subscription(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid = seeded.consultation.id
    async with uow_factory() as uow:
        changes = [
            await uow.digests.subscribe(cid, seeded.bob.id, True),
            await uow.digests.subscribe(cid, seeded.bob.id, True),
            await uow.digests.subscribe(cid, seeded.alice.id, True),
            await uow.digests.subscribe(cid, seeded.alice.id, False),
            await uow.digests.subscribe(cid, seeded.alice.id, False),
        ]
        subscribers = await uow.digests.subscribers(cid)
        await uow.commit()
    assert changes == [True, False, True, True, False]
    assert subscribers == [seeded.bob.id]


async def test_activity_counts_first_votes_published_comments_and_newcomers_in_the_period(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    cid, p1, p2 = seeded.consultation.id, seeded.paragraphs[0].id, seeded.paragraphs[1].id
    before, inside, after = START - timedelta(hours=1), START + timedelta(hours=1), END
    casts = [
        (p1, seeded.alice.id, Choice.AGREE, before),  # Alice came before the period
        (p1, seeded.alice.id, Choice.DISAGREE, inside),  # a change: not a new vote
        (p2, seeded.alice.id, Choice.AGREE, inside),  # new vote, not a new participant
        (p1, seeded.bob.id, Choice.AGREE, inside),  # new vote, new participant
        (p2, seeded.bob.id, Choice.AGREE, after),  # the end is excluded
    ]
    async with uow_factory() as uow:
        for paragraph_id, participant_id, choice, moment in casts:
            await uow.votes.record(
                Vote(
                    consultation_id=cid,
                    paragraph_id=paragraph_id,
                    participant_id=participant_id,
                    choice=choice,
                    cast_at=moment,
                )
            )
        for body, state in (("Shown.", CommentState.PUBLISHED), ("Hidden.", CommentState.HIDDEN)):
            comment = NewComment(
                consultation_id=cid,
                paragraph_id=p1,
                participant_id=seeded.bob.id,
                parent_id=None,
                body=body,
                created_at=inside,
                idempotency_key=body,
                state=state,
            )
            await uow.comments.add(comment)
        await uow.commit()
    async with uow_factory() as uow:
        activity = await uow.digests.activity(cid, START, END)
    assert activity == Activity(votes=2, comments=1, participants=1)
