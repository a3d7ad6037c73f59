"""Suggested wordings in Slack: the modal, the diff in the DM, the list, votes and decisions.

Bolt's real app, signed requests through the door, the fake Web API checking Block Kit.
"""

import json
from collections.abc import Mapping

from bots.slack.diffs import literal
from core.amendments import AmendmentState
from tests.bots.slack.conftest import (
    DM,
    ORGANISER,
    PERSON,
    SECRET,
    SlackWorld,
    buttons,
    texts,
)
from tests.bots.slack.test_participating import joined
from tests.fakes.slack_payloads import interactive, view_submission
from tests.fakes.slack_workspace import APP_ID

View = Mapping[str, object]
P1 = "The plan sets out what the city will do."
HOSTILE_WORDING = "The plan </s><b>sets</b> *out* <!channel> & ~what~ the city will do."


async def wording_modal(
    slack: SlackWorld, message: Mapping[str, object], user: str = PERSON
) -> View:
    """Press Suggest wording; the modal as the app filled it (views.update after Loading…)."""
    updates = len(slack.fake.calls_to("views.update"))
    await slack.press(message, "Suggest wording", user=user)
    [*_, updated] = await slack.fake.wait_for("views.update", count=updates + 1)
    return slack.fake.views.views[str(updated.params["view_id"])]


async def submit(
    slack: SlackWorld, view: View, text: str, user: str = PERSON
) -> dict[str, object]:
    """Submit the wording modal; the body of the answer ({} when the modal closes)."""
    answer = await slack.send(
        view_submission(
            SECRET,
            callback_id="wording",
            values={"wording": {"body": text}},
            view_id=str(view["id"]),
            private_metadata=str(view["private_metadata"]),
            user_id=user,
            user_name=user.lower(),
        )
    )
    assert answer.status == 200
    return json.loads(answer.body) if answer.body else {}


def state_of(slack: SlackWorld) -> AmendmentState:
    return slack.tables().amendments[1].state


async def latest(slack: SlackWorld, count: int, user: str = PERSON) -> dict[str, object]:
    await slack.fake.wait_for("chat.postMessage", count=count)
    return slack.dm(user)[-1]


async def test_suggest_opens_a_modal_with_the_text_and_the_diff_comes_to_the_dm(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)

    view = await wording_modal(slack, card)
    blocks = view["blocks"]
    assert isinstance(blocks, list)
    assert blocks[0]["element"]["initial_value"] == P1
    assert view["notify_on_close"] is True
    answer = await submit(slack, view, "The plan sets out what the city will build.")
    review = await latest(slack, 3)

    assert answer == {}  # the modal closes
    assert state_of(slack) is AmendmentState.PENDING
    assert "The plan sets out what the city will ~do~ *build*." in texts(review["blocks"])
    await slack.press(review, "Publish")
    await latest(slack, 4)
    assert state_of(slack) is AmendmentState.PROPOSED


async def test_the_list_shows_each_wording_and_a_vote_redraws_it_in_place(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    await submit(slack, await wording_modal(slack, card), "The plan sets out what we do.")
    await slack.press(await latest(slack, 3), "Publish")
    await latest(slack, 4)

    await slack.press(card, "Suggested wordings")
    listing = await latest(slack, 5)
    assert "1 suggested wording of P1 open to votes." in texts(listing["blocks"])[0]
    assert [label for label, *_ in buttons(listing["blocks"])] == [
        "Agree",
        "Disagree",
        "Suggest wording",
        "Back to P1",
    ]
    await slack.press(listing, "Agree")
    [update] = await slack.fake.wait_for("chat.update")

    assert update.params["ts"] == listing["ts"]
    redrawn = slack.dm()[-1]
    assert any("👍 1 · 👎 0 · You agree" in text for text in texts(redrawn["blocks"]))
    assert "✓ Agree" in [label for label, *_ in buttons(redrawn["blocks"])]
    assert slack.tables().amendment_votes.keys() == {(1, 1)}


async def test_typed_markup_formats_nothing_and_pings_no_one(slack: SlackWorld) -> None:
    card = await joined(slack)

    await submit(slack, await wording_modal(slack, card), HOSTILE_WORDING)
    review = await latest(slack, 3)

    diff = next(text for text in texts(review["blocks"]) if "&lt;!channel&gt;" in text)
    assert not {"<", ">", "_", "`"} & set(diff)
    assert diff.count(literal("*")) == 2  # typed asterisks and tildes are look-alikes
    assert diff.count(literal("~")) == 2
    assert diff.count("*") % 2 == 0  # every bold the diff opens, it closes
    assert diff.count("~") == 0


async def test_an_unchanged_or_over_long_wording_is_an_inline_error_storing_nothing(
    slack: SlackWorld,
) -> None:
    view = await wording_modal(slack, await joined(slack))

    same = await submit(slack, view, P1)
    long = await submit(slack, view, "word " * 900)

    assert same["response_action"] == "errors"
    assert "same as the current text" in same["errors"]["wording"]  # type: ignore[index]
    assert "at most 4000" in long["errors"]["wording"]  # type: ignore[index]
    assert slack.tables().amendments == {}


async def test_the_same_modal_submitted_twice_stores_one_wording(slack: SlackWorld) -> None:
    view = await wording_modal(slack, await joined(slack))

    await submit(slack, view, "The plan says it.")
    await submit(slack, view, "The plan says it.")
    await slack.fake.wait_for("chat.postMessage", count=4)

    assert len(slack.tables().amendments) == 1


async def test_closing_the_modal_stops_waiting_for_a_wording(slack: SlackWorld) -> None:
    view = await wording_modal(slack, await joined(slack))
    assert slack.tables().wording_prompts

    payload = {
        "type": "view_closed",
        "api_app_id": APP_ID,
        "team": {"id": "T0001", "domain": "t0001"},
        "user": {"id": PERSON, "username": "u0person", "name": "u0person", "team_id": "T0001"},
        "view": {**view, "callback_id": "wording"},
        "is_cleared": False,
    }
    answer = await slack.send(interactive(SECRET, payload))
    await slack.settled()

    assert answer.status == 200
    assert not slack.tables().wording_prompts


async def test_a_forged_suggest_button_is_refused_in_the_modal(slack: SlackWorld) -> None:
    card = await joined(slack)
    forged = {
        **card,
        "blocks": [
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "suggest.0",
                        "text": {"type": "plain_text", "text": "Suggest wording"},
                        "value": "1:as:1:99",
                    }
                ],
            }
        ],
    }

    view = await wording_modal(slack, forged)

    assert "wording" not in str(view.get("callback_id"))
    assert not slack.tables().wording_prompts


async def test_only_organisers_get_accept_and_reject(slack: SlackWorld) -> None:
    card = await joined(slack)
    await submit(slack, await wording_modal(slack, card), "The plan says it.")
    await slack.press(await latest(slack, 3), "Publish")
    await latest(slack, 4)
    await slack.command("join plan", user=ORGANISER)
    organiser_card = await latest(slack, 6, ORGANISER)

    await slack.press(
        organiser_card, "Suggested wordings", channel="D" + ORGANISER, user=ORGANISER
    )
    listing = await latest(slack, 7, ORGANISER)
    await slack.press(listing, "Reject", channel="D" + ORGANISER, user=ORGANISER)
    await latest(slack, 8, ORGANISER)

    assert state_of(slack) is AmendmentState.REJECTED
    await slack.press(listing, "Accept", user=PERSON)  # a participant with a forwarded button
    await latest(slack, 9)
    assert state_of(slack) is AmendmentState.REJECTED
    assert DM
