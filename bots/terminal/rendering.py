"""Screens as plain text for a terminal, with numbered buttons; pure functions, one per screen.

Text from documents and people is printed as written, except that escape sequences and control
characters are removed: a paragraph or comment must not be able to move the cursor, retitle the
window or otherwise drive the operator's terminal.
"""

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import assert_never

from bots.terminal.amendments import (
    amendment_list_lines,
    wording_prompt_lines,
    wording_review_lines,
)
from bots.terminal.figures import statistics_lines
from bots.terminal.hints import say
from bots.terminal.listings import paragraph_list_lines
from bots.terminal.reviewing import review_lines
from bots.terminal.safe_text import clean as clean
from core.model import Choice
from core.screens import (
    AmendmentList,
    Button,
    ButtonRows,
    CardClosed,
    ChannelPost,
    CommentItem,
    CommentList,
    CommentPosted,
    CommentPrompt,
    CommentShown,
    CommentVoted,
    ConsultationList,
    DraftReview,
    Finished,
    Help,
    InvitationCreated,
    Notice,
    Opened,
    Overview,
    ParagraphCard,
    ParagraphList,
    PersonalDataFile,
    PostEdit,
    Progress,
    Question,
    ReplyReceived,
    ReviewItem,
    Screen,
    StatisticsReport,
    Tally,
    Tone,
    VoteRecorded,
    Welcome,
    WordingPrompt,
    WordingReview,
)
from core.simulation import SIMULATED_NOTE
from core.wording import all_of, counted, format_moment

_TONE_MARKS = {Tone.INFO: "", Tone.SUCCESS: "✓ ", Tone.WARNING: "! ", Tone.ERROR: "✗ "}


@dataclass(frozen=True, slots=True, kw_only=True)
class Rendering:
    """What the terminal prints for a screen, and the buttons its numbers press (from 1)."""

    text: str
    buttons: tuple[Button, ...]


def render(screen: Screen) -> Rendering:
    """Plain text for any screen."""
    match screen:
        case Notice():
            return render_notice(screen)
        case ConsultationList():
            return render_consultation_list(screen)
        case Welcome():
            return render_welcome(screen)
        case Opened():  # a push to linked chats: the terminal gets none, but could show it
            return _with_buttons([f"“{clean(screen.consultation.title)}” is open."], ())
        case ParagraphCard():
            return render_card(screen)
        case Finished():
            return render_finished(screen)
        case VoteRecorded():
            return render_vote_recorded(screen)
        case CardClosed():  # the refusal, unless the card's closing line says it already
            card = render_card(screen.card)
            if screen.toast == screen.card.closed:
                return card
            return replace(card, text=f"{_TONE_MARKS[Tone.WARNING]}{screen.toast}\n{card.text}")
        case CommentPrompt():
            return render_comment_prompt(screen)
        case CommentPosted():
            return render_comment_posted(screen)
        case CommentShown():
            return _with_buttons(_comment_lines(screen.comment, indent=""), ())
        case CommentVoted():
            return render_comment_voted(screen)
        case CommentList():
            return render_comment_list(screen)
        case ReplyReceived():  # a push: the terminal chat gets none, but could show one
            head = f"{clean(screen.reply.author)} replied to your comment on {screen.label}:"
            return _with_buttons([head, *_comment_lines(screen.reply, indent="")], screen.buttons)
        case Progress():
            return render_progress(screen)
        case Overview():
            return render_overview(screen)
        case ParagraphList():
            return _with_buttons(paragraph_list_lines(screen), screen.buttons)
        case StatisticsReport():
            return render_statistics(screen)
        case Question():
            return render_question(screen)
        case DraftReview():
            return render_draft_review(screen)
        case InvitationCreated():
            return render_invitation(screen)
        case ChannelPost():
            return render_card(screen.card)
        case PostEdit():
            return render_card(screen.post.card)
        case Help():
            return render_help(screen)
        case PersonalDataFile():  # the runner writes the file and says where
            return _with_buttons([clean(say(screen.text))], ())
        case ReviewItem():
            return _with_buttons(review_lines(screen, clean), screen.buttons)
        case WordingPrompt():
            return _with_buttons(wording_prompt_lines(screen), screen.buttons)
        case WordingReview():
            return _with_buttons(wording_review_lines(screen), screen.buttons)
        case AmendmentList():
            return _with_buttons(amendment_list_lines(screen), screen.buttons)
        case _:
            assert_never(screen)


