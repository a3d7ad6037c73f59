"""Open-data orders: organisers only, pages of a sane size, pseudonyms keyed per consultation."""

import pytest

from core.errors import AccessDenied, InvalidSetting, NotFound
from core.intents import CastVote, Join
from core.model import CLI_ACTOR, Choice
from core.open_data import PAGE_SIZE, CollectOpenData, ReadVotePage, pseudonym
from tests.core.conftest import World, actor

ANA = actor("ana")


async def test_only_organisers_read_open_data(world: World) -> None:
    c = await world.consultation()
    with pytest.raises(AccessDenied):
        await world.app.handle(ANA, CollectOpenData(slug=c.slug))
    with pytest.raises(AccessDenied):
        await world.app.handle(ANA, ReadVotePage(slug=c.slug))


@pytest.mark.parametrize("limit", [0, -1, PAGE_SIZE + 1])
async def test_a_page_of_no_votes_or_too_many_is_refused(world: World, limit: int) -> None:
    c = await world.consultation()
    with pytest.raises(InvalidSetting, match="A page holds 1 to 10000 votes"):
        await world.app.handle(CLI_ACTOR, ReadVotePage(slug=c.slug, limit=limit))


async def test_an_unknown_consultation_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        await world.app.handle(CLI_ACTOR, ReadVotePage(slug="nowhere"))


async def test_the_pseudonyms_are_those_of_the_consultations_key_for_the_same_person(
    world: World,
) -> None:
    first = await world.consultation()
    second = await world.consultation(slug="other")
    for c in (first, second):
        async with world.uow() as uow:
            paragraph = (await uow.paragraphs.list(c.id))[0]
        await world.app.handle(ANA, Join(payload=c.slug))
        await world.app.handle(
            ANA, CastVote(consultation_id=c.id, paragraph_id=paragraph.id, choice=Choice.AGREE)
        )
    one = await world.app.handle(CLI_ACTOR, CollectOpenData(slug=first.slug))
    again = await world.app.handle(CLI_ACTOR, CollectOpenData(slug=first.slug))
    other = await world.app.handle(CLI_ACTOR, CollectOpenData(slug=second.slug))

    [ana] = one.participants
    assert one.pseudonyms == again.pseudonyms
    assert other.pseudonyms[ana.id] != one.pseudonyms[ana.id]
    async with world.uow() as uow:
        key = await uow.open_data.pseudonym_key(first.id)
    assert one.pseudonyms[ana.id] == pseudonym(key, ana.id)


def test_a_pseudonym_depends_on_the_key_not_only_on_the_person() -> None:
    assert pseudonym(b"k" * 32, 7) == pseudonym(b"k" * 32, 7)
    assert pseudonym(b"k" * 32, 7) != pseudonym(b"j" * 32, 7)
    assert pseudonym(b"k" * 32, 7) != pseudonym(b"k" * 32, 8)
    assert pseudonym(b"k" * 32, 7).startswith("p-")
    assert len(pseudonym(b"k" * 32, 7)) == 18
