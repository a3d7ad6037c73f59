"""The terminal's events: a typed line becomes an intent, read against what the screen shows.

The chat keeps only what a chat window shows anyway (`OnScreen`): the buttons of the last screen
(so typing a number presses one), the last paragraph card (what `agree` applies to), the
paragraph of each comment listed (what `reply N` answers) and whether a comment prompt is on
screen. Everything else — votes, the cursor, "awaiting a comment" — is the core's, in the
database.
"""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from bots.chat.grammar import Place, Usage, read, report_comment, without_arguments
from bots.chat.numbers import read_number
from core.amendment_intents import (
    CancelWording,
    DecideAmendment,
    ShowAmendments,
    SubmitWording,
    SuggestWording,
    VoteOnAmendment,
)
from core.hints import Command, unknown_command
from core.intents import (
    Cancel,
    CancelComment,
    CastVote,
    DeleteComment,
    FreeText,
    Intent,
    Leave,
    ShowComments,
    ShowParagraph,
    SkipReason,
    StartComment,
    SubmitComment,
    VoteOnComment,
)
from core.model import Choice, CommentVote
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
    WordingPrompt,
    WordingReview,
)

QUIT = "quit"

_ALIASES = {"a": "agree", "d": "disagree", "n": "next", "b": "back", "?": "help", "exit": QUIT}

# The chat's words for the shared commands (bots.terminal.hints spells them so); `next` and
# `back` walk the last card instead, and organisers' commands are `townhall` command lines.
_WORDS = {
    "continue": Command.NEXT,
    "progress": Command.PROGRESS,
    "stats": Command.STATS,
    "mute": Command.MUTE,
    "unmute": Command.UNMUTE,
    "subscribe": Command.SUBSCRIBE,
    "unsubscribe": Command.UNSUBSCRIBE,
    "cancel": Command.CANCEL,
    "leave": Command.LEAVE,
    "help": Command.HELP,
    "list": Command.LIST,
    "join": Command.JOIN,
    "mydata": Command.MYDATA,
    "forget": Command.FORGET,
    "review": Command.REVIEW,
    "dashboard": Command.DASHBOARD,
    "paragraph": Command.PARAGRAPH,
}


class _Refused(Exception):
    """A line that names a command of the chat's own but cannot be carried out as typed."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.usage = Usage(text=text)


@dataclass
class OnScreen:
    """What one person's chat window shows now, as far as reading their next line needs it."""

    consultation_id: int | None = None
    buttons: tuple[Button, ...] = ()
    card: ParagraphCard | None = None
    paragraph_id: int | None = None
    prompt_pending: bool = False
    comment_paragraphs: dict[int, int] = field(default_factory=dict)

    def remember(self, intent: Intent, screen: Screen, buttons: tuple[Button, ...]) -> None:
        """The screen the core answered `intent` with is now shown, with these buttons."""
        self.buttons = buttons
        if isinstance(screen, VoteRecorded) and screen.reason is not None:
            self.card, self.consultation_id = screen.card, screen.card.consultation_id
            screen = screen.reason  # the question about the Disagree awaits the next line
        elif isinstance(screen, VoteRecorded):
            screen = screen.next if isinstance(screen.next, ParagraphCard) else screen.card
        if isinstance(screen, ParagraphCard):
            self.card, self.paragraph_id = screen, screen.paragraph_id
            self.consultation_id = screen.consultation_id
        elif isinstance(screen, CommentList | CommentPrompt):
            self.paragraph_id = screen.paragraph_id
        for item in _comment_items(screen):
            self.comment_paragraphs |= {
                button.intent.reply_to: button.intent.paragraph_id
                for button in item.buttons
                if isinstance(button.intent, StartComment) and button.intent.reply_to
            }
        if isinstance(screen, CommentPrompt | WordingPrompt):
            self.prompt_pending = True
        elif isinstance(screen, CommentPosted | WordingReview) or isinstance(
            intent, Cancel | CancelComment | CancelWording | Leave | SkipReason
        ):
            self.prompt_pending = False


def read_line(line: str, shown: OnScreen) -> Intent | Usage | None:
    """The intent a typed line asks for; a Usage to print instead; None for `quit`.

    While a comment prompt is on screen, a line that is no command is the comment itself; an
    empty line outside one is a Usage with no text (nothing to print).
    """
    text = line.strip()
    word, _, rest = text.partition(" ")
    command = _ALIASES.get(word.lower(), word.lower())
    if command == QUIT and not rest:
        return None
    intent = _translate(command, rest.strip(), shown)
    if not isinstance(intent, Usage):
        return intent
    if shown.prompt_pending:
        return FreeText(body=line.rstrip("\r\n"), idempotency_key=_fresh_key())
    return intent if text else Usage(text="")


def _translate(word: str, rest: str, shown: OnScreen) -> Intent | Usage:
    if word.isascii() and word.isdigit():
        return _press(word, rest, shown)
    command = _WORDS.get(word)
    if command is not None:
        return read(command, rest, Place(consultation_id=shown.consultation_id))
    parse = _COMMANDS.get(word)
    if parse is None:
        return Usage(text=unknown_command(word))
    try:
        return parse(rest, shown)
    except _Refused as refusal:
        return refusal.usage


def _press(typed: str, rest: str, shown: OnScreen) -> Intent | Usage:
    number = read_number(typed)
    if rest or number is None or number > len(shown.buttons):
        return Usage(text=f"There is no button [{typed}] on the last screen.")
    return shown.buttons[number - 1].intent


def _shown_card(shown: OnScreen) -> ParagraphCard:
    if shown.card is None:
        raise _Refused("No paragraph is shown yet. Type continue to see one.")
    return shown.card


