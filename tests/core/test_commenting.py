"""Comments by prompt or directly, threaded replies, comment votes and redeliveries."""

from datetime import timedelta

import pytest

from core.intents import (
    CancelComment,
    FreeText,
    Resume,
    ShowComments,
    StartComment,
    SubmitComment,
    VoteOnComment,
)
from core.model import Actor, CommentVote, Consultation
from core.screens import (
    CommentList,
    CommentPosted,
    CommentPrompt,
    CommentVoted,
    Notice,
    ParagraphCard,
    Tone,
)
from tests.core.conftest import ANA, BEN, CLOSES, World, actor


async def first_paragraph(world: World, c: Consultation) -> int:
    screen = await world.app.handle(ANA, Resume(consultation_id=c.id))
    assert isinstance(screen, ParagraphCard)
    return screen.paragraph_id


async def comment_count(world: World, paragraph_id: int) -> int:
    async with world.uow() as uow:
        return await uow.comments.count_for_paragraph(paragraph_id)


async def post(world: World, c: Consultation, pid: int, body: str, who: str = "ana") -> int:
    posted = await world.app.handle(
        actor(who), SubmitComment(consultation_id=c.id, paragraph_id=pid, body=body)
    )
    assert isinstance(posted, CommentPosted), posted
    return posted.comment.comment_id


async def test_the_next_message_after_comment_is_stored_as_the_comment(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    prompt = await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(prompt, CommentPrompt)
    assert prompt.text == "Send your comment on P1 as your next message."
    posted = await world.app.handle(ANA, FreeText(body="  Too vague & <b>bold</b>  "))
    assert isinstance(posted, CommentPosted)
    assert posted.comment.body == "Too vague & <b>bold</b>"
    assert posted.comment.author == "Ana"
    assert posted.toast == "Thank you: your comment on P1 is saved."
    # The prompt is used up: the next message is no longer a comment.
    hint = await world.app.handle(ANA, FreeText(body="hello?"))
    assert isinstance(hint, Notice)
    assert "press Comment" in hint.text
    assert await comment_count(world, pid) == 1


async def test_the_awaiting_state_lives_in_storage_not_in_the_app(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    restarted = type(world.app)(world.uow, world.clock)  # a new process on the same database
    assert isinstance(await restarted.handle(ANA, FreeText(body="After a restart")), CommentPosted)


async def test_a_free_message_without_a_prompt_stores_nothing(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    hint = await world.app.handle(ANA, FreeText(body="just chatting"))
    assert isinstance(hint, Notice)
    assert await comment_count(world, pid) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "cannot be empty"),
        ("\u200b\u2060\ufeff \u200c", "cannot be empty"),
        ("x" * 4001, "at most 4000 characters"),
        ("bell\x07", "control characters"),
    ],
)
async def test_a_bad_comment_is_refused_and_the_prompt_stays_open(
    world: World, body: str, message: str
) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    refused = await world.app.handle(ANA, FreeText(body=body))
    assert isinstance(refused, Notice)
    assert message in refused.text
    assert await comment_count(world, pid) == 0
    assert isinstance(await world.app.handle(ANA, FreeText(body="Better")), CommentPosted)


