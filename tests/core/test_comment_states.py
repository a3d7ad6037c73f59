"""Comments that are not published: placeholders in threads, nothing counted, nothing to act on."""

from core.intents import ShowComments, ShowParagraph, StartComment, SubmitComment, VoteOnComment
from core.model import CommentState, CommentVote, Consultation
from core.screens import CommentList, Notice, ParagraphCard
from tests.core.conftest import BEN, World
from tests.core.test_commenting import first_paragraph, post


async def set_state(world: World, comment_id: int, state: CommentState) -> None:
    async with world.uow() as uow:
        await uow.comments.set_state(comment_id, state)
        await uow.commit()


async def listed(world: World, c: Consultation, pid: int) -> CommentList:
    screen = await world.app.handle(BEN, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(screen, CommentList)
    return screen


async def test_a_deleted_comment_with_a_reply_is_listed_as_a_placeholder_without_its_author(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    root = await post(world, c, pid, "Ana's point.", "ana")
    await world.app.handle(BEN, ShowParagraph(consultation_id=c.id, paragraph_id=pid))
    reply = await world.app.handle(
        BEN,
        SubmitComment(consultation_id=c.id, paragraph_id=pid, body="Ben agrees.", reply_to=root),
    )
    assert not isinstance(reply, Notice)
    await set_state(world, root, CommentState.DELETED)
    screen = await listed(world, c, pid)
    card = await world.app.handle(BEN, ShowParagraph(consultation_id=c.id, paragraph_id=pid))
    assert [(i.author, i.body, i.placeholder, i.buttons) for i in screen.comments] == [
        ("", "comment deleted by its author", True, ()),
        ("Ben", "Ben agrees.", False, screen.comments[1].buttons),
    ]
    assert screen.total == 1
    assert isinstance(card, ParagraphCard)
    assert card.comment_count == 1


async def test_a_hidden_comment_without_replies_is_neither_listed_nor_counted(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    kept = await post(world, c, pid, "Fair.", "ana")
    hidden = await post(world, c, pid, "Abuse.", "ana")
    await set_state(world, hidden, CommentState.HIDDEN)
    screen = await listed(world, c, pid)
    assert [i.comment_id for i in screen.comments] == [kept]
    assert screen.total == 1


async def test_voting_on_or_replying_to_a_hidden_comment_is_refused(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    hidden = await post(world, c, pid, "Abuse.", "ana")
    await set_state(world, hidden, CommentState.HIDDEN)
    await world.app.handle(BEN, ShowParagraph(consultation_id=c.id, paragraph_id=pid))
    vote = await world.app.handle(
        BEN, VoteOnComment(consultation_id=c.id, comment_id=hidden, vote=CommentVote.UP)
    )
    reply = await world.app.handle(
        BEN, StartComment(consultation_id=c.id, paragraph_id=pid, reply_to=hidden)
    )
    for screen in (vote, reply):
        assert isinstance(screen, Notice)
        assert screen.text == "That comment is not shown: comment hidden by the moderators."
    async with world.uow() as uow:
        ben = await uow.participants.find(BEN.ref)
        assert ben is not None
        assert await uow.comments.vote_of(hidden, ben.id) == 0
