"""Telegram's command menu (setMyCommands) and /help name the same participant commands."""

import re

from bots.telegram.events import MENU, PRIVATE_COMMANDS
from bots.telegram.rendering import render_help
from core.services.standing import HELP

# /start is Telegram's own Start button; /cancel only means something while writing.
_NOT_IN_MENU = {"start", "cancel"}


def _help_commands() -> set[str]:
    """The commands that begin a line of /help's participant part (before "Organisers")."""
    participant = render_help(HELP).text.split("<b>Organisers</b>")[0]
    found: set[str] = set()
    for line in participant.splitlines()[1:]:  # the first is the title
        head = line.split(" — ")[0]
        found |= set(re.findall(r"/(\w+)", head))
    return found


def test_the_menu_lists_every_participant_command_that_help_lists() -> None:
    assert {name for name, _ in MENU} == _help_commands() - _NOT_IN_MENU


def test_the_menu_lists_data_rights() -> None:
    names = [name for name, _ in MENU]
    assert "mydata" in names
    assert "forget" in names


def test_every_menu_command_is_one_the_bot_answers_in_a_private_chat() -> None:
    assert {name for name, _ in MENU} <= set(PRIVATE_COMMANDS)
