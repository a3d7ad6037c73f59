"""/forget and moderation: reports stay counted, a forgotten person moderates and hears nothing."""

from core.delivery import DeliveryKind
from core.intents import ShowParagraph
from core.model import CommentState, Consultation
from core.moderation import ReportReason
from tests.core.conftest import World
from tests.core.moderation_world import MODERATOR, joined, paragraph_ids, posted, report
from tests.core.test_forgetting import confirm_button
from tests.core.test_personal_data import export


def pushed_to(world: World, kind: DeliveryKind) -> list[str]:
    """The addresses the outbox's rows of this kind go to."""
    rows = world.database.tables.outbox.values()
    return [s.delivery.recipient.address for s in rows if s.delivery.kind is kind]


async def state_of(world: World, comment_id: int) -> CommentState:
    async with world.uow() as uow:
        comment = await uow.comments.get(comment_id)
        assert comment is not None
        return comment.state


async def moderator_who_forgets(world: World, c: Consultation) -> None:
    """Mo moderates the consultation, takes part in it, then asks to be forgotten."""
    async with world.uow() as uow:
        await uow.moderation.add_moderator(c.id, MODERATOR.ref)
        await uow.commit()
    first = (await paragraph_ids(world, c))[0]
    await world.app.handle(MODERATOR, ShowParagraph(consultation_id=c.id, paragraph_id=first))
    await world.app.handle(MODERATOR, await confirm_button(world, MODERATOR))


async def test_a_forgotten_moderator_is_no_moderator_and_is_not_told_about_the_queue(
    world: World,
) -> None:
    c = await world.consultation()
    await moderator_who_forgets(world, c)
    comment = await posted(world, c, "You are all idiots.")
    for n in range(3):
        await report(world, c, comment, await joined(world, c, f"r{n}"), ReportReason.OFFENSIVE)

    assert await state_of(world, comment) is CommentState.HIDDEN
    assert MODERATOR.ref.external_id not in pushed_to(world, DeliveryKind.REVIEW)
    async with world.uow() as uow:
        assert await uow.moderation.moderators(c.id) == []


async def test_a_forgotten_reporters_report_still_counts_towards_hiding(world: World) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "You are all idiots.")
    leaving = await joined(world, c, "leaving")
    await report(world, c, comment, leaving, ReportReason.SPAM)
    await world.app.handle(leaving, await confirm_button(world, leaving))
    for n in range(2):
        await report(world, c, comment, await joined(world, c, f"r{n}"), ReportReason.OFFENSIVE)

    assert await state_of(world, comment) is CommentState.HIDDEN


async def test_a_forgotten_author_is_told_nothing_when_their_comment_reaches_the_threshold(
    world: World,
) -> None:
    c = await world.consultation()
    author = await joined(world, c, "author")
    comment = await posted(world, c, "You are all idiots.", who=author)
    for n in range(2):
        await report(world, c, comment, await joined(world, c, f"r{n}"), ReportReason.OFFENSIVE)
    await world.app.handle(author, await confirm_button(world, author))
    await report(world, c, comment, await joined(world, c, "r2"), ReportReason.OFFENSIVE)

    assert await state_of(world, comment) is CommentState.REMOVED
    assert pushed_to(world, DeliveryKind.MODERATION) == []


async def test_mydata_lists_the_comments_the_person_reported(world: World) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "Buy cheap watches.")
    reporter = await joined(world, c, "reporter")
    await report(world, c, comment, reporter, ReportReason.SPAM)

    document = await export(world.app, reporter)

    [made] = document["reports"]
    assert (made["comment"], made["consultation"], made["reason"]) == (comment, c.slug, "spam")
    assert made["reported_at"].endswith("Z")
