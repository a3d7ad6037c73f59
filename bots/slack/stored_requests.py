"""Slack requests as the inbox keeps them: the key that tells a redelivery, the person, the body.

Keys (unique among Slack's events; a retry or a redelivery carries the same one):
- Events API deliveries: the `event_id` (X-Slack-Retry-Num retries repeat it);
- slash commands and interactions (block_actions, view_submission, shortcuts): the
  workspace and the `trigger_id`, fresh for each thing a person does;
- an interaction without a trigger: the view's id and hash, or the action's `action_ts`;
- anything else: a digest of the body (a redelivery is the same body).
url_verification and ssl_check are handshakes, not events: they have no key and are not kept.

The stored body is JSON: how the request came (`http` with the raw body, which Bolt parses
again; `socket_mode` with the payload), the headers Bolt reads (content type, retry number and
reason: no signature) and the person, whose requests are processed in order.
"""

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest

from bots.slack.form_bodies import HTTP, read_request

SOCKET_MODE = "socket_mode"
KEPT_HEADERS = ("content-type", "x-slack-retry-num", "x-slack-retry-reason")
HANDSHAKES = frozenset({"url_verification", "ssl_check"})

Body = Mapping[str, Any]


def event_key(body: Body) -> str | None:
    """The request's key in the inbox; None for a handshake."""
    kind = body.get("type")
    if kind in HANDSHAKES or "ssl_check" in body:
        return None
    if kind == "event_callback" and body.get("event_id"):
        return str(body["event_id"])
    team = team_of(body)
    if body.get("trigger_id"):
        return f"{team}:{body['trigger_id']}"
    view = body.get("view")
    if isinstance(view, Mapping) and view.get("id"):
        return f"{team}:view:{view['id']}:{view.get('hash', '')}"
    actions = body.get("actions")
    if isinstance(actions, Sequence) and actions and isinstance(actions[0], Mapping):
        return f"{team}:action:{actions[0].get('action_ts', '')}:{_person(body)}"
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def team_of(body: Body) -> str:
    """The workspace (or, without one, the Enterprise Grid org) the request comes from."""
    for holder in (body, body.get("event"), body.get("view")):
        if isinstance(holder, Mapping) and holder.get("team_id"):
            return str(holder["team_id"])
    for name in ("team", "enterprise"):
        holder = body.get(name)
        if isinstance(holder, Mapping) and holder.get("id"):
            return str(holder["id"])
    return str(body.get("enterprise_id") or "")


def _person(body: Body) -> str:
    user = body.get("user")
    if isinstance(user, Mapping):
        return str(user.get("id", ""))
    event = body.get("event")
    if isinstance(event, Mapping):
        return str(event.get("user") or event.get("user_id") or "")
    return str(body.get("user_id") or "")


def _whose(body: Body) -> str:
    person = _person(body)
    return f"{team_of(body)}:{person}" if person else ""


def kept(request: AsyncBoltRequest) -> str:
    """The request as the inbox stores it (JSON text)."""
    headers = {
        name: request.headers[name][0] for name in KEPT_HEADERS if request.headers.get(name)
    }
    return json.dumps(
        {
            "mode": request.mode,
            "body": request.raw_body if request.mode == HTTP else request.body,
            "headers": headers,
            "person": _whose(request.body),
        },
        separators=(",", ":"),
    )


def restored(stored: str) -> AsyncBoltRequest:
    """The request Bolt dispatches, from what `kept` stored."""
    data = json.loads(stored)
    if data["mode"] == HTTP:
        return read_request(data["body"], data["headers"])
    return AsyncBoltRequest(body=data["body"], headers=data["headers"], mode=data["mode"])


def person_of(stored: str) -> str:
    """Whose request it is (workspace and user; "" for nobody's), from what `kept` stored."""
    return str(json.loads(stored).get("person", ""))
