"""The one command grammar: what each command reads as, and the usage when it does not fit."""

import pytest

from bots.chat.grammar import PRIVATE, Place, Usage, read
from bots.chat.numbers import LARGEST_NUMBER
from core.hints import Command, hints_in
from core.intents import (
    CreateInvitation,
    Join,
    LinkChannel,
    PostParagraph,
    Resume,
    ShowDeliveryReport,
    ShowFullStatistics,
    ShowReading,
    ShowStatistics,
)
from core.model import ChannelRef, Platform, ReadingFilter

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="", chat_id="-100")
IN_GROUP = Place(channel=GROUP, channel_title="Neighbours")


@pytest.mark.parametrize("command", list(Command), ids=str)
def test_every_command_reads_as_an_intent_or_a_usage_naming_it(command: Command) -> None:
    for arguments in ("", "plan", "plan 2 3 4"):
        for place in (PRIVATE, IN_GROUP):
            result = read(command, arguments, place)

            if isinstance(result, Usage):
                assert command in [found.command for found in hints_in(result.text)]


@pytest.mark.parametrize(
    ("command", "arguments", "place", "intent"),
    [
        (Command.JOIN, "plan", PRIVATE, Join(payload="plan")),
        (Command.NEXT, "", Place(consultation_id=7), Resume(consultation_id=7)),
        (
            Command.NEXT,
            "Controversial",
            Place(consultation_id=7),
            ShowReading(consultation_id=7, kind=ReadingFilter.CONTROVERSIAL),
        ),
        (
            Command.NEXT,
            "mine",
            PRIVATE,
            ShowReading(consultation_id=None, kind=ReadingFilter.MINE),
        ),
        (Command.STATS, "", PRIVATE, ShowStatistics()),
        (Command.STATS, "plan", PRIVATE, ShowFullStatistics(slug="plan")),
        (Command.INVITE, "plan", PRIVATE, CreateInvitation(slug="plan")),
        (Command.INVITE, "plan 50", PRIVATE, CreateInvitation(slug="plan", uses=50)),
        (Command.REPORT, str(LARGEST_NUMBER), PRIVATE, ShowDeliveryReport(broadcast_id=2**31 - 1)),
        (Command.POST, "", IN_GROUP, PostParagraph(channel=GROUP)),
        (Command.POST, "007", IN_GROUP, PostParagraph(channel=GROUP, number=7)),
        (
            Command.LINK,
            "plan",
            IN_GROUP,
            LinkChannel(slug="plan", channel=GROUP, title="Neighbours"),
        ),
    ],
)
def test_a_command_typed_right_reads_as_its_intent(
    command: Command, arguments: str, place: Place, intent: object
) -> None:
    assert read(command, arguments, place) == intent


def test_arguments_may_be_spaced_with_any_white_space() -> None:
    assert read(Command.INVITE, " plan\t 50\n", PRIVATE) == CreateInvitation(slug="plan", uses=50)
