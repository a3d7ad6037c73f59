"""A comment's author is told of each reply to it: once, unless muted, never of their own."""

from core.intents import Join, SetMuted, ShowComments, SubmitComment
from core.model import Actor, Consultation, Platform
from core.screens import CommentPosted, ReplyReceived
from core.services.dispatching import Dispatcher
from tests.core.conftest import World, actor
from tests.fakes.messenger import FakeMessenger

ANA = actor("ana", Platform.TELEGRAM)
BEN = actor("ben", Platform.SLACK)


async def first_paragraph(world: World, c: Consultation) -> int:
    async with world.uow() as uow:
        paragraph = await uow.paragraphs.at_position(c.id, 1)
    assert paragraph is not None
    return paragraph.id


async def comment(
    world: World, who: Actor, c: Consultation, body: str, reply_to: int | None = None
) -> int:
    posted = await world.app.handle(
        who,
        SubmitComment(
            consultation_id=c.id,
            paragraph_id=await first_paragraph(world, c),
            body=body,
            reply_to=reply_to,
            idempotency_key=f"{who.ref.external_id}:{body}",
        ),
    )
    assert isinstance(posted, CommentPosted), posted
    return posted.comment.comment_id


async def pushed(world: World) -> FakeMessenger:
    """What the outbox sends now."""
    messenger = FakeMessenger()
    dispatcher = Dispatcher(
        uow_factory=world.uow,
        messenger=messenger,
        clock=world.clock,
        worker="w1",
        jitter=lambda: 0.0,
    )
    await dispatcher.dispatch_due()
    return messenger


async def joined(world: World, *people: Actor) -> Consultation:
    c = await world.consultation()
    for person in people:
        await world.app.handle(person, Join(payload=c.slug))
    return c


async def test_the_author_of_a_comment_is_pushed_each_reply_with_a_way_to_the_thread(
    world: World,
) -> None:
    c = await joined(world, ANA, BEN)
    mine = await comment(world, ANA, c, "Who pays for this?")
    await comment(world, BEN, c, "The city does.", reply_to=mine)
    await comment(world, BEN, c, "The city does.", reply_to=mine)  # a redelivery
    ((recipient, screen),) = (await pushed(world)).sent
    assert (recipient.platform, recipient.address) == (Platform.TELEGRAM, "ana")
    assert isinstance(screen, ReplyReceived)
    assert (screen.label, screen.comment) == ("P1", "Who pays for this?")
    assert (screen.reply.author, screen.reply.body) == ("Ben", "The city does.")
    thread, mute = screen.buttons[0]
    paragraph_id = await first_paragraph(world, c)
    assert thread.intent == ShowComments(consultation_id=c.id, paragraph_id=paragraph_id)
    assert mute.intent == SetMuted(muted=True, consultation_id=c.id)
    assert (await pushed(world)).sent == []


async def test_nobody_is_told_of_their_own_reply(world: World) -> None:
    c = await joined(world, ANA)
    mine = await comment(world, ANA, c, "Who pays for this?")
    await comment(world, ANA, c, "I mean the running costs.", reply_to=mine)
    assert (await pushed(world)).sent == []


async def test_an_author_who_muted_the_consultation_is_not_told(world: World) -> None:
    c = await joined(world, ANA, BEN)
    mine = await comment(world, ANA, c, "Who pays for this?")
    await world.app.handle(ANA, SetMuted(muted=True, consultation_id=c.id))
    await comment(world, BEN, c, "The city does.", reply_to=mine)
    assert (await pushed(world)).sent == []


async def test_an_author_who_mutes_before_the_push_goes_out_is_not_told(world: World) -> None:
    c = await joined(world, ANA, BEN)
    mine = await comment(world, ANA, c, "Who pays for this?")
    await comment(world, BEN, c, "The city does.", reply_to=mine)
    await world.app.handle(ANA, SetMuted(muted=True, consultation_id=c.id))
    assert (await pushed(world)).sent == []


async def test_an_author_in_the_terminal_chat_gets_no_push(world: World) -> None:
    cleo = actor("cleo")  # the terminal chat
    c = await joined(world, cleo, BEN)
    theirs = await comment(world, cleo, c, "Who pays for this?")
    await comment(world, BEN, c, "The city does.", reply_to=theirs)
    assert (await pushed(world)).sent == []
    async with world.uow() as uow:
        assert await uow.outbox.get(1) is None
