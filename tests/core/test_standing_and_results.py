"""Progress, reminders opt-out, leaving, and who may see the figures when."""

from datetime import timedelta

from core.intents import (
    CastVote,
    Leave,
    Resume,
    SetMuted,
    ShowHelp,
    ShowOverview,
    ShowProgress,
    ShowStatistics,
    SubmitComment,
)
from core.model import SYSTEM_ACTOR, Choice, Consultation, ResultsVisibility
from core.screens import (
    Help,
    Notice,
    Overview,
    ParagraphCard,
    Progress,
    StatisticsReport,
    VoteRecorded,
)
from core.upkeep import SetReachable
from tests.core.conftest import ANA, BEN, CLOSES, World
from tests.organiser import add_organiser


async def vote_all(world: World, c: Consultation, choices: list[Choice]) -> None:
    async with world.uow() as uow:
        paragraphs = await uow.paragraphs.list(c.id)
    for paragraph, choice in zip(paragraphs, choices, strict=False):
        result = await world.app.handle(
            ANA, CastVote(consultation_id=c.id, paragraph_id=paragraph.id, choice=choice)
        )
        assert isinstance(result, VoteRecorded)


async def test_progress_counts_votes_and_comments_and_offers_mute(world: World) -> None:
    c = await world.consultation()
    await vote_all(world, c, [Choice.AGREE, Choice.DISAGREE])
    first = await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(first, ParagraphCard)
    await world.app.handle(
        ANA, SubmitComment(consultation_id=c.id, paragraph_id=first.paragraph_id, body="Hm")
    )
    progress = await world.app.handle(ANA, ShowProgress())
    assert isinstance(progress, Progress)
    assert (progress.voted, progress.total, progress.comments) == (2, 3, 1)
    assert progress.deadline == "closes 15 Feb 2027, 14 days left"
    assert [[b.label for b in row] for row in progress.buttons] == [
        ["Continue", "Mute reminders"],
        ["Most commented", "Decided", "My contributions"],
    ]


async def test_the_overview_lists_each_consultation_with_its_progress(world: World) -> None:
    first = await world.consultation("first")
    second = await world.consultation("second")
    await vote_all(world, first, [Choice.AGREE])
    world.clock.advance(timedelta(minutes=1))
    await world.app.handle(ANA, Resume(consultation_id=second.id))
    overview = await world.app.handle(ANA, ShowOverview())
    assert isinstance(overview, Overview)
    assert [(p.title, p.voted, p.total) for p in overview.consultations] == [
        (second.title, 0, 3),
        (first.title, 1, 3),
    ]
    empty = await world.app.handle(BEN, ShowOverview())
    assert isinstance(empty, Overview)
    assert empty.consultations == ()


async def test_muting_and_unmuting_reminders_is_remembered(world: World) -> None:
    c = await world.consultation()
    await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(await world.app.handle(ANA, SetMuted(muted=True)), Notice)
    progress = await world.app.handle(ANA, ShowProgress())
    assert isinstance(progress, Progress)
    assert progress.muted
    await world.app.handle(ANA, SetMuted(muted=False))
    progress = await world.app.handle(ANA, ShowProgress())
    assert isinstance(progress, Progress)
    assert not progress.muted


async def test_leaving_keeps_the_votes_but_ends_the_enrolment(world: World) -> None:
    c = await world.consultation()
    await vote_all(world, c, [Choice.AGREE])
    left = await world.app.handle(ANA, Leave())
    assert isinstance(left, Notice)
    assert "still count" in left.text
    async with world.uow() as uow:
        assert await uow.enrolments.count(c.id) == 0
        assert len(await uow.votes.list(c.id)) == 1
    assert isinstance(await world.app.handle(ANA, ShowProgress()), Notice)


async def test_live_results_show_on_cards_and_in_statistics(world: World) -> None:
    c = await world.consultation(visibility=ResultsVisibility.LIVE)
    await vote_all(world, c, [Choice.AGREE, Choice.DISAGREE, Choice.AGREE])
    card = await world.app.handle(BEN, Resume(consultation_id=c.id))
    assert isinstance(card, ParagraphCard)
    assert card.tally is not None
    assert (card.tally.agree, card.tally.agreement_pct) == (1, 100)
    report = await world.app.handle(BEN, ShowStatistics(consultation_id=c.id))
    assert isinstance(report, StatisticsReport)
    assert report.statistics.totals.votes == 3
    assert report.statistics.totals.contributors == 1


async def test_results_after_close_stay_hidden_until_the_deadline(world: World) -> None:
    c = await world.consultation(visibility=ResultsVisibility.AFTER_CLOSE)
    await vote_all(world, c, [Choice.AGREE])
    card = await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(card, ParagraphCard)
    assert card.tally is None
    hidden = await world.app.handle(ANA, ShowStatistics())
    assert isinstance(hidden, Notice)
    assert "published when the consultation closes" in hidden.text
    world.clock.advance(CLOSES - world.clock.now())
    assert isinstance(await world.app.handle(ANA, ShowStatistics()), StatisticsReport)


async def test_results_after_vote_show_a_paragraph_once_the_person_voted_on_it(
    world: World,
) -> None:
    c = await world.consultation(visibility=ResultsVisibility.AFTER_VOTE)
    async with world.uow() as uow:
        paragraph = await uow.paragraphs.at_position(c.id, 1)
    assert paragraph is not None
    result = await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=paragraph.id, choice=Choice.AGREE)
    )
    assert isinstance(result, VoteRecorded)
    assert result.card.tally is not None
    assert isinstance(result.next, ParagraphCard)
    assert result.next.tally is None
    assert isinstance(await world.app.handle(ANA, ShowStatistics()), Notice)
    await vote_all(world, c, [Choice.AGREE] * 3)
    assert isinstance(await world.app.handle(ANA, ShowStatistics()), StatisticsReport)


async def test_organisers_see_the_figures_whatever_the_visibility(world: World) -> None:
    c = await world.consultation(visibility=ResultsVisibility.AFTER_CLOSE)
    await add_organiser(world.uow(), BEN.ref)
    assert isinstance(
        await world.app.handle(BEN, ShowStatistics(consultation_id=c.id)), StatisticsReport
    )


async def test_help_lists_what_a_participant_can_do(world: World) -> None:
    shown = await world.app.handle(ANA, ShowHelp())
    assert isinstance(shown, Help)
    assert {"progress", "stats", "mute", "leave", "help"} <= {e.action for e in shown.entries}


async def test_a_person_who_blocked_the_bot_is_marked_unreachable_until_they_return(
    world: World,
) -> None:
    c = await world.consultation()
    await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert await world.app.handle(SYSTEM_ACTOR, SetReachable(ref=ANA.ref, reachable=False))
    async with world.uow() as uow:
        participant = await uow.participants.find(ANA.ref)
    assert participant is not None
    assert not participant.reachable
    await world.app.handle(ANA, ShowProgress())  # writing to the bot again
    async with world.uow() as uow:
        participant = await uow.participants.find(ANA.ref)
    assert participant is not None
    assert participant.reachable
    assert not await world.app.handle(SYSTEM_ACTOR, SetReachable(ref=BEN.ref, reachable=False))