async def test_the_same_platform_message_delivered_twice_is_one_comment(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    intent = SubmitComment(
        consultation_id=c.id, paragraph_id=pid, body="Once", idempotency_key="tg:42:1001"
    )
    first = await world.app.handle(ANA, intent)
    again = await world.app.handle(ANA, intent)
    assert isinstance(first, CommentPosted)
    assert isinstance(again, CommentPosted)
    assert again.comment.comment_id == first.comment.comment_id
    assert again.toast == "Your comment on P1 was already saved."
    assert await comment_count(world, pid) == 1


async def test_a_redelivered_prompted_comment_is_acknowledged_not_stored_again(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    first = await world.app.handle(ANA, FreeText(body="Once", idempotency_key="tg:42:7"))
    again = await world.app.handle(ANA, FreeText(body="Once", idempotency_key="tg:42:7"))
    assert isinstance(first, CommentPosted)
    assert isinstance(again, CommentPosted)
    assert again.toast == "Your comment on P1 was already saved."
    assert await comment_count(world, pid) == 1


async def test_two_people_may_use_the_same_message_id(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    for who in (ANA, BEN):
        intent = SubmitComment(
            consultation_id=c.id, paragraph_id=pid, body="Hi", idempotency_key="7"
        )
        assert isinstance(await world.app.handle(who, intent), CommentPosted)
    assert await comment_count(world, pid) == 2


async def test_cancelling_a_prompt_turns_the_next_message_back_into_chat(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(await world.app.handle(ANA, CancelComment()), Notice)
    assert isinstance(await world.app.handle(ANA, FreeText(body="hello")), Notice)
    assert await comment_count(world, pid) == 0


async def test_a_comment_after_the_closing_time_is_refused(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await world.app.handle(ANA, StartComment(consultation_id=c.id, paragraph_id=pid))
    world.clock.advance(CLOSES - world.clock.now() + timedelta(seconds=1))
    refused = await world.app.handle(ANA, FreeText(body="Too late"))
    assert isinstance(refused, Notice)
    assert "no longer accepted" in refused.text
    assert await comment_count(world, pid) == 0


async def test_a_reply_is_threaded_under_its_comment(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    parent = await post(world, c, pid, "First thought")
    prompt = await world.app.handle(
        BEN, StartComment(consultation_id=c.id, paragraph_id=pid, reply_to=parent)
    )
    assert isinstance(prompt, CommentPrompt)
    assert prompt.replying_to is not None
    assert prompt.replying_to.body == "First thought"
    reply = await world.app.handle(BEN, FreeText(body="I agree"))
    assert isinstance(reply, CommentPosted)
    assert reply.comment.parent_id == parent
    listed = await world.app.handle(ANA, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(listed, CommentList)
    assert [(i.body, i.depth) for i in listed.comments] == [("First thought", 0), ("I agree", 1)]


async def test_names_comments_and_replies_lose_their_direction_overrides(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    reversing = Actor(ref=BEN.ref, display_name="\u202eneB\u202c")
    invisible = Actor(ref=actor("cy").ref, display_name="\u200b\u2066\u2069")
    first = await post(world, c, pid, "Looks \u202egood\u202c.")
    await world.app.handle(
        reversing, StartComment(consultation_id=c.id, paragraph_id=pid, reply_to=first)
    )
    reply = await world.app.handle(reversing, FreeText(body="\u2067Agreed\u2069"))
    posted = await world.app.handle(
        invisible, SubmitComment(consultation_id=c.id, paragraph_id=pid, body="Fine.")
    )

    assert isinstance(reply, CommentPosted)
    assert (reply.comment.author, reply.comment.body) == ("neB", "Agreed")
    assert isinstance(posted, CommentPosted)
    assert posted.comment.author == "Anonymous"
    listed = await world.app.handle(ANA, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(listed, CommentList)
    assert "Looks good." in [item.body for item in listed.comments]


async def test_a_reply_must_stay_on_the_paragraph_of_its_comment(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    async with world.uow() as uow:
        other = await uow.paragraphs.at_position(c.id, 2)
    assert other is not None
    parent = await post(world, c, pid, "On P1")
    refused = await world.app.handle(
        BEN,
        SubmitComment(consultation_id=c.id, paragraph_id=other.id, body="Hm", reply_to=parent),
    )
    assert isinstance(refused, Notice)
    assert "same paragraph" in refused.text
    assert await comment_count(world, other.id) == 0


async def test_comments_are_listed_best_first_and_paged(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    ids = [await post(world, c, pid, f"Comment {n}") for n in range(7)]
    await world.app.handle(
        BEN, VoteOnComment(consultation_id=c.id, comment_id=ids[6], vote=CommentVote.UP)
    )
    await world.app.handle(
        BEN, VoteOnComment(consultation_id=c.id, comment_id=ids[0], vote=CommentVote.DOWN)
    )
    page1 = await world.app.handle(ANA, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(page1, CommentList)
    assert [i.body for i in page1.comments] == [f"Comment {n}" for n in (6, 1, 2, 3, 4)]
    assert (page1.page, page1.page_count, page1.total) == (1, 2, 7)
    page2 = await world.app.handle(
        ANA, ShowComments(consultation_id=c.id, paragraph_id=pid, page=2)
    )
    assert isinstance(page2, CommentList)
    assert [i.body for i in page2.comments] == ["Comment 5", "Comment 0"]


async def test_a_comment_vote_sets_its_target_so_a_redelivery_changes_nothing(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    cid = await post(world, c, pid, "Vote on me")

    async def vote(target: CommentVote) -> tuple[int, int]:
        screen = await world.app.handle(
            BEN, VoteOnComment(consultation_id=c.id, comment_id=cid, vote=target)
        )
        assert isinstance(screen, CommentVoted)
        return screen.comment.up, screen.comment.down

    assert [await vote(CommentVote.UP) for _ in range(2)] == [(1, 0), (1, 0)]
    assert [await vote(CommentVote.DOWN) for _ in range(2)] == [(0, 1), (0, 1)]
    assert [await vote(CommentVote.NONE) for _ in range(2)] == [(0, 0), (0, 0)]


async def test_the_button_of_the_vote_one_gave_withdraws_it(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    cid = await post(world, c, pid, "Vote on me")
    voted = await world.app.handle(
        BEN, VoteOnComment(consultation_id=c.id, comment_id=cid, vote=CommentVote.UP)
    )
    assert isinstance(voted, CommentVoted)
    listed = await world.app.handle(BEN, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(listed, CommentList)
    for item in (voted.comment, listed.comments[0]):
        up, down, _, _ = item.buttons
        assert (up.label, down.label) == ("Undo 👍 1", "👎 0")
        assert isinstance(up.intent, VoteOnComment)
        assert isinstance(down.intent, VoteOnComment)
        assert (up.intent.vote, down.intent.vote) == (CommentVote.NONE, CommentVote.DOWN)
    unvoted = await world.app.handle(ANA, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(unvoted, CommentList)
    assert [b.label for b in unvoted.comments[0].buttons] == ["👍 1", "👎 0", "Reply", "Delete"]


async def test_nobody_votes_on_their_own_comment(world: World) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    cid = await post(world, c, pid, "Mine")
    refused = await world.app.handle(
        ANA, VoteOnComment(consultation_id=c.id, comment_id=cid, vote=CommentVote.UP)
    )
    assert isinstance(refused, Notice)
    assert "your own comment" in refused.text


async def test_a_forged_comment_vote_is_refused(world: World) -> None:
    c = await world.consultation()
    other = await world.consultation("other")
    pid = await first_paragraph(world, c)
    cid = await post(world, c, pid, "Here")
    for intent in (
        VoteOnComment(consultation_id=c.id, comment_id=999, vote=CommentVote.UP),
        VoteOnComment(consultation_id=other.id, comment_id=cid, vote=CommentVote.UP),
    ):
        refused = await world.app.handle(BEN, intent)
        assert isinstance(refused, Notice)
        assert refused.tone is Tone.WARNING
    async with world.uow() as uow:
        comment = await uow.comments.get(cid)
    assert comment is not None
    assert (comment.up, comment.down) == (0, 0)


async def test_comments_stay_readable_after_close_without_vote_or_reply_buttons(
    world: World,
) -> None:
    c = await world.consultation()
    pid = await first_paragraph(world, c)
    await post(world, c, pid, "Readable later")
    world.clock.advance(CLOSES - world.clock.now())
    listed = await world.app.handle(ANA, ShowComments(consultation_id=c.id, paragraph_id=pid))
    assert isinstance(listed, CommentList)
    assert listed.comments[0].body == "Readable later"
    assert listed.comments[0].buttons == ()
    refused = await world.app.handle(
        BEN,
        VoteOnComment(
            consultation_id=c.id, comment_id=listed.comments[0].comment_id, vote=CommentVote.UP
        ),
    )
    assert isinstance(refused, Notice)
    assert "no longer accepted" in refused.text
