"""Organisers mark a paragraph decided: its card says so, takes no votes, keeps the old ones."""

from datetime import timedelta

import pytest

from core.amendment_intents import SuggestWording
from core.errors import AccessDenied, Conflict, NotFound
from core.intents import CastVote, Join, Resume, ShowParagraph, ShowProgress
from core.model import CLI_ACTOR, Actor, Choice, Consultation, ParagraphStatus
from core.paragraph_status import (
    DECIDED_NOTE,
    SetParagraphStatus,
    ShownStatus,
    SupportRule,
    count_statuses,
    paragraph_number,
    shown_status,
)
from core.screens import CardClosed, Finished, Notice, ParagraphCard, Progress, VoteRecorded
from core.services.releasing import standing_of
from core.statistics import ParagraphTally
from tests.core.conftest import ANA, BEN, CLOSES, World
from tests.organiser import add_organiser


def decide(label: str, status: ParagraphStatus = ParagraphStatus.DECIDED) -> SetParagraphStatus:
    return SetParagraphStatus(slug="strategy", paragraph=label, status=status)


def vote_labels(card: ParagraphCard) -> list[str]:
    return [b.label for row in card.buttons for b in row if isinstance(b.intent, CastVote)]


async def first_card(world: World, who: Actor, c: Consultation) -> ParagraphCard:
    await world.app.handle(who, Join(payload=c.slug))
    screen = await world.app.handle(who, Resume(consultation_id=c.id))
    assert isinstance(screen, ParagraphCard)
    return screen


async def test_a_decided_paragraph_shows_it_and_has_no_vote_buttons(world: World) -> None:
    c = await world.consultation()
    card = await first_card(world, ANA, c)
    change = await world.app.handle(CLI_ACTOR, decide("P1"))
    assert change.changed
    assert change.paragraph.decided
    again = await world.app.handle(
        ANA, ShowParagraph(consultation_id=c.id, paragraph_id=card.paragraph_id)
    )
    assert isinstance(again, ParagraphCard)
    assert again.decided == DECIDED_NOTE
    assert vote_labels(again) == []
    assert any(b.label.startswith("Comments") for row in again.buttons for b in row)


async def test_a_vote_pressed_on_an_old_card_after_the_decision_is_refused_and_stores_nothing(
    world: World,
) -> None:
    c = await world.consultation()
    old = await first_card(world, ANA, c)
    await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=old.paragraph_id, choice=Choice.AGREE)
    )
    await world.app.handle(CLI_ACTOR, decide("1"))
    refused = await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=old.paragraph_id, choice=Choice.DISAGREE)
    )
    assert isinstance(refused, CardClosed)
    assert refused.toast == "P1 is decided: its text is final and votes are no longer taken."
    assert refused.card.choice is Choice.AGREE  # the vote it had is kept
    assert vote_labels(refused.card) == []
    async with world.uow() as uow:
        votes = await uow.votes.list(c.id)
    assert [(v.choice, v.paragraph_id) for v in votes] == [(Choice.AGREE, old.paragraph_id)]


async def test_a_decided_paragraph_is_never_served_as_someones_next_one(world: World) -> None:
    c = await world.consultation()
    await world.app.handle(CLI_ACTOR, decide("P22"))
    card = await first_card(world, BEN, c)
    assert card.label == "P1"
    after = await world.app.handle(
        BEN, CastVote(consultation_id=c.id, paragraph_id=card.paragraph_id, choice=Choice.AGREE)
    )
    assert isinstance(after, VoteRecorded)
    assert isinstance(after.next, ParagraphCard)
    assert after.next.label == "P23"
    last = await world.app.handle(
        BEN,
        CastVote(consultation_id=c.id, paragraph_id=after.next.paragraph_id, choice=Choice.AGREE),
    )
    assert isinstance(last, VoteRecorded)
    assert isinstance(last.next, Finished)
    assert (last.next.voted, last.next.total) == (2, 2)


async def test_back_to_voting_brings_the_vote_buttons_back(world: World) -> None:
    c = await world.consultation()
    card = await first_card(world, ANA, c)
    await world.app.handle(CLI_ACTOR, decide("P1"))
    back = await world.app.handle(CLI_ACTOR, decide("P1", ParagraphStatus.VOTING))
    assert back.changed
    assert not back.paragraph.decided
    shown = await world.app.handle(
        ANA, ShowParagraph(consultation_id=c.id, paragraph_id=card.paragraph_id)
    )
    assert isinstance(shown, ParagraphCard)
    assert shown.decided is None
    assert vote_labels(shown) == ["Agree", "Disagree"]


async def test_setting_the_same_status_again_changes_nothing(world: World) -> None:
    await world.consultation()
    await world.app.handle(CLI_ACTOR, decide("P1"))
    again = await world.app.handle(CLI_ACTOR, decide("P1"))
    assert not again.changed
    assert again.paragraph.decided
    async with world.uow() as uow:
        c = await uow.consultations.get_by_slug("strategy")
        assert c is not None
        revision = c.content_revision
    await world.app.handle(CLI_ACTOR, decide("P1"))
    async with world.uow() as uow:
        assert (await uow.consultations.get_by_slug("strategy")) == c
    assert revision


