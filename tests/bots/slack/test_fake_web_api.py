"""The fake Slack Web API, driven by the real slack-bolt AsyncApp and slack-sdk AsyncWebClient.

With Bolt's default `process_before_response=False`, `async_dispatch` returns once `ack()` has
run and the listener goes on in a task: wait for its Web API calls with `fake.wait_for`.
"""

import json
import time
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_bolt.context.say.async_say import AsyncSay
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from tests.bots.slack.conftest import SECRET, build_app, build_client, dispatch
from tests.fakes.slack import FakeSlackApi
from tests.fakes.slack_payloads import (
    app_home_opened_event,
    block_actions,
    event_callback,
    file_shared_event,
    message_event,
    new_trigger_id,
    signed_headers,
    slash_command,
    url_verification,
    view_submission,
)

Body = dict[str, Any]  # Bolt hands listeners the parsed request body as a plain dict

PERSON = "U0001"
DM = "D" + PERSON


def section(text: str) -> dict[str, object]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def button(text: str, value: str = "v1:7:a", action_id: str = "vote") -> dict[str, object]:
    return {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "action_id": action_id,
                "value": value,
                "text": {"type": "plain_text", "text": text},
            }
        ],
    }


def modal(title: str = "Comment on P7", blocks: list[dict[str, object]] | None = None) -> Body:
    return {
        "type": "modal",
        "callback_id": "comment",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Send"},
        "blocks": blocks if blocks is not None else [section("P7")],
    }


# --- Bolt's request verification and ack ---------------------------------------------------------


async def test_a_signed_slash_command_reaches_its_listener_and_the_ack_body_comes_back(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)
    seen: list[Body] = []

    @app.command("/townhall")
    async def handle(ack: AsyncAck, command: Body) -> None:
        seen.append(command)
        await ack(text=f"Looking up {command['text']}…")

    response = await dispatch(app, slash_command(SECRET, text="join plan"))

    assert response.status == 200
    assert response.body == "Looking up join plan…"  # a bare text ack is sent as plain text
    assert seen[0]["user_id"] == PERSON
    assert seen[0]["team_id"] == "T0001"
    [auth] = fake_slack_api.calls_to("auth.test")
    assert auth.ok
    assert auth.response["user_id"] == "U0BOT"


async def test_the_bots_identity_is_asked_once_for_several_requests(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)

    @app.command("/townhall")
    async def handle(ack: AsyncAck) -> None:
        await ack()

    for _ in range(2):
        assert (await dispatch(app, slash_command(SECRET))).status == 200

    assert len(fake_slack_api.calls_to("auth.test")) == 1


@pytest.mark.parametrize(
    ("secret", "age"),
    [(SECRET, 301), ("not-the-secret", 0)],
    ids=["stale by 301 seconds", "signed with another secret"],
)
async def test_a_stale_or_forged_signature_is_refused_before_authorization(
    fake_slack_api: FakeSlackApi, secret: str, age: int
) -> None:
    app = build_app(fake_slack_api)
    ran: list[Body] = []

    @app.command("/townhall")
    async def handle(ack: AsyncAck, command: Body) -> None:
        ran.append(command)
        await ack()

    request = slash_command(secret, timestamp=int(time.time()) - age)
    response = await dispatch(app, request)

    assert response.status == 401
    assert ran == []
    assert fake_slack_api.calls == []


async def test_url_verification_is_answered_with_the_challenge(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)

    response = await dispatch(app, url_verification(SECRET, "3eZbrw1aBm2rZgRNFdxV2595"))

    assert response.status == 200
    assert json.loads(response.body) == {"challenge": "3eZbrw1aBm2rZgRNFdxV2595"}


# --- messages ------------------------------------------------------------------------------------