def _vote(choice: Choice, word: str) -> Callable[[str, OnScreen], Intent | Usage]:
    def vote(rest: str, shown: OnScreen) -> Intent | Usage:
        card = _shown_card(shown)
        if rest:  # `agree N`: a suggested wording, listed as #N
            number = _number(rest, f"{word} (the paragraph shown) or {word} N (wording #N)")
            return VoteOnAmendment(
                consultation_id=card.consultation_id, amendment_id=number, choice=choice
            )
        cast = CastVote(
            consultation_id=card.consultation_id, paragraph_id=card.paragraph_id, choice=choice
        )
        return without_arguments(cast, rest.split(), word)

    return vote


def _paragraph(shown: OnScreen) -> tuple[int, int]:
    card = _shown_card(shown)
    return card.consultation_id, shown.paragraph_id or card.paragraph_id


def _comment(rest: str, shown: OnScreen) -> Intent:
    cid, pid = _paragraph(shown)
    if not rest:
        return StartComment(consultation_id=cid, paragraph_id=pid)
    return SubmitComment(
        consultation_id=cid, paragraph_id=pid, body=rest, idempotency_key=_fresh_key()
    )


def _suggest(rest: str, shown: OnScreen) -> Intent:
    cid, pid = _paragraph(shown)
    if not rest:
        return SuggestWording(consultation_id=cid, paragraph_id=pid)
    return SubmitWording(
        consultation_id=cid, paragraph_id=pid, body=rest, idempotency_key=_fresh_key()
    )


def _wordings(rest: str, shown: OnScreen) -> Intent | Usage:
    cid, pid = _paragraph(shown)
    return without_arguments(
        ShowAmendments(consultation_id=cid, paragraph_id=pid), rest.split(), "wordings"
    )


def _decide(accept: bool, usage: str) -> Callable[[str, OnScreen], Intent]:
    def decide(rest: str, shown: OnScreen) -> Intent:
        cid, _ = _paragraph(shown)
        return DecideAmendment(
            consultation_id=cid, amendment_id=_number(rest, usage), accept=accept
        )

    return decide


def _comments(rest: str, shown: OnScreen) -> Intent:
    cid, pid = _paragraph(shown)
    page = _number(rest, "comments [PAGE]") if rest else 1
    return ShowComments(consultation_id=cid, paragraph_id=pid, page=page)


def _reply(rest: str, shown: OnScreen) -> Intent:
    number, _, text = rest.partition(" ")
    comment_id = _number(number, "reply N [TEXT]")
    cid, pid = _paragraph(shown)
    # A comment listed earlier is answered on its own paragraph, wherever the chat is now.
    pid = shown.comment_paragraphs.get(comment_id, pid)
    if not text.strip():
        return StartComment(consultation_id=cid, paragraph_id=pid, reply_to=comment_id)
    return SubmitComment(
        consultation_id=cid,
        paragraph_id=pid,
        body=text,
        reply_to=comment_id,
        idempotency_key=_fresh_key(),
    )


def _comment_vote(vote: CommentVote, usage: str) -> Callable[[str, OnScreen], Intent]:
    def comment_vote(rest: str, shown: OnScreen) -> Intent:
        comment_id = _number(rest, usage)
        cid, _ = _paragraph(shown)
        return VoteOnComment(consultation_id=cid, comment_id=comment_id, vote=vote)

    return comment_vote


def _report(rest: str, shown: OnScreen) -> Intent | Usage:
    # Here `report N [REASON]` reports comment N: bots.chat.grammar says why it is not the
    # broadcast report `report ID` is in Telegram and Slack.
    cid, _ = _paragraph(shown)
    return report_comment(rest.split(), cid)


def _delete(rest: str, shown: OnScreen) -> Intent:
    cid, _ = _paragraph(shown)
    return DeleteComment(consultation_id=cid, comment_id=_number(rest, "delete N"))


def _navigate(arrow: str, word: str) -> Callable[[str, OnScreen], Intent | Usage]:
    def navigate(rest: str, shown: OnScreen) -> Intent | Usage:
        # The core marks its Back button with ◀ and its Next button with ▶.
        card = _shown_card(shown)
        for button in (button for row in card.buttons for button in row):
            if isinstance(button.intent, ShowParagraph) and arrow in button.label:
                return without_arguments(button.intent, rest.split(), word)
        where = "last" if arrow == "▶" else "first"
        raise _Refused(f"{card.label} is the {where} paragraph. Type continue or progress.")

    return navigate


def _next(rest: str, shown: OnScreen) -> Intent | Usage:
    """`next` walks to the card after the one shown; `next voted` (etc.) lists paragraphs."""
    if rest:
        return read(Command.NEXT, rest, Place(consultation_id=shown.consultation_id))
    return _navigate("▶", "next")(rest, shown)


_COMMANDS: dict[str, Callable[[str, OnScreen], Intent | Usage]] = {
    "agree": _vote(Choice.AGREE, "agree"),
    "disagree": _vote(Choice.DISAGREE, "disagree"),
    "comment": _comment,
    "comments": _comments,
    "reply": _reply,
    "up": _comment_vote(CommentVote.UP, "up N"),
    "down": _comment_vote(CommentVote.DOWN, "down N"),
    "unvote": _comment_vote(CommentVote.NONE, "unvote N"),
    "report": _report,
    "delete": _delete,
    "suggest": _suggest,
    "wordings": _wordings,
    "accept": _decide(True, "accept N"),
    "reject": _decide(False, "reject N"),
    "next": _next,
    "back": _navigate("◀", "back"),
}


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
