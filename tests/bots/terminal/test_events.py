"""A typed line read against what the screen shows, without a core: bots.terminal.events."""

import pytest

from bots.chat.grammar import Usage
from bots.terminal.events import OnScreen, read_line
from core.intents import FreeText, ShowProgress, StartComment
from core.screens import Button


@pytest.mark.parametrize("line", ["quit", "exit", " QUIT \n"])
def test_quit_ends_the_chat(line: str) -> None:
    assert read_line(line, OnScreen()) is None


def test_an_empty_line_outside_a_comment_prompt_prints_nothing() -> None:
    assert read_line("\n", OnScreen()) == Usage(text="")


def test_inside_a_comment_prompt_a_line_that_is_no_command_is_the_comment() -> None:
    read = read_line("quite right, but\n", OnScreen(prompt_pending=True))

    assert isinstance(read, FreeText)
    assert read.body == "quite right, but"


def test_inside_a_comment_prompt_a_command_is_still_a_command() -> None:
    assert read_line("progress", OnScreen(prompt_pending=True, consultation_id=3)) == (
        ShowProgress(consultation_id=3)
    )


def test_a_number_presses_that_button_of_the_last_screen_and_no_other() -> None:
    comment = StartComment(consultation_id=3, paragraph_id=12)
    shown = OnScreen(buttons=(Button(label="💬 Comment", intent=comment),))

    assert read_line("1", shown) == comment
    assert read_line("2", shown) == Usage(text="There is no button [2] on the last screen.")


def test_agree_before_any_paragraph_is_shown_says_how_to_see_one() -> None:
    assert read_line("agree", OnScreen()) == Usage(
        text="No paragraph is shown yet. Type continue to see one."
    )
