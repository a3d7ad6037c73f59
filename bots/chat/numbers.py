"""Numbers a person types in chat (ids, counts, paragraph numbers): one rule for every command.

ASCII digits only — no sign, no other script's digits, no superscripts — from 1 to the largest
value of a database integer column (ids are 32-bit INTEGER columns on PostgreSQL), the length
checked before int() is asked to convert (it refuses more than 4300 digits by raising). Button
payloads follow the same bound (core.callbacks).
"""

from core.ids import LARGEST_ID

LARGEST_NUMBER = LARGEST_ID


def read_number(text: str) -> int | None:
    """A number a person typed: 1 to LARGEST_NUMBER in ASCII digits, else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_NUMBER)):
        return None
    number = int(text)
    return number if 0 < number <= LARGEST_NUMBER else None
