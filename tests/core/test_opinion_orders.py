"""The core's opinion-groups orders: who may ask, which consultations are due, the round trip."""

import logging

import pytest

from bots.runtime.opinion_groups import compute_groups, recompute_due
from core.documents import Document, DocumentParagraph, DocumentSection
from core.errors import AccessDenied, InvalidSetting, NotFound
from core.intents import CastVote, Join
from core.model import CLI_ACTOR, SYSTEM_ACTOR, Consultation, Status
from core.opinion_orders import (
    DueOpinionGroups,
    ReadOpinionGroups,
    ReadOpinionInputs,
    ReadOpinionVotes,
    SaveOpinionGroups,
)
from core.opinions import Verdict
from tests.core.conftest import World, actor
from tests.opinions.camps import contested, paragraph_ids, planted_votes

SIX = Document(
    sections=(
        DocumentSection(
            heading=None,
            paragraphs=tuple(
                DocumentParagraph(number=n, text=f"Paragraph {n}.") for n in range(1, 7)
            ),
        ),
    ),
)


async def vote(world: World, c: Consultation, people: int, paragraphs: int) -> None:
    """`people` people join and vote on the first `paragraphs` paragraphs (two camps)."""
    async with world.uow() as uow:
        stored = await uow.paragraphs.list(c.id)
    by_index = dict(zip(paragraph_ids(len(stored)), stored, strict=True))
    joined: set[int] = set()
    for person, index, choice in planted_votes(
        people=people, paragraphs=paragraphs, camps=2, noise=0.0
    ):
        who = actor(f"person{person}")
        if person not in joined:
            joined.add(person)
            await world.app.handle(who, Join(payload=c.slug))
        order = CastVote(consultation_id=c.id, paragraph_id=by_index[index].id, choice=choice)
        await world.app.handle(who, order)


@pytest.mark.parametrize(
    "order",
    [
        ReadOpinionGroups(slug="strategy"),
        ReadOpinionInputs(slug="strategy"),
        ReadOpinionVotes(consultation_id=1),
    ],
)
async def test_participants_cannot_read_opinion_groups_or_their_inputs(
    world: World, order: ReadOpinionGroups | ReadOpinionInputs | ReadOpinionVotes
) -> None:
    await world.consultation()

    with pytest.raises(AccessDenied):
        await world.app.handle(actor("ana"), order)


async def test_only_the_worker_asks_which_consultations_are_due(world: World) -> None:
    with pytest.raises(AccessDenied):
        await world.app.handle(CLI_ACTOR, DueOpinionGroups())


async def test_an_unknown_consultation_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await world.app.handle(CLI_ACTOR, ReadOpinionGroups(slug="nope"))


@pytest.mark.parametrize("limit", [0, 10_001])
async def test_a_page_of_no_votes_or_too_many_is_refused(world: World, limit: int) -> None:
    with pytest.raises(InvalidSetting):
        await world.app.handle(CLI_ACTOR, ReadOpinionVotes(consultation_id=1, limit=limit))


async def test_a_consultation_is_due_after_enough_new_votes_and_not_before(world: World) -> None:
    c = await world.consultation(document=SIX)
    closed = await world.consultation(slug="closed", status=Status.CLOSED, document=SIX)
    await vote(world, c, people=6, paragraphs=4)  # 24 votes
    await vote(world, closed, people=6, paragraphs=4)

    assert await world.app.handle(SYSTEM_ACTOR, DueOpinionGroups(every_votes=25)) == []
    assert await world.app.handle(SYSTEM_ACTOR, DueOpinionGroups(every_votes=24)) == [c.slug]

    await compute_groups(world.app, SYSTEM_ACTOR, c.slug, world.clock)

    assert await world.app.handle(SYSTEM_ACTOR, DueOpinionGroups(every_votes=1)) == []


async def test_a_share_of_the_last_count_holds_back_a_big_consultation(world: World) -> None:
    c = await world.consultation(document=SIX)
    await vote(world, c, people=10, paragraphs=4)  # 40 votes
    await compute_groups(world.app, SYSTEM_ACTOR, c.slug, world.clock)
    await vote(world, c, people=12, paragraphs=4)  # 2 new people, 8 new votes: 20 % of 40

    due = DueOpinionGroups(every_votes=1, every_share=0.25)
    assert await world.app.handle(SYSTEM_ACTOR, due) == []
    due = DueOpinionGroups(every_votes=1, every_share=0.2)
    assert await world.app.handle(SYSTEM_ACTOR, due) == [c.slug]


async def test_computed_groups_are_stored_and_read_back_by_an_organiser(world: World) -> None:
    c = await world.consultation(document=SIX)
    await vote(world, c, people=12, paragraphs=4)

    computed = await compute_groups(world.app, CLI_ACTOR, c.slug, world.clock, page_size=7)
    report = await world.app.handle(CLI_ACTOR, ReadOpinionGroups(slug=c.slug))

    assert report.groups == computed
    assert report.vote_count == computed.stamp.vote_count == 48
    assert computed.stamp.computed_at == world.clock.now()
    assert computed.verdict is Verdict.GROUPS
    assert [group.size for group in computed.groups] == [6, 6]
    shared = [p.id for p in report.paragraphs[:4] if not contested(100 + p.position - 1)]
    assert {entry.paragraph_id for entry in computed.consensus} == set(shared)
    async with world.uow() as uow:
        points = await uow.opinions.map(c.id)
    assert len(points) == 12


async def test_participants_cannot_store_opinion_groups(world: World) -> None:
    c = await world.consultation(document=SIX)
    await vote(world, c, people=12, paragraphs=4)
    computed = await compute_groups(world.app, CLI_ACTOR, c.slug, world.clock)

    with pytest.raises(AccessDenied):
        await world.app.handle(actor("ana"), SaveOpinionGroups(result=computed, points=()))


async def test_the_workers_sweep_recomputes_what_is_due_once_and_logs_no_text(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    c = await world.consultation(document=SIX)
    await vote(world, c, people=12, paragraphs=4)
    due = DueOpinionGroups(every_votes=10)
    caplog.set_level(logging.INFO, logger="bots.runtime.opinion_groups")

    assert await recompute_due(world.app, world.clock, due) == 1
    assert await recompute_due(world.app, world.clock, due) == 0

    async with world.uow() as uow:
        stamp = await uow.opinions.stamp(c.id)
    assert stamp is not None
    assert stamp.vote_count == 48
    [record] = caplog.records
    assert f"opinion groups of consultation {c.id}: groups, 2 groups" in record.getMessage()
    assert "Paragraph" not in record.getMessage()
