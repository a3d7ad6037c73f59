"""The terminal chat: lines typed by a person become intents, the core's screens become text.

It keeps only what a chat window shows anyway: the buttons of the last screen (so typing a
number presses one), the last paragraph card (what `agree` applies to), the paragraph of each
comment listed (what `reply N` answers) and whether a comment prompt is on screen. Everything
else — votes, the cursor, "awaiting a comment" — is the core's, in the database.
"""

import secrets
from collections.abc import Callable
from typing import TextIO

from bots.chat.grammar import Place, Usage, read, without_arguments
from bots.chat.numbers import read_number
from bots.terminal.hints import say
from bots.terminal.lines import LineReader
from bots.terminal.rendering import render
from core.app import ConsultationApp
from core.hints import Command, unknown_command
from core.intents import (
    Cancel,
    CancelComment,
    CastVote,
    FreeText,
    Intent,
    Join,
    Leave,
    Resume,
    ShowComments,
    ShowParagraph,
    StartComment,
    SubmitComment,
    VoteOnComment,
)
from core.model import Actor, Choice, CommentVote
from core.screens import (
    Button,
    CommentItem,
    CommentList,
    CommentPosted,
    CommentPrompt,
    CommentVoted,
    ParagraphCard,
    Screen,
    VoteRecorded,
    Welcome,
)

_ALIASES = {"a": "agree", "d": "disagree", "n": "next", "b": "back", "?": "help", "exit": "quit"}


# The chat's words for the shared commands (bots.terminal.hints spells them so); `next` and
# `back` walk the last card instead, and organisers' commands are `townhall` command lines.
_WORDS = {
    "continue": Command.NEXT,
    "progress": Command.PROGRESS,
    "stats": Command.STATS,
    "mute": Command.MUTE,
    "unmute": Command.UNMUTE,
    "cancel": Command.CANCEL,
    "leave": Command.LEAVE,
    "help": Command.HELP,
    "list": Command.LIST,
    "join": Command.JOIN,
}


