"""The core's command hints as words typed in the terminal chat, or `townhall` commands.

What a participant does is a word typed in the chat (`unmute`, `join budget`); what an organiser
does is a command line (`townhall open budget`). Linking and posting only exist in groups and
channels: the terminal names them as they are typed there, without a slash.
"""

from core.hints import Command, CommandHint, spell_hints

_CHAT_WORDS = {Command.NEXT: "continue"}
_COMMAND_LINE = {
    Command.NEW: "townhall import",
    Command.OPEN: "townhall open",
    Command.CLOSE: "townhall close",
    Command.INVITE: "townhall invite",
    Command.BROADCAST: "townhall broadcast",
    Command.REPORT: "townhall report",
}


def spell(hint: CommandHint) -> str:
    if hint.argument and hint.command is Command.NEXT:  # `next voted`: `next` takes filters
        return f"next {hint.argument}"
    words = _COMMAND_LINE.get(hint.command) or _CHAT_WORDS.get(hint.command, hint.command.value)
    return f"{words} {hint.argument}" if hint.argument else words


def say(text: str) -> str:
    """A core text with its command hints spelled for the terminal and the command line."""
    return spell_hints(text, spell)
