"""Suggesting wordings: the prompt, the diff, publishing, votes, and organisers' decisions."""

from datetime import timedelta
from typing import TypeVar

import pytest

from core.amendment_intents import (
    CancelWording,
    ConfirmWording,
    DecideAmendment,
    ShowAmendments,
    SubmitWording,
    SuggestWording,
    VoteOnAmendment,
)
from core.amendment_orders import ReadAmendments, SettleAmendment
from core.amendments import MAX_WORDING_LENGTH, AmendmentState
from core.delivery import DeliveryKind
from core.diffs import DiffKind
from core.errors import Conflict, NotAccepting, NotFound
from core.intents import Cancel, CastVote, FreeText, Resume, StartComment
from core.model import Actor, Choice, Consultation, Platform
from core.orders import Order
from core.screens import (
    AmendmentList,
    CommentPosted,
    Notice,
    ParagraphCard,
    Tone,
    VoteRecorded,
    WordingPrompt,
    WordingReview,
)
from core.services.push_screens import build_screens
from tests.core.conftest import ANA, BEN, CLOSES, World, actor
from tests.organiser import add_organiser, close_consultation, run_order

CARLA = actor("carla", Platform.TELEGRAM)
ORGANISER = actor("olga", Platform.TELEGRAM)
R = TypeVar("R")
NEW_WORDING = "Governments publish their budgets every month."


async def settle(world: World, order: Order[R]) -> R:
    """An order carried out as the command line does, now."""
    return await run_order(world.uow(), order, world.clock.now())


async def first_card(world: World, c: Consultation, who: Actor = ANA) -> ParagraphCard:
    screen = await world.app.handle(who, Resume(consultation_id=c.id))
    assert isinstance(screen, ParagraphCard)
    return screen


async def p22(world: World, c: Consultation) -> int:
    async with world.uow() as uow:
        paragraph = await uow.paragraphs.at_position(c.id, 2)
    assert paragraph is not None
    return paragraph.id


async def proposed(world: World, c: Consultation, pid: int, who: Actor = ANA) -> int:
    """An amendment sent and published by `who`; its id."""
    review = await world.app.handle(
        who, SubmitWording(consultation_id=c.id, paragraph_id=pid, body=NEW_WORDING)
    )
    assert isinstance(review, WordingReview), review
    done = await world.app.handle(
        who, ConfirmWording(consultation_id=c.id, amendment_id=review.amendment_id)
    )
    assert isinstance(done, Notice), done
    assert done.tone is Tone.SUCCESS, done
    return review.amendment_id


