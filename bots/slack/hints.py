"""The core's command hints as the app's slash command: `/townhall unmute`, `/townhall open x`.

The slash command is configurable (`[slack] command`), so every spelling takes it.
"""

from core.hints import Command, CommandHint, spell_hints

# Where the subcommand is not the neutral name (bots.slack.events.COMMANDS); "" is the bare
# command, which lists the open consultations.
WORDS = {Command.LIST: ""}


def spell(hint: CommandHint, command: str) -> str:
    words = (command, WORDS.get(hint.command, hint.command.value), hint.argument)
    return " ".join(word for word in words if word)


def say(text: str, command: str) -> str:
    """A core text with its command hints spelled as `command` subcommands (before escaping)."""
    return spell_hints(text, lambda hint: spell(hint, command))
