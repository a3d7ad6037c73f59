"""Screens of a person's data rights: their data as a file, the question before erasing it."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonalDataFile:
    """The person's own data as a file, for their chat only (never a group's or channel's).

    Front ends send it as an attachment (a Telegram document, a Slack upload to the direct
    message) or write it to disk (the terminal), with `text` beside it.
    """

    filename: str
    content: bytes
    text: str
