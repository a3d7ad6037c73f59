"""Socket Mode end to end: townhall's runner and slack-sdk's client on the fake Socket Mode end.

The participant flow is the one the HTTP-mode tests drive, through the same helpers; here each
request travels as an envelope over the WebSocket and the client acks it by envelope_id.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator

import pytest

from bots.chat.settings import ConfigError
from bots.runtime.front_ends.slack import SlackFrontEnd
from core.model import Choice
from tests.bots.slack.conftest import DM, SECRET, SlackWorld, find_button
from tests.bots.slack.socket_world import (
    STOPPING,
    SocketWorld,
    serving_socket_mode,
    socket_config,
    townhall_on,
)
from tests.bots.slack.test_channels import posted_in_channel, reply_in_thread
from tests.bots.slack.test_commenting import comment_modal, submit
from tests.bots.slack.test_participating import joined
from tests.fakes.slack_payloads import block_actions, view_submission

# What one participant's join, vote and comment cost in Web API calls, in either mode.
FLOW_CALLS = Counter(
    {
        "auth.test": 1,
        "conversations.open": 1,
        "chat.postMessage": 4,
        "chat.update": 1,
        "views.open": 1,
    }
)


@pytest.fixture(params=["http", "socket"])
async def world(request: pytest.FixtureRequest, slack: SlackWorld) -> AsyncIterator[SlackWorld]:
    """The same app in HTTP mode (dispatched requests) or in Socket Mode (the real runner)."""
    if request.param == "http":
        yield slack
        return
    async with serving_socket_mode(slack) as socket_world:
        yield socket_world


@pytest.fixture
async def socket_world(slack: SlackWorld) -> AsyncIterator[SocketWorld]:
    async with serving_socket_mode(slack) as running:
        yield running


def assert_each_envelope_acked_once(world: SocketWorld) -> None:
    acked = Counter(ack.envelope_id for ack in world.socket.acks)
    assert acked == Counter(world.socket.delivered)
    assert set(acked.values()) == {1}


async def test_join_vote_and_comment_make_the_same_web_api_calls_in_both_modes(
    world: SlackWorld,
) -> None:
    card = await joined(world)
    await world.press(card, "Agree")
    [updated] = await world.fake.wait_for("chat.update")
    await world.fake.wait_for("chat.postMessage", count=3)
    view = await comment_modal(world, card, "Comment")
    answer = await submit(world, view, "Add a yearly review.")
    await world.fake.wait_for("chat.postMessage", count=4)

    assert (answer.status, answer.body) == (200, "")  # the modal closes
    assert updated.params["ts"] == card["ts"]
    [vote] = world.tables().votes.values()
    assert vote.choice is Choice.AGREE
    [comment] = world.tables().comments.values()
    assert comment.body == "Add a yearly review."
    made = Counter(call.method for call in world.fake.calls)
    connections = made.pop("apps.connections.open", 0)
    assert made == FLOW_CALLS
    if isinstance(world, SocketWorld):
        assert connections == 1
        assert len(world.socket.delivered) == 4  # the command, the two presses, the submission
        assert_each_envelope_acked_once(world)
        assert world.socket.stray == []


async def test_after_slack_asks_for_a_refresh_the_client_reconnects_and_is_served(
    socket_world: SocketWorld,
) -> None:
    socket = socket_world.socket
    card = await joined(socket_world)

    await socket.disconnect("refresh_requested")
    await socket.wait_for_connections(2)
    await socket.wait_until(lambda: socket.connections[0].closed, "the old connection closed")
    await socket_world.press(card, "Agree")
    await socket_world.fake.wait_for("chat.update")

    assert len(socket_world.fake.calls_to("apps.connections.open")) == 2
    assert [connection.number for connection in socket.open_connections] == [2]
    assert socket.acks[-1].connection == 2
    assert len(socket_world.tables().votes) == 1
    assert_each_envelope_acked_once(socket_world)


async def test_a_connection_the_server_drops_is_replaced_and_the_next_press_served(
    socket_world: SocketWorld,
) -> None:
    card = await joined(socket_world)

    await socket_world.socket.drop()
    await socket_world.socket.wait_for_connections(2)
    await socket_world.press(card, "Agree")
    await socket_world.fake.wait_for("chat.update")

    assert len(socket_world.fake.calls_to("apps.connections.open")) == 2
    assert len(socket_world.tables().votes) == 1
    assert_each_envelope_acked_once(socket_world)


async def test_a_press_in_flight_during_a_refresh_is_acked_once_and_stored(
    socket_world: SocketWorld,
) -> None:
    card = await joined(socket_world)
    action_id, value = find_button(card["blocks"], "Agree")
    press = block_actions(SECRET, action_id=action_id, value=value, channel_id=DM, message=card)

    in_flight = await socket_world.socket.deliver(press)
    await socket_world.socket.disconnect("refresh_requested")  # before the ack comes back
    await socket_world.socket.wait_for_connections(2)
    await socket_world.socket.wait_for_ack(in_flight)
    await socket_world.fake.wait_for("chat.update")

    [vote] = socket_world.tables().votes.values()
    assert vote.choice is Choice.AGREE
    assert_each_envelope_acked_once(socket_world)


async def test_an_empty_comment_is_refused_in_the_ack_and_stores_nothing(
    socket_world: SocketWorld,
) -> None:
    view = await comment_modal(socket_world, await joined(socket_world), "Comment")

    envelope_id = await socket_world.socket.deliver(
        view_submission(
            SECRET,
            callback_id="comment",
            values={"comment": {"body": "   "}},
            view_id=str(view["id"]),
            private_metadata=str(view["private_metadata"]),
        )
    )
    ack = await socket_world.socket.wait_for_ack(envelope_id)

    assert ack.payload is not None
    assert ack.payload["response_action"] == "errors"
    assert "cannot be empty" in str(ack.payload["errors"])
    assert socket_world.tables().comments == {}


async def test_a_press_delivered_twice_is_acked_twice_and_processed_once(
    socket_world: SocketWorld,
) -> None:
    card = await joined(socket_world)
    action_id, value = find_button(card["blocks"], "Agree")
    press = block_actions(SECRET, action_id=action_id, value=value, channel_id=DM, message=card)

    first = await socket_world.socket.deliver(press)
    await socket_world.socket.wait_for_ack(first)
    await socket_world.settled()
    await socket_world.socket.deliver(press, envelope_id=first)  # the same envelope again
    await socket_world.socket.wait_for_ack(first, count=2)
    await socket_world.settled()

    [vote] = socket_world.tables().votes.values()
    assert vote.choice is Choice.AGREE
    assert len(socket_world.fake.calls_to("chat.update")) == 1
    assert len(socket_world.fake.calls_to("chat.postMessage")) == 3  # welcome, P1, then P2


async def test_a_redelivered_thread_reply_is_processed_once(socket_world: SocketWorld) -> None:
    post = await posted_in_channel(socket_world)

    await reply_in_thread(socket_world, str(post["ts"]), "Too vague.", event_id="Ev1")
    await socket_world.fake.wait_for("chat.postEphemeral")
    await reply_in_thread(
        socket_world, str(post["ts"]), "Too vague.", event_id="Ev1", retry="http_error"
    )
    await socket_world.settled()

    [comment] = socket_world.tables().comments.values()
    assert comment.body == "Too vague."
    assert len(socket_world.fake.calls_to("chat.postEphemeral")) == 1
    assert_each_envelope_acked_once(socket_world)


async def test_a_comment_modal_submitted_twice_stores_one_comment(
    socket_world: SocketWorld,
) -> None:
    view = await comment_modal(socket_world, await joined(socket_world), "Comment")

    await submit(socket_world, view, "Once.")
    await submit(socket_world, view, "Once.")
    await socket_world.fake.wait_for("chat.postMessage", count=4)

    assert len(socket_world.tables().comments) == 1
    assert_each_envelope_acked_once(socket_world)


async def test_an_app_token_slack_refuses_stops_townhall_with_a_clear_error(
    slack: SlackWorld,
) -> None:
    config = socket_config(slack, app_token="xapp-1-A0APP-1-revoked")

    with pytest.raises(ConfigError, match=r"SLACK_APP_TOKEN: .*\(invalid_auth\)"):
        await asyncio.wait_for(
            SlackFrontEnd().serve(config, townhall_on(slack), asyncio.Event()), STOPPING
        )

    assert slack.fake.socket_mode.connections == []


async def test_stopping_while_slack_cannot_be_reached_ends_the_runner(slack: SlackWorld) -> None:
    slack.fake.fail_next("apps.connections.open", error="internal_error", times=100)
    stop = asyncio.Event()
    running = asyncio.create_task(
        SlackFrontEnd().serve(socket_config(slack), townhall_on(slack), stop)
    )
    await slack.fake.wait_for("apps.connections.open")

    stop.set()
    await asyncio.wait_for(running, STOPPING)  # slack-sdk alone retries every 10 s, forever

    assert slack.fake.socket_mode.connections == []