async def test_an_unknown_paragraph_is_refused_with_the_paragraphs_there_are(world: World) -> None:
    await world.consultation()
    with pytest.raises(NotFound, match="has no paragraph 'P9': its paragraphs are P1 to P23"):
        await world.app.handle(CLI_ACTOR, decide("P9"))
    with pytest.raises(NotFound):
        await world.app.handle(CLI_ACTOR, decide("seven"))


async def test_a_participant_cannot_set_a_status_but_an_organiser_in_chat_can(
    world: World,
) -> None:
    await world.consultation()
    with pytest.raises(AccessDenied):
        await world.app.handle(ANA, decide("P1"))
    await add_organiser(world.uow(), BEN.ref)
    assert (await world.app.handle(BEN, decide("P1"))).changed


async def test_a_closed_consultation_keeps_its_statuses(world: World) -> None:
    await world.consultation()
    world.clock.advance(CLOSES - world.clock.now() + timedelta(minutes=1))
    with pytest.raises(Conflict, match="is closed"):
        await world.app.handle(CLI_ACTOR, decide("P1"))


def tally(agree: int, disagree: int) -> ParagraphTally:
    return ParagraphTally(
        paragraph_id=1,
        number=1,
        position=1,
        section=None,
        agree=agree,
        disagree=disagree,
        comments=0,
    )


def test_supported_needs_enough_votes_and_enough_agreement() -> None:
    rule = SupportRule(min_votes=10, threshold_pct=75)
    assert rule.supports(tally(8, 2))
    assert rule.supports(tally(15, 5))  # exactly 75 %
    assert not rule.supports(tally(7, 3))  # 70 %
    assert not rule.supports(tally(9, 0))  # too few votes
    assert not rule.supports(None)


async def test_the_count_per_status_puts_decided_before_supported(world: World) -> None:
    c = await world.consultation()
    await world.app.handle(CLI_ACTOR, decide("P1"))
    async with world.uow() as uow:
        fresh = await uow.consultations.get(c.id)
        assert fresh is not None
        content = await uow.paragraphs.content(fresh)
    p1, p22, p23 = content.paragraphs
    rule = SupportRule(min_votes=1, threshold_pct=75)
    tallies = [
        ParagraphTally(
            paragraph_id=p.id,
            number=p.number,
            position=p.position,
            section=None,
            agree=3,
            disagree=0,
            comments=0,
        )
        for p in (p1, p22)
    ]
    assert shown_status(p1, tallies[0], rule) is ShownStatus.DECIDED
    assert shown_status(p22, tallies[1], rule) is ShownStatus.SUPPORTED
    assert shown_status(p23, None, rule) is ShownStatus.VOTING
    counts = count_statuses(content, tallies, rule)
    assert (counts.voting, counts.supported, counts.decided) == (1, 1, 1)


def test_paragraph_labels_are_read_with_or_without_the_p() -> None:
    assert [paragraph_number(x) for x in ("P7", "p7", " 7 ", "P", "7a", "")] == [
        7,
        7,
        7,
        None,
        None,
        None,
    ]


async def test_someone_who_voted_on_every_other_paragraph_has_finished_and_gets_no_reminder(
    world: World,
) -> None:
    c = await world.consultation()
    await world.app.handle(CLI_ACTOR, decide("P23"))
    card = await first_card(world, ANA, c)
    voted = await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=card.paragraph_id, choice=Choice.AGREE)
    )
    assert isinstance(voted, VoteRecorded)
    assert isinstance(voted.next, ParagraphCard)
    await world.app.handle(
        ANA,
        CastVote(consultation_id=c.id, paragraph_id=voted.next.paragraph_id, choice=Choice.AGREE),
    )
    progress = await world.app.handle(ANA, ShowProgress(consultation_id=c.id))
    assert isinstance(progress, Progress)
    assert (progress.voted, progress.total) == (2, 2)
    async with world.uow() as uow:
        participant = await uow.participants.find(ANA.ref)
        assert participant is not None
        standing = await standing_of(uow, c, participant.id, world.clock.now())
    assert standing.voted >= standing.released  # what the reminder checks before it is sent


async def test_a_decided_paragraph_takes_no_suggested_wording(world: World) -> None:
    c = await world.consultation()
    card = await first_card(world, ANA, c)
    assert "Suggest wording" in [b.label for row in card.buttons for b in row]
    await world.app.handle(CLI_ACTOR, decide("P1"))
    shown = await world.app.handle(
        ANA, ShowParagraph(consultation_id=c.id, paragraph_id=card.paragraph_id)
    )
    assert isinstance(shown, ParagraphCard)
    assert "Suggest wording" not in [b.label for row in shown.buttons for b in row]
    refused = await world.app.handle(
        ANA, SuggestWording(consultation_id=c.id, paragraph_id=card.paragraph_id)
    )
    assert isinstance(refused, Notice)
    assert refused.text == "P1 is decided: its text is final and takes no suggested wordings."
