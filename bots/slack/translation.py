"""Slash command text and thread replies translated into the core's intents; pure functions.

A thread reply is read through the message it answers: the bot's card carries the core's own
payloads as button values, so the paragraph commented on is whatever those buttons name.
"""

from collections.abc import Callable, Iterable

from bots.identities import slack_ref
from bots.selections import parse_broadcast
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import unknown_command
from core.intents import (
    Cancel,
    CastVote,
    CloseConsultation,
    CreateInvitation,
    Intent,
    Join,
    Leave,
    LinkChannel,
    ListConsultations,
    OpenConsultation,
    PostParagraph,
    Resume,
    SetMuted,
    ShowComments,
    ShowDeliveryReport,
    ShowFullStatistics,
    ShowHelp,
    ShowProgress,
    ShowStatistics,
    StartComment,
    SubmitComment,
)
from core.model import Actor, ChannelRef, Platform

Usage = str
NEW = "new"  # opens the modal: not an intent until it is submitted


def actor_of(team: str, user: str, name: str | None) -> Actor:
    return Actor(ref=slack_ref(team, user), display_name=name or user)


def channel_ref(team: str, channel: str) -> ChannelRef:
    return ChannelRef(platform=Platform.SLACK, tenant=team, chat_id=channel)


def is_direct(channel: str) -> bool:
    """A DM with the app (Slack's DM ids start with D): the one place for personal cards."""
    return channel.startswith("D")


def thread_key(team: str, channel: str, ts: str) -> str:
    """Names the Slack message, so a redelivered event stores its comment once."""
    return f"slack:{team}:{channel}:{ts}"


_Reader = Callable[[list[str], str, str, str], Intent | Usage]


def _bare(intent: Intent) -> _Reader:
    return lambda args, team, channel, name: intent if not args else "That takes no argument."


def _slug(make: Callable[[str], Intent], usage: str) -> _Reader:
    return lambda args, team, channel, name: make(args[0]) if len(args) == 1 else usage


def _join(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    return Join(payload=args[0]) if len(args) == 1 else "Usage: join SLUG (or an invitation)."


def _stats(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    if not args:
        return ShowStatistics()
    return ShowFullStatistics(slug=args[0]) if len(args) == 1 else "Usage: stats [SLUG]."


def _invite(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    usage = "Usage: invite SLUG [USES]."
    if len(args) == 1:
        return CreateInvitation(slug=args[0])
    if len(args) == 2 and args[1].isascii() and args[1].isdigit() and int(args[1]) > 0:
        return CreateInvitation(slug=args[0], uses=int(args[1]))
    return usage


def _link(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    if is_direct(channel):
        return "Link a channel from inside it: type the command in that channel."
    if len(args) != 1:
        return "Usage: link SLUG."
    ref = channel_ref(team, channel)
    return LinkChannel(slug=args[0], channel=ref, title=f"#{name}" if name else channel)


def _post(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    usage = "Usage: post [N], in a linked channel."
    if is_direct(channel) or len(args) > 1:
        return usage
    if args and not (args[0].isascii() and args[0].isdigit() and len(args[0]) <= 6):
        return usage
    number = int(args[0]) if args else None
    return PostParagraph(channel=channel_ref(team, channel), number=number)


def _broadcast(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    usage = (
        "Usage: broadcast SLUG [10-14] [every 1d], e.g. broadcast plan 1-5 every 1d; "
        "broadcast cancel ID stops the releases still ahead."
    )
    try:
        return parse_broadcast(args) if args else usage
    except ValueError as error:
        return f"{error}. {usage}"


def _report(args: list[str], team: str, channel: str, name: str) -> Intent | Usage:
    if len(args) == 1 and args[0].isascii() and args[0].isdigit() and 0 < int(args[0]) < 2**31:
        return ShowDeliveryReport(broadcast_id=int(args[0]))
    return "Usage: report ID, with the number broadcast gave."


COMMANDS: dict[str, _Reader] = {
    "join": _join,
    "next": _bare(Resume()),
    "continue": _bare(Resume()),
    "progress": _bare(ShowProgress()),
    "stats": _stats,
    "mute": _bare(SetMuted(muted=True)),
    "unmute": _bare(SetMuted(muted=False)),
    "leave": _bare(Leave()),
    "help": _bare(ShowHelp()),
    "cancel": _bare(Cancel()),
    "open": _slug(lambda slug: OpenConsultation(slug=slug), "Usage: open SLUG."),
    "close": _slug(lambda slug: CloseConsultation(slug=slug), "Usage: close SLUG."),
    "invite": _invite,
    "link": _link,
    "post": _post,
    "broadcast": _broadcast,
    "report": _report,
}


def command_intent(
    text: str, *, team: str, channel: str, channel_name: str, slash: str
) -> Intent | Usage:
    """The intent the text after the slash command `slash` stands for, or a usage line."""
    words = text.split()
    if not words:
        return ListConsultations()
    reader = COMMANDS.get(words[0].lower())
    if reader is None:
        return unknown_command(f"{slash} {words[0]}")
    return reader(words[1:], team, channel, channel_name)


def typed_command(text: str, *, team: str, channel: str) -> Intent | None:
    """Text typed in the DM that is a whole command (`help`, `join plan`), else None."""
    words = text.split()
    if not words or words[0].lower() not in COMMANDS:
        return None
    intent = command_intent(text, team=team, channel=channel, channel_name="", slash="")
    return None if isinstance(intent, str) else intent


def comment_on(payloads: Iterable[str], body: str, key: str) -> SubmitComment | None:
    """A reply under a message whose buttons name a paragraph, as a comment on it."""
    for payload in payloads:
        try:
            intent = decode(payload)
        except InvalidPayload:
            continue
        if isinstance(intent, CastVote | StartComment | ShowComments):
            return SubmitComment(
                consultation_id=intent.consultation_id,
                paragraph_id=intent.paragraph_id,
                body=body,
                idempotency_key=key,
            )
    return None