async def test_a_block_actions_say_and_client_call_land_after_the_ack(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)
    card = {"type": "message", "ts": "1699999999.000100", "text": "P7", "blocks": [button("A")]}

    @app.action("vote")
    async def vote(ack: AsyncAck, body: Body, say: AsyncSay, client: AsyncWebClient) -> None:
        await ack()
        await say(text=f"You chose {body['actions'][0]['value']}")
        await client.chat_postMessage(
            channel=body["channel"]["id"], text="P8", blocks=[section("P8")]
        )

    request = block_actions(SECRET, action_id="vote", value="v1:7:a", channel_id=DM, message=card)
    response = await dispatch(app, request)
    said, posted = await fake_slack_api.wait_for("chat.postMessage", count=2)

    assert response.status == 200
    assert said.params["channel"] == DM
    assert said.params["text"] == "You chose v1:7:a"
    assert posted.params["blocks"] == [section("P8")]
    assert float(str(said.response["ts"])) < float(str(posted.response["ts"]))
    assert [message["text"] for message in fake_slack_api.messages(DM)] == [
        "You chose v1:7:a",
        "P8",
    ]
    assert not posted.missing_text_fallback


async def test_a_message_in_a_thread_updates_and_deletes_in_the_store(
    fake_slack_api: FakeSlackApi,
) -> None:
    client = build_client(fake_slack_api)
    parent = await client.chat_postMessage(channel="C0001", text="P7")
    reply = await client.chat_postMessage(channel="C0001", text="noted", thread_ts=parent["ts"])
    updated = await client.chat_update(
        channel="C0001", ts=parent["ts"], text="P7 ✓ Agree", blocks=[section("P7 ✓ Agree")]
    )
    link = await client.chat_getPermalink(channel="C0001", message_ts=parent["ts"])
    await client.chat_delete(channel="C0001", ts=reply["ts"])

    assert reply["message"]["thread_ts"] == parent["ts"]
    assert updated["message"]["text"] == "P7 ✓ Agree"
    assert str(link["permalink"]).endswith(f"/archives/C0001/p{parent['ts'].replace('.', '')}")
    [stored] = fake_slack_api.messages("C0001")
    assert stored["blocks"] == [section("P7 ✓ Agree")]


async def test_updating_or_deleting_an_unknown_message_is_message_not_found(
    fake_slack_api: FakeSlackApi,
) -> None:
    client = build_client(fake_slack_api)

    for attempt in (
        client.chat_update(channel=DM, ts="1.000001", text="late"),
        client.chat_delete(channel=DM, ts="1.000001"),
    ):
        with pytest.raises(SlackApiError) as refused:
            await attempt
        assert refused.value.response["error"] == "message_not_found"


async def test_blocks_without_a_top_level_text_are_flagged(fake_slack_api: FakeSlackApi) -> None:
    client = build_client(fake_slack_api)

    with pytest.warns(UserWarning, match="top-level `text`"):  # slack-sdk's own warning
        await client.chat_postMessage(channel=DM, blocks=[section("P1")])
    with pytest.warns(UserWarning, match="top-level `text`"), pytest.raises(SlackApiError):
        await client.chat_postMessage(channel=DM)

    flagged, refused = fake_slack_api.calls_to("chat.postMessage")
    assert not flagged.params.get("text")
    assert flagged.ok
    assert flagged.missing_text_fallback
    assert refused.error == "no_text"


async def test_an_ephemeral_message_needs_a_person(fake_slack_api: FakeSlackApi) -> None:
    client = build_client(fake_slack_api)

    answer = await client.chat_postEphemeral(channel="C0001", user=PERSON, text="Only you")

    assert answer["message_ts"]
    assert fake_slack_api.workspace.ephemeral[0]["user"] == PERSON
    assert fake_slack_api.messages("C0001") == []


