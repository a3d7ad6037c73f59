"""The one command grammar of every chat front end: a command and its arguments, read as an intent.

Each front end keeps only its platform's parsing — Telegram's `/cmd@bot` and `/start PAYLOAD`,
Slack's `/townhall sub args`, the terminal's lines — and maps the word a person typed to a
neutral `Command` (core.hints). `read` does the rest, the same for all:

    read(Command.INVITE, "plan 50", PRIVATE)   -> CreateInvitation(slug="plan", uses=50)
    read(Command.INVITE, "plan many", PRIVATE) -> Usage(text="Usage: ⟦invite SLUG [USES]⟧, ...")

A `Usage` says what to type instead; its command hints are spelled by the front end that shows
it, and nothing was asked of the core. Numbers are read by bots.chat.numbers.read_number.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bots.chat.numbers import read_number
from bots.chat.selections import parse_broadcast
from core.hints import Command, hint
from core.intents import (
    Cancel,
    CloseConsultation,
    CreateInvitation,
    ExportMyData,
    ForgetMe,
    Intent,
    Join,
    Leave,
    LinkChannel,
    ListConsultations,
    MarkParagraph,
    OpenConsultation,
    PostParagraph,
    ReportComment,
    Resume,
    SetDigests,
    SetMuted,
    ShowDashboardLink,
    ShowDeliveryReport,
    ShowFullStatistics,
    ShowHelp,
    ShowProgress,
    ShowReading,
    ShowReviewQueue,
    ShowStatistics,
    StartDraft,
)
from core.model import ChannelRef, ParagraphStatus, ReadingFilter
from core.moderation import ReportReason


@dataclass(frozen=True, slots=True, kw_only=True)
class Usage:
    """A command that cannot be carried out as typed: what to tell the person; nothing changed.

    `text` is a core-style text whose command hints each front end spells its own way.
    """

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Place:
    """Where a command was typed, as far as the grammar needs to know.

    `channel` is the group or channel (None in a private chat); `consultation_id` the
    consultation a chat is in, when it is in one (the terminal), else None for the core to
    choose the person's last.
    """

    channel: ChannelRef | None = None
    channel_title: str = ""
    consultation_id: int | None = None


PRIVATE = Place()
_Reader = Callable[[Sequence[str], Place], Intent | Usage]


def read(command: Command, arguments: str, place: Place) -> Intent | Usage:
    """The intent `command` with these arguments stands for, or the usage to show instead."""
    words = arguments.split()
    make = _WITHOUT_ARGUMENTS.get(command)
    if make is not None:
        return without_arguments(make(place.consultation_id), words, hint(command))
    return _READERS[command](words, place)


def without_arguments(intent: Intent, words: Sequence[str], command: str) -> Intent | Usage:
    """The intent of a command that takes nothing after it; `command` as the person sees it."""
    return Usage(text=f"{command} takes nothing after it.") if words else intent


def _one_slug(make: Callable[[str], Intent], command: Command) -> _Reader:
    usage = Usage(text=f"Usage: {hint(command, 'SLUG')}")
    return lambda words, place: make(words[0]) if len(words) == 1 else usage


def _join(words: Sequence[str], place: Place) -> Intent | Usage:
    if len(words) == 1:
        return Join(payload=words[0])
    return Usage(text=f"Usage: {hint(Command.JOIN, 'SLUG')} (or an invitation token)")


FILTER_WORDS = {kind.value: kind for kind in ReadingFilter}


def _next(words: Sequence[str], place: Place) -> Intent | Usage:
    """`next` alone: the next paragraph not voted on; `next voted` (etc.): a filtered list."""
    if not words:
        return Resume(consultation_id=place.consultation_id)
    kind = FILTER_WORDS.get(words[0].lower()) if len(words) == 1 else None
    if kind is not None:
        return ShowReading(consultation_id=place.consultation_id, kind=kind)
    choices = "|".join(FILTER_WORDS)
    return Usage(
        text=f"Usage: {hint(Command.NEXT)} for the next paragraph, or "
        f"{hint(Command.NEXT, choices)} to list the most voted, most commented, most "
        "controversial, supported or decided paragraphs, or your own"
    )


STATUS_WORDS = {"decided": ParagraphStatus.DECIDED, "voting": ParagraphStatus.VOTING}


def _paragraph(words: Sequence[str], place: Place) -> Intent | Usage:
    """An organiser's `paragraph SLUG P7 decided|voting`."""
    status = STATUS_WORDS.get(words[2].lower()) if len(words) == 3 else None
    if status is not None:
        return MarkParagraph(slug=words[0], paragraph=words[1], status=status)
    paragraph = Command.PARAGRAPH
    return Usage(
        text=f"Usage: {hint(paragraph, 'SLUG P7 decided|voting')}, e.g. "
        f"{hint(paragraph, 'plan P7 decided')} when the text of P7 is final"
    )


def _stats(words: Sequence[str], place: Place) -> Intent | Usage:
    if not words:
        return ShowStatistics(consultation_id=place.consultation_id)
    if len(words) == 1:
        return ShowFullStatistics(slug=words[0])
    stats = Command.STATS
    return Usage(
        text=f"Usage: {hint(stats)}, or {hint(stats, 'SLUG')} for an organiser's full figures"
    )


