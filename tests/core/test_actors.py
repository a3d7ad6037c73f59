"""Who may ask what: the command line is an organiser by construction, the worker is none."""

from dataclasses import replace

import pytest

from core.errors import AccessDenied, NotFound
from core.intents import CastVote, Join, OpenConsultation
from core.model import CLI_ACTOR, SYSTEM_ACTOR, ActorKind, Choice, Status
from core.orders import CloseNow, OpenNow
from core.screens import Notice, Tone
from core.upkeep import SetReachable
from tests.core.conftest import ANA, BEN, World


async def test_the_command_line_opens_a_consultation_through_the_one_door(world: World) -> None:
    c = await world.consultation(status=Status.DRAFT)
    opened = await world.app.handle(CLI_ACTOR, OpenNow(slug=c.slug))
    assert opened.status is Status.OPEN
    async with world.uow() as uow:
        stored = await uow.consultations.get(c.id)
    assert stored is not None
    assert stored.status is Status.OPEN


async def test_an_orders_refusal_reaches_its_caller_as_the_error(world: World) -> None:
    with pytest.raises(NotFound, match="nowhere"):
        await world.app.handle(CLI_ACTOR, CloseNow(slug="nowhere"))


async def test_a_person_who_copies_the_command_lines_identity_is_no_organiser(
    world: World,
) -> None:
    c = await world.consultation(status=Status.DRAFT)
    forged = replace(CLI_ACTOR, kind=ActorKind.PERSON)
    screen = await world.app.handle(forged, OpenConsultation(slug=c.slug))
    assert screen == Notice(
        text="Only the consultation's organisers can do that.", tone=Tone.WARNING
    )
    with pytest.raises(AccessDenied):
        await world.app.handle(ANA, OpenNow(slug=c.slug))


async def test_the_worker_runs_no_organiser_command_and_casts_no_vote(world: World) -> None:
    c = await world.consultation(status=Status.DRAFT)
    with pytest.raises(AccessDenied):
        await world.app.handle(SYSTEM_ACTOR, OpenNow(slug=c.slug))
    vote = CastVote(consultation_id=c.id, paragraph_id=1, choice=Choice.AGREE)
    screen = await world.app.handle(SYSTEM_ACTOR, vote)
    assert isinstance(screen, Notice)
    assert screen.tone is Tone.WARNING
    async with world.uow() as uow:
        assert await uow.participants.find(SYSTEM_ACTOR.ref) is None


async def test_only_townhall_itself_records_what_a_platform_says_of_a_person(
    world: World,
) -> None:
    await world.consultation()
    await world.app.handle(BEN, Join(payload="strategy"))
    gone = SetReachable(ref=BEN.ref, reachable=False)
    with pytest.raises(AccessDenied):
        await world.app.handle(ANA, gone)
    assert await world.app.handle(SYSTEM_ACTOR, gone)
    async with world.uow() as uow:
        ben = await uow.participants.find(BEN.ref)
    assert ben is not None
    assert not ben.reachable
