"""One command grammar: each chat front end reads a command the same way, bad input included.

Each case is typed in Telegram (`/next now`), in Slack (`/townhall next now`) and in the
terminal chat (`continue now`), each spelling the command its own way (the front end's hint
spelling), through the whole front end. A command that cannot be carried out as typed is
answered with the same usage, in that front end's syntax, and changes nothing.
"""

import copy
import io
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from bots.chat.identities import telegram_ref, terminal_ref
from bots.slack.hints import say as slack_say
from bots.slack.hints import spell as slack_spell
from bots.telegram.hints import say as telegram_say
from bots.telegram.hints import spell as telegram_spell
from bots.terminal.hints import say as terminal_say
from bots.terminal.hints import spell as terminal_spell
from bots.terminal.runner import TerminalChat
from core.app import ConsultationApp
from core.dashboard_orders import OpenDashboard
from core.dashboards import DashboardKey
from core.hints import Command, CommandHint, hint, unknown_command
from core.model import SYSTEM_ACTOR, Actor
from tests.bots.conftest import create
from tests.bots.slack import conftest as slack_fixtures
from tests.bots.telegram import conftest as telegram_fixtures
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.telegram_updates import group_message, private_message
from tests.organiser import add_organiser

# The worlds of tests/bots/telegram and tests/bots/slack, used here by name.
fake_bot_api = telegram_fixtures.fake_bot_api
telegram = telegram_fixtures.telegram
telegram_environment = telegram_fixtures.telegram_environment
fake_slack_api = slack_fixtures.fake_slack_api
slack = slack_fixtures.slack
slack_environment = slack_fixtures.slack_environment

ADA = 4242
GROUP = -4001234567
SLASH = "/townhall"


@dataclass(frozen=True)
class FrontEnd:
    """How a person types a command in one front end, and what it showed them."""

    name: str
    spell: Callable[[CommandHint], str]
    say: Callable[[str], str]
    type: Callable[[str, bool], Awaitable[str]]  # (typed, in a group or channel) -> shown
    memory: MemoryDatabase
    set_up: Callable[[], Awaitable[None]]  # the consultation "plan", Ada as its organiser


def telegram_front_end(request: pytest.FixtureRequest) -> FrontEnd:
    world: telegram_fixtures.TelegramWorld = request.getfixturevalue("telegram")

    async def set_up() -> None:
        await create(world.memory, world.clock)
        await add_organiser(FakeUnitOfWork(world.memory), telegram_ref(ADA))

    async def type_(typed: str, shared: bool) -> str:
        if shared:
            await world.receive(group_message(GROUP, ADA, typed))
            return world.last_text(GROUP)
        await world.receive(private_message(ADA, typed))
        return world.last_text(ADA)

    return FrontEnd("telegram", telegram_spell, telegram_say, type_, world.memory, set_up)


def slack_front_end(request: pytest.FixtureRequest) -> FrontEnd:
    world: slack_fixtures.SlackWorld = request.getfixturevalue("slack")
    answered = 0

    async def set_up() -> None:
        pass  # the world has them already

    async def type_(typed: str, shared: bool) -> str:
        nonlocal answered
        answered += 1
        channel = slack_fixtures.CHANNEL if shared else slack_fixtures.DM
        text = typed.removeprefix(SLASH).strip()
        response = f"r{answered}"
        await world.command(
            text, user=slack_fixtures.ORGANISER, channel=channel, response_id=response
        )
        await world.fake.wait_for("response_url", count=answered)
        return str(world.fake.responses(response)[0]["text"])

    spell, say = (lambda h: slack_spell(h, SLASH)), (lambda t: slack_say(t, SLASH))
    return FrontEnd("slack", spell, say, type_, world.memory, set_up)


def terminal_front_end(request: pytest.FixtureRequest) -> FrontEnd:
    memory: MemoryDatabase = request.getfixturevalue("memory")
    clock: FakeClock = request.getfixturevalue("clock")
    app: ConsultationApp = request.getfixturevalue("app")
    output = io.StringIO()
    actor = Actor(ref=terminal_ref("ana"), display_name="ana")
    files = request.getfixturevalue("tmp_path")  # where `mydata` writes, never the checkout
    chat = TerminalChat(
        app, actor, input=io.StringIO(), output=output, interactive=False, files=files
    )

    async def set_up() -> None:
        await create(memory, clock)
        await chat.run("plan")

    async def type_(typed: str, shared: bool) -> str:
        assert not shared, "the terminal chat has no groups"
        output.seek(0)
        output.truncate()
        await chat.handle_line(typed)
        return output.getvalue()

    return FrontEnd("terminal", terminal_spell, terminal_say, type_, memory, set_up)


