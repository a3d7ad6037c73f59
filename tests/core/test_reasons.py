"""Reasons for disagreeing: the question after a Disagree, its answer, Skip, and `required`."""

from datetime import timedelta

from core.intents import (
    Cancel,
    CastVote,
    FreeText,
    Resume,
    ShowFullStatistics,
    ShowParagraph,
    ShowStatistics,
    SkipReason,
    StartComment,
)
from core.model import (
    Choice,
    Consultation,
    NewConsultation,
    Privacy,
    Reasons,
    ResultsVisibility,
    Status,
)
from core.screens import (
    CommentPosted,
    CommentPrompt,
    Notice,
    ParagraphCard,
    Screen,
    StatisticsReport,
    VoteRecorded,
)
from core.statistics import DisagreementReason
from tests.core.conftest import ANA, BEN, CLOSES, DOCUMENT, NOW, World
from tests.organiser import add_organiser, create_consultation


async def paragraphs(world: World, c: Consultation) -> list[int]:
    async with world.uow() as uow:
        return [p.id for p in await uow.paragraphs.list(c.id)]


async def vote(world: World, c: Consultation, pid: int, choice: Choice) -> VoteRecorded:
    await world.app.handle(ANA, Resume(consultation_id=c.id))
    screen = await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=pid, choice=choice)
    )
    assert isinstance(screen, VoteRecorded), screen
    return screen


async def tally(world: World, pid: int) -> tuple[int, int]:
    async with world.uow() as uow:
        found = await uow.statistics.tally(pid)
    return (found.agree, found.disagree) if found else (0, 0)


async def reasons_of(world: World, c: Consultation) -> list[DisagreementReason]:
    async with world.uow() as uow:
        return await uow.statistics.disagreement_reasons(c.id)


def prompt_of(screen: VoteRecorded) -> CommentPrompt:
    assert screen.reason is not None
    return screen.reason


async def test_a_disagree_asks_what_the_person_would_change_with_a_skip_button(
    world: World,
) -> None:
    c = await world.consultation()
    p1, *_ = await paragraphs(world, c)
    prompt = prompt_of(await vote(world, c, p1, Choice.DISAGREE))
    assert prompt.text == "What would you change in P1? Send it as your next message."
    assert [b.intent for row in prompt.buttons for b in row] == [
        SkipReason(consultation_id=c.id, paragraph_id=p1)
    ]
    assert await tally(world, p1) == (0, 1)  # optional: the Disagree counts at once


async def test_the_next_message_is_stored_as_a_comment_marked_as_the_reason(world: World) -> None:
    c = await world.consultation()
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    posted = await world.app.handle(ANA, FreeText(body="  Name who pays.  ", idempotency_key="m1"))
    assert isinstance(posted, CommentPosted)
    assert posted.toast == "Thank you: your reason for disagreeing with P1 is saved."
    assert posted.comment.body == "Name who pays."
    [reason] = await reasons_of(world, c)
    assert (reason.paragraph_number, reason.author_name, reason.body) == (
        1,
        "Ana",
        "Name who pays.",
    )
    assert reason.comment_id == posted.comment.comment_id
    # It is an ordinary comment for everyone else, and the question is used up.
    async with world.uow() as uow:
        assert await uow.comments.count_for_paragraph(p1) == 1
    hint = await world.app.handle(ANA, FreeText(body="and more"))
    assert isinstance(hint, Notice)


async def test_with_reasons_off_a_disagree_asks_nothing(world: World) -> None:
    c = await world.consultation(reasons=Reasons.OFF)
    p1, *_ = await paragraphs(world, c)
    recorded = await vote(world, c, p1, Choice.DISAGREE)
    assert recorded.reason is None
    assert isinstance(await world.app.handle(ANA, FreeText(body="why")), Notice)
    assert await reasons_of(world, c) == []


