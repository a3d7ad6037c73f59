"""Authors delete their own comments: the text goes, replies stay under a placeholder."""

from core.intents import DeleteComment, ShowComments, SubmitComment
from core.screens import CommentList, Notice, Tone
from tests.core.conftest import World
from tests.core.moderation_world import AUTHOR, joined, paragraph_ids, posted


async def test_deleting_ones_comment_keeps_its_replies_under_a_placeholder(world: World) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "My first idea.")
    ben = await joined(world, c, "ben")
    pid = (await paragraph_ids(world, c))[0]
    await world.app.handle(
        ben,
        SubmitComment(consultation_id=c.id, paragraph_id=pid, body="I like it.", reply_to=comment),
    )
    deleted = await world.app.handle(
        AUTHOR, DeleteComment(consultation_id=c.id, comment_id=comment)
    )
    again = await world.app.handle(AUTHOR, DeleteComment(consultation_id=c.id, comment_id=comment))
    listed = await world.app.handle(ben, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(deleted, Notice)
    assert deleted.text == f"Your comment #{comment} is deleted; replies to it stay."
    assert isinstance(again, Notice)
    assert (again.text, again.tone) == (f"Comment #{comment} is deleted already.", Tone.INFO)
    assert isinstance(listed, CommentList)
    assert [(i.body, i.placeholder) for i in listed.comments] == [
        ("comment deleted by its author", True),
        ("I like it.", False),
    ]
    async with world.uow() as uow:
        stored = await uow.comments.get(comment)
    assert stored is not None
    assert stored.body == ""


async def test_only_its_author_can_delete_a_comment(world: World) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "Mine.")
    ben = await joined(world, c, "ben")
    screen = await world.app.handle(ben, DeleteComment(consultation_id=c.id, comment_id=comment))
    assert isinstance(screen, Notice)
    assert screen.text == "Only its author can delete a comment."
    async with world.uow() as uow:
        stored = await uow.comments.get(comment)
    assert stored is not None
    assert stored.body == "Mine."
