"""Button payloads: intents packed into short versioned strings, and checked on the way back.

A payload is `1:<code>:<field>:...`, derived from the intent itself as aiogram's CallbackData
is: the `button_code` its class declares (core.intents), then its fields in declaration order,
each packed by its declared type (an id as ASCII decimals, an id left out as nothing, a choice
or comment vote as one letter, a flag as 1 or 0, a Join token as itself). It fits Telegram's
64-byte `callback_data` and Slack's action values, survives restarts (nothing is cached in
memory) and is validated strictly: anything the core did not produce decodes to InvalidPayload.

Every member of `ButtonIntent` gets a layout: mypy refuses a member without `button_code`
(`_layout` reads it), a field type without a packing fails at import, and the tests check that
the codes are unique and that payloads already in people's chats still decode the same
(tests/core/test_callback_wire.py).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from enum import Enum
from typing import get_args

from core.errors import InvalidPayload
from core.hints import Command, hint
from core.ids import LARGEST_ID
from core.intents import ButtonIntent, Intent
from core.model import PAYLOAD_PATTERN, Choice, CommentVote, ReadingFilter
from core.moderation import CommentMenu, ModerationAction, ReportReason

VERSION = "1"
MAX_PAYLOAD_BYTES = 64


@dataclass(frozen=True, slots=True)
class _Packing:
    """How values of one field type are written into a payload, and read back strictly."""

    pack: Callable[[object], str]
    unpack: Callable[[str], object]


@dataclass(frozen=True, slots=True)
class _Layout:
    """A button intent on the wire: its code, then its fields in declaration order."""

    code: str
    make: Callable[..., ButtonIntent]
    fields: tuple[tuple[str, _Packing], ...]


def encode(intent: Intent) -> str:
    """Pack a button's intent; raises ValueError for intents that carry free text."""
    layout = _BY_TYPE.get(type(intent))
    if layout is None:
        raise ValueError(f"{type(intent).__name__} cannot be a button")
    values = (packing.pack(getattr(intent, name)) for name, packing in layout.fields)
    payload = ":".join((VERSION, layout.code, *values))
    if _too_long(payload):
        raise ValueError(f"payload longer than {MAX_PAYLOAD_BYTES} bytes: {payload!r}")
    return payload


def decode(payload: str) -> Intent:
    """Unpack a payload produced by `encode`; anything else raises InvalidPayload."""
    if _too_long(payload):
        raise _invalid()
    version, _, rest = payload.partition(":")
    code, *values = rest.split(":")
    layout = _BY_CODE.get(code)
    if version != VERSION or layout is None or len(values) != len(layout.fields):
        raise _invalid()
    try:
        unpacked = {
            name: packing.unpack(value)
            for (name, packing), value in zip(layout.fields, values, strict=True)
        }
    except (ValueError, KeyError) as error:
        raise _invalid() from error
    return layout.make(**unpacked)


def _too_long(payload: str) -> bool:
    """Telegram's limit on `callback_data`, the tightest of the platforms', counted in bytes."""
    return len(payload.encode()) > MAX_PAYLOAD_BYTES


def _invalid() -> InvalidPayload:
    return InvalidPayload(
        f"This button is not valid any more. Type {hint(Command.HELP)} to see where you are."
    )


def _id(value: str) -> int:
    # int() alone would accept " 7", "+7", "٧" and "7_0"; ids are plain ASCII decimals, and
    # one past a database integer is refused here rather than by the database's driver.
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(LARGEST_ID)):
        raise ValueError(value)
    number = int(value)
    if not 0 < number <= LARGEST_ID:
        raise ValueError(value)
    return number


def _optional_id(value: str) -> int | None:
    return None if value == "" else _id(value)


def _pack_optional(value: object) -> str:
    return "" if value is None else str(value)


def _flag(value: str) -> bool:
    if value not in ("1", "0"):
        raise ValueError(value)
    return value == "1"


def _pack_flag(value: object) -> str:
    return "1" if value else "0"


def _token(value: str) -> str:
    if not PAYLOAD_PATTERN.fullmatch(value):
        raise ValueError(value)
    return value


def _letters(members: Mapping[str, Enum]) -> _Packing:
    """One letter a member; an unknown letter raises KeyError, so it decodes to InvalidPayload."""
    letters: dict[object, str] = {member: letter for letter, member in members.items()}
    return _Packing(pack=letters.__getitem__, unpack=members.__getitem__)


# Keyed by a field's declared type. Changing a packing changes payloads already in chats.
_PACKINGS: dict[object, _Packing] = {
    int: _Packing(pack=str, unpack=_id),
    int | None: _Packing(pack=_pack_optional, unpack=_optional_id),
    bool: _Packing(pack=_pack_flag, unpack=_flag),
    str: _Packing(pack=str, unpack=_token),
    Choice: _letters({"a": Choice.AGREE, "d": Choice.DISAGREE}),
    # Releases before target values wrote only "u" and "d", and meant "vote up/down": the same
    # codes now mean "set up/down", so a card already in someone's chat keeps working.
    CommentVote: _letters({"u": CommentVote.UP, "d": CommentVote.DOWN, "n": CommentVote.NONE}),
    ReadingFilter: _letters(
        {
            "v": ReadingFilter.VOTED,
            "c": ReadingFilter.COMMENTED,
            "x": ReadingFilter.CONTROVERSIAL,
            "s": ReadingFilter.SUPPORTED,
            "d": ReadingFilter.DECIDED,
            "m": ReadingFilter.MINE,
        }
    ),
    ReportReason: _letters(
        {
            "s": ReportReason.SPAM,
            "o": ReportReason.OFFENSIVE,
            "t": ReportReason.OFF_TOPIC,
            "x": ReportReason.OTHER,
        }
    ),
    CommentMenu: _letters(
        {"a": CommentMenu.ACTIONS, "r": CommentMenu.REPORT, "d": CommentMenu.DELETE}
    ),
    ModerationAction: _letters(
        {
            "r": ModerationAction.RESTORE,
            "h": ModerationAction.HIDE,
            "b": ModerationAction.HIDE_AND_BLOCK,
        }
    ),
}


def _layout(intent: type[ButtonIntent]) -> _Layout:
    declared = fields(intent)
    unknown = [field.name for field in declared if field.type not in _PACKINGS]
    if unknown:
        raise TypeError(f"{intent.__name__}: no button packing for the fields {unknown}")
    return _Layout(
        code=intent.button_code,
        make=intent,
        fields=tuple((field.name, _PACKINGS[field.type]) for field in declared),
    )


_BY_TYPE: dict[type[object], _Layout] = {
    intent: _layout(intent) for intent in get_args(ButtonIntent)
}
_BY_CODE: dict[str, _Layout] = {layout.code: layout for layout in _BY_TYPE.values()}
