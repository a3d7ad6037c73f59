"""How a person on each platform becomes a core ParticipantRef, decided once for every front end.

Telegram user ids are unique across Telegram, so every Telegram user shares one tenant,
"telegram". Slack user ids are unique only within a workspace, so the tenant is the team id.
The terminal chat runs on the operator's machine: its people share the tenant "local" and are
known by the name they give (`townhall chat SLUG --as NAME`).

The CLI and config spell an identity `telegram:123456`, `slack:T0123:U0456` or `terminal:NAME`.
"""

import re

from core.model import ParticipantRef, Platform

TELEGRAM_TENANT = "telegram"
TERMINAL_TENANT = "local"

_TELEGRAM_ID = re.compile(r"[1-9][0-9]{0,18}")
_SLACK_ID = re.compile(r"[A-Z][A-Z0-9]{1,31}")
_TERMINAL_NAME = re.compile(r"[\w.-]{1,64}")
_SPELLINGS = "telegram:123456, slack:TEAM:USER or terminal:NAME"


class InvalidIdentity(ValueError):
    """An identity that is not spelled `platform:id` as documented above."""


def telegram_ref(user_id: int) -> ParticipantRef:
    return ParticipantRef(
        platform=Platform.TELEGRAM, tenant=TELEGRAM_TENANT, external_id=str(user_id)
    )


def slack_ref(team_id: str, user_id: str) -> ParticipantRef:
    return ParticipantRef(platform=Platform.SLACK, tenant=team_id, external_id=user_id)


def terminal_ref(name: str) -> ParticipantRef:
    return ParticipantRef(platform=Platform.TERMINAL, tenant=TERMINAL_TENANT, external_id=name)


def is_terminal_name(name: str) -> bool:
    return _TERMINAL_NAME.fullmatch(name) is not None


def parse_identity(text: str) -> ParticipantRef:
    """`telegram:123456`, `slack:TEAM:USER` or `terminal:NAME` as a ParticipantRef."""
    platform, _, rest = text.partition(":")
    if platform == "telegram" and _TELEGRAM_ID.fullmatch(rest):
        return telegram_ref(int(rest))
    if platform == "slack":
        team, _, user = rest.partition(":")
        if _SLACK_ID.fullmatch(team) and _SLACK_ID.fullmatch(user):
            return slack_ref(team, user)
    if platform == "terminal" and is_terminal_name(rest):
        return terminal_ref(rest)
    raise InvalidIdentity(f"“{text}” is not an identity: expected {_SPELLINGS}")


def format_identity(ref: ParticipantRef) -> str:
    """The spelling parse_identity accepts, so what the CLI prints can be pasted back."""
    if ref.platform is Platform.SLACK:
        return f"slack:{ref.tenant}:{ref.external_id}"
    return f"{ref.platform}:{ref.external_id}"
