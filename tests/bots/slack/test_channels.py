"""Channels in Slack: linking, posting a paragraph, votes on the shared card, thread replies."""

import asyncio
import logging
from collections.abc import Mapping

import pytest
from slack_bolt.response import BoltResponse

from core.model import Choice, NewComment
from tests.bots.slack.conftest import CHANNEL, DM, ORGANISER, PERSON, SECRET, SlackWorld, buttons
from tests.fakes.memory_comments import MemoryCommentRepository
from tests.fakes.slack_payloads import (
    SignedRequest,
    event_callback,
    message_event,
    slash_command,
)


async def posted_in_channel(slack: SlackWorld) -> Mapping[str, object]:
    """The organiser links the channel and posts the next paragraph; returns the post."""
    await slack.command("link plan", user=ORGANISER, channel=CHANNEL, response_id="link")
    await slack.fake.wait_for("response_url")
    await slack.command("post", user=ORGANISER, channel=CHANNEL, response_id="post")
    await slack.fake.wait_for("chat.postMessage")
    [post] = slack.fake.messages(CHANNEL)
    return post


def thread_reply(
    parent_ts: str, text: str, *, event_id: str, retry: str | None = None
) -> SignedRequest:
    """A person's reply in the thread of the message `parent_ts`; `retry` a reason to retry."""
    event = message_event(CHANNEL, text, user=PERSON, ts="1700000100.000001", thread_ts=parent_ts)
    retry_num = None if retry is None else 1
    return event_callback(
        SECRET, event, event_id=event_id, retry_num=retry_num, retry_reason=retry or ""
    )


async def reply_in_thread(
    slack: SlackWorld, parent_ts: str, text: str, *, event_id: str, retry: str | None = None
) -> BoltResponse:
    answer = await slack.send(thread_reply(parent_ts, text, event_id=event_id, retry=retry))
    assert answer.status == 200
    return answer


async def test_a_paragraph_posted_to_a_linked_channel_has_votes_and_participate(
    slack: SlackWorld,
) -> None:
    post = await posted_in_channel(slack)

    assert "now follows" in str(slack.fake.responses("link")[0]["text"])
    labels = [text for text, *_ in buttons(post["blocks"])]
    assert labels == ["Agree", "Disagree", "Participate"]
    assert "Reply in this thread to comment" in str(post["blocks"])
    [linked] = slack.tables().channels.values()
    assert (linked.ref.tenant, linked.ref.chat_id) == ("T0001", CHANNEL)
    async with asyncio.timeout(5):  # kept after the post, by the listener that made it
        while not slack.tables().posts:  # noqa: ASYNC110 - no event announces it
            await asyncio.sleep(0.02)
    [kept] = slack.tables().posts.values()  # so votes refresh its tally
    assert kept.message_ref == post["ts"]


async def test_a_vote_on_the_shared_card_is_confirmed_privately_and_the_card_stays(
    slack: SlackWorld,
) -> None:
    post = await posted_in_channel(slack)

    await slack.press(post, "Disagree", channel=CHANNEL)
    [whisper] = await slack.fake.wait_for("chat.postEphemeral")

    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.DISAGREE
    assert (whisper.params["channel"], whisper.params["user"]) == (CHANNEL, PERSON)
    assert "disagree with P1" in str(whisper.params["text"])
    assert str(whisper.params["text"]).startswith("✅ ")  # a confirmation, not a warning
    assert slack.fake.calls_to("chat.update") == []


async def test_participate_on_the_shared_card_starts_the_consultation_in_a_dm(
    slack: SlackWorld,
) -> None:
    post = await posted_in_channel(slack)

    await slack.press(post, "Participate", channel=CHANNEL)
    [_, welcome, card] = await slack.fake.wait_for("chat.postMessage", count=3)

    assert (welcome.params["channel"], card.params["channel"]) == (DM, DM)
    assert "P1" in str(card.params["text"])


async def test_a_thread_reply_under_the_card_is_a_comment_on_its_paragraph(
    slack: SlackWorld,
) -> None:
    post = await posted_in_channel(slack)

    await reply_in_thread(slack, str(post["ts"]), "Too vague.", event_id="Ev1")
    [confirmation] = await slack.fake.wait_for("chat.postEphemeral")

    [history] = slack.fake.calls_to("conversations.history")
    assert history.params["latest"] == post["ts"]
    [comment] = slack.tables().comments.values()
    assert comment.body == "Too vague."
    assert comment.idempotency_key == f"slack:T0001:{CHANNEL}:1700000100.000001"
    assert confirmation.params["thread_ts"] == post["ts"]
    assert "saved" in str(confirmation.params["text"])
    [author] = slack.tables().participants.values()
    assert author.display_name == "person.u0001"  # the username, from users.info


