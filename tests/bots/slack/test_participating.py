"""A participant in Slack: joining by slash command, voting card by card, the App Home, refusals.

townhall's real Bolt app and slack-sdk client run against the fake Web API; every request is
signed when it is sent. Listeners run after ack(), so the tests wait for the fake's calls.
"""

import time

from core.model import Choice
from tests.bots.slack.conftest import (
    DM,
    HOSTILE,
    PERSON,
    SECRET,
    SlackWorld,
    buttons,
    find_button,
    texts,
)
from tests.fakes.slack_payloads import (
    app_home_opened_event,
    block_actions,
    event_callback,
    signed_headers,
    slash_command,
)


async def joined(slack: SlackWorld) -> dict[str, object]:
    """Join "plan" by slash command; returns the first paragraph card posted in the DM."""
    await slack.command("join plan")
    await slack.fake.wait_for("chat.postMessage", count=2)
    return slack.dm()[-1]


async def test_joining_by_slash_command_opens_a_dm_with_the_welcome_and_the_first_card(
    slack: SlackWorld,
) -> None:
    response = await slack.command("join plan", channel="C0001")
    welcome, card = await slack.fake.wait_for("chat.postMessage", count=2)

    assert response.status == 200
    [opened, *_] = slack.fake.calls_to("conversations.open")
    assert opened.params["users"] == PERSON
    assert (welcome.params["channel"], card.params["channel"]) == (DM, DM)
    assert "Plan" in str(welcome.params["text"])
    assert buttons(welcome.params["blocks"]) == []  # no Start: the first paragraph follows
    assert texts(card.params["blocks"])[:3] == [
        "1. Purpose",
        "*P1* · 1 of 3",
        "The plan sets out what the city will do.",
    ]
    labels = [text for text, *_ in buttons(card.params["blocks"])]
    assert labels == [
        "Agree",
        "Disagree",
        "Comment",
        "Comments (0)",
        "Suggest wording",
        "Suggested wordings",
        "Next (P2) ▶",
    ]
    [told] = await slack.fake.wait_for("response_url")
    assert "direct message" in str(told.params["text"])  # said where, in the channel