# --- Block Kit and view limits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([section("x" * 3001)], "/blocks/0/text/text"),
        ([section("P")] * 51, "/blocks"),
        ([button("x" * 76)], "/blocks/0/elements/0/text/text"),
        ([button("Agree", value="v" * 2001)], "/blocks/0/elements/0/value"),
        ([button("Agree", action_id="a" * 256)], "/blocks/0/elements/0/action_id"),
    ],
    ids=["section text", "51 blocks", "button text", "button value", "action_id"],
)
async def test_blocks_over_slacks_limits_are_invalid_blocks(
    fake_slack_api: FakeSlackApi, blocks: list[dict[str, object]], pointer: str
) -> None:
    client = build_client(fake_slack_api)

    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel=DM, text="P1", blocks=blocks)

    assert refused.value.response["error"] == "invalid_blocks"
    [message] = refused.value.response["response_metadata"]["messages"]
    assert message.startswith("[ERROR] ")
    assert message.endswith(f"[json-pointer:{pointer}]")


async def test_blocks_exactly_at_slacks_limits_are_accepted(fake_slack_api: FakeSlackApi) -> None:
    client = build_client(fake_slack_api)
    at_limit = [section("x" * 3000), button("x" * 75, value="v" * 2000, action_id="a" * 255)]

    await client.chat_postMessage(channel=DM, text="P1", blocks=at_limit + [section("P")] * 48)

    blocks = fake_slack_api.messages(DM)[0]["blocks"]
    assert isinstance(blocks, list)
    assert len(blocks) == 50


@pytest.mark.parametrize(
    ("view", "pointer"),
    [
        (modal(title="x" * 25), "/view/title/text"),
        (modal(blocks=[section("P")] * 101), "/view/blocks"),
        (modal(blocks=[section("x" * 3001)]), "/view/blocks/0/text/text"),
    ],
    ids=["title of 25", "101 blocks", "section text"],
)
async def test_a_view_over_slacks_limits_is_invalid_arguments(
    fake_slack_api: FakeSlackApi, view: Body, pointer: str
) -> None:
    client = build_client(fake_slack_api)

    with pytest.raises(SlackApiError) as refused:
        await client.views_open(trigger_id=new_trigger_id(), view=view)

    assert refused.value.response["error"] == "invalid_arguments"
    assert refused.value.response["response_metadata"]["messages"][0].endswith(
        f"[json-pointer:{pointer}]"
    )


# --- modals and the App Home -------------------------------------------------------------------


async def test_views_open_from_a_button_round_trips_and_can_be_updated(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)

    @app.action("comment")
    async def comment(ack: AsyncAck, body: Body, client: AsyncWebClient) -> None:
        await ack()
        opened = await client.views_open(trigger_id=body["trigger_id"], view=modal())
        await client.views_update(
            view_id=opened["view"]["id"], hash=opened["view"]["hash"], view=modal("Sent")
        )

    await dispatch(app, block_actions(SECRET, action_id="comment", channel_id=DM))
    [opened] = await fake_slack_api.wait_for("views.open")
    [updated] = await fake_slack_api.wait_for("views.update")

    view = opened.response["view"]
    assert isinstance(view, dict)
    assert str(view["id"]).startswith("V")
    assert view["callback_id"] == "comment"
    assert view["state"] == {"values": {}}
    assert updated.ok
    assert fake_slack_api.views.views[view["id"]]["title"] == modal("Sent")["title"]


@pytest.mark.parametrize(
    ("arrange", "error"),
    [("expire", "expired_trigger_id"), ("reuse", "exchanged_trigger_id"), ("omit", "")],
)
async def test_a_trigger_that_is_expired_used_or_absent_opens_no_modal(
    fake_slack_api: FakeSlackApi, arrange: str, error: str
) -> None:
    client = build_client(fake_slack_api)
    trigger = new_trigger_id()
    if arrange == "expire":
        fake_slack_api.expire_trigger(trigger)
    elif arrange == "reuse":
        await client.views_open(trigger_id=trigger, view=modal())

    with pytest.raises(SlackApiError) as refused:
        await client.views_open(trigger_id=trigger if arrange != "omit" else "", view=modal())

    assert refused.value.response["error"] == (error or "invalid_trigger_id")


