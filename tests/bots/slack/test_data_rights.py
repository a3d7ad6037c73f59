"""/townhall mydata in Slack: the person's data uploaded as a file into their DM with the app.

townhall's Bolt app and slack-sdk's `files_upload_v2` run against the fake Web API, which
serves Slack's three upload steps (tests/fakes/slack_uploads.py).
"""

import json

from tests.bots.slack.conftest import DM, PERSON, SlackWorld


async def test_mydata_uploads_the_persons_data_as_json_into_their_dm(slack: SlackWorld) -> None:
    await slack.command("join plan")
    await slack.fake.wait_for("chat.postMessage", count=2)
    await slack.press(slack.dm()[-1], "Disagree")
    await slack.fake.wait_for("chat.update")

    await slack.command("mydata", channel="C0001", response_id="mydata")
    await slack.fake.wait_for("files.completeUploadExternal")
    await slack.settled()

    [shared] = slack.fake.uploads.shared
    assert shared.channel == DM
    assert shared.filename.startswith("townhall-mydata-")
    document = json.loads(shared.data)
    assert document["format"] == "townhall.mydata/1"
    assert document["identities"][0]["id"] == PERSON
    assert [(v["paragraph"], v["choice"]) for v in document["votes"]] == [(1, "disagree")]
    assert str(shared.initial_comment).startswith("Everything townhall holds about you")
    [told] = slack.fake.responses("mydata")
    assert "direct message" in str(told["text"])  # said where, in the channel


async def test_mydata_of_a_stranger_uploads_nothing_and_says_townhall_holds_nothing(
    slack: SlackWorld,
) -> None:
    await slack.command("mydata", response_id="mydata")
    await slack.settled()

    assert slack.fake.calls_to("files.getUploadURLExternal") == []
    [told] = slack.fake.responses("mydata")
    assert "townhall holds nothing about you" in str(told["text"])