FRONT_ENDS = {
    "telegram": telegram_front_end,
    "slack": slack_front_end,
    "terminal": terminal_front_end,
}
EVERY_FRONT_END = tuple(FRONT_ENDS)
ORGANISERS_FRONT_ENDS = ("telegram", "slack")  # the terminal's organiser runs command lines


@pytest.fixture
def front_end(request: pytest.FixtureRequest) -> FrontEnd:
    make: Callable[[pytest.FixtureRequest], FrontEnd] = FRONT_ENDS[request.param]
    return make(request)


async def assert_answered_and_unchanged(
    front: FrontEnd, typed: str, expected: str, *, shared: bool = False
) -> None:
    await front.set_up()
    before = copy.deepcopy(front.memory.tables)

    shown = await front.type(typed, shared)

    assert front.say(expected) in shown
    assert front.memory.tables == before


BARE = [Command.PROGRESS, Command.MUTE, Command.UNMUTE, Command.LEAVE]
BARE += [Command.HELP, Command.CANCEL, Command.SUBSCRIBE, Command.UNSUBSCRIBE]
USAGE_OF_JOIN = f"Usage: {hint(Command.JOIN, 'SLUG')} (or an invitation token)"
USAGE_OF_STATS = (
    f"Usage: {hint(Command.STATS)}, or {hint(Command.STATS, 'SLUG')} for an organiser's full "
    "figures"
)
USAGE_OF_NEXT = (
    f"Usage: {hint(Command.NEXT)} for the next paragraph, or "
    f"{hint(Command.NEXT, 'voted|commented|controversial|supported|decided|mine')} to list the "
    "most voted, most commented, most controversial, supported or decided paragraphs, or your own"
)
PARTICIPANT_CASES = [
    *[(command, "now", f"{hint(command)} takes nothing after it.") for command in BARE],
    (Command.NEXT, "now", USAGE_OF_NEXT),
    (Command.NEXT, "voted twice", USAGE_OF_NEXT),
    (Command.JOIN, "plan now", USAGE_OF_JOIN),
    (Command.STATS, "plan now", USAGE_OF_STATS),
]
# Telegram's `/start` alone is the deep link without a payload: the open consultations.
JOIN_CASES = [(Command.JOIN, "", USAGE_OF_JOIN)]
BAD_IDS = ["0", "-1", "+1", "١٢", "１２", "2147483648", "1" * 40, "1.5", "0x10"]
USAGE_OF_REPORT = (
    f"Usage: {hint(Command.REPORT, 'ID')}, with the number {hint(Command.BROADCAST)} gave"
)
USAGE_OF_INVITE = (
    f"Usage: {hint(Command.INVITE, 'SLUG [USES]')}, e.g. {hint(Command.INVITE, 'budget-2027 50')}"
)
USAGE_OF_POST = f"Usage: {hint(Command.POST, '[N]')}, e.g. {hint(Command.POST, '12')} for P12"
USAGE_OF_BROADCAST = (
    f"Usage: {hint(Command.BROADCAST, 'SLUG [10-14] [every 1d]')}, e.g. "
    f"{hint(Command.BROADCAST, 'plan 1-5 every 1d')}; {hint(Command.BROADCAST, 'cancel ID')} "
    "stops the releases still ahead"
)
USAGE_OF_PARAGRAPH = (
    f"Usage: {hint(Command.PARAGRAPH, 'SLUG P7 decided|voting')}, e.g. "
    f"{hint(Command.PARAGRAPH, 'plan P7 decided')} when the text of P7 is final"
)
ORGANISER_CASES = [
    (Command.PARAGRAPH, "", USAGE_OF_PARAGRAPH),
    (Command.PARAGRAPH, "plan P1", USAGE_OF_PARAGRAPH),
    (Command.PARAGRAPH, "plan P1 final", USAGE_OF_PARAGRAPH),
    (Command.PARAGRAPH, "plan P9 decided", "has no paragraph 'P9': its paragraphs are P1 to P3."),
    (Command.PARAGRAPH, "nothing P1 decided", "There is no consultation “nothing”."),
    (Command.OPEN, "", f"Usage: {hint(Command.OPEN, 'SLUG')}"),
    (Command.OPEN, "plan now", f"Usage: {hint(Command.OPEN, 'SLUG')}"),
    (Command.CLOSE, "", f"Usage: {hint(Command.CLOSE, 'SLUG')}"),
    (Command.CLOSE, "plan now", f"Usage: {hint(Command.CLOSE, 'SLUG')}"),
    (Command.INVITE, "", USAGE_OF_INVITE),
    (Command.INVITE, "plan 5 6", USAGE_OF_INVITE),
    *[(Command.INVITE, f"plan {uses}", USAGE_OF_INVITE) for uses in BAD_IDS],
    (Command.REPORT, "", USAGE_OF_REPORT),
    (Command.REPORT, "1 2", USAGE_OF_REPORT),
    *[(Command.REPORT, number, USAGE_OF_REPORT) for number in BAD_IDS],
    (Command.BROADCAST, "", USAGE_OF_BROADCAST),
    (Command.BROADCAST, "cancel ١", f"“١” is not a broadcast number. {USAGE_OF_BROADCAST}"),
    (Command.BROADCAST, "cancel 2147483648", "“2147483648” is not a broadcast number."),
    (Command.BROADCAST, "plan ١-٣", "“١-٣” names no paragraphs"),
    (Command.NEW, "now", f"{hint(Command.NEW)} takes nothing after it."),
    (Command.LINK, "plan", f"Send {hint(Command.LINK, 'SLUG')} in the group or channel"),
    (Command.POST, "", f"Send {hint(Command.POST, '[N]')} in a group or channel linked"),
]
# Typed in a Telegram group or a Slack channel.
GROUP_CASES = [
    (Command.LINK, "", f"Usage: {hint(Command.LINK, 'SLUG')}"),
    (Command.LINK, "plan now", f"Usage: {hint(Command.LINK, 'SLUG')}"),
    (Command.POST, "1 2", USAGE_OF_POST),
    *[(Command.POST, number, USAGE_OF_POST) for number in BAD_IDS],
]
CASES = [
    (front_end, *case, shared)
    for cases, front_ends, shared in [
        (PARTICIPANT_CASES, EVERY_FRONT_END, False),
        (JOIN_CASES, ("slack", "terminal"), False),
        (ORGANISER_CASES, ORGANISERS_FRONT_ENDS, False),
        (GROUP_CASES, ORGANISERS_FRONT_ENDS, True),
    ]
    for case in cases
    for front_end in front_ends
]


