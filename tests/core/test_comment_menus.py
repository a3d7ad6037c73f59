"""A comment's Report and Delete buttons open its menu: the reasons, or the confirmation."""

from core.intents import DeleteComment, OpenCommentMenu, ReportComment
from core.model import CommentState
from core.moderation import CommentMenu, ReportReason
from core.screens import CommentShown, Notice, Screen
from tests.core.conftest import World
from tests.core.moderation_world import AUTHOR, joined, posted


def labels(screen: Screen) -> list[list[str]]:
    assert isinstance(screen, CommentShown), screen
    return [[button.label for button in row] for row in screen.buttons]


async def test_report_opens_the_four_reasons_each_a_report_and_cancel_goes_back(
    world: World,
) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "Buy cheap watches.")
    ben = await joined(world, c, "ben")

    menu = await world.app.handle(
        ben, OpenCommentMenu(consultation_id=c.id, comment_id=comment, menu=CommentMenu.REPORT)
    )

    assert labels(menu) == [["Spam", "Offensive"], ["Off-topic", "Other"], ["Cancel"]]
    assert isinstance(menu, CommentShown)
    reasons = [button.intent for row in menu.buttons[:2] for button in row]
    assert reasons == [
        ReportComment(consultation_id=c.id, comment_id=comment, reason=reason)
        for reason in ReportReason
    ]
    back = await world.app.handle(ben, menu.buttons[2][0].intent)
    assert labels(back) == []
    assert isinstance(back, CommentShown)
    assert [b.label for b in back.comment.buttons] == ["👍 0", "👎 0", "Reply", "Report"]


async def test_delete_asks_its_author_to_confirm_and_nobody_else_may_open_it(
    world: World,
) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "I take it back.")
    ben = await joined(world, c, "ben")
    delete = OpenCommentMenu(consultation_id=c.id, comment_id=comment, menu=CommentMenu.DELETE)
    report = OpenCommentMenu(consultation_id=c.id, comment_id=comment, menu=CommentMenu.REPORT)

    menu = await world.app.handle(AUTHOR, delete)
    refused_delete = await world.app.handle(ben, delete)
    refused_report = await world.app.handle(AUTHOR, report)

    assert labels(menu) == [["Delete it", "Keep it"]]
    assert isinstance(menu, CommentShown)
    assert menu.buttons[0][0].intent == DeleteComment(consultation_id=c.id, comment_id=comment)
    assert isinstance(refused_delete, Notice)
    assert refused_delete.text == "Only its author can delete a comment."
    assert isinstance(refused_report, Notice)
    assert refused_report.text == "You cannot report your own comment."
    async with world.uow() as uow:
        stored = await uow.comments.get(comment)
    assert stored is not None
    assert stored.state is CommentState.PUBLISHED


async def test_the_menu_of_a_hidden_comment_is_refused(world: World) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "Nasty.")
    async with world.uow() as uow:
        await uow.comments.set_state(comment, CommentState.HIDDEN)
        await uow.commit()
    ben = await joined(world, c, "ben")

    refused = await world.app.handle(
        ben, OpenCommentMenu(consultation_id=c.id, comment_id=comment, menu=CommentMenu.REPORT)
    )

    assert isinstance(refused, Notice)
    assert refused.text == "That comment is not shown: comment hidden by the moderators."
