"""What the front end reads from Slack's request bodies, as typed values; pure functions.

Bolt hands listeners the parsed JSON as dictionaries of Any; these functions are the one place
that reaches into them, so a missing field becomes "" or None rather than a KeyError.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.slack.events import actor_of
from core.model import Actor

Body = Mapping[str, Any]


def text_at(body: object, *path: str) -> str:
    """The string at `path` in nested mappings, or ""."""
    value: object = body
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value if isinstance(value, str) else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Press:
    """A button pressed on a message, in a modal or on the App Home."""

    team: str
    actor: Actor
    user: str
    value: str
    trigger_id: str
    channel: str  # "" inside a view
    message_ts: str  # "" inside a view
    view_id: str  # "" on a message
    view_type: str  # "modal", "home" or ""
    view_metadata: str


def press_of(body: Body, team: str) -> Press:
    actions = body.get("actions")
    action = actions[0] if isinstance(actions, list) and actions else {}
    user = text_at(body, "user", "id")
    name = text_at(body, "user", "username") or text_at(body, "user", "name")
    return Press(
        team=team,
        actor=actor_of(team, user, name),
        user=user,
        value=text_at(action, "value"),
        trigger_id=text_at(body, "trigger_id"),
        channel=text_at(body, "channel", "id") or text_at(body, "container", "channel_id"),
        message_ts=text_at(body, "container", "message_ts") or text_at(body, "message", "ts"),
        view_id=text_at(body, "view", "id"),
        view_type=text_at(body, "view", "type"),
        view_metadata=text_at(body, "view", "private_metadata"),
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class SlashCommand:
    """A slash command as typed."""

    team: str
    actor: Actor
    user: str
    text: str
    channel: str
    channel_name: str
    trigger_id: str


def slash_command_of(command: Body, team: str) -> SlashCommand:
    user = text_at(command, "user_id")
    return SlashCommand(
        team=team,
        actor=actor_of(team, user, text_at(command, "user_name")),
        user=user,
        text=text_at(command, "text"),
        channel=text_at(command, "channel_id"),
        channel_name=text_at(command, "channel_name"),
        trigger_id=text_at(command, "trigger_id"),
    )


def input_value(view: Body, block_id: str, action_id: str) -> str:
    """What was typed in a modal's input, or ""."""
    return text_at(view, "state", "values", block_id, action_id, "value")


def input_files(view: Body, block_id: str, action_id: str) -> list[Mapping[str, Any]]:
    """The files given in a modal's file_input."""
    values = view.get("state", {}).get("values", {}) if isinstance(view, Mapping) else {}
    entry = values.get(block_id, {}).get(action_id, {}) if isinstance(values, Mapping) else {}
    files = entry.get("files") if isinstance(entry, Mapping) else None
    return [file for file in files if isinstance(file, Mapping)] if isinstance(files, list) else []


def team_of(args: AsyncArgs) -> str:
    """The workspace the request comes from (an Enterprise Grid org when there is no team)."""
    return str(args.context.team_id or args.context.enterprise_id or "")