class _Refused(Exception):
    """A line that names a command of the chat's own but cannot be carried out as typed."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.usage = Usage(text=text)


class TerminalChat:
    """One person's chat with one consultation over a pair of text streams."""

    def __init__(
        self,
        app: ConsultationApp,
        actor: Actor,
        *,
        input: TextIO,
        output: TextIO,
        interactive: bool | None = None,
    ) -> None:
        self._app = app
        self._actor = actor
        self._input = input
        self._output = output
        self._interactive = input.isatty() if interactive is None else interactive
        self._consultation_id: int | None = None
        self._buttons: tuple[Button, ...] = ()
        self._card: ParagraphCard | None = None
        self._paragraph_id: int | None = None
        self._prompt_pending = False
        self._comment_paragraphs: dict[int, int] = {}

    async def run(self, payload: str) -> bool:
        """Join by slug or invitation token and chat until quit or end of input.

        Returns False, after printing the core's notice, if the consultation cannot be joined.
        """
        welcome = await self._send(Join(payload=payload))
        if not isinstance(welcome, Welcome):
            return False
        self._consultation_id = welcome.consultation.consultation_id
        await self._send(Resume(consultation_id=self._consultation_id))
        reader = LineReader(self._input)
        while True:
            if self._interactive:
                self._output.write("> ")
                self._output.flush()
            line = await reader.readline()
            if line is None or not await self.handle_line(line):
                return True

    async def handle_line(self, line: str) -> bool:
        """Carry out one typed line; False when the person asked to quit."""
        text = line.strip()
        word, _, rest = text.partition(" ")
        command = _ALIASES.get(word.lower(), word.lower())
        if command == "quit" and not rest:
            return False
        intent = self._translate(command, rest.strip())
        if isinstance(intent, Usage):
            if not self._prompt_pending:
                if text:
                    self._write(say(intent.text))
                return True
            intent = FreeText(body=line.rstrip("\r\n"), idempotency_key=_fresh_key())
        await self._send(intent)
        return True

    def _translate(self, word: str, rest: str) -> Intent | Usage:
        if word.isascii() and word.isdigit():
            return self._press(word, rest)
        command = _WORDS.get(word)
        if command is not None:
            return read(command, rest, Place(consultation_id=self._consultation_id))
        parse = self._commands().get(word)
        if parse is None:
            return Usage(text=unknown_command(word))
        try:
            return parse(rest)
        except _Refused as refusal:
            return refusal.usage

    def _commands(self) -> dict[str, Callable[[str], Intent | Usage]]:
        return {
            "agree": lambda rest: self._vote(Choice.AGREE, rest, "agree"),
            "disagree": lambda rest: self._vote(Choice.DISAGREE, rest, "disagree"),
            "comment": self._comment,
            "comments": self._comments,
            "reply": self._reply,
            "up": lambda rest: self._comment_vote(CommentVote.UP, rest),
            "down": lambda rest: self._comment_vote(CommentVote.DOWN, rest),
            "unvote": lambda rest: self._comment_vote(CommentVote.NONE, rest),
            "next": lambda rest: self._navigate("▶", rest, "next"),
            "back": lambda rest: self._navigate("◀", rest, "back"),
        }

    def _press(self, typed: str, rest: str) -> Intent | Usage:
        number = read_number(typed)
        if rest or number is None or number > len(self._buttons):
            return Usage(text=f"There is no button [{typed}] on the last screen.")
        return self._buttons[number - 1].intent

    def _shown_card(self) -> ParagraphCard:
        if self._card is None:
            raise _Refused("No paragraph is shown yet. Type continue to see one.")
        return self._card

    def _vote(self, choice: Choice, rest: str, word: str) -> Intent | Usage:
        card = self._shown_card()
        vote = CastVote(
            consultation_id=card.consultation_id, paragraph_id=card.paragraph_id, choice=choice
        )
        return without_arguments(vote, rest.split(), word)

    def _paragraph(self) -> tuple[int, int]:
        card = self._shown_card()
        return card.consultation_id, self._paragraph_id or card.paragraph_id

    def _comment(self, rest: str) -> Intent:
        cid, pid = self._paragraph()
        if not rest:
            return StartComment(consultation_id=cid, paragraph_id=pid)
        return SubmitComment(
            consultation_id=cid, paragraph_id=pid, body=rest, idempotency_key=_fresh_key()
        )

    def _comments(self, rest: str) -> Intent:
        cid, pid = self._paragraph()
        page = _number(rest, "comments [PAGE]") if rest else 1
        return ShowComments(consultation_id=cid, paragraph_id=pid, page=page)

    def _reply(self, rest: str) -> Intent:
        number, _, text = rest.partition(" ")
        comment_id = _number(number, "reply N [TEXT]")
        cid, pid = self._paragraph()
        # A comment listed earlier is answered on its own paragraph, wherever the chat is now.
        pid = self._comment_paragraphs.get(comment_id, pid)
        if not text.strip():
            return StartComment(consultation_id=cid, paragraph_id=pid, reply_to=comment_id)
        return SubmitComment(
            consultation_id=cid,
            paragraph_id=pid,
            body=text,
            reply_to=comment_id,
            idempotency_key=_fresh_key(),
        )

    def _comment_vote(self, vote: CommentVote, rest: str) -> Intent:
        usage = {CommentVote.UP: "up N", CommentVote.DOWN: "down N"}.get(vote, "unvote N")
        comment_id = _number(rest, usage)
        cid, _ = self._paragraph()
        return VoteOnComment(consultation_id=cid, comment_id=comment_id, vote=vote)

    def _navigate(self, arrow: str, rest: str, word: str) -> Intent | Usage:
        # The core marks its Back button with ◀ and its Next button with ▶.
        card = self._shown_card()
        for button in (button for row in card.buttons for button in row):
            if isinstance(button.intent, ShowParagraph) and arrow in button.label:
                return without_arguments(button.intent, rest.split(), word)
        where = "last" if arrow == "▶" else "first"
        raise _Refused(f"{card.label} is the {where} paragraph. Type continue or progress.")

    async def _send(self, intent: Intent) -> Screen:
        screen = await self._app.handle(self._actor, intent)
        self._remember(intent, screen)
        rendering = render(screen)
        self._buttons = rendering.buttons
        self._write(rendering.text)
        return screen

    def _remember(self, intent: Intent, screen: Screen) -> None:
        if isinstance(screen, VoteRecorded):
            screen = screen.next if isinstance(screen.next, ParagraphCard) else screen.card
        if isinstance(screen, ParagraphCard):
            self._card, self._paragraph_id = screen, screen.paragraph_id
            self._consultation_id = screen.consultation_id
        elif isinstance(screen, CommentList | CommentPrompt):
            self._paragraph_id = screen.paragraph_id
        for item in _comment_items(screen):
            self._comment_paragraphs |= {
                button.intent.reply_to: button.intent.paragraph_id
                for button in item.buttons
                if isinstance(button.intent, StartComment) and button.intent.reply_to
            }
        if isinstance(screen, CommentPrompt):
            self._prompt_pending = True
        elif isinstance(screen, CommentPosted) or isinstance(
            intent, Cancel | CancelComment | Leave
        ):
            self._prompt_pending = False

    def _write(self, text: str) -> None:
        self._output.write(f"{text}\n\n")
        self._output.flush()


def _fresh_key() -> str:
    # Each typed line is a new message; the key only stops one line being stored twice.
    return f"terminal-{secrets.token_hex(8)}"


def _number(text: str, usage: str) -> int:
    number = read_number(text.removeprefix("#"))  # comments are listed as #N
    if number is None:
        raise _Refused(f"Usage: {usage}, with a whole number such as 3.")
    return number


def _comment_items(screen: Screen) -> tuple[CommentItem, ...]:
    if isinstance(screen, CommentList):
        return screen.comments
    if isinstance(screen, CommentPosted | CommentVoted):
        return (screen.comment,)
    return ()
