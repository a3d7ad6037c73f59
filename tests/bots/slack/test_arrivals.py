"""Slack's requests through the inbox: stored before Slack hears back, then processed once.

In HTTP mode and in Socket Mode; and a request a killed process left in the inbox is processed
by the sweep.
"""

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest

from bots.chat.inbox import LEASE, ArrivingEvent
from bots.slack import arrivals, stored_requests
from bots.slack.arrivals import SOURCE
from bots.slack.stored_requests import kept
from core.model import Choice
from tests.bots.slack.conftest import DM, PERSON, SECRET, SlackWorld, find_button
from tests.bots.slack.socket_world import SocketWorld, serving_socket_mode
from tests.bots.slack.test_participating import joined
from tests.bots.townhall_process import wait_until
from tests.fakes.slack_payloads import (
    SignedRequest,
    app_home_opened_event,
    block_actions,
    event_callback,
    message_event,
    slash_command,
    view_submission,
)
from tests.fakes.slack_workspace import TEAM_ID

Kind = Callable[[SlackWorld], Awaitable[SignedRequest]]


async def a_command(slack: SlackWorld) -> SignedRequest:
    return slash_command(SECRET, text="join plan", channel_id=DM, trigger_id="1.1.command")


async def a_press(slack: SlackWorld) -> SignedRequest:
    return pressing(slack, await joined(slack), "Agree", trigger_id="1.1.press")


def pressing(
    slack: SlackWorld, card: dict[str, object], label: str, *, trigger_id: str
) -> SignedRequest:
    """A press of the card's button, answered at the response URL named as the trigger."""
    action_id, value = find_button(card["blocks"], label)
    return block_actions(
        SECRET,
        action_id=action_id,
        value=value,
        channel_id=DM,
        message=card,
        trigger_id=trigger_id,
        response_url=slack.fake.response_url(trigger_id),
    )


async def a_submission(slack: SlackWorld) -> SignedRequest:
    return view_submission(SECRET, callback_id="comment", values={"comment": {"body": "x"}})


async def a_message(slack: SlackWorld) -> SignedRequest:
    event = message_event(DM, "hello", channel_type="im")
    return event_callback(SECRET, event, event_id="EvMessage")


async def a_home_opened(slack: SlackWorld) -> SignedRequest:
    return event_callback(SECRET, app_home_opened_event(), event_id="EvHome")


def key_of(request: SignedRequest) -> str:
    """The key the inbox keeps a request under, read from the request as Slack sent it."""
    body, headers = request
    if headers["content-type"] == "application/json":
        return str(json.loads(body)["event_id"])
    fields = {name: values[0] for name, values in parse_qs(body).items()}
    trigger = json.loads(fields["payload"])["trigger_id"] if "payload" in fields else None
    return f"{TEAM_ID}:{trigger or fields['trigger_id']}"


KINDS = [a_command, a_press, a_submission, a_message, a_home_opened]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.__name__)
async def test_each_kind_of_request_is_answered_only_once_the_inbox_holds_it(
    slack: SlackWorld, kind: Kind
) -> None:
    request = await kind(slack)
    await slack.settled()
    calls_before = len(slack.fake.calls)

    slack.inbox.fail_next_store = 1  # the database cannot be reached
    refused = await slack.send(request)
    await slack.settled()
    calls_refused = len(slack.fake.calls)
    again = await slack.send(request)  # Slack sends it again
    await slack.settled()

    assert refused.status == 503
    assert calls_refused == calls_before  # nothing was processed
    assert again.status == 200
    assert slack.inbox.keys(SOURCE).count(key_of(request)) == 1
    assert slack.inbox.unhandled() == []
    assert len(slack.fake.calls) > calls_before


async def test_the_same_press_arriving_ten_times_at_once_is_processed_once(
    slack: SlackWorld,
) -> None:
    press = await a_press(slack)

    answers = await asyncio.gather(*(slack.send(press) for _ in range(10)))
    await slack.settled()

    assert [answer.status for answer in answers] == [200] * 10
    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.AGREE
    assert len(slack.fake.calls_to("chat.update")) == 1
    assert len(slack.dm()) == 3  # the welcome, P1, and P2 once


