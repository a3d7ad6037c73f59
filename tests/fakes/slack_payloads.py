"""Requests as Slack sends them to an app, signed at call time, for `AsyncApp.async_dispatch`.

Each builder returns `(body, headers)`: the raw body and the headers Bolt verifies, signed with
`int(time.time())` unless a test passes `timestamp` (a stale or future one). Payload shapes
follow Slack's documented JSON; every trigger_id and event_id is fresh.

    body, headers = block_actions(SECRET, action_id="vote", value="v1:7:a", channel_id="D1")
    response = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
"""

import itertools
import json
import time
from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode

from slack_sdk.signature import SignatureVerifier

from tests.fakes.slack_workspace import APP_ID, BOT_USER_ID, TEAM_ID

Json = dict[str, object]
SignedRequest = tuple[str, dict[str, str]]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
PERSON = "U0001"
VERIFICATION_TOKEN = "legacy-verification-token"  # deprecated by Slack; Bolt ignores it

_numbers = itertools.count(1)


def signed_headers(
    body: str, secret: str, *, timestamp: int | None = None, content_type: str = FORM
) -> dict[str, str]:
    """Content-Type, X-Slack-Request-Timestamp and X-Slack-Signature for a body."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "content-type": content_type,
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": signature or "",
    }


def new_trigger_id() -> str:
    """A fresh trigger_id shaped like Slack's."""
    number = next(_numbers)
    return f"{int(time.time())}.{number}.{number:032x}"


def slash_command(
    secret: str,
    *,
    command: str = "/townhall",
    text: str = "",
    user_id: str = PERSON,
    user_name: str = "ada",
    team_id: str = TEAM_ID,
    channel_id: str = "C0001",
    trigger_id: str | None = None,
    response_url: str = "",
    timestamp: int | None = None,
) -> SignedRequest:
    channel_name = "directmessage" if channel_id.startswith("D") else channel_id.lower()
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": "townhall-test",
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or new_trigger_id(),
    }
    body = urlencode(fields)
    return body, signed_headers(body, secret, timestamp=timestamp)


def block_actions(
    secret: str,
    *,
    action_id: str,
    value: str = "",
    block_id: str = "actions",
    user_id: str = PERSON,
    user_name: str = "ada",
    team_id: str = TEAM_ID,
    channel_id: str | None = "C0001",
    message: Mapping[str, object] | None = None,
    view: Mapping[str, object] | None = None,
    trigger_id: str | None = None,
    response_url: str = "",
    timestamp: int | None = None,
) -> SignedRequest:
    """A button press: on `message` (one the bot sent) in `channel_id`, or inside `view`."""
    payload: Json = {
        "type": "block_actions",
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "user": _user(user_id, user_name, team_id),
        "team": _team(team_id),
        "enterprise": None,
        "is_enterprise_install": False,
        "trigger_id": trigger_id or new_trigger_id(),
        "state": {"values": {}},
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "text": {"type": "plain_text", "text": action_id, "emoji": True},
                "action_ts": _event_ts(),
            }
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id", "V00000001")}
        payload["view"] = dict(view)
    else:
        sent = dict(message or {"type": "message", "ts": _event_ts(), "text": "", "blocks": []})
        payload["container"] = {
            "type": "message",
            "message_ts": sent.get("ts"),
            "channel_id": channel_id,
            "is_ephemeral": False,
        }
        payload["channel"] = {"id": channel_id, "name": str(channel_id).lower()}
        payload["message"] = sent
        payload["response_url"] = response_url
    return interactive(secret, payload, timestamp=timestamp)


