"""Argument types of the command line: each turns one word into a value or a usage error.

They run while arguments are parsed, and the module is imported to build the command table,
so anything beyond the standard library is imported inside the type that needs it (see the
note at bots.cli's command table).
"""

import argparse
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from bots.selections import parse_offsets

if TYPE_CHECKING:
    from core.model import ParticipantRef

T = TypeVar("T")


def moment(text: str) -> datetime:
    """An ISO 8601 date and time with Z or an offset, as aware UTC; local time is refused."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"“{text}” is not an ISO 8601 date and time, such as 2027-03-31T12:00Z"
        ) from None
    if parsed.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"“{text}” has no time zone: add Z for UTC or an offset such as +01:00 "
            "(2027-03-31T12:00Z, 2027-03-31T12:00+01:00)"
        )
    return parsed.astimezone(UTC)


def positive(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got “{text}”")
    return int(text)


def name(text: str) -> str:
    from bots.identities import is_terminal_name

    if not is_terminal_name(text):
        raise argparse.ArgumentTypeError(
            f"“{text}” cannot be a name: use up to 64 letters, digits, . _ or -"
        )
    return text


def identity(text: str) -> "ParticipantRef":
    from bots.identities import InvalidIdentity, parse_identity

    try:
        return parse_identity(text)
    except InvalidIdentity as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def offsets(text: str) -> tuple[timedelta, ...]:
    return checked(parse_offsets)(text)


def checked(parse: Callable[[str], T]) -> Callable[[str], T]:
    """The parser as an argument type: its ValueError becomes a usage error."""

    def parsed(text: str) -> T:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parsed
