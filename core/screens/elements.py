"""The parts every screen is built of: notices, buttons and their tones, and help."""

import enum
from dataclasses import dataclass, field
from typing import TypeAlias

from core.intents import ButtonIntent


class Tone(enum.StrEnum):
    """How a notice should feel: renderers may pick an icon or colour from it."""

    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class ButtonStyle(enum.StrEnum):
    """Emphasis for a button where the platform supports it."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True, kw_only=True)
class Button:
    """A labelled button standing for an intent."""

    label: str
    intent: ButtonIntent
    style: ButtonStyle = ButtonStyle.DEFAULT


ButtonRows: TypeAlias = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """A short message: a confirmation, a refusal, a hint."""

    text: str
    tone: Tone = Tone.INFO
    buttons: ButtonRows = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class HelpEntry:
    """One thing a person can do; `action` is the neutral command name (`progress`)."""

    action: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Help:
    """What a person can do, for the front end to phrase in its own command syntax."""

    entries: tuple[HelpEntry, ...] = field(default=())
