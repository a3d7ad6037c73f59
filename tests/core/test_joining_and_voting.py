"""Joining a consultation and voting through it, one paragraph at a time."""

from datetime import timedelta

import pytest

from core.intents import (
    CastVote,
    Join,
    ListConsultations,
    Resume,
    ShowParagraph,
    StartComment,
)
from core.model import Choice, Consultation, Privacy, Status
from core.screens import (
    Button,
    CardClosed,
    ConsultationList,
    Finished,
    Notice,
    ParagraphCard,
    Screen,
    Tone,
    VoteRecorded,
    Welcome,
)
from tests.core.conftest import ANA, BEN, CLOSES, World, actor
from tests.organiser import close_consultation, create_invitation


def labels(screen: ParagraphCard | Finished | Welcome) -> list[str]:
    return [button.label for row in screen.buttons for button in row]


def find(screen: ParagraphCard, label: str) -> Button:
    return next(b for row in screen.buttons for b in row if b.label.startswith(label))


def card(screen: object) -> ParagraphCard:
    assert isinstance(screen, ParagraphCard), screen
    return screen


def vote(c: Consultation, screen: ParagraphCard, choice: Choice) -> CastVote:
    return CastVote(consultation_id=c.id, paragraph_id=screen.paragraph_id, choice=choice)


async def stored_votes(world: World, c: Consultation) -> int:
    async with world.uow() as uow:
        return len(await uow.votes.list(c.id))


async def test_joining_by_slug_shows_a_welcome_card_with_the_deadline(world: World) -> None:
    c = await world.consultation()
    welcome = await world.app.handle(ANA, Join(payload="strategy"))
    assert isinstance(welcome, Welcome)
    assert welcome.consultation.title == c.title
    assert welcome.consultation.paragraph_count == 3
    assert welcome.consultation.deadline == "closes 15 Feb 2027, 14 days left"
    assert labels(welcome) == ["Start"]


async def test_the_first_card_shows_section_number_progress_and_every_button(
    world: World,
) -> None:
    c = await world.consultation()
    await world.app.handle(ANA, Join(payload=c.slug))
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    assert (first.section, first.label, first.position, first.total) == (
        "1. Introduction",
        "P1",
        1,
        3,
    )
    assert first.choice is None
    assert labels(first) == [
        "Agree",
        "Disagree",
        "Comment",
        "Comments (0)",
        "Suggest wording",
        "Suggested wordings",
        "Next (P22) ▶",
    ]


async def test_the_document_keeps_its_own_paragraph_numbers(world: World) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    second = card(await world.app.handle(ANA, find(first, "Next").intent))
    assert (second.label, second.position, second.section) == (
        "P22",
        2,
        "Strategic Goal 4: Deepen participation",
    )
    assert "◀ Back (P1)" in labels(second)


async def test_a_vote_is_confirmed_redrawn_and_followed_by_the_next_paragraph(
    world: World,
) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    result = await world.app.handle(ANA, vote(c, first, Choice.AGREE))
    assert isinstance(result, VoteRecorded)
    assert result.toast == "Noted: you agree with P1."
    assert result.card.choice is Choice.AGREE
    assert "✓ Agree" in labels(result.card)
    assert card(result.next).label == "P22"
    assert await stored_votes(world, c) == 1


async def test_a_second_vote_replaces_the_first_and_keeps_the_history(world: World) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    await world.app.handle(ANA, vote(c, first, Choice.AGREE))
    world.clock.advance(timedelta(minutes=5))
    changed = await world.app.handle(ANA, vote(c, first, Choice.DISAGREE))
    assert isinstance(changed, VoteRecorded)
    assert changed.toast == "Changed: you now disagree with P1."
    async with world.uow() as uow:
        participant = await uow.participants.find(ANA.ref)
        assert participant is not None
        history = await uow.votes.history(first.paragraph_id, participant.id)
        current = await uow.votes.get(first.paragraph_id, participant.id)
    assert [v.choice for v in history] == [Choice.AGREE, Choice.DISAGREE]
    assert current is not None
    assert current.choice is Choice.DISAGREE
    assert await stored_votes(world, c) == 1