async def test_an_agree_or_a_repeated_disagree_asks_nothing(world: World) -> None:
    c = await world.consultation()
    p1, p2, _ = await paragraphs(world, c)
    assert (await vote(world, c, p1, Choice.AGREE)).reason is None
    await vote(world, c, p2, Choice.DISAGREE)
    assert (await vote(world, c, p2, Choice.DISAGREE)).reason is None
    # The repeat left the question standing.
    assert isinstance(await world.app.handle(ANA, FreeText(body="Shorter.")), CommentPosted)


async def test_skip_clears_the_question_and_shows_the_next_paragraph(world: World) -> None:
    c = await world.consultation()
    p1, p2, _ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    skipped = await world.app.handle(ANA, SkipReason(consultation_id=c.id, paragraph_id=p1))
    assert isinstance(skipped, ParagraphCard)
    assert skipped.paragraph_id == p2
    assert isinstance(await world.app.handle(ANA, FreeText(body="later")), Notice)
    again = await world.app.handle(ANA, SkipReason(consultation_id=c.id, paragraph_id=p1))
    assert isinstance(again, Notice)
    assert again.text == "There is no question to skip any more."
    assert await tally(world, p1) == (0, 1)


async def test_a_skip_forged_by_someone_else_or_for_another_paragraph_changes_nothing(
    world: World,
) -> None:
    c = await world.consultation()
    p1, p2, _ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    before = world.database.tables.copy()
    for who, pid in ((BEN, p1), (ANA, p2)):
        forged = await world.app.handle(who, SkipReason(consultation_id=c.id, paragraph_id=pid))
        assert isinstance(forged, Notice)
    assert world.database.tables == before
    assert isinstance(await world.app.handle(ANA, FreeText(body="Fewer words.")), CommentPosted)


async def test_changing_to_agree_keeps_the_comment_and_drops_the_mark_then_asks_again(
    world: World,
) -> None:
    c = await world.consultation()
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    await world.app.handle(ANA, FreeText(body="Name who pays."))
    assert (await vote(world, c, p1, Choice.AGREE)).reason is None
    assert await reasons_of(world, c) == []
    async with world.uow() as uow:
        assert await uow.comments.count_for_paragraph(p1) == 1
    assert (await vote(world, c, p1, Choice.DISAGREE)).reason is not None


async def test_a_vote_elsewhere_or_another_comment_prompt_ends_the_question(world: World) -> None:
    c = await world.consultation()
    p1, p2, _ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    await vote(world, c, p2, Choice.AGREE)
    assert isinstance(await world.app.handle(ANA, FreeText(body="x")), Notice)
    await vote(world, c, p1, Choice.AGREE)
    await vote(world, c, p1, Choice.DISAGREE)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=p2))
    posted = await world.app.handle(ANA, FreeText(body="On P2."))
    assert isinstance(posted, CommentPosted)
    assert posted.label == "P22"
    assert await reasons_of(world, c) == []


async def test_an_empty_reason_is_refused_and_the_question_stays(world: World) -> None:
    c = await world.consultation()
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    refused = await world.app.handle(ANA, FreeText(body=" \u200b "))
    assert isinstance(refused, Notice)
    assert await reasons_of(world, c) == []
    assert isinstance(await world.app.handle(ANA, FreeText(body="Shorter.")), CommentPosted)


async def test_cancel_skips_the_question(world: World) -> None:
    c = await world.consultation()
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    cancelled = await world.app.handle(ANA, Cancel())
    assert isinstance(cancelled, Notice)
    assert cancelled.text == "No reason given: the question is skipped."
    assert isinstance(await world.app.handle(ANA, FreeText(body="x")), Notice)


