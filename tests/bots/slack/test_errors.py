"""Slack's failures: people who left, channels that are gone, our own errors, stray DM text."""

import logging

import pytest

from tests.bots.slack.conftest import DM, PERSON, SECRET, SlackWorld
from tests.fakes.slack_payloads import event_callback, message_event


async def test_a_person_who_left_the_workspace_is_marked_unreachable(slack: SlackWorld) -> None:
    slack.fake.fail_next("conversations.open", error="account_inactive")

    await slack.command("join plan", channel="C0001")
    await slack.fake.wait_for("conversations.open")
    await slack.fake.wait_for("response_url")

    [person] = slack.tables().participants.values()
    assert person.reachable is False
    assert slack.fake.calls_to("chat.postMessage") == []


async def test_an_unexpected_failure_is_logged_once_without_secrets_and_apologised_for(
    slack: SlackWorld, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail_next("conversations.open", error="fatal_error", status=500, times=2)

    with caplog.at_level(logging.ERROR, logger="bots.slack"):
        await slack.command("join plan", channel="C0001", response_id="oops")
        [apology] = await slack.fake.wait_for("response_url")

    assert "Sorry, something went wrong" in str(apology.params["text"])
    [record] = [r for r in caplog.records if r.name.startswith("bots.slack")]
    assert record.getMessage() == "Slack slash_command failed: SlackApiError"
    assert slack.fake.token not in caplog.text


async def test_text_typed_in_the_dm_is_answered_with_a_hint(slack: SlackWorld) -> None:
    event = message_event(DM, "What now?", user=PERSON, channel_type="im")

    await slack.send(event_callback(SECRET, event))
    [hint] = await slack.fake.wait_for("chat.postMessage")

    assert hint.params["channel"] == DM
    assert "press Comment" in str(hint.params["text"])
    assert slack.tables().comments == {}


async def test_help_typed_in_the_dm_answers_the_help_not_the_comment_hint(
    slack: SlackWorld,
) -> None:
    await slack.send(event_callback(SECRET, message_event(DM, "help", user=PERSON)))
    [answer] = await slack.fake.wait_for("chat.postMessage")

    assert answer.params["text"] == "What you can do"
    assert "/townhall unmute" in str(answer.params["blocks"])


async def test_the_dm_hint_names_the_slash_command_not_a_telegram_one(slack: SlackWorld) -> None:
    await slack.send(event_callback(SECRET, message_event(DM, "What now?", user=PERSON)))
    [hint] = await slack.fake.wait_for("chat.postMessage")

    assert str(hint.params["text"]).endswith("Type /townhall help for more.")
