"""Participation per day travels with the organiser's figures, and only with theirs."""

from datetime import date, timedelta

from core.intents import CastVote, ShowFullStatistics, ShowStatistics, SubmitComment
from core.model import CLI_ACTOR, Actor, Choice
from core.orders import CollectExport, ReadStatistics
from core.screens import StatisticsReport
from core.statistics import DailyActivity, every_day
from tests.core.conftest import ANA, BEN, World
from tests.organiser import add_organiser


def day(d: date, votes: int, comments: int, new_participants: int) -> DailyActivity:
    return DailyActivity(day=d, votes=votes, comments=comments, new_participants=new_participants)


async def take_part_over_three_days(world: World) -> int:
    """Ana votes P1 and P22 today, changes P1 tomorrow; Ben votes and comments in two days."""
    c = await world.consultation()
    async with world.uow() as uow:
        first, second, _ = await uow.paragraphs.list(c.id)

    async def cast(who: Actor, paragraph_id: int, choice: Choice) -> None:
        intent = CastVote(consultation_id=c.id, paragraph_id=paragraph_id, choice=choice)
        await world.app.handle(who, intent)

    await cast(ANA, first.id, Choice.AGREE)
    await cast(ANA, second.id, Choice.AGREE)
    world.clock.advance(timedelta(days=1))
    await cast(ANA, first.id, Choice.DISAGREE)
    world.clock.advance(timedelta(days=1))
    await cast(BEN, first.id, Choice.AGREE)
    comment = SubmitComment(consultation_id=c.id, paragraph_id=first.id, body="Why?")
    await world.app.handle(BEN, comment)
    return c.id


async def test_the_organisers_statistics_carry_participation_per_day(world: World) -> None:
    await take_part_over_three_days(world)
    today = world.clock.now().date()
    expected = (day(today - timedelta(days=2), 2, 0, 1), day(today, 1, 1, 1))

    _, statistics = await world.app.handle(CLI_ACTOR, ReadStatistics(slug="strategy"))
    export = await world.app.handle(CLI_ACTOR, CollectExport(slug="strategy"))
    await add_organiser(world.uow(), ANA.ref)
    report = await world.app.handle(ANA, ShowFullStatistics(slug="strategy"))

    assert statistics.activity == expected
    assert export.statistics.activity == expected
    assert isinstance(report, StatisticsReport)
    assert report.statistics.activity == expected


async def test_participants_statistics_carry_no_participation_per_day(world: World) -> None:
    consultation_id = await take_part_over_three_days(world)
    report = await world.app.handle(BEN, ShowStatistics(consultation_id=consultation_id))
    assert isinstance(report, StatisticsReport)
    assert report.statistics.totals.votes == 3
    assert report.statistics.activity == ()


def test_every_day_fills_the_days_without_activity_with_zeros() -> None:
    first, third = day(date(2027, 1, 1), 2, 0, 1), day(date(2027, 1, 3), 1, 1, 1)
    assert every_day([first, third], until=date(2027, 1, 4)) == [
        first,
        day(date(2027, 1, 2), 0, 0, 0),
        third,
        day(date(2027, 1, 4), 0, 0, 0),
    ]
    assert every_day([first, third]) == [first, day(date(2027, 1, 2), 0, 0, 0), third]
    assert every_day([], until=date(2027, 1, 4)) == []
