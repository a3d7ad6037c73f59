"""Counts read right in every front end: "1 paragraph", "the one paragraph", not "1 paragraphs"."""

import re

import pytest

from bots.slack import rendering as slack_rendering
from bots.telegram import rendering as telegram_rendering
from bots.terminal import rendering as terminal_rendering
from core.screens import Finished, Overview, Progress, Screen

WRONG = re.compile(r"\b1 (paragraphs|released paragraphs|comments|votes|sections)\b|all 1 ")
DEADLINE = "closes 15 Feb 2027, 1 day left"


def rendered(screen: Screen) -> list[str]:
    slack = slack_rendering.render(screen, "/townhall")
    return [
        "\n".join(m.text for m in telegram_rendering.render(screen, "townhall_bot")),
        f"{slack.text}\n{slack.blocks}",
        terminal_rendering.render(screen).text,
    ]


def progress(*, reminder: bool = False, held: int = 0) -> Progress:
    return Progress(
        consultation_id=1,
        title="Plan",
        voted=1,
        total=1,
        comments=1,
        deadline=DEADLINE,
        muted=False,
        buttons=(),
        reminder=reminder,
        held=held,
    )


@pytest.mark.parametrize(
    "screen",
    [
        progress(),
        progress(reminder=True),
        progress(held=2),
        Overview(consultations=(progress(),), buttons=()),
        Finished(consultation_id=1, title="Plan", voted=1, total=1, deadline=DEADLINE, buttons=()),
    ],
    ids=["progress", "reminder", "drip", "overview", "finished"],
)
def test_one_of_a_thing_is_said_in_the_singular_in_every_front_end(screen: Screen) -> None:
    for text in rendered(screen):
        assert not WRONG.search(text), text
        assert re.search(r"1 (released )?paragraph\b|the one paragraph", text), text
