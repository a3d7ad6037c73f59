"""Argument types of the command line: each turns one word into a value or a usage error.

They run while arguments are parsed, and the module is imported to build the command table,
so anything beyond the standard library is imported inside the type that needs it (see the
note at bots.runtime.cli's command table).
"""

import argparse
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, TypeVar

from bots.chat.numbers import LARGEST_NUMBER, read_number
from bots.chat.selections import parse_offsets

if TYPE_CHECKING:
    from core.model import ParticipantRef

T = TypeVar("T")

# Dates are read by core.dates once the configuration names the time zone
# (bots.runtime.cli_commands).
DATES = (
    "2027-03-31 (the end of that day in [consultation] timezone, default UTC), "
    "2027-03-31T17:00+01:00, 15 Feb 2027 or 'in 30 days'"
)


def positive(text: str) -> int:
    """A count or an id: a whole number from 1 to the largest a database id holds."""
    number = read_number(text)
    if number is None:
        raise argparse.ArgumentTypeError(
            f"expected a whole number from 1 to {LARGEST_NUMBER}, got “{text[:40]}”"
        )
    return number


def name(text: str) -> str:
    from bots.chat.identities import is_terminal_name

    if not is_terminal_name(text):
        raise argparse.ArgumentTypeError(
            f"“{text}” cannot be a name: use up to 64 letters, digits, . _ or -"
        )
    return text


def identity(text: str) -> "ParticipantRef":
    from bots.chat.identities import InvalidIdentity, parse_identity

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