async def test_voting_through_every_paragraph_ends_on_a_finished_screen(world: World) -> None:
    c = await world.consultation()
    screen: Screen = await world.app.handle(ANA, Resume(consultation_id=c.id))
    seen = []
    while isinstance(screen, ParagraphCard):
        seen.append(screen.label)
        result = await world.app.handle(ANA, vote(c, screen, Choice.AGREE))
        assert isinstance(result, VoteRecorded)
        assert result.next is not None
        screen = result.next
    assert seen == ["P1", "P22", "P23"]
    assert isinstance(screen, Finished)
    assert (screen.voted, screen.total) == (3, 3)
    assert isinstance(await world.app.handle(ANA, Resume(consultation_id=c.id)), Finished)


async def test_after_skipping_ahead_the_next_unvoted_paragraph_wraps_round(world: World) -> None:
    c = await world.consultation()
    async with world.uow() as uow:
        last = await uow.paragraphs.at_position(c.id, 3)
    assert last is not None
    await world.app.handle(ANA, ShowParagraph(consultation_id=c.id, paragraph_id=last.id))
    result = await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=last.id, choice=Choice.AGREE)
    )
    assert isinstance(result, VoteRecorded)
    assert card(result.next).label == "P1"


async def test_a_vote_offers_a_way_back_to_its_paragraph_unless_what_follows_has_one(
    world: World,
) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    in_order = await world.app.handle(ANA, vote(c, first, Choice.AGREE))
    assert isinstance(in_order, VoteRecorded)
    assert in_order.revisit is None  # P22's "◀ Back (P1)" leads there already
    last = find(card(in_order.next), "Next").intent
    third = card(await world.app.handle(ANA, last))
    ended = await world.app.handle(ANA, vote(c, third, Choice.DISAGREE))
    assert isinstance(ended, VoteRecorded)
    wrapped = await world.app.handle(ANA, vote(c, card(ended.next), Choice.AGREE))
    assert isinstance(wrapped, VoteRecorded)
    assert isinstance(wrapped.next, Finished)
    assert wrapped.revisit == Button(
        label="↩ Change P22",
        intent=ShowParagraph(consultation_id=c.id, paragraph_id=card(ended.next).paragraph_id),
    )
    assert ended.revisit is None  # wrapped round to P22, whose "Next (P23) ▶" leads there


async def test_resume_returns_to_where_the_person_left_off(world: World) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    await world.app.handle(ANA, vote(c, first, Choice.AGREE))
    assert card(await world.app.handle(ANA, Resume())).label == "P22"


async def test_a_vote_after_the_closing_time_redraws_the_card_closed_and_stores_nothing(
    world: World,
) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    await world.app.handle(BEN, vote(c, first, Choice.AGREE))
    await world.app.handle(actor("cy"), vote(c, first, Choice.AGREE))
    await world.app.handle(actor("di"), vote(c, first, Choice.DISAGREE))
    world.clock.advance(CLOSES - world.clock.now())
    closed = await world.app.handle(ANA, vote(c, first, Choice.AGREE))
    assert isinstance(closed, CardClosed)
    assert closed.toast == "Closed on 15 Feb 2027 — final result: 67% agree"
    assert closed.card.closed == closed.toast
    assert closed.card.paragraph_id == first.paragraph_id
    assert closed.card.buttons == ()
    assert await stored_votes(world, c) == 3


async def test_a_card_pressed_after_an_early_close_without_votes_says_only_when(
    world: World,
) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    await close_consultation(world.uow(), c.slug, world.clock.now())
    closed = await world.app.handle(ANA, vote(c, first, Choice.AGREE))
    assert isinstance(closed, CardClosed)
    assert closed.toast == "Closed on 1 Feb 2027"
    assert closed.card.buttons == ()
    assert await stored_votes(world, c) == 0


async def test_a_closed_consultation_still_shows_its_paragraphs_without_vote_buttons(
    world: World,
) -> None:
    c = await world.consultation()
    await close_consultation(world.uow(), c.slug, world.clock.now())
    closed = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    assert not closed.accepting
    assert labels(closed) == ["Comments (0)", "Suggested wordings", "Next (P22) ▶"]


async def test_a_vote_before_the_opening_time_is_refused(world: World) -> None:
    c = await world.consultation(opens_at=world.clock.now() + timedelta(days=2))
    async with world.uow() as uow:
        paragraph = await uow.paragraphs.at_position(c.id, 1)
    assert paragraph is not None
    refused = await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=paragraph.id, choice=Choice.AGREE)
    )
    assert isinstance(refused, Notice)
    assert "opens on 3 Feb 2027, 12:00 UTC" in refused.text
    assert await stored_votes(world, c) == 0