def _with_buttons(lines: Iterable[str], rows: ButtonRows) -> Rendering:
    buttons = tuple(button for row in rows for button in row)
    text = "\n".join(lines)
    if buttons:
        labels = "  ".join(f"[{n}] {button.label}" for n, button in enumerate(buttons, 1))
        text = f"{text}\n{labels}"
    return Rendering(text=text, buttons=buttons)


def render_notice(notice: Notice) -> Rendering:
    text = f"{_TONE_MARKS[notice.tone]}{clean(say(notice.text))}"
    return _with_buttons([text], notice.buttons)


def render_consultation_list(screen: ConsultationList) -> Rendering:
    if not screen.consultations:
        return _with_buttons(["No consultation is open at the moment."], screen.buttons)
    lines = ["Open consultations:"]
    for summary in screen.consultations:
        lines.append(f"  {clean(summary.title)} ({summary.slug}) · {summary.deadline}")
    return _with_buttons(lines, screen.buttons)


def render_welcome(screen: Welcome) -> Rendering:
    summary = screen.consultation
    lines = [f"== {clean(summary.title)} =="]
    if summary.description:
        lines.append(clean(summary.description))
    lines.append(f"{counted(summary.paragraph_count, 'paragraph')} · {summary.deadline}")
    if summary.opens:
        lines.append(f"{summary.opens}: votes and comments are accepted from then.")
    if screen.voted:
        lines.append(f"You have voted on {screen.voted} of them so far.")
    return _with_buttons(lines, screen.buttons)


def render_card(card: ParagraphCard) -> Rendering:
    lines = [f"── {clean(card.consultation_title)} ──"]
    if card.section:
        lines.append(f"§ {clean(card.section)}")
    lines += [f"{card.label} · {card.position} of {card.total}", clean(card.text), ""]
    status = [_your_vote(card.choice), counted(card.comment_count, "comment")]
    if card.tally is not None:
        status.append(_tally(card.tally))
    lines.append(" · ".join(status))
    if card.waiting:
        lines.append(card.waiting)
    if card.decided:
        lines.append(card.decided)
    if card.opens:
        lines.append(f"{card.opens}: votes and comments are accepted from then.")
    elif card.closed:
        lines.append(card.closed)
    elif not card.accepting:
        lines.append("Votes and comments are not accepted now.")
    return _with_buttons(lines, card.buttons)


def _your_vote(choice: Choice | None) -> str:
    return f"Your vote: {choice}" if choice else "Your vote: none yet"


def _tally(tally: Tally) -> str:
    if tally.agreement_pct is None:
        return "no votes yet"
    return f"{tally.agreement_pct}% agree ({tally.agree} agree, {tally.disagree} disagree)"


def render_finished(screen: Finished) -> Rendering:
    lines = [
        f"You have voted on {all_of(screen.total, screen.scope)} of “{clean(screen.title)}”. "
        "Thank you!",
        f"The consultation {screen.deadline}; you can change your votes until then.",
    ]
    if screen.next_release:
        lines.append(screen.next_release)
    return _with_buttons(lines, screen.buttons)


def render_vote_recorded(screen: VoteRecorded) -> Rendering:
    """The toast, then what comes next; after a Disagree, the question about it instead."""
    if screen.reason is not None:
        asked = render_comment_prompt(screen.reason)
        return Rendering(text=f"✓ {screen.toast}\n\n{asked.text}", buttons=asked.buttons)
    shown = render(screen.next) if screen.next is not None else render_card(screen.card)
    return Rendering(text=f"✓ {screen.toast}\n\n{shown.text}", buttons=shown.buttons)


def render_comment_prompt(screen: CommentPrompt) -> Rendering:
    lines = []
    if screen.replying_to is not None:
        lines += ["Replying to:", *_comment_lines(screen.replying_to, indent=""), ""]
    lines += [say(screen.text), "Type it and press Enter (or type cancel)."]
    return _with_buttons(lines, screen.buttons)


def render_comment_posted(screen: CommentPosted) -> Rendering:
    lines = [f"✓ {screen.toast}", *_comment_lines(screen.comment, indent="")]
    return _with_buttons(lines, screen.buttons)


def render_comment_voted(screen: CommentVoted) -> Rendering:
    return _with_buttons([f"✓ {screen.toast}", *_comment_lines(screen.comment, indent="")], ())


def render_comment_list(screen: CommentList) -> Rendering:
    if not screen.comments:
        lines = [f"No comments on {screen.label} yet."]
    else:
        lines = [
            f"Comments on {screen.label} ({screen.total}) · page {screen.page} of "
            f"{screen.page_count}"
        ]
        for item in screen.comments:
            lines += _comment_lines(item, indent="    " * item.depth)
        lines.append("(up N · down N · unvote N · reply N [TEXT] act on comment #N)")
    return _with_buttons(lines, screen.buttons)


