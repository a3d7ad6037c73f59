"""The review queue and moderators' decisions; pre-moderation, the word filter, notifications."""

from datetime import timedelta

from core.delivery import DeliveryKind
from core.intents import ModerateComment, ShowComments, ShowReviewQueue, SubmitComment
from core.model import CommentState, Consultation
from core.moderation import LogAction, ModerationAction, ReportReason
from core.screens import CommentPosted, Notice, ReportCount, ReviewItem
from core.services.push_screens import build_screens
from tests.core.conftest import World
from tests.core.moderation_world import (
    AUTHOR,
    MODERATOR,
    joined,
    paragraph_ids,
    posted,
    pushes,
    report,
)


async def hidden_by_reports(world: World, c: Consultation) -> int:
    comment = await posted(world, c, "You are all idiots.")
    for n in range(3):
        await report(world, c, comment, await joined(world, c, f"r{n}"), ReportReason.OFFENSIVE)
    return comment


async def name_moderator(world: World, c: Consultation) -> None:
    async with world.uow() as uow:
        await uow.moderation.add_moderator(c.id, MODERATOR.ref)
        await uow.commit()


async def state_of(world: World, comment_id: int) -> CommentState:
    async with world.uow() as uow:
        comment = await uow.comments.get(comment_id)
        assert comment is not None
        return comment.state


async def test_the_queue_shows_a_hidden_comment_with_its_paragraph_reports_and_actions(
    world: World,
) -> None:
    c = await world.consultation()
    await name_moderator(world, c)
    comment = await hidden_by_reports(world, c)
    screen = await world.app.handle(MODERATOR, ShowReviewQueue(slug=c.slug))
    assert isinstance(screen, ReviewItem)
    assert (screen.comment_id, screen.state, screen.label, screen.waiting) == (
        comment,
        CommentState.HIDDEN,
        "P1",
        1,
    )
    assert (screen.author, screen.body, screen.paragraph) == (
        "Ana",
        "You are all idiots.",
        "We consult on a strategy.",
    )
    assert screen.reports == (ReportCount(reason=ReportReason.OFFENSIVE, count=3),)
    assert [[b.label for b in row] for row in screen.buttons] == [
        ["Restore", "Hide", "Hide and block author"]
    ]


async def test_restore_publishes_again_and_empties_the_queue(world: World) -> None:
    c = await world.consultation()
    await name_moderator(world, c)
    comment = await hidden_by_reports(world, c)
    done = await world.app.handle(
        MODERATOR,
        ModerateComment(consultation_id=c.id, comment_id=comment, action=ModerationAction.RESTORE),
    )
    empty = await world.app.handle(MODERATOR, ShowReviewQueue(slug=c.slug))
    assert isinstance(done, Notice)
    assert (
        done.text
        == f"Comment #{comment} is restored: everyone sees it. Nothing else awaits review."
    )
    assert await state_of(world, comment) is CommentState.PUBLISHED
    assert isinstance(empty, Notice)
    assert empty.text == f"No comment awaits review in “{c.title}”."


async def test_hide_and_block_keeps_it_hidden_and_stops_its_author_commenting_not_voting(
    world: World,
) -> None:
    c = await world.consultation()
    await name_moderator(world, c)
    comment = await hidden_by_reports(world, c)
    await world.app.handle(
        MODERATOR,
        ModerateComment(
            consultation_id=c.id, comment_id=comment, action=ModerationAction.HIDE_AND_BLOCK
        ),
    )
    pid = (await paragraph_ids(world, c))[0]
    again = await world.app.handle(
        AUTHOR, SubmitComment(consultation_id=c.id, paragraph_id=pid, body="Still here.")
    )
    queue = await world.app.handle(MODERATOR, ShowReviewQueue(slug=c.slug))
    assert await state_of(world, comment) is CommentState.HIDDEN
    assert isinstance(again, Notice)
    assert "blocked you from commenting" in again.text
    assert isinstance(queue, Notice)  # decided: no longer waiting
    async with world.uow() as uow:
        log = [(e.action, e.actor) for e in await uow.moderation.entries(c.id)]
    assert log[-2:] == [
        (LogAction.HIDE, str(MODERATOR.ref)),
        (LogAction.BLOCK, str(MODERATOR.ref)),
    ]