@pytest.mark.parametrize(
    ("front_end", "command", "arguments", "expected", "shared"), CASES, indirect=["front_end"]
)
async def test_a_command_typed_wrong_gets_its_usage_in_each_front_end_and_changes_nothing(
    front_end: FrontEnd, command: Command, arguments: str, expected: str, shared: bool
) -> None:
    typed = front_end.spell(CommandHint(command, arguments))

    await assert_answered_and_unchanged(front_end, typed, expected, shared=shared)


@pytest.mark.parametrize("front_end", EVERY_FRONT_END, indirect=True)
async def test_an_unknown_command_points_to_help_in_every_front_end(front_end: FrontEnd) -> None:
    typed = front_end.spell(CommandHint(Command.HELP)).replace("help", "frobnicate")

    await assert_answered_and_unchanged(front_end, typed, unknown_command(typed))


DASHBOARD_LINK = re.compile(
    r"http://127\.0\.0\.1:8080/dashboard/plan\?expires=(\d+)&(?:amp;)?signature=([0-9a-f]{64})"
)


@pytest.mark.parametrize("front_end", ORGANISERS_FRONT_ENDS, indirect=True)
async def test_an_organiser_gets_a_dashboard_link_in_chat_that_opens_the_dashboard(
    front_end: FrontEnd,
) -> None:
    await front_end.set_up()
    shown = await front_end.type(front_end.spell(CommandHint(Command.DASHBOARD, "plan")), False)
    found = DASHBOARD_LINK.search(shown)
    assert found is not None, shown
    key = DashboardKey(expires=found[1], signature=found[2])
    almost = datetime.fromtimestamp(int(found[1]) - 60, UTC)
    reader = ConsultationApp(lambda: FakeUnitOfWork(front_end.memory), FakeClock(almost))
    export = await reader.handle(SYSTEM_ACTOR, OpenDashboard(slug="plan", key=key))
    assert export.consultation.slug == "plan"
    assert "Anyone with this link can read the figures" in shown


@pytest.mark.parametrize("front_end", ["terminal"], indirect=True)
async def test_a_participant_asking_for_a_dashboard_link_is_refused(front_end: FrontEnd) -> None:
    typed = front_end.spell(CommandHint(Command.DASHBOARD, "plan"))

    await assert_answered_and_unchanged(
        front_end, typed, "Only the consultation's organisers can do that."
    )


@pytest.mark.parametrize("front_end", ORGANISERS_FRONT_ENDS, indirect=True)
async def test_dashboard_without_a_slug_gets_its_usage(front_end: FrontEnd) -> None:
    typed = front_end.spell(CommandHint(Command.DASHBOARD))

    await assert_answered_and_unchanged(
        front_end, typed, f"Usage: {hint(Command.DASHBOARD, 'SLUG')}"
    )