async def test_a_press_is_processed_as_the_door_read_it_without_reading_it_back(
    slack: SlackWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    press = await a_press(slack)
    read_back: list[str] = []
    restore = stored_requests.restored

    def restored(stored: str) -> AsyncBoltRequest:
        read_back.append(stored)
        return restore(stored)

    monkeypatch.setattr(arrivals, "restored", restored)
    await slack.send(press)
    await slack.settled()

    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.AGREE
    assert read_back == []  # parsing a press's URL-encoded payload once is enough
    assert slack.inbox.unhandled() == []


async def stored_by_a_dead_process(slack: SlackWorld, request: SignedRequest) -> None:
    """The request as a process stored it before it was killed, its lease now over."""
    body, headers = request
    arrived = AsyncBoltRequest(body=body, headers=dict(headers))
    event = ArrivingEvent(source=SOURCE, key=key_of(request), body=kept(arrived))
    await slack.inbox.store([event], slack.clock.now(), lease=LEASE)
    slack.clock.advance(LEASE + timedelta(seconds=1))


async def test_a_press_a_dead_process_stored_is_processed_by_the_sweep(
    slack: SlackWorld,
) -> None:
    press = await a_press(slack)
    await slack.settled()
    await stored_by_a_dead_process(slack, press)

    assert await slack.arrivals.processor.sweep() == 1
    await slack.settled()

    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.AGREE
    [updated] = slack.fake.calls_to("chat.update")
    assert "P2" in str(slack.dm()[-1]["text"])
    assert slack.inbox.unhandled() == []
    assert updated.params["channel"] == DM


async def test_a_comment_press_processed_after_its_trigger_expired_asks_to_press_again(
    slack: SlackWorld,
) -> None:
    press = pressing(slack, await joined(slack), "Comment", trigger_id="1.1.late")
    await stored_by_a_dead_process(slack, press)
    slack.fake.expire_trigger("1.1.late")  # the process was down longer than 3 s

    await slack.arrivals.processor.sweep()
    await slack.settled()

    [told] = slack.fake.responses("1.1.late")
    assert "press again" in str(told["text"])
    assert told["response_type"] == "ephemeral"
    assert slack.inbox.unhandled() == []


async def test_an_envelope_is_acked_only_once_its_request_is_in_the_inbox(
    slack: SlackWorld,
) -> None:
    async with serving_socket_mode(slack) as world:
        held_at_ack: dict[str, list[str]] = {}
        world.socket.on_ack = lambda ack: held_at_ack.setdefault(
            ack.envelope_id, world.inbox.keys(SOURCE)
        )
        request = await a_press(world)

        envelope = await world.socket.deliver(request)
        await world.socket.wait_for_ack(envelope)
        await world.settled()

    assert key_of(request) in held_at_ack[envelope]
    assert len(world.tables().votes) == 1


async def test_an_envelope_the_inbox_cannot_store_is_not_acked_and_its_redelivery_is_served(
    slack: SlackWorld,
) -> None:
    async with serving_socket_mode(slack) as world:
        request = await a_press(world)
        world.inbox.fail_next_store = 1

        envelope = await world.socket.deliver(request)
        await wait_for_no_store_failure_left(world)
        await world.socket.deliver(request, envelope_id=envelope)  # Slack sends it again
        await world.socket.wait_for_ack(envelope)
        await world.settled()
        home = await world.socket.deliver(event_callback(SECRET, app_home_opened_event()))
        await world.socket.wait_for_ack(home)  # anything still to come from the client came

    assert len(world.socket.acks_of(envelope)) == 1
    assert len(world.tables().votes) == 1
    assert len(world.fake.calls_to("chat.update")) == 1


async def wait_for_no_store_failure_left(world: SocketWorld) -> None:
    async def failed() -> bool:
        return world.inbox.fail_next_store == 0

    await wait_until(failed, "the inbox refusing the envelope")


def test_every_request_is_kept_under_the_person_it_comes_from() -> None:
    body, headers = slash_command(SECRET, text="join plan", user_id=PERSON)
    stored = json.loads(kept(AsyncBoltRequest(body=body, headers=dict(headers))))

    assert stored["person"] == f"{TEAM_ID}:{PERSON}"
    assert stored["mode"] == "http"
    assert "x-slack-signature" not in stored["headers"]
