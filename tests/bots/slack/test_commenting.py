"""Comments in Slack: the Comment modal, its inline errors, the comment list, replies and votes."""

import json
from collections.abc import Mapping

from slack_bolt.response import BoltResponse

from tests.bots.slack.conftest import (
    DM,
    HOSTILE,
    PERSON,
    SECRET,
    SlackWorld,
    buttons,
    texts,
)
from tests.bots.slack.test_participating import joined
from tests.fakes.slack_payloads import view_submission

View = Mapping[str, object]


async def comment_modal(slack: SlackWorld, card: Mapping[str, object], label: str) -> View:
    """Press a Comment (or Reply) button; returns the modal the app opened."""
    opened_before = len(slack.fake.calls_to("views.open"))
    await slack.press(card, label)
    [*_, opened] = await slack.fake.wait_for("views.open", count=opened_before + 1)
    view = opened.response["view"]
    assert isinstance(view, dict)
    return view


async def submit(slack: SlackWorld, view: View, text: str, user: str = PERSON) -> BoltResponse:
    return await slack.send(
        view_submission(
            SECRET,
            callback_id="comment",
            values={"comment": {"body": text}},
            view_id=str(view["id"]),
            private_metadata=str(view["private_metadata"]),
            user_id=user,
            user_name=user.lower(),
        )
    )


async def test_comment_opens_a_modal_at_once_and_its_submission_is_stored_and_confirmed(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    calls_before = len(slack.fake.calls)

    view = await comment_modal(slack, card, "Comment")
    answer = await submit(slack, view, "Add a yearly review.")
    [*_, confirmation] = await slack.fake.wait_for("chat.postMessage", count=3)

    assert slack.fake.calls[calls_before].method == "views.open"  # before anything else
    assert view["callback_id"] == "comment"
    assert (answer.status, answer.body) == (200, "")  # the modal closes
    [comment] = slack.tables().comments.values()
    assert comment.body == "Add a yearly review."
    assert comment.idempotency_key == f"slack:T0001:view:{view['id']}"
    assert confirmation.params["channel"] == DM
    assert "your comment on P1 is saved" in str(confirmation.params["text"])


async def test_an_empty_or_oversized_comment_is_an_inline_error_and_stores_nothing(
    slack: SlackWorld,
) -> None:
    view = await comment_modal(slack, await joined(slack), "Comment")

    empty = await submit(slack, view, "   ")
    invisible = await submit(slack, view, "\u200b\u2060\ufeff")
    oversized = await submit(slack, view, "x" * 4001)

    for answer, expected in [
        (empty, "cannot be empty"),
        (invisible, "cannot be empty"),
        (oversized, "at most 4000"),
    ]:
        body = json.loads(answer.body)
        assert body["response_action"] == "errors"
        assert expected in body["errors"]["comment"]
    assert slack.tables().comments == {}


async def test_the_same_modal_submitted_twice_stores_one_comment(slack: SlackWorld) -> None:
    view = await comment_modal(slack, await joined(slack), "Comment")

    await submit(slack, view, "Once.")
    await submit(slack, view, "Once.")
    await slack.fake.wait_for("chat.postMessage", count=4)

    assert len(slack.tables().comments) == 1


async def test_hostile_comment_text_is_shown_literally_in_the_comment_list(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    await submit(slack, await comment_modal(slack, card, "Comment"), HOSTILE)
    await slack.fake.wait_for("chat.postMessage", count=3)

    await slack.press(card, "Comments")
    opened = (await slack.fake.wait_for("views.open", count=2))[-1]
    [updated] = await slack.fake.wait_for("views.update")

    assert texts(opened.params["view"]["blocks"]) == ["Loading…"]  # type: ignore[index]
    view = slack.fake.views.views[str(updated.params["view_id"])]
    literal = [
        block
        for block in view["blocks"]  # type: ignore[attr-defined]
        if block.get("text") == {"type": "plain_text", "text": HOSTILE, "emoji": True}
    ]
    assert len(literal) == 1
    assert "*Comments on P1* (1)" in " ".join(texts(view["blocks"]))


async def test_a_reply_and_a_vote_on_a_comment_update_the_comment_list(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    await submit(slack, await comment_modal(slack, card, "Comment"), "Add a yearly review.")
    await slack.fake.wait_for("chat.postMessage", count=3)
    other = "U0002"
    await slack.command("join plan", user=other)
    await slack.fake.wait_for("chat.postMessage", count=5)

    await slack.press(card, "Comments", user=other)
    [listed] = await slack.fake.wait_for("views.update")
    view = slack.fake.views.views[str(listed.params["view_id"])]
    await slack.press_in_view(view, "👍", user=other)
    [_, voted] = await slack.fake.wait_for("views.update", count=2)

    assert "You voted this comment up." in texts(voted.params["view"]["blocks"])[0]  # type: ignore[index]
    assert "Undo 👍 1" in [text for text, *_ in buttons(voted.params["view"]["blocks"])]  # type: ignore[index]

    view = slack.fake.views.views[str(listed.params["view_id"])]
    await slack.press_in_view(view, "Reply", user=other)
    [pushed] = await slack.fake.wait_for("views.push")
    reply_view = pushed.response["view"]
    assert isinstance(reply_view, dict)
    await submit(slack, reply_view, "Yearly is too often.", user=other)
    await slack.fake.wait_for("views.update", count=3)

    replies = [c for c in slack.tables().comments.values() if c.parent_id is not None]
    assert [reply.body for reply in replies] == ["Yearly is too often."]
    refreshed = slack.fake.views.views[str(listed.params["view_id"])]
    assert any("↳ u0002" in text for text in texts(refreshed["blocks"]))
    [*_, confirmation] = slack.fake.calls_to("chat.postMessage")
    assert "your reply on P1 is saved" in str(confirmation.params["text"])


async def test_voting_on_ones_own_comment_is_refused_in_the_list(slack: SlackWorld) -> None:
    card = await joined(slack)
    await submit(slack, await comment_modal(slack, card, "Comment"), "Mine.")
    await slack.fake.wait_for("chat.postMessage", count=3)
    await slack.press(card, "Comments")
    [listed] = await slack.fake.wait_for("views.update")

    view = slack.fake.views.views[str(listed.params["view_id"])]
    await slack.press_in_view(view, "👍")
    [_, refused] = await slack.fake.wait_for("views.update", count=2)

    assert "cannot vote on your own comment" in texts(refused.params["view"]["blocks"])[0]  # type: ignore[index]
    assert slack.tables().comment_votes == {}
