"""A consultation with anonymous comments: no comment shows its author's name, to anyone."""

from datetime import timedelta

from core.intents import Join, ShowComments, ShowStatistics, StartComment, SubmitComment
from core.model import (
    CLI_ACTOR,
    Consultation,
    NewConsultation,
    Platform,
    Privacy,
    ResultsVisibility,
    Status,
)
from core.orders import CollectExport
from core.screens import (
    CommentList,
    CommentPosted,
    CommentPrompt,
    ReplyReceived,
    StatisticsReport,
)
from tests.core.conftest import CLOSES, DOCUMENT, World, actor
from tests.core.test_replies import pushed
from tests.organiser import create_consultation

ANA = actor("ana", Platform.TELEGRAM)
BEN = actor("ben", Platform.SLACK)


async def consultation(world: World, *, anonymous: bool) -> Consultation:
    new = NewConsultation(
        slug="strategy",
        title="Strategy",
        description="",
        opens_at=world.clock.now() - timedelta(days=1),
        closes_at=CLOSES,
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
        anonymous_comments=anonymous,
    )
    return await create_consultation(world.uow(), new, DOCUMENT, world.clock.now())


async def discussion(world: World, c: Consultation) -> tuple[int, CommentPosted, CommentPosted]:
    """Ana comments on P1 and Ben replies; the paragraph id and both confirmations."""
    for person in (ANA, BEN):
        await world.app.handle(person, Join(payload=c.slug))
    async with world.uow() as uow:
        first = (await uow.paragraphs.list(c.id))[0].id
    mine = await world.app.handle(
        ANA, SubmitComment(consultation_id=c.id, paragraph_id=first, body="Who pays?")
    )
    assert isinstance(mine, CommentPosted)
    reply = SubmitComment(
        consultation_id=c.id,
        paragraph_id=first,
        body="The city.",
        reply_to=mine.comment.comment_id,
    )
    theirs = await world.app.handle(BEN, reply)
    assert isinstance(theirs, CommentPosted)
    return first, mine, theirs


async def test_comments_of_an_anonymous_consultation_show_no_name_in_chat(world: World) -> None:
    c = await consultation(world, anonymous=True)
    first, mine, theirs = await discussion(world, c)

    listed = await world.app.handle(ANA, ShowComments(consultation_id=c.id, paragraph_id=first))

    assert isinstance(listed, CommentList)
    assert [i.author for i in listed.comments] == ["Anonymous", "Anonymous"]
    assert mine.comment.author == "Anonymous"  # even to its own author: one rule for everyone
    assert theirs.comment.author == "Anonymous"
    prompt = await world.app.handle(
        ANA,
        StartComment(consultation_id=c.id, paragraph_id=first, reply_to=theirs.comment.comment_id),
    )
    assert isinstance(prompt, CommentPrompt)
    assert prompt.replying_to is not None
    assert prompt.replying_to.author == "Anonymous"


async def test_the_reply_pushed_to_an_author_names_nobody(world: World) -> None:
    c = await consultation(world, anonymous=True)
    await discussion(world, c)

    ((_, screen),) = (await pushed(world)).sent

    assert isinstance(screen, ReplyReceived)
    assert screen.reply.author == "Anonymous"


async def test_the_figures_and_the_export_name_nobody(world: World) -> None:
    c = await consultation(world, anonymous=True)
    await discussion(world, c)

    report = await world.app.handle(BEN, ShowStatistics(consultation_id=c.id))
    export = await world.app.handle(CLI_ACTOR, CollectExport(slug=c.slug))

    assert isinstance(report, StatisticsReport)
    assert {latest.author_name for latest in report.statistics.latest_comments} == {"Anonymous"}
    assert {comment.author_name for comment in export.comments} == {"Anonymous"}


async def test_a_consultation_without_the_setting_still_shows_names(world: World) -> None:
    c = await consultation(world, anonymous=False)
    first, mine, _ = await discussion(world, c)

    listed = await world.app.handle(BEN, ShowComments(consultation_id=c.id, paragraph_id=first))
    export = await world.app.handle(CLI_ACTOR, CollectExport(slug=c.slug))

    assert isinstance(listed, CommentList)
    assert [i.author for i in listed.comments] == ["Ana", "Ben"]
    assert mine.comment.author == "Ana"
    assert {comment.author_name for comment in export.comments} == {"Ana", "Ben"}
