"""How organisers write a release, in the CLI and in chat: paragraphs and intervals.

    all              every paragraph                    10-14      P10 to P14
    3,5,7            those three                        P3,5-7     a leading P is fine
    1d  12h  30m     a day, twelve hours, thirty minutes (a drip: one paragraph per interval)

Each parser raises ValueError with a message fit to show the organiser.
"""

import dataclasses
import re
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from bots.chat.numbers import read_number

if TYPE_CHECKING:  # imported when used: the CLI's command table reads the examples below
    from core.intents import BroadcastParagraphs, CancelBroadcast, Intent

# ASCII digits only, as every number typed in chat (bots.chat.numbers): \d alone would take
# any script's digits ("١-٣").
_RANGE = re.compile(r"[Pp]?(\d{1,6})(?:\s*[-–]\s*[Pp]?(\d{1,6}))?", re.ASCII)
_INTERVAL = re.compile(r"(\d{1,4})\s*([dhm])", re.ASCII)
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}
PARAGRAPHS_EXAMPLE = "all, 10-14 or 3,5,7"
INTERVAL_EXAMPLE = "1d, 12h or 30m"


def parse_paragraphs(text: str) -> tuple[int, ...] | None:
    """The paragraph numbers, in order without repeats; None for all."""
    cleaned = text.strip()
    if cleaned.lower() == "all":
        return None
    numbers: set[int] = set()
    for part in cleaned.split(","):
        match = _RANGE.fullmatch(part.strip())
        if match is None:
            raise ValueError(f"“{text}” names no paragraphs: write {PARAGRAPHS_EXAMPLE}")
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        if first < 1 or last < first:
            raise ValueError(f"“{part.strip()}” is not a range of paragraphs, such as 10-14")
        numbers.update(range(first, last + 1))
    return tuple(sorted(numbers))


def parse_paragraph(text: str) -> int:
    """One paragraph number: P10 or 10."""
    match = _RANGE.fullmatch(text.strip())
    if match is None or match[2] or int(match[1]) < 1:
        raise ValueError(f"“{text}” is not a paragraph, such as P10")
    return int(match[1])


def parse_interval(text: str) -> timedelta:
    """A positive interval in days, hours or minutes."""
    match = _INTERVAL.fullmatch(text.strip().lower())
    if match is None or int(match[1]) == 0:
        raise ValueError(f"“{text}” is not an interval: write {INTERVAL_EXAMPLE}")
    return timedelta(**{_UNITS[match[2]]: int(match[1])})


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """Reminder offsets before the close, such as `7d,1d,2h`; `none` for no reminders."""
    if text.strip().lower() == "none":
        return ()
    offsets = {parse_interval(part) for part in text.split(",")}
    return tuple(sorted(offsets, reverse=True))


def describe_interval(interval: timedelta) -> str:
    """`1 day`, `12 hours`, `90 minutes`: the largest whole unit."""
    seconds = int(interval.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return f"{seconds} seconds"


def parse_broadcast(args: Sequence[str]) -> "BroadcastParagraphs | CancelBroadcast":
    """`SLUG [10-14] [every 1d]` or `cancel ID` from a chat command, as the organiser's intent.

    `cancel` followed by one number always cancels, even with a consultation named "cancel".
    """
    from core.intents import BroadcastParagraphs, CancelBroadcast

    if not args:
        raise ValueError("Say which consultation")
    if len(args) == 2 and args[0].lower() == "cancel":
        return CancelBroadcast(broadcast_id=parse_broadcast_id(args[1]))
    words = list(args[1:])
    every = None
    if len(words) >= 2 and words[-2].lower() == "every":
        every, words = parse_interval(words[-1]), words[:-2]
    if len(words) > 1:
        raise ValueError(f"“{' '.join(words)}” is not one paragraph selection")
    numbers = parse_paragraphs(words[0]) if words else None
    return BroadcastParagraphs(slug=args[0], numbers=numbers, every=every)


def name_the_request(intent: "Intent", key: str) -> "Intent":
    """Give a broadcast or post command the key of the platform request that sent it.

    A redelivery of that request then queues nothing new, or posts the same paragraph again;
    other intents are returned as they are.
    """
    from core.intents import BroadcastParagraphs, PostParagraph

    if isinstance(intent, BroadcastParagraphs | PostParagraph):
        return dataclasses.replace(intent, idempotency_key=key)
    return intent


def parse_broadcast_id(text: str) -> int:
    """The number a broadcast was given, as /report and cancel take it."""
    number = read_number(text)
    if number is None:
        raise ValueError(f"“{text}” is not a broadcast number")
    return number
