"""A moderator's decision is followed by the next comment waiting, with what was done above it."""

from core.intents import ModerateComment
from core.moderation import ModerationAction, ReportReason
from core.screens import Notice, ReviewItem
from tests.core.conftest import World
from tests.core.moderation_world import MODERATOR, joined, posted, report
from tests.core.test_reviewing import name_moderator


async def test_a_decision_shows_the_next_comment_waiting_then_that_none_is_left(
    world: World,
) -> None:
    c = await world.consultation()
    await name_moderator(world, c)
    first = await posted(world, c, "Buy cheap watches.")
    second = await posted(world, c, "Buy cheap pens.")
    for n in range(3):
        reporter = await joined(world, c, f"r{n}")
        for comment in (first, second):
            await report(world, c, comment, reporter, ReportReason.SPAM)

    hidden = await world.app.handle(
        MODERATOR,
        ModerateComment(consultation_id=c.id, comment_id=first, action=ModerationAction.HIDE),
    )
    assert isinstance(hidden, ReviewItem)
    assert (hidden.comment_id, hidden.waiting) == (second, 1)
    assert hidden.done == f"Comment #{first} is hidden."

    restored = await world.app.handle(
        MODERATOR,
        ModerateComment(consultation_id=c.id, comment_id=second, action=ModerationAction.RESTORE),
    )
    assert isinstance(restored, Notice)
    assert restored.text == (
        f"Comment #{second} is restored: everyone sees it. Nothing else awaits review."
    )
