"""Reporting comments: once per person, refusals that store nothing, hidden at the threshold."""

from dataclasses import replace

from core.app import ConsultationApp
from core.delivery import DeliveryKind
from core.intents import ShowComments
from core.model import CommentState
from core.moderation import LogAction, ReportReason
from core.screens import CommentList, Notice, Tone
from core.services.push_screens import build_screens
from tests.core.conftest import World, actor
from tests.core.moderation_world import AUTHOR, joined, paragraph_ids, posted, pushes, report


async def stored(world: World, comment_id: int) -> tuple[CommentState, int, list[LogAction]]:
    async with world.uow() as uow:
        comment = await uow.comments.get(comment_id)
        assert comment is not None
        reports = await uow.moderation.reports(comment_id)
        log = await uow.moderation.entries(comment.consultation_id)
    return comment.state, len(reports), [e.action for e in log]


async def test_a_report_is_stored_once_and_a_repeat_says_so(world: World) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "Buy cheap watches.")
    ben = await joined(world, c, "ben")
    first = await report(world, c, comment, ben, ReportReason.SPAM)
    again = await report(world, c, comment, ben, ReportReason.OFFENSIVE)
    assert isinstance(first, Notice)
    assert first.text == f"Thank you: comment #{comment} is reported to the moderators (spam)."
    assert isinstance(again, Notice)
    assert again.text == f"You reported comment #{comment} already; the moderators know."
    assert await stored(world, comment) == (CommentState.PUBLISHED, 1, [LogAction.REPORT])


async def test_refused_reports_store_nothing(world: World) -> None:
    c = await world.consultation()
    other = await world.consultation("other")
    comment = await posted(world, c, "Fair point.")
    hidden = await posted(world, c, "Nasty.")
    async with world.uow() as uow:
        await uow.comments.set_state(hidden, CommentState.HIDDEN)
        await uow.commit()
    ben = await joined(world, c, "ben")
    blocked = await joined(world, c, "bob")
    async with world.uow() as uow:
        bob = await uow.participants.find(blocked.ref)
        assert bob is not None
        await uow.moderation.block(c.id, bob.id, world.clock.now())
        await uow.commit()
    cases = [
        (AUTHOR, c, comment, "You cannot report your own comment."),
        (ben, c, hidden, "That comment is not shown: comment hidden by the moderators."),
        (ben, c, 999, f"There is no comment #999 in “{c.title}”."),
        (ben, other, comment, "You have not joined this consultation."),
        (
            blocked,
            c,
            comment,
            f"The moderators of “{c.title}” blocked you from commenting there; "
            "you may still vote.",
        ),
        (actor("stranger"), c, comment, "You have not joined this consultation."),
    ]
    for who, consultation, comment_id, text in cases:
        screen = await report(world, consultation, comment_id, who, ReportReason.OTHER)
        assert isinstance(screen, Notice)
        assert (screen.text, screen.tone is Tone.SUCCESS) == (text, False)
    assert await stored(world, comment) == (CommentState.PUBLISHED, 0, [])
    async with world.uow() as uow:
        assert await uow.participants.find(actor("stranger").ref) is None


async def test_at_three_reports_the_comment_is_hidden_and_its_author_told_once(
    world: World,
) -> None:
    c = await world.consultation()
    comment = await posted(world, c, "Rude words.")
    reasons = [ReportReason.OFFENSIVE, ReportReason.OFFENSIVE, ReportReason.SPAM]
    for n, reason in enumerate(reasons[:2]):
        await report(world, c, comment, await joined(world, c, f"r{n}"), reason)
    assert (await stored(world, comment))[0] is CommentState.PUBLISHED
    await report(world, c, comment, await joined(world, c, "r2"), reasons[2])
    state, count, log = await stored(world, comment)
    screen = await world.app.handle(
        actor("r0", AUTHOR.ref.platform),
        ShowComments(consultation_id=c.id, paragraph_id=(await paragraph_ids(world, c))[0]),
    )
    assert (state, count) == (CommentState.HIDDEN, 3)
    assert log == [LogAction.REPORT] * 3 + [LogAction.HIDE]
    assert isinstance(screen, CommentList)
    assert screen.comments == ()
    assert pushes(world, DeliveryKind.MODERATION) == [f"hidden:{comment}"]
    async with world.uow() as uow:
        rows = [s.delivery for s in world.database.tables.outbox.values()]
        built = await build_screens(uow, rows, world.clock.now())
    told = [s for s in built.values() if isinstance(s, Notice) and "hidden" in s.text]
    assert [s.text for s in told] == [
        f"Your comment on P1 in “{c.title}” is hidden while the moderators review it: "
        "people reported it as offensive (2), spam (1)."
    ]


async def test_a_consultation_can_hide_after_fewer_reports(world: World) -> None:
    c = await world.consultation()
    async with world.uow() as uow:
        await uow.moderation.configure(c.id, premoderate=False, hide_after=1)
        await uow.commit()
    comment = await posted(world, c, "Off topic.")
    await report(world, c, comment, await joined(world, c, "ben"), ReportReason.OFF_TOPIC)
    assert (await stored(world, comment))[0] is CommentState.HIDDEN


async def test_the_configured_threshold_holds_where_a_consultation_sets_none(
    world: World,
) -> None:
    configured = replace(world, app=ConsultationApp(world.uow, world.clock, hide_after_reports=2))
    c = await world.consultation()
    comment = await posted(configured, c, "Off topic.")
    await report(configured, c, comment, await joined(configured, c, "ben"), ReportReason.SPAM)
    assert (await stored(world, comment))[0] is CommentState.PUBLISHED
    await report(configured, c, comment, await joined(configured, c, "cy"), ReportReason.SPAM)
    assert (await stored(world, comment))[:2] == (CommentState.HIDDEN, 2)


async def test_a_consultations_own_threshold_wins_over_the_configured_one(world: World) -> None:
    configured = replace(world, app=ConsultationApp(world.uow, world.clock, hide_after_reports=1))
    c = await world.consultation()
    async with world.uow() as uow:
        await uow.moderation.configure(c.id, premoderate=False, hide_after=2)
        await uow.commit()
    comment = await posted(configured, c, "Fine.")
    await report(configured, c, comment, await joined(configured, c, "ben"), ReportReason.SPAM)
    assert (await stored(world, comment))[:2] == (CommentState.PUBLISHED, 1)
