"""Smart order: the next paragraph is drawn by Polis's priority, never one already voted on."""

from datetime import timedelta
from random import Random

import pytest

from core.app import ConsultationApp
from core.errors import AccessDenied
from core.intents import BroadcastParagraphs, CastVote, Join, Resume, ShowParagraph
from core.model import Actor, Choice, Consultation, ParagraphOrder, Platform, Reasons
from core.orders import ChangeOrder
from core.screens import Finished, Notice, ParagraphCard, Screen, VoteRecorded
from tests.core.conftest import ANA, World, actor
from tests.core.test_priorities import FixedChance
from tests.organiser import add_organiser

BEN = actor("ben", Platform.TELEGRAM)


def card(screen: Screen | ParagraphCard | Finished) -> ParagraphCard:
    assert isinstance(screen, ParagraphCard), screen
    return screen


def drawing(world: World, value: float) -> ConsultationApp:
    """The world's core, drawing the next paragraph with `value` every time."""
    return ConsultationApp(world.uow, world.clock, chance=FixedChance(value))


async def ids(world: World, consultation: Consultation) -> dict[str, int]:
    async with world.uow() as uow:
        return {p.label: p.id for p in await uow.paragraphs.list(consultation.id)}


async def vote(
    app: ConsultationApp, who: Actor, c: Consultation, pid: int, choice: Choice
) -> None:
    await app.handle(who, Join(payload=c.slug))
    done = await app.handle(who, CastVote(consultation_id=c.id, paragraph_id=pid, choice=choice))
    assert isinstance(done, VoteRecorded)


async def rejected_p1(world: World, order: ParagraphOrder) -> Consultation:
    """Thirty people disagreed with P1 and nobody has voted on P22 or P23 yet."""
    c = await world.consultation(order=order)
    p1 = (await ids(world, c))["P1"]
    for n in range(30):
        await vote(world.app, actor(f"voter{n}"), c, p1, Choice.DISAGREE)
    return c


async def test_a_newcomer_in_smart_order_is_drawn_an_unseen_paragraph_first(
    world: World,
) -> None:
    c = await rejected_p1(world, ParagraphOrder.SMART)
    # P1's weight is a few thousandths of the total: almost any number lands on P22 or P23.
    await world.app.handle(ANA, Join(payload=c.slug))
    low = card(await drawing(world, 0.01).handle(ANA, Resume(consultation_id=c.id)))
    await world.app.handle(BEN, Join(payload=c.slug))
    high = card(await drawing(world, 0.99).handle(BEN, Resume(consultation_id=c.id)))

    assert (low.label, high.label) == ("P22", "P23")
    assert low.section == "Strategic Goal 4: Deepen participation"  # sections stay on cards


async def test_document_order_shows_the_first_unvoted_paragraph_whatever_the_draw(
    world: World,
) -> None:
    c = await rejected_p1(world, ParagraphOrder.DOCUMENT)
    await world.app.handle(ANA, Join(payload=c.slug))

    first = card(await drawing(world, 0.99).handle(ANA, Resume(consultation_id=c.id)))

    assert first.label == "P1"


async def test_smart_order_spreads_newcomers_over_the_paragraphs_by_priority(
    world: World,
) -> None:
    c = await rejected_p1(world, ParagraphOrder.SMART)
    app = ConsultationApp(world.uow, world.clock, chance=Random(4))
    shown = []
    for n in range(60):
        newcomer = actor(f"newcomer{n}")
        await app.handle(newcomer, Join(payload=c.slug))
        shown.append(card(await app.handle(newcomer, Resume(consultation_id=c.id))).label)

    assert "P1" not in shown  # weight 0.002 of 40.5: about one newcomer in 20,000
    assert 15 <= shown.count("P22") <= 45  # evenly split between the two unseen ones