async def test_a_draft_consultation_cannot_be_joined(world: World) -> None:
    await world.consultation(status=Status.DRAFT)
    refused = await world.app.handle(ANA, Join(payload="strategy"))
    assert isinstance(refused, Notice)
    assert "has not been opened" in refused.text


@pytest.mark.parametrize(
    "forge",
    [
        "unknown paragraph",
        "paragraph of another consultation",
        "unknown consultation",
    ],
)
async def test_a_forged_vote_payload_gives_a_notice_and_stores_nothing(
    world: World, forge: str
) -> None:
    c = await world.consultation()
    other = await world.consultation("other")
    async with world.uow() as uow:
        other_paragraph = await uow.paragraphs.at_position(other.id, 1)
        own_paragraph = await uow.paragraphs.at_position(c.id, 1)
    assert other_paragraph is not None
    assert own_paragraph is not None
    intent = {
        "unknown paragraph": CastVote(
            consultation_id=c.id, paragraph_id=9999, choice=Choice.AGREE
        ),
        "paragraph of another consultation": CastVote(
            consultation_id=c.id, paragraph_id=other_paragraph.id, choice=Choice.AGREE
        ),
        "unknown consultation": CastVote(
            consultation_id=9999, paragraph_id=own_paragraph.id, choice=Choice.AGREE
        ),
    }[forge]
    refused = await world.app.handle(ANA, intent)
    assert isinstance(refused, Notice)
    assert refused.tone is Tone.WARNING
    assert await stored_votes(world, c) == 0
    assert await stored_votes(world, other) == 0


async def test_a_private_consultation_needs_an_invitation(world: World) -> None:
    c = await world.consultation(privacy=Privacy.PRIVATE)
    refused = await world.app.handle(ANA, Join(payload=c.slug))
    assert isinstance(refused, Notice)
    assert "by invitation only" in refused.text
    invitation = await create_invitation(world.uow(), c.slug, None, world.clock.now())
    assert isinstance(await world.app.handle(ANA, Join(payload=invitation.token)), Welcome)


async def test_a_button_of_a_private_consultation_does_not_let_a_stranger_vote(
    world: World,
) -> None:
    c = await world.consultation(privacy=Privacy.PRIVATE)
    async with world.uow() as uow:
        paragraph = await uow.paragraphs.at_position(c.id, 1)
    assert paragraph is not None
    intent = CastVote(consultation_id=c.id, paragraph_id=paragraph.id, choice=Choice.AGREE)
    refused = await world.app.handle(BEN, intent)
    assert isinstance(refused, Notice)
    assert "by invitation only" in refused.text
    assert await stored_votes(world, c) == 0


async def test_an_invitation_admits_as_many_people_as_it_has_uses(world: World) -> None:
    c = await world.consultation(privacy=Privacy.PRIVATE)
    invitation = await create_invitation(world.uow(), c.slug, 1, world.clock.now())
    assert isinstance(await world.app.handle(ANA, Join(payload=invitation.token)), Welcome)
    # Rejoining does not spend another use.
    assert isinstance(await world.app.handle(ANA, Join(payload=invitation.token)), Welcome)
    refused = await world.app.handle(BEN, Join(payload=invitation.token))
    assert isinstance(refused, Notice)
    assert "used up" in refused.text


@pytest.mark.parametrize("payload", ["", "no spaces allowed", "x" * 65, "nope"])
async def test_an_unknown_or_malformed_join_payload_is_refused(world: World, payload: str) -> None:
    await world.consultation()
    refused = await world.app.handle(ANA, Join(payload=payload))
    assert isinstance(refused, Notice)
    assert refused.tone is Tone.ERROR


async def test_the_list_shows_only_open_public_consultations(world: World) -> None:
    await world.consultation("open-one")
    await world.consultation("private-one", privacy=Privacy.PRIVATE)
    await world.consultation("draft-one", status=Status.DRAFT)
    listed = await world.app.handle(ANA, ListConsultations())
    assert isinstance(listed, ConsultationList)
    assert [s.slug for s in listed.consultations] == ["open-one"]
    assert [b.intent for row in listed.buttons for b in row] == [Join(payload="open-one")]


async def test_nothing_to_resume_before_joining_anything(world: World) -> None:
    refused = await world.app.handle(ANA, Resume())
    assert isinstance(refused, Notice)
    assert "not joined" in refused.text


async def test_comment_button_is_offered_only_while_open(world: World) -> None:
    c = await world.consultation()
    first = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    assert find(first, "Comment").intent == StartComment(
        consultation_id=c.id, paragraph_id=first.paragraph_id
    )
