"""Verbose logs of the Slack front end: no request body, comment or paragraph text, short lines."""

import io

from bots.runtime.logs import LINE_LIMIT
from tests.bots.slack.conftest import DM, SECRET, SlackWorld
from tests.bots.slack.test_channels import posted_in_channel, reply_in_thread
from tests.fakes.slack_payloads import block_actions, slash_command

COMMENT_MARKER = "comment-marker-7f3a"
FORGED_MARKER = "forged-marker-91bc"
PARAGRAPH = "The plan sets out what the city will do."


async def test_verbose_logs_carry_no_comment_paragraph_or_forged_body(
    slack: SlackWorld, verbose_log: io.StringIO
) -> None:
    post = await posted_in_channel(slack)
    await reply_in_thread(slack, str(post["ts"]), f"Too vague {COMMENT_MARKER}", event_id="Ev1")
    await slack.fake.wait_for("chat.postEphemeral")
    forged = slash_command("not-the-secret", text=f"join {FORGED_MARKER}", channel_id=DM)
    refused = await slack.send(forged)
    unknown = block_actions(SECRET, action_id="unknown.0", value="x", channel_id=DM, message=post)
    await slack.send(unknown)  # Bolt warns of an unhandled request, which quotes the card
    await slack.command("join plan")
    await slack.fake.wait_for("chat.postMessage", count=3)

    assert refused.status == 401
    assert [c.body for c in slack.tables().comments.values()] == [f"Too vague {COMMENT_MARKER}"]
    written = verbose_log.getvalue()
    for marker in (COMMENT_MARKER, FORGED_MARKER, PARAGRAPH, slack.fake.token, SECRET):
        assert marker not in written
    assert max(map(len, written.split("\n"))) <= LINE_LIMIT
    assert "Unhandled request (request body not logged)" in written
