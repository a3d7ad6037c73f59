"""Every text telling a person what to type names that front end's own command, no other's.

The core writes neutral command hints (core.hints); each front end spells them: Telegram
`/open plan`, Slack `/townhall open plan`, the terminal `open`-style words and `townhall`
command lines. These tests render every notice the core writes with a command in it, in all
three front ends, and look for foreign syntax.
"""

import ast
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from bots.slack import rendering as slack_rendering
from bots.slack.events import COMMANDS as SLACK_COMMANDS
from bots.slack.hints import spell as slack_spell
from bots.telegram import rendering as telegram_rendering
from bots.telegram.events import COMMANDS as TELEGRAM_COMMANDS
from bots.telegram.hints import spell as telegram_spell
from bots.terminal import rendering as terminal_rendering
from bots.terminal.hints import spell as terminal_spell
from bots.terminal.runner import TerminalChat
from core.app import ConsultationApp
from core.hints import Command, CommandHint, hint, hints_in
from core.intents import (
    BroadcastParagraphs,
    CreateConsultation,
    FreeText,
    Intent,
    LinkChannel,
    PostParagraph,
    SetMuted,
    ShowHelp,
    ShowProgress,
    StartDraft,
)
from core.model import Actor, ChannelRef, ParticipantRef, Platform
from core.screens import Help, Notice, Question, Screen
from tests.bots.conftest import THREE_PARAGRAPHS, create
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import add_organiser

SLASH = "/townhall"
ORGANISER = Actor(
    ref=ParticipantRef(platform=Platform.TERMINAL, tenant="local", external_id="org"),
    display_name="Org",
)
NEWCOMER = Actor(
    ref=ParticipantRef(platform=Platform.TERMINAL, tenant="local", external_id="new"),
    display_name="New",
)
GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="", chat_id="-100")
MARKER = re.compile(r"[⟦⟧]")
# A slash command that is not the Slack app's: `/open`, `/help` (but not `and/or` or a URL).
BARE_SLASH = re.compile(rf"(?<![\w/:.])/(?!{SLASH[1:]}\b)[a-z]+\b")
# Telegram's syntax is one slash and the command: `/townhall` or a subcommand is Slack's.
SLACK_SYNTAX = re.compile(r"/townhall\b")
# The terminal has no slash commands at all (`a / d` in its help is "or").
ANY_SLASH_COMMAND = re.compile(r"(?<![\w/])/[a-z]")


def telegram_text(screen: Screen) -> str:
    return "\n".join(m.text for m in telegram_rendering.render(screen, "townhall_bot"))


def slack_text(screen: Screen) -> str:
    message = slack_rendering.render(screen, SLASH)
    return f"{message.text}\n{message.blocks}"


def terminal_text(screen: Screen) -> str:
    return terminal_rendering.render(screen).text


def assert_own_syntax_only(screen: Screen) -> None:
    telegram, slack, terminal = telegram_text(screen), slack_text(screen), terminal_text(screen)
    for text in (telegram, slack, terminal):
        assert not MARKER.search(text), text
    assert not SLACK_SYNTAX.search(telegram), telegram
    assert not BARE_SLASH.search(slack), slack
    assert not ANY_SLASH_COMMAND.search(terminal), terminal


@pytest.mark.parametrize("command", list(Command))
def test_each_command_hint_is_spelled_in_each_front_ends_own_syntax(command: Command) -> None:
    notice = Notice(text=f"Type {hint(command, 'plan')} now.")

    assert_own_syntax_only(notice)
    assert f"Type {telegram_spell(CommandHint(command, 'plan'))} now." in telegram_text(notice)
    assert f"Type {SLASH} " in slack_text(notice)


@pytest.mark.parametrize("command", list(Command))
def test_each_spelled_hint_is_a_command_that_front_end_understands(command: Command) -> None:
    telegram = telegram_spell(CommandHint(command)).split()
    slack = slack_spell(CommandHint(command), SLASH).split()
    terminal = terminal_spell(CommandHint(command)).split()

    assert telegram[0].removeprefix("/") in TELEGRAM_COMMANDS
    assert slack[0] == SLASH
    assert slack[1:2] == [] or slack[1] in SLACK_COMMANDS
    assert terminal[0] == "townhall" or not terminal[0].startswith("/")


