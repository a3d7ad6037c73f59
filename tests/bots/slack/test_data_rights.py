"""/townhall mydata in Slack: the person's data uploaded as a file into their DM with the app.

townhall's Bolt app and slack-sdk's `files_upload_v2` run against the fake Web API, which
serves Slack's three upload steps (tests/fakes/slack_uploads.py).
"""

import json
from collections.abc import Mapping

from tests.bots.slack.conftest import DM, PERSON, SlackWorld

OTHER = "U0BEN"


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


async def asked_to_forget(slack: SlackWorld) -> Mapping[str, object]:
    """Ada joins and votes, then types /townhall forget; the answer with its button."""
    await slack.command("join plan")
    await slack.fake.wait_for("chat.postMessage", count=2)
    await slack.press(slack.dm()[-1], "Agree")
    await slack.fake.wait_for("chat.update")
    await slack.command("forget", response_id="forget")
    await slack.settled()
    [asked] = slack.fake.responses("forget")
    return asked


async def test_forget_asks_with_a_button_and_the_press_erases_the_person(
    slack: SlackWorld,
) -> None:
    asked = await asked_to_forget(slack)
    assert "cannot be undone" in str(asked["text"])

    await slack.press(asked, "Forget me")
    await slack.settled()

    assert "Done: townhall has forgotten you." in str(slack.dm()[-1]["text"])
    [ada] = slack.tables().participants.values()
    assert (ada.ref.external_id, ada.display_name) == (f"forgotten-{ada.id}", "")
    assert len(slack.tables().votes) == 1  # still counted, anonymously
    await slack.command("forget", response_id="again")
    await slack.settled()
    [again] = slack.fake.responses("again")
    assert "nothing left to forget" in str(again["text"])


async def test_a_forget_button_pressed_by_someone_else_changes_nothing(
    slack: SlackWorld,
) -> None:
    asked = await asked_to_forget(slack)
    await slack.command("join plan", user=OTHER)
    await slack.settled()

    await slack.press(asked, "Forget me", user=OTHER, channel="D" + OTHER)
    await slack.settled()

    assert "not made for you" in str(slack.dm(OTHER)[-1]["text"])
    names = sorted(p.display_name for p in slack.tables().participants.values())
    assert "" not in names
    assert len(names) == 2
