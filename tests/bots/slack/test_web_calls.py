"""A press's messages on the wire (bots/slack/web_calls.py): the request, the retries, refusals.

The messages a press sends skip slack-sdk's generic per-call path; what Slack receives, what is
retried and what a refusal does must stay what slack-sdk's client would have done.
"""

import json
import logging

import pytest

from tests.bots.slack.conftest import DM, SlackWorld
from tests.bots.slack.test_participating import joined


async def test_a_press_sends_its_messages_as_compact_utf8_json_with_the_apps_token_and_team(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    await slack.press(card, "Agree")
    [updated] = await slack.fake.wait_for("chat.update")
    *_, posted = await slack.fake.wait_for("chat.postMessage", count=3)

    for call in (updated, posted):
        assert call.authorization == f"Bearer {slack.fake.token}"
        assert json.loads(call.body) == call.params
        assert call.params["team_id"] == "T0001"  # Bolt's team, as slack-sdk adds it
        assert b'", "' not in call.body  # no padding
        assert b'": ' not in call.body
        assert "·".encode() in call.body  # UTF-8, not escapes
        assert b"\\u" not in call.body
    assert (updated.params["channel"], updated.params["ts"]) == (DM, card["ts"])
    assert "2 of 3" in str(posted.params["text"])


async def test_a_server_error_on_the_next_card_is_retried_and_the_card_posted(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    slack.fake.fail_next("chat.postMessage", error="fatal_error", status=500)
    await slack.press(card, "Agree")
    await slack.fake.wait_for("chat.postMessage", count=4)  # welcome, card, 500, retried
    await slack.settled()

    assert [call.status for call in slack.fake.calls_to("chat.postMessage")][2:] == [500, 200]
    assert "2 of 3" in str(slack.dm()[-1]["text"])
    assert not slack.fake.calls_to("response_url")  # nobody was told something went wrong


async def test_a_rate_limited_card_update_is_sent_again_after_the_wait(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    slack.fake.fail_next("chat.update", error="ratelimited", status=429, retry_after=1)
    await slack.press(card, "Disagree")
    await slack.fake.wait_for("chat.update", count=2)
    await slack.settled()

    first, second = slack.fake.calls_to("chat.update")
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0  # Slack's Retry-After was honoured
    assert "✓ Disagree" in json.dumps(slack.fake.messages(DM)[1], ensure_ascii=False)


async def test_a_refused_message_raises_slacks_error_to_the_error_handler(
    slack: SlackWorld, caplog: pytest.LogCaptureFixture
) -> None:
    card = await joined(slack)
    slack.fake.fail_next("chat.update", error="invalid_blocks")
    caplog.set_level(logging.ERROR, logger="bots.slack.application")
    await slack.press(card, "Agree")
    [told] = await slack.fake.wait_for("response_url")
    await slack.settled()

    assert "Sorry, something went wrong" in str(told.params["text"])
    logged = [r.getMessage() for r in caplog.records if r.name == "bots.slack.application"]
    assert logged == ["Slack block_actions failed: SlackApiError"]
    assert len(slack.fake.calls_to("chat.postMessage")) == 2  # no next card after the failure


async def test_a_card_update_into_a_channel_that_is_gone_is_not_apologised_for(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    slack.fake.fail_next("chat.update", error="channel_not_found")
    await slack.press(card, "Agree")
    await slack.fake.wait_for("chat.update")
    await slack.settled()

    assert not slack.fake.calls_to("response_url")
    assert len(slack.fake.calls_to("chat.postMessage")) == 2
