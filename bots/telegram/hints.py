"""The core's command hints as Telegram commands: `/unmute`, `/open budget`, `/start TOKEN`."""

from core.hints import Command, CommandHint, spell_hints

# Where Telegram's command is not the neutral name (bots.telegram.events.COMMANDS).
NAMES = {Command.LIST: "start", Command.JOIN: "start"}


def spell(hint: CommandHint) -> str:
    name = NAMES.get(hint.command, hint.command.value)
    return f"/{name} {hint.argument}" if hint.argument else f"/{name}"


def say(text: str) -> str:
    """A core text with its command hints spelled for Telegram (before escaping)."""
    return spell_hints(text, spell)