async def test_a_pushed_view_stacks_on_the_open_modal_up_to_three(
    fake_slack_api: FakeSlackApi,
) -> None:
    client = build_client(fake_slack_api)
    root = await client.views_open(trigger_id=new_trigger_id(), view=modal())
    for _ in range(2):
        pushed = await client.views_push(trigger_id=new_trigger_id(), view=modal("Reply"))
        assert pushed["view"]["root_view_id"] == root["view"]["id"]

    with pytest.raises(SlackApiError, match="push_limit_reached"):
        await client.views_push(trigger_id=new_trigger_id(), view=modal("Reply"))


async def test_a_view_submission_with_errors_gets_them_back_in_the_ack(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)

    @app.view("comment")
    async def submitted(ack: AsyncAck, view: Body) -> None:
        text = view["state"]["values"]["comment"]["text"]["value"]
        await ack(response_action="errors", errors={"comment": f"Too short: {text!r}"})

    request = view_submission(
        SECRET, callback_id="comment", values={"comment": {"text": "ok"}}, private_metadata="P7"
    )
    response = await dispatch(app, request)

    assert response.status == 200
    assert json.loads(response.body) == {
        "response_action": "errors",
        "errors": {"comment": "Too short: 'ok'"},
    }


async def test_app_home_opened_publishes_a_home_view_per_person(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)

    @app.event("app_home_opened")
    async def home(event: Body, client: AsyncWebClient) -> None:
        blocks = [section("Your consultations")]
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    response = await dispatch(app, event_callback(SECRET, app_home_opened_event(PERSON)))
    await fake_slack_api.wait_for("views.publish")

    assert response.status == 200
    published = fake_slack_api.home(PERSON)
    assert published is not None
    assert published["blocks"] == [section("Your consultations")]
    assert fake_slack_api.home("U0002") is None


# --- events ------------------------------------------------------------------------------------


async def test_a_retried_thread_reply_arrives_twice_with_one_event_id(
    fake_slack_api: FakeSlackApi,
) -> None:
    app = build_app(fake_slack_api)
    seen: list[tuple[str, str, str]] = []

    @app.event("message")
    async def reply(body: Body, event: Body, say: AsyncSay) -> None:
        seen.append((body["event_id"], event["thread_ts"], event["text"]))
        await say(text="Comment saved", thread_ts=event["thread_ts"])

    event = message_event("C0001", "I disagree", thread_ts="1700000000.000100")
    first = await dispatch(app, event_callback(SECRET, event, event_id="Ev01"))
    again = await dispatch(app, event_callback(SECRET, event, event_id="Ev01", retry_num=1))
    answers = await fake_slack_api.wait_for("chat.postMessage", count=2)

    assert (first.status, again.status) == (200, 200)
    assert {answer.params["thread_ts"] for answer in answers} == {"1700000000.000100"}
    assert seen == [("Ev01", "1700000000.000100", "I disagree")] * 2  # Bolt does not dedupe


# --- errors and faults -------------------------------------------------------------------------


async def test_a_429_with_retry_after_is_retried_once_by_the_rate_limit_handler(
    fake_slack_api: FakeSlackApi,
) -> None:
    fake_slack_api.fail_next("chat.postMessage", error="ratelimited", status=429, retry_after=1)
    client = build_client(fake_slack_api, [AsyncRateLimitErrorRetryHandler(max_retry_count=1)])

    answer = await client.chat_postMessage(channel=DM, text="P1")

    refused, accepted = fake_slack_api.calls_to("chat.postMessage")
    assert answer["ok"]
    assert (refused.status, refused.error) == (429, "ratelimited")
    assert accepted.at - refused.at >= 1.0