# Organisers' commands are command lines (`townhall open plan`); linking and posting are typed
# in a Telegram group or a Slack channel.
TERMINAL_ELSEWHERE = {Command.NEW, Command.OPEN, Command.CLOSE, Command.INVITE}
TERMINAL_ELSEWHERE |= {Command.BROADCAST, Command.REPORT, Command.LINK, Command.POST}


@pytest.mark.parametrize("command", [c for c in Command if c not in TERMINAL_ELSEWHERE], ids=str)
async def test_each_hint_the_terminal_spells_is_understood_by_its_chat(
    command: Command,
    app: ConsultationApp,
    memory: MemoryDatabase,
    clock: FakeClock,
    tmp_path: Path,
) -> None:
    await create(memory, clock)
    output = io.StringIO()
    chat = TerminalChat(
        app, NEWCOMER, input=io.StringIO(), output=output, interactive=False, files=tmp_path
    )
    await chat.run("plan")

    argument = "plan" if command is Command.JOIN else ""
    await chat.handle_line(terminal_spell(CommandHint(command, argument)))

    assert "I don't know" not in output.getvalue()
    assert "takes nothing after it" not in output.getvalue()


async def core_screens(memory: MemoryDatabase, clock: FakeClock) -> list[Screen]:
    """Every screen the core writes with a command hint in it, produced through its door."""
    app = ConsultationApp(lambda: FakeUnitOfWork(memory), clock)
    await create(memory, clock)
    await add_organiser(FakeUnitOfWork(memory), ORGANISER.ref)
    screens: list[Screen] = [await app.handle(NEWCOMER, ShowProgress())]  # not joined yet
    asked: list[tuple[Actor, Intent]] = [
        (ORGANISER, SetMuted(muted=True)),
        (ORGANISER, FreeText(body="hello", idempotency_key="k1")),
        (ORGANISER, ShowHelp()),
        (ORGANISER, StartDraft()),
        (
            ORGANISER,
            CreateConsultation(
                title="Budget",
                closes="in 30 days",
                filename="budget.md",
                document=THREE_PARAGRAPHS,
            ),
        ),
        (ORGANISER, PostParagraph(channel=GROUP)),  # not linked yet
        (ORGANISER, LinkChannel(slug="plan", channel=GROUP, title="Group")),
        *[(ORGANISER, PostParagraph(channel=GROUP)) for _ in range(4)],  # the 4th: none left
        (ORGANISER, BroadcastParagraphs(slug="plan", every=timedelta(days=1))),
    ]
    for actor, intent in asked:
        screens.append(await app.handle(actor, intent))
    return screens


async def test_every_core_notice_naming_a_command_names_each_front_ends_own(
    memory: MemoryDatabase, clock: FakeClock
) -> None:
    with_hints = [
        screen
        for screen in await core_screens(memory, clock)
        if isinstance(screen, Notice | Question | Help) and _hints_of(screen)
    ]

    assert len(with_hints) == 9  # all but the draft's question and the three posts
    for screen in with_hints:
        assert_own_syntax_only(screen)


def test_the_invalid_button_refusal_names_each_front_ends_help() -> None:
    from core.app import notice_for
    from core.callbacks import decode
    from core.errors import InvalidPayload

    with pytest.raises(InvalidPayload) as refused:
        decode("1:zz")

    assert_own_syntax_only(notice_for(refused.value))


def _hints_of(screen: Notice | Question | Help) -> list[CommandHint]:
    if isinstance(screen, Help):
        return [found for entry in screen.entries for found in hints_in(entry.description)]
    return hints_in(screen.text)


COMMAND_WORDS = "|".join(command.value for command in Command) + "|start|mine"
SLASH_COMMAND = re.compile(rf"(?<![\w/])/({COMMAND_WORDS})\b")


def test_the_core_writes_no_slash_command_into_a_text() -> None:
    root = Path(__file__).parents[2] / "core"
    found = [
        f"{path.name}:{line}: {text!r}"
        for path in sorted(root.rglob("*.py"))
        for line, text in _texts(ast.parse(path.read_text()))
        if SLASH_COMMAND.search(text)
    ]

    assert found == []


def _texts(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """The string constants of a module, its docstrings left out."""
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value