async def test_required_a_disagree_counts_only_once_its_reason_arrives(world: World) -> None:
    c = await world.consultation(reasons=Reasons.REQUIRED)
    p1, *_ = await paragraphs(world, c)
    recorded = await vote(world, c, p1, Choice.DISAGREE)
    prompt = prompt_of(recorded)
    assert prompt.buttons == ()  # no Skip
    assert prompt.text.startswith("What would you change in P1?")
    assert recorded.card.choice is Choice.DISAGREE
    assert recorded.card.waiting == "Your Disagree counts once you say what you would change."
    assert await tally(world, p1) == (0, 0)
    shown = await world.app.handle(ANA, ShowParagraph(consultation_id=c.id, paragraph_id=p1))
    assert isinstance(shown, ParagraphCard)
    assert shown.waiting is not None
    posted = await world.app.handle(ANA, FreeText(body="Name who pays.", idempotency_key="k"))
    assert isinstance(posted, CommentPosted)
    assert posted.toast == "Thank you: your reason is saved and your Disagree with P1 counts."
    assert await tally(world, p1) == (0, 1)
    assert [r.body for r in await reasons_of(world, c)] == ["Name who pays."]
    shown = await world.app.handle(ANA, ShowParagraph(consultation_id=c.id, paragraph_id=p1))
    assert isinstance(shown, ParagraphCard)
    assert shown.waiting is None


async def test_required_an_earlier_agree_stands_until_the_reason_arrives(world: World) -> None:
    c = await world.consultation(reasons=Reasons.REQUIRED)
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.AGREE)
    await vote(world, c, p1, Choice.DISAGREE)
    assert await tally(world, p1) == (1, 0)
    await world.app.handle(ANA, FreeText(body="On reflection, no."))
    assert await tally(world, p1) == (0, 1)


async def test_required_an_agree_instead_counts_at_once_and_ends_the_question(
    world: World,
) -> None:
    c = await world.consultation(reasons=Reasons.REQUIRED)
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    agreed = await vote(world, c, p1, Choice.AGREE)
    assert agreed.reason is None
    assert agreed.card.waiting is None
    assert await tally(world, p1) == (1, 0)
    assert isinstance(await world.app.handle(ANA, FreeText(body="x")), Notice)


async def test_required_a_disagree_still_waiting_at_the_close_never_counts(world: World) -> None:
    c = await world.consultation(reasons=Reasons.REQUIRED)
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    world.clock.set(CLOSES + timedelta(minutes=1))
    late: Screen = await world.app.handle(ANA, FreeText(body="Too late?"))
    assert isinstance(late, Notice)
    assert "closed" in late.text
    assert await tally(world, p1) == (0, 0)
    assert await reasons_of(world, c) == []


async def test_organisers_figures_carry_the_reasons_and_participants_figures_do_not(
    world: World,
) -> None:
    c = await world.consultation()
    p1, *_ = await paragraphs(world, c)
    await vote(world, c, p1, Choice.DISAGREE)
    await world.app.handle(ANA, FreeText(body="Name who pays."))
    await add_organiser(world.uow(), BEN.ref)

    full = await world.app.handle(BEN, ShowFullStatistics(slug=c.slug))
    public = await world.app.handle(ANA, ShowStatistics(consultation_id=c.id))

    assert isinstance(full, StatisticsReport)
    assert [(r.paragraph_number, r.body) for r in full.statistics.reasons] == [
        (1, "Name who pays.")
    ]
    assert isinstance(public, StatisticsReport)
    assert public.statistics.reasons == ()


async def test_with_anonymous_comments_the_organisers_reasons_show_no_name(world: World) -> None:
    new = NewConsultation(
        slug="quiet",
        title="Quiet",
        description="",
        opens_at=NOW - timedelta(days=1),
        closes_at=CLOSES,
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
        anonymous_comments=True,
    )
    quiet = await create_consultation(world.uow(), new, DOCUMENT, NOW)
    p1, *_ = await paragraphs(world, quiet)
    await vote(world, quiet, p1, Choice.DISAGREE)
    await world.app.handle(ANA, FreeText(body="Name who pays."))
    await add_organiser(world.uow(), BEN.ref)

    full = await world.app.handle(BEN, ShowFullStatistics(slug="quiet"))

    assert isinstance(full, StatisticsReport)
    assert [r.author_name for r in full.statistics.reasons] == ["Anonymous"]