async def test_a_forged_moderation_button_from_a_participant_is_refused_and_changes_nothing(
    world: World,
) -> None:
    c = await world.consultation()
    comment = await hidden_by_reports(world, c)
    ben = await joined(world, c, "ben")
    screens = [
        await world.app.handle(
            ben,
            ModerateComment(
                consultation_id=c.id, comment_id=comment, action=ModerationAction.RESTORE
            ),
        ),
        await world.app.handle(ben, ShowReviewQueue(slug=c.slug)),
    ]
    for screen in screens:
        assert isinstance(screen, Notice)
        assert screen.text == f"Only the moderators of “{c.title}” can do that."
    assert await state_of(world, comment) is CommentState.HIDDEN


async def test_a_moderator_of_one_consultation_cannot_moderate_another(world: World) -> None:
    c = await world.consultation()
    other = await world.consultation("other")
    await name_moderator(world, c)
    screen = await world.app.handle(MODERATOR, ShowReviewQueue(slug=other.slug))
    assert isinstance(screen, Notice)
    assert screen.text == f"Only the moderators of “{other.title}” can do that."


async def test_premoderation_holds_a_new_comment_until_approved(world: World) -> None:
    c = await world.consultation()
    async with world.uow() as uow:
        await uow.moderation.configure(c.id, premoderate=True, hide_after=3)
        await uow.commit()
    await name_moderator(world, c)
    pid = (await paragraph_ids(world, c))[0]
    screen = await world.app.handle(
        AUTHOR, SubmitComment(consultation_id=c.id, paragraph_id=pid, body="First thought.")
    )
    assert isinstance(screen, CommentPosted)
    assert screen.toast.endswith("It awaits review by the moderators before others see it.")
    comment = screen.comment.comment_id
    ben = await joined(world, c, "ben")
    before = await world.app.handle(ben, ShowComments(consultation_id=c.id, paragraph_id=pid))
    queue = await world.app.handle(MODERATOR, ShowReviewQueue(slug=c.slug))
    assert isinstance(queue, ReviewItem)
    assert queue.buttons[0][0].label == "Approve"
    await world.app.handle(MODERATOR, queue.buttons[0][0].intent)
    after = await world.app.handle(ben, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert getattr(before, "comments", None) == ()
    assert [i.comment_id for i in getattr(after, "comments", ())] == [comment]
    async with world.uow() as uow:
        log = [e.action for e in await uow.moderation.entries(c.id)]
    assert log == [LogAction.HOLD, LogAction.APPROVE]


async def test_the_word_filter_holds_a_comment_whatever_its_case_and_accents(world: World) -> None:
    c = await world.consultation()
    async with world.uow() as uow:
        await uow.moderation.add_words(c.id, ["cretin"])
        await uow.commit()
    await name_moderator(world, c)
    held = await posted(world, c, "What a CRÉTIN.")
    kept = await posted(world, c, "Cretinous is not the word.")
    queue = await world.app.handle(MODERATOR, ShowReviewQueue(slug=c.slug))
    assert (await state_of(world, held), await state_of(world, kept)) == (
        CommentState.HELD,
        CommentState.PUBLISHED,
    )
    assert isinstance(queue, ReviewItem)
    assert queue.caught == ("cretin",)


async def test_moderators_are_told_of_new_items_at_most_once_in_ten_minutes(world: World) -> None:
    c = await world.consultation()
    await name_moderator(world, c)
    async with world.uow() as uow:
        await uow.moderation.add_words(c.id, ["spam"])
        await uow.commit()
    await posted(world, c, "spam one")
    world.clock.advance(timedelta(minutes=9))
    await posted(world, c, "spam two")
    assert len(pushes(world, DeliveryKind.REVIEW)) == 1
    world.clock.advance(timedelta(minutes=1))
    await posted(world, c, "spam three")
    assert len(pushes(world, DeliveryKind.REVIEW)) == 2


async def test_the_moderators_notice_counts_the_queue_in_good_english(world: World) -> None:
    c = await world.consultation()
    await name_moderator(world, c)
    async with world.uow() as uow:
        await uow.moderation.add_words(c.id, ["spam"])
        await uow.commit()
    await posted(world, c, "spam one")

    async def told() -> list[str]:
        async with world.uow() as uow:
            rows = [s.delivery for s in world.database.tables.outbox.values()]
            built = await build_screens(uow, rows, world.clock.now())
        return [s.text for s in built.values() if isinstance(s, Notice) and "review" in s.text]

    assert await told() == [f"1 comment awaits review in “{c.title}”."]
    await posted(world, c, "spam two")
    assert await told() == [f"2 comments await review in “{c.title}”."]
