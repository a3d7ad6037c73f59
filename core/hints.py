"""Commands named in the core's texts: neutral references each front end spells its own way.

The core never writes a platform's command syntax (`/open`, `/townhall open`, `open`) into a
text. Where a notice, a question or an error tells a person what to type, it embeds a
`CommandHint` — `f"Type {hint(Command.UNMUTE)} to turn them back on."` — which reads as a
marker (`⟦unmute⟧`, `⟦open budget⟧`). Every front end passes the core's texts through
`spell_hints` with its own spelling before it escapes and shows them, so Telegram says
`/unmute`, Slack `/townhall unmute` and the terminal `unmute`.
"""

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass


class Command(enum.StrEnum):
    """What a person can be told to type, by its neutral name."""

    HELP = "help"
    LIST = "list"  # the open consultations
    JOIN = "join"  # argument: a slug or an invitation token
    NEXT = "next"  # the next paragraph not voted on
    PROGRESS = "progress"
    STATS = "stats"
    MUTE = "mute"
    UNMUTE = "unmute"
    LEAVE = "leave"
    CANCEL = "cancel"
    NEW = "new"
    OPEN = "open"
    CLOSE = "close"
    INVITE = "invite"
    BROADCAST = "broadcast"
    REPORT = "report"
    LINK = "link"
    POST = "post"
    REVIEW = "review"  # argument: a slug; a moderator's review queue
    MYDATA = "mydata"  # everything townhall holds about the person, as a file
    FORGET = "forget"  # erase the person (after a confirmation button)
    SUBSCRIBE = "subscribe"  # the consultation's digests, when its organisers send them
    UNSUBSCRIBE = "unsubscribe"
    DASHBOARD = "dashboard"  # argument: a slug; an organiser's signed dashboard link
    PARAGRAPH = "paragraph"  # arguments: a slug, a paragraph, decided|voting (its status)


@dataclass(frozen=True, slots=True)
class CommandHint:
    """A command with its argument (a slug, a number, or a placeholder such as `SLUG`)."""

    command: Command
    argument: str = ""

    def __str__(self) -> str:
        tail = f" {self.argument}" if self.argument else ""
        return f"⟦{self.command}{tail}⟧"


Spelling = Callable[[CommandHint], str]

_MARKER = re.compile(r"⟦([a-z]+)(?: ([^⟦⟧\n]{1,80}))?⟧")
_COMMANDS = {command.value: command for command in Command}


def hint(command: Command, argument: object = "") -> str:
    """The marker for a command, to write into a text: `hint(Command.OPEN, slug)`."""
    return str(CommandHint(command, str(argument)))


def unknown_command(typed: str) -> str:
    """What every front end answers to a command it does not know (`typed` as it was typed)."""
    return f"I don't know {typed} — {hint(Command.HELP)} lists what you can do"


def hints_in(text: str) -> list[CommandHint]:
    """The command hints a text carries, in order."""
    return [found for match in _MARKER.finditer(text) if (found := _parse(match)) is not None]


def spell_hints(text: str, spell: Spelling) -> str:
    """The text with each hint spelled by the front end's `spell`."""

    def spelled(match: re.Match[str]) -> str:
        found = _parse(match)
        return match.group(0) if found is None else spell(found)

    return _MARKER.sub(spelled, text)


def _parse(match: re.Match[str]) -> CommandHint | None:
    command = _COMMANDS.get(match.group(1))
    return None if command is None else CommandHint(command, match.group(2) or "")
