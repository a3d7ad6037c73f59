"""`townhall demo-votes`: simulated participation, deterministic, marked, and never mixed."""

from datetime import timedelta

import pytest

from core.errors import Conflict, InvalidSetting, NotAccepting
from core.intents import CastVote, Join, SubmitComment
from core.model import CLI_ACTOR, Choice, Platform, Status
from core.orders import QueueBroadcast, ReadStatistics, SimulateVotes
from core.simulation import simulate
from tests.core.conftest import ANA, NOW, World

START = NOW - timedelta(days=14)


def order(slug: str = "strategy", people: int = 200, seed: int = 1) -> SimulateVotes:
    return SimulateVotes(slug=slug, people=people, seed=seed, days=14)


def test_the_same_seed_gives_the_same_simulation_and_another_seed_another() -> None:
    ids = list(range(1, 25))
    first = simulate(ids, people=200, seed=1, start=START, end=NOW)
    assert simulate(ids, people=200, seed=1, start=START, end=NOW) == first
    assert simulate(ids, people=200, seed=2, start=START, end=NOW) != first


def test_paragraphs_range_from_consensus_to_split_and_activity_spreads_over_the_days() -> None:
    ids = list(range(1, 25))
    simulation = simulate(ids, people=200, seed=1, start=START, end=NOW)
    rates = []
    for paragraph_id in ids:
        choices = [v.choice for v in simulation.votes if v.paragraph_id == paragraph_id]
        rates.append(choices.count(Choice.AGREE) / len(choices))
    assert any(rate >= 0.8 for rate in rates), "some paragraphs find consensus"
    assert any(0.4 <= rate <= 0.6 for rate in rates), "some are split"
    moments = [v.cast_at for v in simulation.votes] + [c.created_at for c in simulation.comments]
    assert all(START <= moment <= NOW for moment in moments)
    assert len({moment.date() for moment in moments}) >= 10
    assert any(c.parent is not None for c in simulation.comments), "a few replies"
    assert simulation.comment_votes


async def test_demo_votes_fill_the_consultation_and_mark_it_simulated(world: World) -> None:
    consultation = await world.consultation()

    summary = await world.app.handle(CLI_ACTOR, order(people=50))

    stored, statistics = await world.app.handle(CLI_ACTOR, ReadStatistics(slug="strategy"))
    assert stored.simulated
    assert not consultation.simulated
    assert statistics.totals.votes == summary.votes > 50
    assert statistics.totals.comments == summary.comments + summary.replies
    assert statistics.totals.contributors == summary.people == 50
    people = world.database.tables.participants.values()
    assert {p.ref.platform for p in people} == {Platform.DEMO}


async def test_the_opening_moves_back_so_the_activity_has_days_to_spread_over(
    world: World,
) -> None:
    await world.consultation(opens_at=NOW - timedelta(hours=1))

    summary = await world.app.handle(CLI_ACTOR, order())

    stored, _ = await world.app.handle(CLI_ACTOR, ReadStatistics(slug="strategy"))
    assert summary.moved_opening == stored.opens_at == NOW - timedelta(days=14)


async def test_simulated_people_get_no_pushes(world: World) -> None:
    await world.consultation()
    await world.app.handle(CLI_ACTOR, order(people=20))

    plan = await world.app.handle(CLI_ACTOR, QueueBroadcast(slug="strategy"))

    assert plan.recipients == 0


async def test_a_consultation_with_a_real_vote_is_refused_and_nothing_changes(
    world: World,
) -> None:
    consultation = await world.consultation()
    await world.app.handle(ANA, Join(payload="strategy"))
    paragraph = min(world.database.tables.paragraphs)
    await world.app.handle(
        ANA, CastVote(consultation_id=consultation.id, paragraph_id=paragraph, choice=Choice.AGREE)
    )

    with pytest.raises(Conflict, match="already has votes or comments from real participants"):
        await world.app.handle(CLI_ACTOR, order())

    stored, statistics = await world.app.handle(CLI_ACTOR, ReadStatistics(slug="strategy"))
    assert not stored.simulated
    assert stored.opens_at == consultation.opens_at
    assert statistics.totals.votes == 1
    assert len(world.database.tables.participants) == 1


async def test_a_consultation_with_only_a_real_comment_is_refused_too(world: World) -> None:
    consultation = await world.consultation()
    await world.app.handle(ANA, Join(payload="strategy"))
    paragraph = min(world.database.tables.paragraphs)
    await world.app.handle(
        ANA,
        SubmitComment(consultation_id=consultation.id, paragraph_id=paragraph, body="Why?"),
    )

    with pytest.raises(Conflict):
        await world.app.handle(CLI_ACTOR, order())


async def test_a_second_run_is_refused_and_adds_nothing(world: World) -> None:
    await world.consultation()
    first = await world.app.handle(CLI_ACTOR, order(people=30))

    with pytest.raises(Conflict, match="already holds simulated votes"):
        await world.app.handle(CLI_ACTOR, order(people=30, seed=2))

    _, statistics = await world.app.handle(CLI_ACTOR, ReadStatistics(slug="strategy"))
    assert statistics.totals.votes == first.votes


async def test_a_draft_is_refused(world: World) -> None:
    await world.consultation(status=Status.DRAFT)

    with pytest.raises(NotAccepting, match="open consultation only"):
        await world.app.handle(CLI_ACTOR, order())


@pytest.mark.parametrize("people", [0, 5001])
async def test_a_size_out_of_range_is_refused(world: World, people: int) -> None:
    await world.consultation()

    with pytest.raises(InvalidSetting, match="1 to 5000"):
        await world.app.handle(CLI_ACTOR, order(people=people))

    stored, _ = await world.app.handle(CLI_ACTOR, ReadStatistics(slug="strategy"))
    assert not stored.simulated
