"""Screens as Telegram messages (HTML parse mode, inline keyboards); pure functions.

Every text that comes from a document or a person goes through `escape`; the only tags are the
renderer's own. A screen may become several messages: a long paragraph is split (buttons on the
last part) and a comment list is one message per comment, so that replying to a comment's
message is a threaded reply. Comments live in bots.telegram.comments, the figures in
bots.telegram.figures.
"""

from typing import assert_never

from telegram import InlineKeyboardButton
from telegram.helpers import create_deep_linked_url

from bots.telegram.amendments import (
    render_amendment_list,
    render_wording_prompt,
    render_wording_review,
)
from bots.telegram.comments import (
    render_comment,
    render_comment_list,
    render_comment_posted,
    render_comment_prompt,
    render_reply_received,
)
from bots.telegram.figures import render_statistics
from bots.telegram.hints import say
from bots.telegram.layout import Outgoing, escape, fit, force_reply, keyboard
from bots.telegram.listings import render_paragraph_list
from bots.telegram.reviewing import render_review_item
from core.model import Choice
from core.screens import (
    AmendmentList,
    CardClosed,
    ChannelPost,
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
from core.wording import all_of, counted

_TONE_MARKS = {Tone.INFO: "", Tone.SUCCESS: "✅ ", Tone.WARNING: "⚠️ ", Tone.ERROR: "❌ "}
_KEPT_VOTE = {Choice.AGREE: "✅ You agree", Choice.DISAGREE: "❌ You disagree"}
_YOUR_VOTE = {
    Choice.AGREE: "✅ You agree — tap to change",
    Choice.DISAGREE: "❌ You disagree — tap to change",
}
DISCUSS_LABEL = "💬 Discuss privately"
# The core's neutral action names, as Telegram commands.
COMMANDS = {
    "start": "/start",
    "next": "/next",
    "mute": "/mute, /unmute",
    "subscribe": "/subscribe, /unsubscribe",
}
TELEGRAM_HINTS = (
    ("/mine", "your consultations"),
    ("Reply to a paragraph", "comment on it"),
    ("Reply to a comment", "answer it (a threaded reply)"),
    ("/cancel", "stop writing a comment"),
)
ORGANISER_HINTS = (
    "/new, then send a .md, .txt or .docx file",
    "/open SLUG · /close SLUG · /invite SLUG [USES] · /stats SLUG · /review SLUG",
    "/broadcast SLUG [10-14] [every 1d] · /report ID · /dashboard SLUG",
    "/paragraph SLUG P7 decided|voting: mark a paragraph's text final, or back to the vote",
    "in a group: /link SLUG, then /post [N]",
)


def render(screen: Screen, bot_username: str) -> list[Outgoing]:
    """The messages that show a screen; `bot_username` builds deep links."""
    match screen:
        case Notice():
            return [render_notice(screen)]
        case ConsultationList():
            return [render_consultation_list(screen)]
        case Welcome():
            return [render_welcome(screen)]
        case Opened():
            return [render_opened(screen, bot_username)]
        case ParagraphCard():
            return render_card(screen)
        case Finished():
            return [render_finished(screen)]
        case VoteRecorded():
            return [*render_card(screen.card), *render(screen.next, bot_username)]
        case CardClosed():
            return render_card(screen.card)
        case CommentPrompt():
            return [render_comment_prompt(screen)]
        case CommentPosted():
            return render_comment_posted(screen)
        case CommentShown():
            return render_comment(screen.comment, screen.buttons)
        case CommentVoted():
            return render_comment(screen.comment)
        case CommentList():
            return render_comment_list(screen)
        case ReplyReceived():
            return render_reply_received(screen)
        case Progress():
            return [render_progress(screen)]
        case Overview():
            return [render_overview(screen)]
        case ParagraphList():
            return [render_paragraph_list(screen)]
        case StatisticsReport():
            return render_statistics(screen)
        case Question():
            return render_question(screen)
        case DraftReview():
            return [render_draft_review(screen)]
        case InvitationCreated():
            return [render_invitation(screen, bot_username)]
        case ChannelPost():
            return render_channel_post(screen, bot_username)
        case PostEdit():
            return render_channel_post(screen.post, bot_username)
        case Help():
            return [render_help(screen)]
        case PersonalDataFile():  # a document; its caption says what it holds
            document = (screen.filename, screen.content)
            return [Outgoing(text=escape(say(screen.text)), document=document)]
        case ReviewItem():
            return render_review_item(screen)
        case WordingPrompt():
            return render_wording_prompt(screen)
        case WordingReview():
            return render_wording_review(screen)
        case AmendmentList():
            return render_amendment_list(screen)
        case _:
            assert_never(screen)


def render_notice(notice: Notice) -> Outgoing:
    text = f"{_TONE_MARKS[notice.tone]}{escape(say(notice.text))}"
    return Outgoing(text=text, markup=keyboard(notice.buttons))


def render_consultation_list(screen: ConsultationList) -> Outgoing:
    if not screen.consultations:
        return Outgoing(text="No consultation is open at the moment.")
    lines = ["<b>Open consultations</b>"]
    for summary in screen.consultations:
        lines.append(f"• {escape(summary.title)} — {escape(summary.deadline)}")
    return Outgoing(text="\n".join(lines), markup=keyboard(screen.buttons))


def render_welcome(screen: Welcome) -> Outgoing:
    summary = screen.consultation
    lines = [f"<b>{escape(summary.title)}</b>"]
    if summary.description:
        lines.append(escape(summary.description))
    lines.append(f"{counted(summary.paragraph_count, 'paragraph')} · {escape(summary.deadline)}")
    if summary.opens:
        lines.append(f"🗓 {escape(summary.opens)}: votes and comments are accepted from then.")
    if screen.voted:
        lines.append(f"You have voted on {screen.voted} of them so far.")
    lines.append("Read them one at a time: agree or disagree, and comment where you wish.")
    return Outgoing(text="\n".join(lines), markup=keyboard(screen.buttons))


def render_card(card: ParagraphCard, *, personal: bool = True, above: str = "") -> list[Outgoing]:
    """The card, split into parts if the paragraph is longer than a message.

    `above` is an HTML line shown first (the in-place flow's "✓ P6: agree").
    """
    head = [above] if above else []
    if card.section:
        head.append(f"<b>{escape(card.section)}</b>")
    head.append(f"<b>{card.label}</b> · {card.position} of {card.total}")
    return fit("\n".join(head), card.text, _card_status(card, personal), keyboard(card.buttons))


def _card_status(card: ParagraphCard, personal: bool) -> str:
    status = []
    if personal:
        status.append(_your_vote(card))
    status.append(f"💬 {counted(card.comment_count, 'comment')}")
    if card.tally is not None:
        status.append(f"📊 {_tally(card.tally)}")
    lines = [" · ".join(status)]
    if personal and card.waiting:
        lines.append(f"<i>{escape(card.waiting)}</i>")
    if card.decided:
        lines.append(f"🔒 <b>{escape(card.decided)}</b>")
    if card.opens:
        lines.append(f"<i>{escape(card.opens)}: votes and comments are accepted from then.</i>")
    elif card.closed:
        lines.append(f"<i>{escape(card.closed)}</i>")
    elif not card.accepting:
        lines.append("<i>Votes and comments are not accepted now.</i>")
    return "\n".join(lines)


def _your_vote(card: ParagraphCard) -> str:
    if card.decided:  # no buttons to change it with: the vote as it stays
        return _KEPT_VOTE[card.choice] if card.choice else "You did not vote on it"
    return _YOUR_VOTE[card.choice] if card.choice else "Do you agree?"


def _tally(tally: Tally) -> str:
    if tally.agreement_pct is None:
        return "no votes yet"
    return f"{tally.agreement_pct}% agree ({tally.agree} agree, {tally.disagree} disagree)"


def render_opened(screen: Opened, bot_username: str) -> Outgoing:
    """The announcement in a linked group or channel, with a deep link to take part."""
    summary = screen.consultation
    take_part = InlineKeyboardButton(
        "Take part", url=create_deep_linked_url(bot_username, screen.join_payload)
    )
    lines = [f"📣 <b>{escape(summary.title)}</b> is open: your votes and comments count."]
    if summary.description:
        lines.append(escape(summary.description))
    lines.append(f"{counted(summary.paragraph_count, 'paragraph')} · {escape(summary.deadline)}")
    return Outgoing(text="\n".join(lines), markup=keyboard((), [take_part]))


def render_channel_post(post: ChannelPost, bot_username: str) -> list[Outgoing]:
    """The shared card: vote buttons for every member and a deep link to discuss in private."""
    card = post.card
    discuss = InlineKeyboardButton(
        DISCUSS_LABEL, url=create_deep_linked_url(bot_username, post.join_payload)
    )
    head = [f"<i>{escape(card.consultation_title)}</i>"]
    if card.section:
        head.append(f"<b>{escape(card.section)}</b>")
    head.append(f"<b>{card.label}</b> · {card.position} of {card.total}")
    tail = _card_status(card, personal=False)
    if card.accepting:
        tail += "\nYour vote is counted for you alone; reply to this message to comment."
    return fit("\n".join(head), card.text, tail, keyboard(card.buttons, [discuss]))


def render_finished(screen: Finished) -> Outgoing:
    text = (
        f"🎉 You have voted on {all_of(screen.total, screen.scope)} of “{escape(screen.title)}”. "
        f"Thank you!\nThe consultation {escape(screen.deadline)}; you can change your votes "
        "until then."
    )
    if screen.next_release:
        text += f"\n{escape(screen.next_release)}"
    return Outgoing(text=text, markup=keyboard(screen.buttons))


def render_progress(screen: Progress) -> Outgoing:
    if screen.reminder:  # pushed unasked: say why, in one line, with Continue and Mute
        text = (
            f"⏰ <b>Reminder</b> · {escape(screen.title)}\nYou have responded to {screen.voted} "
            f"of {counted(screen.total, screen.scope)}; "
            f"the consultation {escape(screen.deadline)}."
        )
        return Outgoing(text=text, markup=keyboard(screen.buttons))
    lines = [
        f"<b>{escape(screen.title)}</b>",
        f"You have voted on {screen.voted} of {counted(screen.total, screen.scope)} and written "
        f"{counted(screen.comments, 'comment')}.",
        f"The consultation {escape(screen.deadline)}.",
        "Reminders are off." if screen.muted else "Reminders are on.",
    ]
    return Outgoing(text="\n".join(lines), markup=keyboard(screen.buttons))


def render_overview(screen: Overview) -> Outgoing:
    lines = [
        f"• <b>{escape(p.title)}</b>: {p.voted} of {counted(p.total, p.scope)} voted; "
        f"{escape(p.deadline)}."
        for p in screen.consultations
    ] or ["You take part in no consultation yet."]
    return Outgoing(text="\n".join(lines), markup=keyboard(screen.buttons))


def render_question(screen: Question) -> list[Outgoing]:
    asked = Outgoing(text=escape(say(screen.text)), markup=force_reply(screen.placeholder))
    choices = keyboard(screen.buttons)
    return [asked] if choices is None else [asked, Outgoing(text="Or:", markup=choices)]


def render_draft_review(screen: DraftReview) -> Outgoing:
    text = (
        f"<b>{escape(screen.title)}</b> ({escape(screen.slug)})\n"
        f"{counted(screen.sections, 'section')}, {counted(screen.paragraphs, 'paragraph')}, "
        f"{escape(screen.deadline)}.\nConfirm to keep it as a draft (open it later with "
        f"/open {escape(screen.slug)})."
    )
    return Outgoing(text=text, markup=keyboard(screen.buttons))


def render_invitation(screen: InvitationCreated, bot_username: str) -> Outgoing:
    uses = "unlimited uses" if screen.uses is None else counted(screen.uses, "use")
    link = create_deep_linked_url(bot_username, screen.token)
    text = (
        f"Invitation to “{escape(screen.title)}” ({uses}):\n{escape(link)}\n"
        f"Token: <code>{escape(screen.token)}</code>"
    )
    return Outgoing(text=text)


def render_help(screen: Help) -> Outgoing:
    lines = ["<b>What you can do</b>"]
    for entry in screen.entries:
        command = COMMANDS.get(entry.action, f"/{entry.action}")
        lines.append(f"{command} — {escape(say(entry.description))}")
    lines += [f"{hint} — {meaning}" for hint, meaning in TELEGRAM_HINTS]
    lines += ["", "<b>Organisers</b>", *ORGANISER_HINTS]
    return Outgoing(text="\n".join(lines))
