"""/forget: asked, confirmed by the person's own button, then the person is erased.

Their name, id, comment texts, enrolments, reminders and vote history go; their votes stay as
anonymous counts; nothing is pushed to them again; the same account writing again is new.
"""

from core.intents import (
    CastVote,
    ConfirmForget,
    ExportMyData,
    ForgetMe,
    Join,
    ShowComments,
    SubmitComment,
)
from core.model import CLI_ACTOR, Actor, Choice, CommentState, Consultation, Platform
from core.orders import QueueBroadcast
from core.screens import CommentList, CommentPosted, Notice, PersonalDataFile, Tone
from tests.core.conftest import World, actor
from tests.core.test_replies import pushed

ANA = actor("ana", Platform.TELEGRAM)
BEN = actor("ben", Platform.SLACK)


async def ana_takes_part(world: World) -> tuple[Consultation, int, int]:
    """Ana and Ben join; Ana votes on P1 and comments; Ben replies. The P1 id and Ana's comment."""
    c = await world.consultation()
    for person in (ANA, BEN):
        await world.app.handle(person, Join(payload=c.slug))
    async with world.uow() as uow:
        first = (await uow.paragraphs.list(c.id))[0].id
    await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=first, choice=Choice.AGREE)
    )
    await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=first, choice=Choice.DISAGREE)
    )
    mine = await world.app.handle(
        ANA, SubmitComment(consultation_id=c.id, paragraph_id=first, body="Ana's own words.")
    )
    assert isinstance(mine, CommentPosted)
    reply = SubmitComment(
        consultation_id=c.id,
        paragraph_id=first,
        body="Ben answers.",
        reply_to=mine.comment.comment_id,
    )
    assert isinstance(await world.app.handle(BEN, reply), CommentPosted)
    return c, first, mine.comment.comment_id


async def confirm_button(world: World, who: Actor = ANA) -> ConfirmForget:
    asked = await world.app.handle(who, ForgetMe())
    assert isinstance(asked, Notice)
    [[button]] = asked.buttons
    assert isinstance(button.intent, ConfirmForget)
    return button.intent


async def test_forget_without_confirmation_changes_nothing(world: World) -> None:
    await ana_takes_part(world)
    before = await world.app.handle(ANA, ExportMyData())

    asked = await world.app.handle(ANA, ForgetMe())

    assert isinstance(asked, Notice)
    assert "cannot be undone" in asked.text
    assert [b.label for row in asked.buttons for b in row] == ["Forget me"]
    after = await world.app.handle(ANA, ExportMyData())
    assert isinstance(before, PersonalDataFile)
    assert isinstance(after, PersonalDataFile)
    assert after.content == before.content


async def test_confirming_erases_the_person_and_keeps_their_votes_as_anonymous_counts(
    world: World,
) -> None:
    _c, first, mine = await ana_takes_part(world)
    async with world.uow() as uow:
        ana = await uow.participants.find(ANA.ref)
    assert ana is not None

    done = await world.app.handle(ANA, await confirm_button(world))

    assert isinstance(done, Notice)
    assert done.tone is Tone.SUCCESS
    assert "forgotten you" in done.text
    async with world.uow() as uow:
        assert await uow.participants.find(ANA.ref) is None
        row = await uow.participants.get(ana.id)
        tally = await uow.statistics.tally(first)
        comment = await uow.comments.get(mine)
        records = await uow.personal_data.gather(ana)
    assert row is not None
    assert (row.display_name, row.reachable, row.ref.external_id) == (
        "",
        False,
        f"forgotten-{ana.id}",
    )
    assert tally is not None
    assert (tally.agree, tally.disagree) == (0, 1)  # her vote still counts
    assert comment is not None
    assert (comment.state, comment.body) == (CommentState.REMOVED, "")
    assert (records.enrolments, records.reminders) == ((), ())
    assert [v.history for v in records.votes] == [()]  # the current vote only, anonymous


async def test_replies_to_a_forgotten_persons_comment_stay_under_comment_removed(
    world: World,
) -> None:
    c, first, _ = await ana_takes_part(world)
    await world.app.handle(ANA, await confirm_button(world))

    listed = await world.app.handle(BEN, ShowComments(consultation_id=c.id, paragraph_id=first))

    assert isinstance(listed, CommentList)
    assert [(i.author, i.body) for i in listed.comments] == [
        ("", "comment removed"),
        ("Ben", "Ben answers."),
    ]
    assert "Ana" not in repr(listed)


async def test_nothing_is_pushed_to_a_forgotten_person_again(world: World) -> None:
    c, _, _ = await ana_takes_part(world)
    await world.app.handle(ANA, await confirm_button(world))

    await world.app.handle(CLI_ACTOR, QueueBroadcast(slug=c.slug))

    recipients = {r.address for r, _ in (await pushed(world)).sent}
    assert recipients == {"ben"}


async def test_pushes_queued_before_the_forget_are_dropped(world: World) -> None:
    c, _, _ = await ana_takes_part(world)
    await world.app.handle(CLI_ACTOR, QueueBroadcast(slug=c.slug))

    await world.app.handle(ANA, await confirm_button(world))

    recipients = {r.address for r, _ in (await pushed(world)).sent}
    assert recipients == {"ben"}


async def test_a_second_forget_and_a_replayed_button_say_there_is_nothing_left(
    world: World,
) -> None:
    await ana_takes_part(world)
    button = await confirm_button(world)
    await world.app.handle(ANA, button)

    asked = await world.app.handle(ANA, ForgetMe())
    replayed = await world.app.handle(ANA, button)

    for screen in (asked, replayed):
        assert isinstance(screen, Notice)
        assert screen.buttons == ()
        assert "nothing left to forget" in screen.text
    async with world.uow() as uow:
        assert await uow.participants.find(ANA.ref) is None  # asking created nobody


async def test_a_confirm_button_pressed_by_someone_else_changes_nothing(world: World) -> None:
    await ana_takes_part(world)
    before = await world.app.handle(ANA, ExportMyData())
    button = await confirm_button(world)

    forged = await world.app.handle(BEN, button)

    assert isinstance(forged, Notice)
    assert forged.tone is Tone.WARNING
    assert "not made for you" in forged.text
    after = await world.app.handle(ANA, ExportMyData())
    assert isinstance(before, PersonalDataFile)
    assert isinstance(after, PersonalDataFile)
    assert after.content == before.content
    async with world.uow() as uow:
        assert await uow.participants.find(BEN.ref) is not None


async def test_the_same_account_writing_after_forget_starts_as_a_new_person(
    world: World,
) -> None:
    c, _, _ = await ana_takes_part(world)
    old_button = await confirm_button(world)
    await world.app.handle(ANA, old_button)

    await world.app.handle(ANA, Join(payload=c.slug))
    replayed = await world.app.handle(ANA, old_button)

    assert isinstance(replayed, Notice)
    assert replayed.tone is Tone.WARNING  # the old button was not made for the new person
    async with world.uow() as uow:
        again = await uow.participants.find(ANA.ref)
        assert again is not None
        assert again.id != old_button.participant_id
        assert await uow.votes.count_by(c.id, again.id) == 0


async def test_the_command_line_cannot_be_forgotten(world: World) -> None:
    asked = await world.app.handle(CLI_ACTOR, ForgetMe())

    assert isinstance(asked, Notice)
    assert asked.tone is Tone.WARNING