def _comment_lines(item: CommentItem, *, indent: str) -> list[str]:
    marker = "↳ " if item.depth else ""
    if item.placeholder:
        return [f"{indent}{marker}#{item.comment_id} [{item.body}]"]
    when = format_moment(item.created_at)
    votes = f"+{item.up} −{item.down}"
    head = f"{indent}{marker}#{item.comment_id} {clean(item.author)} · {when} · {votes}"
    body = [f"{indent}  {line}" for line in clean(item.body).splitlines()]
    return [head, *body]


def render_progress(screen: Progress) -> Rendering:
    lines = [
        f"“{clean(screen.title)}”: you have voted on {screen.voted} of "
        f"{counted(screen.total, screen.scope)} and written "
        f"{counted(screen.comments, 'comment')}.",
        f"The consultation {screen.deadline}.",
        "Reminders are off." if screen.muted else "Reminders are on.",
    ]
    return _with_buttons(lines, screen.buttons)


def render_overview(screen: Overview) -> Rendering:
    lines = [
        f"“{clean(p.title)}”: {p.voted} of {counted(p.total, p.scope)} voted; {p.deadline}."
        for p in screen.consultations
    ] or ["You take part in no consultation yet."]
    return _with_buttons(lines, screen.buttons)


def render_statistics(screen: StatisticsReport) -> Rendering:
    lines = [f"Figures for “{clean(screen.title)}” ({screen.deadline})"]
    if screen.simulated:
        lines.append(SIMULATED_NOTE)
    lines += statistics_lines(screen.statistics)
    latest = screen.statistics.latest_comments
    if latest:
        lines.append("Latest comments:")
        lines += [
            f"  P{c.paragraph_number} #{c.comment_id} {clean(c.author_name)}: "
            f"{_shorten(clean(c.body))}"
            for c in latest
        ]
    return _with_buttons(lines, screen.buttons)


def render_question(screen: Question) -> Rendering:
    lines = [clean(say(screen.text)), f"({clean(screen.placeholder)})"]
    return _with_buttons(lines, screen.buttons)


def render_draft_review(screen: DraftReview) -> Rendering:
    lines = [
        f"Draft “{clean(screen.title)}” ({screen.slug}): {counted(screen.sections, 'section')}, "
        f"{counted(screen.paragraphs, 'paragraph')}, {screen.deadline}."
    ]
    return _with_buttons(lines, screen.buttons)


def render_invitation(screen: InvitationCreated) -> Rendering:
    uses = "unlimited uses" if screen.uses is None else counted(screen.uses, "use")
    lines = [
        f"Invitation to “{clean(screen.title)}” ({uses}): {screen.token}",
        f"Join in the terminal: townhall chat {screen.token}",
    ]
    return Rendering(text="\n".join(lines), buttons=())


def _shorten(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else f"{line[: limit - 1]}…"


# The core names each action neutrally; these are the words that do it in this terminal.
TERMINAL_ACTIONS = {
    "start": "list, join SLUG",
    "next": "continue",
    "mute": "mute, unmute",
    "subscribe": "subscribe, unsubscribe",
    "help": "help, ?",
}

TERMINAL_SYNTAX = (
    ("agree, a / disagree, d", "vote on the paragraph shown last"),
    ("comment [TEXT]", "comment on it (without TEXT your next line is the comment)"),
    ("comments [PAGE]", "read its comments, best first"),
    ("reply N [TEXT]", "reply to comment #N"),
    ("up N / down N", "vote comment #N up or down (again changes nothing)"),
    ("unvote N", "withdraw your vote on comment #N"),
    ("next, n / back, b", "the following / previous paragraph"),
    ("cancel", "stop writing a comment"),
    ("1, 2, 3 ...", "press the numbered button of the last screen"),
    ("quit, exit, Ctrl-D", "leave the chat (your votes are saved)"),
)


def render_help(screen: Help) -> Rendering:
    lines = ["What you can do:"]
    for entry in screen.entries:
        lines.append(
            f"  {TERMINAL_ACTIONS.get(entry.action, entry.action):<24}{say(entry.description)}"
        )
    lines.append("In this terminal:")
    lines += [f"  {syntax:<24}{meaning}" for syntax, meaning in TERMINAL_SYNTAX]
    return Rendering(text="\n".join(lines), buttons=())
