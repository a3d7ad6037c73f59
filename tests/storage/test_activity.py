"""Contract: participation per UTC day (votes first cast, published comments, newcomers)."""

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Choice, CommentState, NewComment, Vote
from core.ports import UnitOfWorkFactory
from core.statistics import DailyActivity
from tests.storage.examples import Seeded, person, seed

JAN_1_LATE = datetime(2027, 1, 1, 23, 30, tzinfo=UTC)
# 01:00 on 2 January in Moscow is 22:00 on 1 January in UTC: it counts on 1 January.
JAN_1_IN_MOSCOW = datetime(2027, 1, 2, 1, 0, tzinfo=timezone(timedelta(hours=3)))
JAN_2 = datetime(2027, 1, 2, 0, 15, tzinfo=UTC)
JAN_2_NOON = datetime(2027, 1, 2, 12, 0, tzinfo=UTC)
JAN_4 = datetime(2027, 1, 4, 8, 0, tzinfo=UTC)


def vote(seeded: Seeded, index: int, participant_id: int, choice: Choice, at: datetime) -> Vote:
    return Vote(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[index].id,
        participant_id=participant_id,
        choice=choice,
        cast_at=at,
    )


def comment(seeded: Seeded, participant_id: int, at: datetime, parent: int | None) -> NewComment:
    return NewComment(
        consultation_id=seeded.consultation.id,
        paragraph_id=seeded.paragraphs[0].id,
        participant_id=participant_id,
        parent_id=parent,
        body="A comment.",
        created_at=at,
        idempotency_key=None,
    )


async def take_part(uow_factory: UnitOfWorkFactory, seeded: Seeded) -> None:
    """Alice on 1 Jan (and a change on 2 Jan), Bob on 2 Jan, comments 1, 2 and 4 Jan."""
    alice, bob = seeded.alice.id, seeded.bob.id
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, alice, Choice.AGREE, JAN_1_LATE))
        await uow.votes.record(vote(seeded, 1, alice, Choice.AGREE, JAN_1_IN_MOSCOW))
        # Changed the next day: still one vote, counted on the day it was first cast.
        await uow.votes.record(vote(seeded, 0, alice, Choice.DISAGREE, JAN_2))
        await uow.votes.record(vote(seeded, 0, bob, Choice.AGREE, JAN_2))
        await uow.votes.record(vote(seeded, 2, bob, Choice.DISAGREE, JAN_2_NOON))
        first, _ = await uow.comments.add(comment(seeded, alice, JAN_1_LATE, None))
        hidden, _ = await uow.comments.add(comment(seeded, bob, JAN_2, None))
        await uow.comments.set_state(hidden.id, CommentState.HIDDEN)
        await uow.comments.add(comment(seeded, bob, JAN_4, first.id))
        await uow.commit()


def day(number: int, votes: int, comments: int, new_participants: int) -> DailyActivity:
    return DailyActivity(
        day=date(2027, 1, number),
        votes=votes,
        comments=comments,
        new_participants=new_participants,
    )


async def test_activity_counts_first_votes_published_comments_and_newcomers_per_utc_day(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await take_part(uow_factory, seeded)
    async with uow_factory() as uow:
        activity = await uow.statistics.activity_by_day(seeded.consultation.id)
        tallies = await uow.statistics.tallies(seeded.consultation.id)
    assert activity == [day(1, 2, 1, 1), day(2, 2, 0, 1), day(4, 0, 1, 0)]
    assert sum(a.votes for a in activity) == sum(t.votes for t in tallies)
    assert sum(a.comments for a in activity) == sum(t.comments for t in tallies)


async def test_activity_since_a_moment_counts_only_what_happened_from_then_on(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    await take_part(uow_factory, seeded)
    async with uow_factory() as uow:
        later = await uow.statistics.activity_by_day(seeded.consultation.id, since=JAN_2_NOON)
        from_jan_2 = await uow.statistics.activity_by_day(seeded.consultation.id, since=JAN_2)
    assert later == [day(2, 1, 0, 0), day(4, 0, 1, 0)]
    assert from_jan_2 == [day(2, 2, 0, 1), day(4, 0, 1, 0)]


async def test_activity_keeps_a_forgotten_persons_votes_on_the_day_they_were_cast(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.AGREE, JAN_2))
        await uow.personal_data.erase(seeded.alice)
        await uow.commit()
    async with uow_factory() as uow:
        activity = await uow.statistics.activity_by_day(seeded.consultation.id)
    assert activity == [day(2, 1, 0, 1)]


async def test_activity_is_empty_without_votes_and_ignores_other_consultations(
    uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    other = await seed(uow_factory, "other-plan")
    async with uow_factory() as uow:
        carol = await uow.participants.get_or_add(person("carol"), "Carol")
        await uow.votes.record(vote(other, 0, carol.id, Choice.AGREE, JAN_2))
        await uow.commit()
    async with uow_factory() as uow:
        empty = await uow.statistics.activity_by_day(seeded.consultation.id)
        theirs = await uow.statistics.activity_by_day(other.consultation.id)
    assert empty == []
    assert theirs == [day(2, 1, 0, 1)]


async def test_activity_days_are_utc_whatever_the_database_sessions_time_zone(
    engine: AsyncEngine | None, uow_factory: UnitOfWorkFactory, seeded: Seeded
) -> None:
    if engine is not None and engine.dialect.name == "postgresql":
        # UTC+14: 23:30 UTC on 1 January is already 2 January there.
        await engine.dispose()
        event.listen(engine.sync_engine, "connect", _far_east_time_zone)
    async with uow_factory() as uow:
        await uow.votes.record(vote(seeded, 0, seeded.alice.id, Choice.AGREE, JAN_1_LATE))
        await uow.commit()
    async with uow_factory() as uow:
        activity = await uow.statistics.activity_by_day(seeded.consultation.id)
    assert activity == [day(1, 1, 0, 1)]


def _far_east_time_zone(connection: object, record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("SET TIME ZONE 'Pacific/Kiritimati'")
    cursor.close()