async def test_suggest_asks_for_the_wording_and_shows_the_diff_of_the_next_message(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    prompt = await world.app.handle(ANA, SuggestWording(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(prompt, WordingPrompt)
    assert prompt.current == "Governments open their budgets."
    review = await world.app.handle(ANA, FreeText(body=NEW_WORDING, idempotency_key="m1"))
    assert isinstance(review, WordingReview)
    kinds = {(t.kind, t.text) for t in review.diff}
    assert (DiffKind.REMOVED, "open") in kinds
    assert (DiffKind.ADDED, "publish") in kinds
    assert any(t.kind is DiffKind.ADDED and "month" in t.text for t in review.diff)
    # Nothing is public before it is confirmed.
    listed = await world.app.handle(BEN, ShowAmendments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(listed, AmendmentList)
    assert listed.items == ()
    # The prompt is used up: the next message is not another wording.
    after = await world.app.handle(ANA, FreeText(body="hello?"))
    assert not isinstance(after, WordingReview)


async def test_a_published_wording_is_listed_and_voted_on_and_votes_can_change(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    aid = await proposed(world, c, pid)
    vote = VoteOnAmendment(consultation_id=c.id, amendment_id=aid, choice=Choice.AGREE)
    listed = await world.app.handle(BEN, vote)
    assert isinstance(listed, AmendmentList)
    assert listed.text.startswith(f"Your Agree on wording #{aid} is saved.")
    (item,) = listed.items
    assert (item.author, item.agree, item.disagree, item.choice) == ("Ana", 1, 0, Choice.AGREE)
    assert item.state is AmendmentState.PROPOSED
    again = await world.app.handle(BEN, vote)  # a replayed press counts once
    assert isinstance(again, AmendmentList)
    assert "already saved" in again.text
    assert again.items[0].agree == 1
    changed = await world.app.handle(
        BEN, VoteOnAmendment(consultation_id=c.id, amendment_id=aid, choice=Choice.DISAGREE)
    )
    assert isinstance(changed, AmendmentList)
    assert (changed.items[0].agree, changed.items[0].disagree) == (0, 1)


async def test_the_card_offers_suggest_wording_and_the_list(world: World) -> None:
    c = await world.consultation()
    card = await first_card(world, c)
    intents = [b.intent for row in card.buttons for b in row]
    assert SuggestWording(consultation_id=c.id, paragraph_id=card.paragraph_id) in intents
    assert ShowAmendments(consultation_id=c.id, paragraph_id=card.paragraph_id) in intents


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("   ", "A wording cannot be empty."),
        ("Governments   open their budgets.", "the same as the current text"),
        ("x" * (MAX_WORDING_LENGTH + 1), f"at most {MAX_WORDING_LENGTH} characters"),
    ],
)
async def test_a_wording_that_changes_nothing_or_is_too_long_is_refused_and_nothing_stored(
    world: World, body: str, says: str
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    refused = await world.app.handle(
        ANA, SubmitWording(consultation_id=c.id, paragraph_id=pid, body=body)
    )
    assert isinstance(refused, Notice)
    assert says in refused.text
    async with world.uow() as uow:
        assert await uow.amendments.list(c.id) == []
        assert await uow.amendments.for_paragraph(pid, frozenset(AmendmentState)) == []


async def test_a_redelivered_wording_message_is_stored_once(world: World) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    await world.app.handle(ANA, SuggestWording(consultation_id=c.id, paragraph_id=pid))
    first = await world.app.handle(ANA, FreeText(body=NEW_WORDING, idempotency_key="m1"))
    second = await world.app.handle(ANA, FreeText(body=NEW_WORDING, idempotency_key="m1"))
    assert isinstance(first, WordingReview)
    assert isinstance(second, WordingReview)
    assert first.amendment_id == second.amendment_id
    await world.app.handle(
        ANA, ConfirmWording(consultation_id=c.id, amendment_id=first.amendment_id)
    )
    replayed = await world.app.handle(
        ANA, ConfirmWording(consultation_id=c.id, amendment_id=first.amendment_id)
    )
    assert isinstance(replayed, Notice)
    assert "already published" in replayed.text
    third = await world.app.handle(ANA, FreeText(body=NEW_WORDING, idempotency_key="m1"))
    assert isinstance(third, Notice)
    assert "already received" in third.text
    async with world.uow() as uow:
        assert len(await uow.amendments.list(c.id)) == 1


async def test_cancel_drops_the_pending_wording_and_the_prompt(world: World) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    review = await world.app.handle(
        ANA, SubmitWording(consultation_id=c.id, paragraph_id=pid, body=NEW_WORDING)
    )
    assert isinstance(review, WordingReview)
    cancelled = await world.app.handle(
        ANA, CancelWording(consultation_id=c.id, amendment_id=review.amendment_id)
    )
    assert isinstance(cancelled, Notice)
    assert "nothing was published" in cancelled.text
    gone = await world.app.handle(
        ANA, ConfirmWording(consultation_id=c.id, amendment_id=review.amendment_id)
    )
    assert isinstance(gone, Notice)
    assert gone.tone is Tone.WARNING
    await world.app.handle(ANA, SuggestWording(consultation_id=c.id, paragraph_id=pid))
    stopped = await world.app.handle(ANA, Cancel())
    assert isinstance(stopped, Notice)
    assert "Suggestion cancelled" in stopped.text


async def test_someone_elses_pending_wording_cannot_be_confirmed(world: World) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    review = await world.app.handle(
        ANA, SubmitWording(consultation_id=c.id, paragraph_id=pid, body=NEW_WORDING)
    )
    assert isinstance(review, WordingReview)
    forged = await world.app.handle(
        BEN, ConfirmWording(consultation_id=c.id, amendment_id=review.amendment_id)
    )
    assert isinstance(forged, Notice)
    assert forged.tone is Tone.WARNING
    async with world.uow() as uow:
        stored = await uow.amendments.get(review.amendment_id)
    assert stored is not None
    assert stored.state is AmendmentState.PENDING


async def test_pressing_comment_after_suggest_makes_the_next_message_a_comment(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    await world.app.handle(ANA, SuggestWording(consultation_id=c.id, paragraph_id=pid))
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    posted = await world.app.handle(ANA, FreeText(body="Just a comment."))
    assert isinstance(posted, CommentPosted)


async def test_a_participant_cannot_accept_a_wording(world: World) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    aid = await proposed(world, c, pid)
    refused = await world.app.handle(
        BEN, DecideAmendment(consultation_id=c.id, amendment_id=aid, accept=True)
    )
    assert isinstance(refused, Notice)
    assert "Only the consultation's organisers" in refused.text
    async with world.uow() as uow:
        stored = await uow.amendments.get(aid)
    assert stored is not None
    assert stored.state is AmendmentState.PROPOSED


async def test_accepting_makes_a_new_version_with_a_fresh_tally_and_tells_the_voters(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    for who, choice in ((BEN, Choice.AGREE), (CARLA, Choice.DISAGREE)):
        voted = await world.app.handle(
            who, CastVote(consultation_id=c.id, paragraph_id=pid, choice=choice)
        )
        assert isinstance(voted, VoteRecorded)
    aid = await proposed(world, c, pid)
    await add_organiser(world.uow(), ORGANISER.ref)
    decided = await world.app.handle(
        ORGANISER, DecideAmendment(consultation_id=c.id, amendment_id=aid, accept=True)
    )
    assert isinstance(decided, Notice), decided
    assert decided.tone is Tone.SUCCESS, decided
    assert "version 2" in decided.text
    card = await world.app.handle(BEN, Resume(consultation_id=c.id))
    record = await settle(world, ReadAmendments(slug=c.slug))
    async with world.uow() as uow:
        paragraph = await uow.paragraphs.get(pid)
        tally = await uow.statistics.tally(pid)
        pushes = await uow.outbox.claim(
            "w", CLOSES - timedelta(days=1), limit=10, lease=timedelta(minutes=1)
        )
        screens = await build_screens(uow, pushes, world.clock.now())
    assert paragraph is not None
    assert paragraph.text == NEW_WORDING
    assert tally is not None
    assert (tally.agree, tally.disagree) == (0, 0)
    assert isinstance(card, ParagraphCard)  # Ben may vote on the new text
    assert card.paragraph_id == pid
    assert card.text == NEW_WORDING
    old, new = record.versions[pid]
    assert (old.number, old.text, old.agree, old.disagree) == (
        1,
        "Governments open their budgets.",
        1,
        1,
    )
    assert (new.number, new.amendment_id) == (2, aid)
    assert record.amendments[0].state is AmendmentState.ACCEPTED
    # Carla votes on Telegram: she is told; Ben and Ana chat in the terminal, which gets no pushes.
    assert [p.kind for p in pushes] == [DeliveryKind.AMENDED]
    assert pushes[0].recipient.address == "carla"
    (told,) = screens.values()
    assert isinstance(told, Notice)
    assert "has new wording" in told.text


async def test_accept_again_changes_nothing_and_reject_after_accept_is_refused(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    aid = await proposed(world, c, pid)
    first = await settle(world, SettleAmendment(amendment_id=aid, accept=True))
    again = await settle(world, SettleAmendment(amendment_id=aid, accept=True))
    assert first.changed
    assert not again.changed
    with pytest.raises(Conflict, match="already accepted"):
        await settle(world, SettleAmendment(amendment_id=aid, accept=False))
    assert len((await settle(world, ReadAmendments(slug=c.slug))).versions[pid]) == 2


async def test_an_unknown_or_pending_amendment_is_not_found(world: World) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    review = await world.app.handle(
        ANA, SubmitWording(consultation_id=c.id, paragraph_id=pid, body=NEW_WORDING)
    )
    assert isinstance(review, WordingReview)
    for unknown in (999, review.amendment_id):
        with pytest.raises(NotFound):
            await settle(world, SettleAmendment(amendment_id=unknown, accept=True))


async def test_after_the_close_no_wording_is_suggested_voted_or_decided(world: World) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    aid = await proposed(world, c, pid)
    await close_consultation(world.uow(), c.slug, world.clock.now())
    suggested = await world.app.handle(
        BEN, SubmitWording(consultation_id=c.id, paragraph_id=pid, body=NEW_WORDING)
    )
    assert isinstance(suggested, Notice)
    assert suggested.tone is Tone.WARNING
    voted = await world.app.handle(
        BEN, VoteOnAmendment(consultation_id=c.id, amendment_id=aid, choice=Choice.AGREE)
    )
    assert isinstance(voted, Notice)
    assert "closed" in voted.text
    with pytest.raises(NotAccepting, match="closed"):
        await settle(world, SettleAmendment(amendment_id=aid, accept=True))


async def test_a_rejected_wording_takes_no_more_votes_and_an_outdated_one_cannot_be_accepted(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await p22(world, c)
    first = await proposed(world, c, pid)
    second = await proposed(world, c, pid, who=BEN)
    await settle(world, SettleAmendment(amendment_id=first, accept=False))
    refused = await world.app.handle(
        BEN, VoteOnAmendment(consultation_id=c.id, amendment_id=first, choice=Choice.AGREE)
    )
    assert isinstance(refused, Notice)
    assert "already rejected" in refused.text
    third = await proposed(world, c, pid, who=CARLA)
    await settle(world, SettleAmendment(amendment_id=second, accept=True))
    with pytest.raises(Conflict, match="can only be rejected"):
        await settle(world, SettleAmendment(amendment_id=third, accept=True))
    listed = await world.app.handle(CARLA, ShowAmendments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(listed, AmendmentList)
    assert [i.outdated for i in listed.items if i.amendment_id == third] == [True]