async def test_a_429_without_a_retry_handler_raises_with_the_retry_after_header(
    fake_slack_api: FakeSlackApi,
) -> None:
    fake_slack_api.fail_next("chat.postMessage", error="ratelimited", status=429, retry_after=30)

    with pytest.raises(SlackApiError) as refused:
        await build_client(fake_slack_api).chat_postMessage(channel=DM, text="P1")

    assert refused.value.response.status_code == 429
    assert refused.value.response.headers["Retry-After"] == "30"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("channel_not_found", 200),
        ("is_archived", 200),
        ("account_inactive", 200),
        ("not_in_channel", 200),
        ("fatal_error", 500),
        ("service_unavailable", 503),
    ],
)
async def test_an_injected_error_raises_slack_api_error_once(
    fake_slack_api: FakeSlackApi, error: str, status: int
) -> None:
    fake_slack_api.fail_next("chat.postMessage", error=error, status=status)
    client = build_client(fake_slack_api)

    with pytest.raises(SlackApiError) as refused:
        await client.chat_postMessage(channel=DM, text="P1")
    assert (refused.value.response.status_code, refused.value.response["error"]) == (status, error)
    assert (await client.chat_postMessage(channel=DM, text="P1"))["ok"]


async def test_archived_and_unjoined_channels_refuse_posts_like_slack(
    fake_slack_api: FakeSlackApi,
) -> None:
    fake_slack_api.add_channel("C0OLD", "old", is_archived=True)
    fake_slack_api.add_channel("C0OUT", "elsewhere", is_member=False)
    client = build_client(fake_slack_api)

    for channel, error in [
        ("C0OLD", "is_archived"),
        ("C0OUT", "not_in_channel"),
        ("general", "channel_not_found"),
    ]:
        with pytest.raises(SlackApiError) as refused:
            await client.chat_postMessage(channel=channel, text="P1")
        assert refused.value.response["error"] == error


async def test_a_wrong_token_and_an_unknown_method_are_slack_errors(
    fake_slack_api: FakeSlackApi,
) -> None:
    with pytest.raises(SlackApiError, match="invalid_auth"):
        await AsyncWebClient(token="xoxb-other", base_url=fake_slack_api.base_url).auth_test()
    with pytest.raises(SlackApiError, match="unknown_method"):
        await build_client(fake_slack_api).api_call("chat.scheduleMessage")


async def test_a_form_body_with_a_token_field_and_json_encoded_blocks_is_understood(
    fake_slack_api: FakeSlackApi,
) -> None:
    form = {"token": fake_slack_api.token, "channel": DM, "text": "P1"}
    async with aiohttp.ClientSession() as session:
        url = fake_slack_api.base_url + "chat.postMessage"
        blocks = json.dumps([section("P1")])
        async with session.post(url, data=form | {"blocks": blocks}) as posted:
            answer = await posted.json()
        async with session.post(url, data=form | {"blocks": "[{"}) as malformed:
            refusal = await malformed.json()
        async with session.post(url, data={"channel": DM, "text": "P1"}) as anonymous:
            unsigned = await anonymous.json()

    assert answer["message"]["blocks"] == [section("P1")]
    assert refusal["error"] == "invalid_blocks_format"
    assert unsigned == {"ok": False, "error": "not_authed"}
    assert [call.error for call in fake_slack_api.calls] == [
        None,
        "invalid_blocks_format",
        "not_authed",
    ]
    fake_slack_api.clear()
    assert fake_slack_api.calls == []
    assert len(fake_slack_api.messages(DM)) == 1


async def test_a_dm_is_opened_per_person_and_people_have_names(
    fake_slack_api: FakeSlackApi,
) -> None:
    fake_slack_api.add_user(PERSON, "Ada Lovelace")
    client = build_client(fake_slack_api)

    opened = await client.conversations_open(users=PERSON)
    person = await client.users_info(user=PERSON)
    channel = await client.conversations_info(channel=opened["channel"]["id"])

    assert opened["channel"]["id"] == DM
    assert person["user"]["real_name"] == "Ada Lovelace"
    assert channel["channel"]["is_im"]
    [call] = fake_slack_api.calls_to("conversations.open")
    assert call.params["users"] == PERSON


# --- response_url and files ----------------------------------------------------------------------