async def test_a_retried_thread_reply_is_processed_once_and_confirmed_once(
    slack: SlackWorld,
) -> None:
    post = await posted_in_channel(slack)

    await reply_in_thread(slack, str(post["ts"]), "Too vague.", event_id="Ev1")
    await slack.fake.wait_for("chat.postEphemeral")
    retries = [
        await reply_in_thread(slack, str(post["ts"]), "Too vague.", event_id="Ev1", retry=why)
        for why in ("http_timeout", "http_error")
    ]
    await slack.settled()

    assert [answer.status for answer in retries] == [200, 200]
    assert len(slack.tables().comments) == 1
    assert len(slack.fake.calls_to("chat.postEphemeral")) == 1
    assert len(slack.fake.calls_to("conversations.history")) == 1
    assert slack.inbox.keys("slack").count("Ev1") == 1


async def test_a_thread_reply_processed_again_is_counted_once_and_says_so(
    slack: SlackWorld,
) -> None:
    post = await posted_in_channel(slack)
    reply = thread_reply(str(post["ts"]), "Too vague.", event_id="Ev1")

    await slack.send(reply)
    await slack.fake.wait_for("chat.postEphemeral")
    await slack.process_again(reply)  # as after a crash before it was marked handled
    [_, again] = await slack.fake.wait_for("chat.postEphemeral", count=2)

    assert len(slack.tables().comments) == 1
    assert "already saved" in str(again.params["text"])


async def test_thread_replies_under_other_messages_are_not_comments(slack: SlackWorld) -> None:
    await posted_in_channel(slack)

    await reply_in_thread(slack, "1600000000.000001", "Chatter.", event_id="Ev2")
    await slack.fake.wait_for("conversations.history")

    assert slack.tables().comments == {}
    assert slack.fake.calls_to("chat.postEphemeral") == []


async def test_posting_where_the_app_is_not_a_member_says_to_invite_it(
    slack: SlackWorld,
) -> None:
    slack.fake.add_channel("C0OUT", "elsewhere", is_member=False)
    await slack.command("link plan", user=ORGANISER, channel="C0OUT", response_id="link")
    await slack.command("post", user=ORGANISER, channel="C0OUT", response_id="post")
    await slack.fake.wait_for("response_url", count=2)

    assert "invite me" in str(slack.fake.responses("post")[0]["text"])


async def test_a_refused_thread_reply_tells_the_person_why(slack: SlackWorld) -> None:
    post = await posted_in_channel(slack)
    await slack.command("close plan", user=ORGANISER, channel=CHANNEL, response_id="close")
    await slack.fake.wait_for("response_url", count=2)

    await reply_in_thread(slack, str(post["ts"]), "Too late?", event_id="Ev3")
    [told] = await slack.fake.wait_for("chat.postEphemeral")

    assert str(told.params["text"]).startswith("⚠️ Your comment could not be saved: ")
    assert (told.params["user"], told.params["thread_ts"]) == (PERSON, post["ts"])
    assert slack.tables().comments == {}


async def test_a_thread_reply_that_fails_tells_the_person_and_is_logged_once(
    slack: SlackWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    post = await posted_in_channel(slack)

    async def broken(self: MemoryCommentRepository, new: NewComment) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(MemoryCommentRepository, "add", broken)
    with caplog.at_level(logging.ERROR, logger="bots.slack"):
        await reply_in_thread(slack, str(post["ts"]), "Too vague.", event_id="Ev4")
        [told] = await slack.fake.wait_for("chat.postEphemeral")
        for _ in range(200):  # the error handler runs after the listener has raised
            if caplog.records:
                break
            await asyncio.sleep(0.01)

    assert str(told.params["text"]) == (
        "❌ Your comment could not be saved: something went wrong on our side. "
        "Please try again in a moment."
    )
    assert told.params["thread_ts"] == post["ts"]
    assert [r.getMessage() for r in caplog.records] == ["Slack event_callback failed: OSError"]
    assert slack.tables().comments == {}


async def test_a_replayed_post_command_posts_the_same_paragraph_again(slack: SlackWorld) -> None:
    await slack.command("link plan", user=ORGANISER, channel=CHANNEL, response_id="link")
    await slack.fake.wait_for("response_url")
    request = slash_command(
        SECRET,
        text="post",
        user_id=ORGANISER,
        user_name="organiser",
        channel_id=CHANNEL,
        response_url=slack.fake.response_url("post"),
    )

    await slack.send(request)
    await slack.settled()
    await slack.process_again(request)  # as after a crash before it was marked handled
    await slack.fake.wait_for("chat.postMessage", count=2)

    first, again = slack.fake.messages(CHANNEL)
    assert "*P1* · 1 of 3" in str(first["blocks"])
    assert "*P1* · 1 of 3" in str(again["blocks"])