def _invite(words: Sequence[str], place: Place) -> Intent | Usage:
    uses = read_number(words[1]) if len(words) == 2 else None
    if len(words) == 1 or uses is not None:
        return CreateInvitation(slug=words[0], uses=uses)
    invite = Command.INVITE
    return Usage(
        text=f"Usage: {hint(invite, 'SLUG [USES]')}, e.g. {hint(invite, 'budget-2027 50')}"
    )


def _link(words: Sequence[str], place: Place) -> Intent | Usage:
    if place.channel is None:
        return Usage(
            text=f"Send {hint(Command.LINK, 'SLUG')} in the group or channel that should "
            "follow the consultation."
        )
    if len(words) != 1:
        return Usage(text=f"Usage: {hint(Command.LINK, 'SLUG')}")
    return LinkChannel(slug=words[0], channel=place.channel, title=place.channel_title)


def _post(words: Sequence[str], place: Place) -> Intent | Usage:
    post = Command.POST
    if place.channel is None:
        return Usage(
            text=f"Send {hint(post, '[N]')} in a group or channel linked with "
            f"{hint(Command.LINK, 'SLUG')}."
        )
    number = read_number(words[0]) if len(words) == 1 else None
    if not words or number is not None:
        return PostParagraph(channel=place.channel, number=number)
    return Usage(text=f"Usage: {hint(post, '[N]')}, e.g. {hint(post, '12')} for P12")


def _broadcast(words: Sequence[str], place: Place) -> Intent | Usage:
    broadcast = Command.BROADCAST
    usage = (
        f"Usage: {hint(broadcast, 'SLUG [10-14] [every 1d]')}, e.g. "
        f"{hint(broadcast, 'plan 1-5 every 1d')}; {hint(broadcast, 'cancel ID')} stops the "
        "releases still ahead"
    )
    if not words:
        return Usage(text=usage)
    try:
        return parse_broadcast(words)
    except ValueError as error:
        return Usage(text=f"{error}. {usage}")


def _report(words: Sequence[str], place: Place) -> Intent | Usage:
    # Where `report` is an organiser's chat command (Telegram, Slack), `report ID` is a
    # broadcast's delivery report. The terminal chat has no organiser commands (the command
    # line's `townhall report ID` is that one), so there `report N [REASON]` reports comment N:
    # read by `report_comment` below. Which reading applies depends on the place, on purpose.
    number = read_number(words[0]) if len(words) == 1 else None
    if number is not None:
        return ShowDeliveryReport(broadcast_id=number)
    return Usage(
        text=f"Usage: {hint(Command.REPORT, 'ID')}, with the number {hint(Command.BROADCAST)} gave"
    )


REASON_WORDS = {reason.value: reason for reason in ReportReason} | {
    "offtopic": ReportReason.OFF_TOPIC
}


def report_comment(words: Sequence[str], consultation_id: int | None) -> Intent | Usage:
    """The terminal chat's `report N [REASON]`: report comment N (reason: other by default)."""
    number = read_number(words[0].removeprefix("#")) if 1 <= len(words) <= 2 else None
    reason = REASON_WORDS.get(words[1].lower()) if len(words) == 2 else ReportReason.OTHER
    if number is None or reason is None or consultation_id is None:
        reasons = "|".join(r.value for r in ReportReason)
        return Usage(text=f"Usage: report N [{reasons}], N being a comment's #number")
    return ReportComment(consultation_id=consultation_id, comment_id=number, reason=reason)


# Given the consultation the chat is in (None: the person's last one).
_WITHOUT_ARGUMENTS: Mapping[Command, Callable[[int | None], Intent]] = {
    Command.HELP: lambda consultation: ShowHelp(),
    Command.LIST: lambda consultation: ListConsultations(),
    Command.PROGRESS: lambda consultation: ShowProgress(consultation_id=consultation),
    Command.MUTE: lambda consultation: SetMuted(muted=True, consultation_id=consultation),
    Command.UNMUTE: lambda consultation: SetMuted(muted=False, consultation_id=consultation),
    Command.LEAVE: lambda consultation: Leave(consultation_id=consultation),
    Command.SUBSCRIBE: lambda consultation: SetDigests(on=True, consultation_id=consultation),
    Command.UNSUBSCRIBE: lambda consultation: SetDigests(on=False, consultation_id=consultation),
    Command.CANCEL: lambda consultation: Cancel(),
    Command.NEW: lambda consultation: StartDraft(),
    Command.MYDATA: lambda consultation: ExportMyData(),
    Command.FORGET: lambda consultation: ForgetMe(),
}
_READERS: Mapping[Command, _Reader] = {
    Command.JOIN: _join,
    Command.NEXT: _next,
    Command.STATS: _stats,
    Command.OPEN: _one_slug(lambda slug: OpenConsultation(slug=slug), Command.OPEN),
    Command.CLOSE: _one_slug(lambda slug: CloseConsultation(slug=slug), Command.CLOSE),
    Command.INVITE: _invite,
    Command.BROADCAST: _broadcast,
    Command.REPORT: _report,
    Command.LINK: _link,
    Command.POST: _post,
    Command.REVIEW: _one_slug(lambda slug: ShowReviewQueue(slug=slug), Command.REVIEW),
    Command.DASHBOARD: _one_slug(lambda slug: ShowDashboardLink(slug=slug), Command.DASHBOARD),
    Command.PARAGRAPH: _paragraph,
}