async def test_respond_reaches_the_response_url_sink(fake_slack_api: FakeSlackApi) -> None:
    app = build_app(fake_slack_api)

    @app.command("/townhall")
    async def handle(ack: AsyncAck, respond: AsyncRespond) -> None:
        await ack()
        await respond(text="Open consultations", response_type="ephemeral")

    reply_to = fake_slack_api.response_url("cmd-1")
    await dispatch(app, slash_command(SECRET, response_url=reply_to))
    [call] = await fake_slack_api.wait_for("response_url")

    assert call.ok
    assert call.response_id == "cmd-1"
    assert fake_slack_api.responses("cmd-1") == [
        {"text": "Open consultations", "response_type": "ephemeral"}
    ]


async def test_a_response_url_takes_five_responses_then_is_used(
    fake_slack_api: FakeSlackApi,
) -> None:
    webhook = AsyncWebhookClient(fake_slack_api.response_url("cmd-2"))
    fake_slack_api.fail_next("response_url", error="service_unavailable", status=503)

    statuses = [(await webhook.send(text=f"Reply {n}")).status_code for n in range(7)]

    assert statuses == [503, 200, 200, 200, 200, 200, 404]
    assert fake_slack_api.calls_to("response_url")[-1].error == "used_url"
    assert len(fake_slack_api.responses("cmd-2")) == 5


async def test_a_file_downloads_only_with_the_bot_token(fake_slack_api: FakeSlackApi) -> None:
    fake_slack_api.add_file("F0001", "draft plan.md", b"# Plan\n\nP1\n", "markdown")
    info = await build_client(fake_slack_api).files_info(file="F0001")
    url = info["file"]["url_private_download"]

    async with aiohttp.ClientSession() as session:
        bearer = {"Authorization": f"Bearer {fake_slack_api.token}"}
        async with session.get(url, headers=bearer) as authorised:
            data = await authorised.read()
        async with session.get(url) as anonymous:
            page = await anonymous.text()

    assert data == b"# Plan\n\nP1\n"
    assert authorised.content_type == "text/markdown"
    assert anonymous.status == 200  # Slack serves its sign-in page, not an error
    assert anonymous.content_type == "text/html"
    assert "Sign in" in page


async def test_a_shared_file_event_leads_to_its_file_info(fake_slack_api: FakeSlackApi) -> None:
    fake_slack_api.add_file("F0002", "draft.docx", b"PK\x03\x04", "docx")
    app = build_app(fake_slack_api)

    @app.event("file_shared")
    async def shared(event: Body, client: AsyncWebClient) -> None:
        await client.files_info(file=event["file_id"])

    await dispatch(app, event_callback(SECRET, file_shared_event("F0002")))
    [call] = await fake_slack_api.wait_for("files.info")

    file = call.response["file"]
    assert isinstance(file, dict)
    assert (file["name"], file["filetype"], file["size"]) == ("draft.docx", "docx", 4)
    assert str(file["url_private_download"]).startswith(fake_slack_api.root_url)


# --- over real HTTP ------------------------------------------------------------------------------


async def test_bolts_aiohttp_endpoint_answers_a_signed_post_and_refuses_a_forged_one(
    fake_slack_api: FakeSlackApi,
) -> None:
    app: AsyncApp = build_app(fake_slack_api)

    @app.command("/townhall")
    async def handle(ack: AsyncAck, command: Body) -> None:
        await ack(text=f"Joining {command['text']}")

    runner = web.AppRunner(app.web_app(path="/slack/events"))
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/slack/events"
        body, headers = slash_command(SECRET, text="plan")
        forged = signed_headers(body, "not-the-secret")
        async with aiohttp.ClientSession() as session:
            async with session.post(url, data=body, headers=headers) as accepted:
                answer = await accepted.text()
            async with session.post(url, data=body, headers=forged) as refused:
                refused_status = refused.status
    finally:
        await runner.cleanup()

    assert accepted.status == 200
    assert answer == "Joining plan"
    assert refused_status == 401