async def test_voting_through_every_paragraph_redraws_each_card_and_posts_the_next(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    for count, choice in enumerate(["Agree", "Disagree", "Agree"], start=1):
        await slack.press(card, choice)
        [*_, updated] = await slack.fake.wait_for("chat.update", count=count)
        await slack.fake.wait_for("chat.postMessage", count=2 + count)
        assert updated.params["ts"] == card["ts"]
        assert f"✓ {choice}" in [text for text, *_ in buttons(updated.params["blocks"])]
        card = slack.dm()[-1]

    votes = sorted(vote.choice for vote in slack.tables().votes.values())
    assert votes == [Choice.AGREE, Choice.AGREE, Choice.DISAGREE]
    assert "You have voted on all 3 paragraphs" in str(card["text"])
    assert not [call for call in slack.fake.calls if call.missing_text_fallback]


async def test_changing_a_vote_keeps_one_vote_with_the_new_choice(slack: SlackWorld) -> None:
    card = await joined(slack)
    await slack.press(card, "Agree")
    await slack.fake.wait_for("chat.update")
    redrawn = slack.dm()[1]  # the first card (after the welcome), as chat.update left it

    await slack.press(redrawn, "Disagree")
    [_, second] = await slack.fake.wait_for("chat.update", count=2)

    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.DISAGREE
    assert "✓ Disagree" in [text for text, *_ in buttons(second.params["blocks"])]
    assert "You disagree" in " ".join(texts(second.params["blocks"]))


async def test_an_old_card_pressed_after_the_close_is_updated_to_its_final_result(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    await slack.press(card, "Disagree")
    await slack.fake.wait_for("chat.update")
    await slack.command("close plan", user="U0ORG", channel="C0001", response_id="close")
    await slack.fake.wait_for("response_url")

    await slack.press(card, "Agree")
    [_, closed] = await slack.fake.wait_for("chat.update", count=2)

    assert (closed.params["channel"], closed.params["ts"]) == (DM, card["ts"])
    assert buttons(closed.params["blocks"]) == []
    assert "_Closed on 15 Jan 2027 — final result: 0% agree_" in " ".join(
        texts(closed.params["blocks"])
    )
    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.DISAGREE


async def test_a_forged_button_value_is_refused_and_stores_nothing(slack: SlackWorld) -> None:
    card = await joined(slack)
    action_id, _ = find_button(card["blocks"], "Agree")

    for forged in ["1:v:1:1:x", "1:v:999:1:a", "not a payload", "1:c:1:1:"]:
        await slack.send(
            block_actions(SECRET, action_id=action_id, value=forged, channel_id=DM, message=card)
        )
    refusals = await slack.fake.wait_for("chat.postMessage", count=6)

    assert slack.tables().votes == {}
    assert all("not" in str(call.params["text"]) for call in refusals[2:])


async def test_hostile_document_text_reaches_slack_literal_and_escaped(slack: SlackWorld) -> None:
    card = await joined(slack)
    await slack.press(card, "Agree")
    [*_, posted] = await slack.fake.wait_for("chat.postMessage", count=3)

    blocks = posted.params["blocks"]
    assert isinstance(blocks, list)
    literal = [block for block in blocks if block.get("text", {}).get("text") == HOSTILE]
    assert literal == [
        {"type": "section", "text": {"type": "plain_text", "text": HOSTILE, "emoji": True}}
    ]
    mrkdwn = [
        element["text"]
        for block in blocks
        for element in [block.get("text"), *block.get("elements", [])]
        if isinstance(element, dict) and element.get("type") == "mrkdwn"
    ]
    assert not any("<" in text or ">" in text for text in mrkdwn)
    text = str(posted.params["text"])
    assert "&lt;!channel&gt;" in text
    assert "&lt;@U123&gt;" in text
    assert "&amp;" in text
    assert "<" not in text


async def test_the_app_home_lists_the_persons_consultations_with_continue(
    slack: SlackWorld,
) -> None:
    await joined(slack)
    await slack.send(event_callback(SECRET, app_home_opened_event(PERSON)))
    await slack.fake.wait_for("views.publish")

    home = slack.fake.home(PERSON)
    assert home is not None
    assert home["type"] == "home"
    assert any("*Plan*" in text and "0 of 3" in text for text in texts(home["blocks"]))
    assert [text for text, *_ in buttons(home["blocks"])][:2] == ["Continue", "Mute reminders"]

    await slack.press_in_view(home, "Continue")
    [*_, card] = await slack.fake.wait_for("chat.postMessage", count=3)
    assert card.params["channel"] == DM
    assert "P1" in str(card.params["text"])


async def test_stale_and_wrongly_signed_requests_are_refused_and_change_nothing(
    slack: SlackWorld,
) -> None:
    stale = slash_command(SECRET, text="join plan", timestamp=int(time.time()) - 6 * 60)
    body, _ = slash_command(SECRET, text="join plan")
    forged = (body, signed_headers(body, "not-the-secret"))

    answers = [await slack.send(stale), await slack.send(forged)]

    assert [answer.status for answer in answers] == [401, 401]
    assert slack.tables().participants == {}
    assert slack.fake.calls == []


async def test_the_bare_command_lists_open_consultations_with_participate_buttons(
    slack: SlackWorld,
) -> None:
    await slack.command("", channel="C0001", response_id="list")
    [listed] = await slack.fake.wait_for("response_url")

    assert listed.params["response_type"] == "ephemeral"
    [(text, _, _)] = buttons(listed.params["blocks"])
    assert text == "Participate: Plan"


async def test_progress_mute_and_help_answer_ephemerally(slack: SlackWorld) -> None:
    await joined(slack)
    for text in ["progress", "mute", "help", "frobnicate"]:
        await slack.command(text, response_id=text)
    await slack.fake.wait_for("response_url", count=4)

    [progress] = slack.fake.responses("progress")
    assert "0 of 3" in str(progress["blocks"])
    assert "off" in str(slack.fake.responses("mute")[0]["text"]).lower()
    assert "/townhall join SLUG" in str(slack.fake.responses("help")[0]["blocks"])
    assert str(slack.fake.responses("frobnicate")[0]["text"]) == (
        "⚠️ I don't know /townhall frobnicate — /townhall help lists what you can do"
    )


async def test_cancel_is_a_command_in_slack_and_says_when_nothing_is_under_way(
    slack: SlackWorld,
) -> None:
    await slack.command("cancel", response_id="cancel")
    await slack.fake.wait_for("response_url")

    assert slack.fake.responses("cancel")[0]["text"] == "There is nothing to cancel."