def view_submission(
    secret: str,
    *,
    callback_id: str,
    values: Mapping[str, Mapping[str, object]],
    view_id: str = "V00000001",
    private_metadata: str = "",
    user_id: str = PERSON,
    user_name: str = "ada",
    team_id: str = TEAM_ID,
    response_urls: Sequence[Mapping[str, object]] = (),
    timestamp: int | None = None,
) -> SignedRequest:
    """A modal submitted; `values` is {block_id: {action_id: text or a full state value}}."""
    state = {
        block_id: {
            action_id: {"type": "plain_text_input", "value": entry}
            if isinstance(entry, str | None)
            else entry
            for action_id, entry in actions.items()
        }
        for block_id, actions in values.items()
    }
    view: Json = {
        "id": view_id,
        "team_id": team_id,
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": private_metadata,
        "state": {"values": state},
        "hash": "1700000000.00000001",
        "title": {"type": "plain_text", "text": "Townhall"},
        "blocks": [],
        "root_view_id": view_id,
        "previous_view_id": None,
        "app_id": APP_ID,
        "bot_id": "B0BOT",
        "external_id": "",
    }
    payload: Json = {
        "type": "view_submission",
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "team": _team(team_id),
        "user": _user(user_id, user_name, team_id),
        "view": view,
        "trigger_id": new_trigger_id(),
        "response_urls": list(response_urls),
        "enterprise": None,
        "is_enterprise_install": False,
    }
    return interactive(secret, payload, timestamp=timestamp)


def interactive(
    secret: str, payload: Mapping[str, object], *, timestamp: int | None = None
) -> SignedRequest:
    """Any interactivity payload, sent as Slack sends it: a form field `payload` of JSON."""
    body = "payload=" + quote(json.dumps(payload))
    return body, signed_headers(body, secret, timestamp=timestamp)


def event_callback(
    secret: str,
    event: Mapping[str, object],
    *,
    event_id: str | None = None,
    team_id: str = TEAM_ID,
    retry_num: int | None = None,
    retry_reason: str = "http_timeout",
    timestamp: int | None = None,
) -> SignedRequest:
    """An Events API delivery; a retry (`retry_num`) repeats the first delivery's event_id."""
    envelope: Json = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "api_app_id": APP_ID,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id or f"Ev{next(_numbers):08d}",
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    body = json.dumps(envelope)
    headers = signed_headers(body, secret, timestamp=timestamp, content_type=JSON)
    if retry_num is not None:
        headers |= {"x-slack-retry-num": str(retry_num), "x-slack-retry-reason": retry_reason}
    return body, headers


def url_verification(
    secret: str, challenge: str, *, timestamp: int | None = None
) -> SignedRequest:
    body = json.dumps(
        {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}
    )
    return body, signed_headers(body, secret, timestamp=timestamp, content_type=JSON)


# --- events, for event_callback --------------------------------------------------------------


def message_event(
    channel: str,
    text: str,
    *,
    user: str = PERSON,
    ts: str | None = None,
    thread_ts: str | None = None,
    channel_type: str = "channel",
) -> Json:
    """A person's message; with `thread_ts`, a reply in that message's thread."""
    sent = ts or _event_ts()
    event: Json = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": sent,
        "event_ts": sent,
        "channel_type": channel_type,
        "team": TEAM_ID,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
        event["parent_user_id"] = BOT_USER_ID
    return event


def app_home_opened_event(user: str = PERSON, *, tab: str = "home") -> Json:
    return {
        "type": "app_home_opened",
        "user": user,
        "channel": "D" + user,
        "tab": tab,
        "event_ts": _event_ts(),
    }


def file_shared_event(file_id: str, *, user: str = PERSON, channel_id: str | None = None) -> Json:
    """A file shared with the app; pair it with FakeSlackApi.add_file to fetch it."""
    return {
        "type": "file_shared",
        "file_id": file_id,
        "user_id": user,
        "file": {"id": file_id},
        "channel_id": channel_id or "D" + user,
        "event_ts": _event_ts(),
    }


def _user(user_id: str, user_name: str, team_id: str) -> Json:
    return {"id": user_id, "username": user_name, "name": user_name, "team_id": team_id}


def _team(team_id: str) -> Json:
    return {"id": team_id, "domain": "townhall-test"}


def _event_ts() -> str:
    return f"{time.time():.6f}"