async def test_smart_order_never_shows_a_paragraph_already_voted_on_then_finishes(
    world: World,
) -> None:
    c = await world.consultation(order=ParagraphOrder.SMART)
    app = ConsultationApp(world.uow, world.clock, chance=Random(1))
    await app.handle(ANA, Join(payload=c.slug))
    screen: ParagraphCard | Finished = card(await app.handle(ANA, Resume(consultation_id=c.id)))
    seen = []
    while isinstance(screen, ParagraphCard):
        seen.append(screen.label)
        intent = CastVote(
            consultation_id=c.id, paragraph_id=screen.paragraph_id, choice=Choice.AGREE
        )
        voted = await app.handle(ANA, intent)
        assert isinstance(voted, VoteRecorded)
        screen = voted.next

    assert sorted(seen) == ["P1", "P22", "P23"]
    assert (screen.voted, screen.total) == (3, 3)


async def test_next_in_smart_order_keeps_the_unvoted_paragraph_the_person_is_reading(
    world: World,
) -> None:
    c = await world.consultation(order=ParagraphOrder.SMART)
    p23 = (await ids(world, c))["P23"]
    app = drawing(world, 0.0)  # would draw P1
    await app.handle(ANA, Join(payload=c.slug))
    await app.handle(ANA, ShowParagraph(consultation_id=c.id, paragraph_id=p23))

    again = card(await app.handle(ANA, Resume(consultation_id=c.id)))

    assert again.label == "P23"


async def test_back_and_next_keep_the_document_neighbours_in_smart_order(world: World) -> None:
    c = await world.consultation(order=ParagraphOrder.SMART)
    p22 = (await ids(world, c))["P22"]
    await world.app.handle(ANA, Join(payload=c.slug))

    shown = card(
        await world.app.handle(ANA, ShowParagraph(consultation_id=c.id, paragraph_id=p22))
    )

    navigation = [button.label for button in shown.buttons[-1]]
    assert navigation == ["◀ Back (P1)", "Next (P23) ▶"]


async def test_a_disagree_waiting_for_its_reason_is_not_drawn_next(world: World) -> None:
    c = await world.consultation(order=ParagraphOrder.SMART, reasons=Reasons.REQUIRED)
    p1 = (await ids(world, c))["P1"]
    app = drawing(world, 0.0)  # the first candidate in document order
    await app.handle(ANA, Join(payload=c.slug))

    waiting = await app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=p1, choice=Choice.DISAGREE)
    )

    assert isinstance(waiting, VoteRecorded)
    assert card(waiting.next).label == "P22"


async def test_smart_order_never_draws_a_paragraph_not_released_yet(world: World) -> None:
    c = await world.consultation(order=ParagraphOrder.SMART)
    await add_organiser(world.uow(), ANA.ref)
    await world.app.handle(BEN, Join(payload=c.slug))
    queued = await world.app.handle(ANA, BroadcastParagraphs(slug=c.slug, every=timedelta(days=1)))
    assert isinstance(queued, Notice)
    app = drawing(world, 0.99)  # would draw P23

    first = card(await app.handle(BEN, Resume(consultation_id=c.id)))
    voted = await app.handle(
        BEN, CastVote(consultation_id=c.id, paragraph_id=first.paragraph_id, choice=Choice.AGREE)
    )

    assert first.label == "P1"
    assert isinstance(voted, VoteRecorded)
    assert isinstance(voted.next, Finished)
    assert (voted.next.voted, voted.next.held) == (1, 2)


async def test_only_an_organiser_changes_the_order(world: World) -> None:
    c = await world.consultation()
    await add_organiser(world.uow(), ANA.ref)

    with pytest.raises(AccessDenied):
        await world.app.handle(BEN, ChangeOrder(slug=c.slug, order=ParagraphOrder.SMART))
    changed = await world.app.handle(ANA, ChangeOrder(slug=c.slug, order=ParagraphOrder.SMART))

    async with world.uow() as uow:
        stored = await uow.consultations.get(c.id)
    assert changed.order is ParagraphOrder.SMART
    assert stored is not None
    assert stored.order is ParagraphOrder.SMART
