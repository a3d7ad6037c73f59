"""Telegram messages and commands translated into the core's intents; pure functions.

A reply to one of the bot's messages is read through that message's inline keyboard: its
callback data are the core's own payloads, so the paragraph (or the comment) the person
answers is whatever those buttons stand for. Nothing is remembered between updates.
"""

from collections.abc import Callable, Sequence

from telegram import Chat, Message, User
from telegram.constants import ChatType

from bots.identities import telegram_ref
from bots.selections import parse_broadcast
from bots.telegram.messenger import channel_ref
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import unknown_command
from core.intents import (
    Cancel,
    CastVote,
    CloseConsultation,
    CreateInvitation,
    FreeText,
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
    ShowOverview,
    ShowProgress,
    ShowStatistics,
    StartComment,
    StartDraft,
    SubmitComment,
)
from core.model import Actor

Usage = str
CommandReader = Callable[[Sequence[str], Chat], Intent | Usage]


def actor_of(user: User) -> Actor:
    return Actor(ref=telegram_ref(user.id), display_name=user.full_name)


def is_shared(chat: Chat) -> bool:
    """A group, supergroup or channel: many readers, so nothing personal is shown there."""
    return chat.type != ChatType.PRIVATE


def idempotency_key(message: Message) -> str:
    """Names the Telegram message, so a redelivered update stores its comment once."""
    return f"tg:{message.chat.id}:{message.message_id}"


def text_intent(message: Message, bot_id: int) -> Intent | None:
    """A text message as a comment, a reply, or free text; None for group chatter."""
    body = message.text or ""
    replied = message.reply_to_message
    target = None
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        target = _comment_target(_payloads(replied), body, idempotency_key(message))
    if target is not None or is_shared(message.chat):
        return target
    return FreeText(body=body, idempotency_key=idempotency_key(message))


def _payloads(message: Message) -> list[Intent]:
    markup = message.reply_markup
    intents = []
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if isinstance(button.callback_data, str):
                try:
                    intents.append(decode(button.callback_data))
                except InvalidPayload:
                    continue
    return intents


def _comment_target(intents: list[Intent], body: str, key: str) -> SubmitComment | None:
    for intent in intents:  # a comment's message: its Reply button names the comment
        if isinstance(intent, StartComment) and intent.reply_to is not None:
            return SubmitComment(
                consultation_id=intent.consultation_id,
                paragraph_id=intent.paragraph_id,
                body=body,
                reply_to=intent.reply_to,
                idempotency_key=key,
            )
    for intent in intents:  # a paragraph card: any of its paragraph buttons names it
        if isinstance(intent, CastVote | StartComment | ShowComments):
            return SubmitComment(
                consultation_id=intent.consultation_id,
                paragraph_id=intent.paragraph_id,
                body=body,
                idempotency_key=key,
            )
    return None


def command_intent(command: str, args: Sequence[str], chat: Chat) -> Intent | Usage:
    """The intent a command stands for, or a usage line when its arguments do not fit."""
    reader = COMMANDS.get(command)
    return unknown_command(f"/{command}") if reader is None else reader(args, chat)


def stray_command(text: str, chat: Chat, bot_username: str) -> str | None:
    """The answer to a command no handler took, or None where it was not meant for this bot.

    In a private chat every command is the bot's; in a group only one addressed to it
    (`/anything@bot`), since the group may have other bots.
    """
    name, _, addressee = text.split()[0].removeprefix("/").partition("@")
    if addressee.lower() != bot_username.lower() and (addressee or is_shared(chat)):
        return None
    if name.lower() in COMMANDS:  # a private chat's command, sent in a group
        return f"Send /{name} to me in a private chat."
    return unknown_command(f"/{name}")


def _simple(intent: Intent) -> CommandReader:
    return lambda args, chat: intent


def _slug(make: Callable[[str], Intent], usage: str) -> CommandReader:
    return lambda args, chat: make(args[0]) if len(args) == 1 else usage


def _start(args: Sequence[str], chat: Chat) -> Intent | Usage:
    return Join(payload=args[0]) if args else ListConsultations()


def _stats(args: Sequence[str], chat: Chat) -> Intent | Usage:
    return ShowFullStatistics(slug=args[0]) if args else ShowStatistics()


def _invite(args: Sequence[str], chat: Chat) -> Intent | Usage:
    usage = "Usage: /invite SLUG [USES], e.g. /invite budget-2027 50"
    if len(args) == 1:
        return CreateInvitation(slug=args[0])
    if len(args) == 2 and _positive(args[1]):
        return CreateInvitation(slug=args[0], uses=int(args[1]))
    return usage


def _link(args: Sequence[str], chat: Chat) -> Intent | Usage:
    if not is_shared(chat):
        return "Send /link SLUG in the group that should follow the consultation."
    if len(args) != 1:
        return "Usage: /link SLUG"
    return LinkChannel(slug=args[0], channel=channel_ref(chat.id), title=chat.title or "")


def _post(args: Sequence[str], chat: Chat) -> Intent | Usage:
    if not is_shared(chat):
        return "Send /post [N] in a group linked with /link SLUG."
    if not args:
        return PostParagraph(channel=channel_ref(chat.id))
    if len(args) == 1 and _positive(args[0]):
        return PostParagraph(channel=channel_ref(chat.id), number=int(args[0]))
    return "Usage: /post [N], e.g. /post 12 for P12"


def _broadcast(args: Sequence[str], chat: Chat) -> Intent | Usage:
    usage = (
        "Usage: /broadcast SLUG [10-14] [every 1d], e.g. /broadcast plan 1-5 every 1d; "
        "/broadcast cancel ID stops the releases still ahead"
    )
    try:
        return parse_broadcast(args) if args else usage
    except ValueError as error:
        return f"{error}. {usage}"


def _report(args: Sequence[str], chat: Chat) -> Intent | Usage:
    if len(args) == 1 and _positive(args[0]):
        return ShowDeliveryReport(broadcast_id=int(args[0]))
    return "Usage: /report ID, with the number /broadcast gave"


def _positive(text: str) -> bool:
    return text.isascii() and text.isdigit() and 0 < int(text) < 2**31


COMMANDS: dict[str, CommandReader] = {
    "start": _start,
    "next": _simple(Resume()),
    "progress": _simple(ShowProgress()),
    "mine": _simple(ShowOverview()),
    "stats": _stats,
    "help": _simple(ShowHelp()),
    "mute": _simple(SetMuted(muted=True)),
    "unmute": _simple(SetMuted(muted=False)),
    "leave": _simple(Leave()),
    "cancel": _simple(Cancel()),
    "new": _simple(StartDraft()),
    "open": _slug(lambda slug: OpenConsultation(slug=slug), "Usage: /open SLUG"),
    "close": _slug(lambda slug: CloseConsultation(slug=slug), "Usage: /close SLUG"),
    "invite": _invite,
    "broadcast": _broadcast,
    "report": _report,
    "link": _link,
    "post": _post,
}
GROUP_COMMANDS = ("link", "post")
PRIVATE_COMMANDS = tuple(name for name in COMMANDS if name not in GROUP_COMMANDS)
# What the command menu shows (setMyCommands); organiser commands are left to /help.
MENU = (
    ("next", "continue with the next paragraph"),
    ("progress", "how far you are and when it closes"),
    ("stats", "the figures, when published"),
    ("mine", "your consultations"),
    ("mute", "no more reminders"),
    ("unmute", "reminders again"),
    ("leave", "leave the consultation"),
    ("help", "what you can do"),
)
