"""Screens as Block Kit messages; pure functions, one per screen (see bots.slack.blocks).

Every message has a top-level `text`: notifications and screen readers show it, and slack-sdk
warns without it. Modals and the App Home are in bots.slack.surfaces.
"""

from typing import assert_never

from bots.slack.amendments import (
    render_amendment_list,
    render_wording_prompt,
    render_wording_review,
)
from bots.slack.blocks import (
    Block,
    SlackMessage,
    button_rows,
    escape,
    header,
    message,
    note,
    plain_sections,
    section,
)
from bots.slack.comments import (
    comment_list_blocks,
    render_comment_posted,
    render_comment_prompt,
    render_comment_shown,
    render_comment_voted,
    render_reply_received,
)
from bots.slack.figures import render_statistics
from bots.slack.hints import say
from bots.slack.listings import render_paragraph_list
from bots.slack.reviewing import render_review_item
from core.intents import Join
from core.model import Choice
from core.screens import (
    AmendmentList,
    Button,
    ButtonStyle,
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
    HelpEntry,
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

PRIMARY = ButtonStyle.PRIMARY
TONE_MARKS = {Tone.INFO: "", Tone.SUCCESS: "✅ ", Tone.WARNING: "⚠️ ", Tone.ERROR: "❌ "}
_KEPT_VOTE = {Choice.AGREE: "✅ You agree", Choice.DISAGREE: "❌ You disagree"}
_YOUR_VOTE = {
    Choice.AGREE: "✅ You agree — press Disagree to change",
    Choice.DISAGREE: "❌ You disagree — press Agree to change",
}
PARTICIPATE_LABEL = "Participate"


def render(screen: Screen, command: str) -> SlackMessage:
    """The message showing a screen; `command` (the slash command) spells help and invitations."""
    match screen:
        case Notice():
            return render_notice(screen, command)
        case ConsultationList():
            return render_consultation_list(screen)
        case Welcome():
            return render_welcome(screen)
        case Opened():
            return render_opened(screen)
        case ParagraphCard():
            return render_card(screen)
        case Finished():
            return render_finished(screen)
        case VoteRecorded():
            return render(screen.next, command)
        case CardClosed():
            return render_card(screen.card)
        case CommentPrompt():
            return render_comment_prompt(screen, say(screen.text, command))
        case CommentPosted():
            return render_comment_posted(screen)
        case CommentShown():
            return render_comment_shown(screen)
        case CommentVoted():
            return render_comment_voted(screen)
        case CommentList():
            return message(f"Comments on {screen.label}", comment_list_blocks(screen))
        case ReplyReceived():
            return render_reply_received(screen)
        case Progress():
            return render_progress(screen)
        case ParagraphList():
            return render_paragraph_list(screen)
        case Overview():
            return render_overview(screen)
        case StatisticsReport():
            return render_statistics(screen)
        case Question():
            text = say(screen.text, command)
            return message(text, [section(escape(text)), *button_rows(screen.buttons)])
        case DraftReview():
            return render_draft_review(screen, command)
        case InvitationCreated():
            return render_invitation(screen, command)
        case ChannelPost():
            return render_channel_post(screen)
        case PostEdit():
            return render_channel_post(screen.post)
        case Help():
            return render_help(screen, command)
        case PersonalDataFile():  # the words beside the uploaded file (bots.slack.answers)
            text = say(screen.text, command)
            return message(text, [section(escape(text))])
        case ReviewItem():
            return render_review_item(screen)
        case WordingPrompt():
            return render_wording_prompt(screen, command)
        case WordingReview():
            return render_wording_review(screen, command)
        case AmendmentList():
            return render_amendment_list(screen, command)
        case _:
            assert_never(screen)


def render_notice(notice: Notice, command: str) -> SlackMessage:
    """The notice, its command hints spelled as `command` subcommands."""
    text = f"{TONE_MARKS[notice.tone]}{say(notice.text, command)}"
    return message(text, [section(escape(text)), *button_rows(notice.buttons)])


def render_consultation_list(screen: ConsultationList) -> SlackMessage:
    if not screen.consultations:
        return message("No consultation is open at the moment.", [])
    lines = [
        f"• *{escape(summary.title)}* — {escape(summary.deadline)}"
        for summary in screen.consultations
    ]
    blocks = [section("*Open consultations*\n" + "\n".join(lines)), *button_rows(screen.buttons)]
    return message("Open consultations", blocks)


def render_welcome(screen: Welcome) -> SlackMessage:
    summary = screen.consultation
    blocks: list[Block] = [header(summary.title)]
    if summary.description:
        blocks += plain_sections(summary.description)
    facts = f"{counted(summary.paragraph_count, 'paragraph')} · {escape(summary.deadline)}"
    if screen.voted:
        facts += f" · you have voted on {screen.voted} so far"
    blocks.append(note(facts))
    if summary.opens:
        opens = f"🗓 {escape(summary.opens)}: votes and comments are accepted from then."
        blocks.append(section(opens))
    blocks.append(
        section("Read it one paragraph at a time: agree or disagree, and comment where you wish.")
    )
    blocks += button_rows(screen.buttons)
    return message(f"Welcome to “{summary.title}”", blocks)


def card_blocks(card: ParagraphCard, *, personal: bool = True) -> list[Block]:
    """Heading, "P22 · 12 of 30", the paragraph as literal text, status line."""
    blocks: list[Block] = [header(card.section or card.consultation_title)]
    blocks.append(note(f"*{escape(card.label)}* · {card.position} of {card.total}"))
    blocks += plain_sections(card.text)
    blocks.append(note(_card_status(card, personal)))
    return blocks


def render_card(card: ParagraphCard, *, personal: bool = True) -> SlackMessage:
    blocks = [*card_blocks(card, personal=personal), *button_rows(card.buttons)]
    return message(_card_fallback(card), blocks)


def _card_fallback(card: ParagraphCard) -> str:
    return f"{card.label} · {card.position} of {card.total}: {card.text}"


def _card_status(card: ParagraphCard, personal: bool) -> str:
    status = []
    if personal:
        status.append(_your_vote(card))
    status.append(f"💬 {counted(card.comment_count, 'comment')}")
    if card.tally is not None:
        status.append(f"📊 {_tally(card.tally)}")
    line = " · ".join(status)
    if personal and card.waiting:
        line += f"\n_{escape(card.waiting)}_"
    if card.decided:
        line += f"\n:lock: *{escape(card.decided)}*"
    if card.opens:
        line += f"\n_{escape(card.opens)}: votes and comments are accepted from then._"
    elif card.closed:
        line += f"\n_{escape(card.closed)}_"
    elif not card.accepting:
        line += "\n_Votes and comments are not accepted now._"
    return line


def _your_vote(card: ParagraphCard) -> str:
    if card.decided:  # no buttons to change it with: the vote as it stays
        return _KEPT_VOTE[card.choice] if card.choice else "You did not vote on it"
    return _YOUR_VOTE[card.choice] if card.choice else "Do you agree?"


def _tally(tally: Tally) -> str:
    if tally.agreement_pct is None:
        return "no votes yet"
    return f"{tally.agreement_pct}% agree ({tally.agree} agree, {tally.disagree} disagree)"


def render_channel_post(post: ChannelPost) -> SlackMessage:
    """The shared card: vote buttons for everyone, Participate, and a reply-in-thread hint."""
    card = post.card
    blocks = card_blocks(card, personal=False)
    blocks.insert(1, note(f"_{escape(card.consultation_title)}_"))
    if card.accepting:
        blocks.append(note("Votes are counted per person. Reply in this thread to comment."))
    blocks += button_rows(card.buttons)
    blocks += _participate(post.join_payload)
    return message(_card_fallback(card), blocks)


def render_opened(screen: Opened) -> SlackMessage:
    """The announcement in a linked channel, with Participate."""
    summary = screen.consultation
    blocks: list[Block] = [section(f"📣 *{escape(summary.title)}* is open: your votes count.")]
    if summary.description:
        blocks += plain_sections(summary.description)
    blocks.append(
        note(f"{counted(summary.paragraph_count, 'paragraph')} · {escape(summary.deadline)}")
    )
    blocks += _participate(screen.join_payload)
    return message(f"“{summary.title}” is open", blocks)


def _participate(join_payload: str) -> list[Block]:
    join = Button(label=PARTICIPATE_LABEL, intent=Join(payload=join_payload), style=PRIMARY)
    return button_rows(((join,),))


def render_finished(screen: Finished) -> SlackMessage:
    text = (
        f"🎉 You have voted on {all_of(screen.total, screen.scope)} of “{escape(screen.title)}”. "
        f"Thank you! The consultation {escape(screen.deadline)}; you can change your votes "
        f"until then. {escape(screen.next_release or '')}"
    ).rstrip()
    return message(
        f"You have voted on {all_of(screen.total, screen.scope)}",
        [section(text), *button_rows(screen.buttons)],
    )


def progress_blocks(screen: Progress) -> list[Block]:
    text = (
        f"*{escape(screen.title)}*\nYou have voted on {screen.voted} of "
        f"{counted(screen.total, screen.scope)} and written "
        f"{counted(screen.comments, 'comment')}. The consultation {escape(screen.deadline)}. "
        f"Reminders are {'off' if screen.muted else 'on'}."
    )
    return [section(text), *button_rows(screen.buttons)]


def render_progress(screen: Progress) -> SlackMessage:
    if not screen.reminder:
        return message(screen.title, progress_blocks(screen))
    # Pushed unasked: the notification (the top-level text) says why, and how far they are.
    total = counted(screen.total, screen.scope)
    done = f"{screen.voted} of {total}; the consultation {screen.deadline}."
    title, body = escape(screen.title), escape(f"You have responded to {done}")
    blocks = [section(f"⏰ *Reminder* · *{title}*\n{body}"), *button_rows(screen.buttons)]
    return message(f"⏰ Reminder · {screen.title}: you have responded to {done}", blocks)


def render_overview(screen: Overview) -> SlackMessage:
    blocks: list[Block] = []
    for item in screen.consultations:
        blocks += progress_blocks(item)
    if not screen.consultations:
        blocks.append(section("You take part in no consultation yet."))
    return message("Your consultations", [*blocks, *button_rows(screen.buttons)])


def render_draft_review(screen: DraftReview, command: str) -> SlackMessage:
    text = (
        f"*{escape(screen.title)}* (`{escape(screen.slug)}`)\n"
        f"{counted(screen.sections, 'section')}, {counted(screen.paragraphs, 'paragraph')}, "
        f"{escape(screen.deadline)}. Open it with `{command} open {escape(screen.slug)}`."
    )
    return message(f"Draft “{screen.title}”", [section(text), *button_rows(screen.buttons)])


def render_invitation(screen: InvitationCreated, command: str) -> SlackMessage:
    uses = "unlimited uses" if screen.uses is None else counted(screen.uses, "use")
    text = (
        f"Invitation to “{escape(screen.title)}” ({uses}). People join with:\n"
        f"`{command} join {escape(screen.token)}`"
    )
    return message(f"Invitation to “{screen.title}”", [section(text)])


def render_help(screen: Help, command: str) -> SlackMessage:
    lines = ["*What you can do*", *(_help_line(entry, command) for entry in screen.entries)]
    lines += [
        "Press *Comment* under a paragraph, or reply in the thread of a paragraph posted in a "
        "channel, to comment.",
        "",
        "*Organisers*",
        f"`{command} new` · `{command} open|close|invite|stats|review|dashboard SLUG`",
        f"`{command} paragraph SLUG P7 decided|voting`: mark a paragraph's text final, or not",
        f"in a channel: `{command} link SLUG`, then `{command} post [N]`",
    ]
    return message("What you can do", [section("\n".join(lines))])


def _help_line(entry: HelpEntry, command: str) -> str:
    usage = _HELP_COMMANDS.get(entry.action, entry.action)
    return f"`{command} {usage}` — {escape(say(entry.description, command))}"


_HELP_COMMANDS = {
    "start": "join SLUG",
    "mute": "mute · unmute",
    "subscribe": "subscribe · unsubscribe",
}
