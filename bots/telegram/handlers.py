"""The python-telegram-bot callbacks: each turns an update into an intent, asks the core, shows.

Button presses are answered before anything else is sent (Telegram shows a spinner until then),
once the core has committed what the press did: the toast is the core's confirmation or
refusal, then the pressed message is edited and what follows is sent; in the in-place card flow
a vote (or Back, Next) edits the pressed card into what follows instead (bots.telegram.in_place).
In a group a press is only confirmed by toast: the shared card stays as it is.
"""

import asyncio
from pathlib import Path

from telegram import CallbackQuery, Chat, Document, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.ext import ContextTypes

from bots.chat.grammar import Usage
from bots.chat.identities import telegram_ref
from bots.chat.selections import name_the_request
from bots.chat.uploads import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, read_document_bytes
from bots.telegram.amendments import voted_wording
from bots.telegram.charts import chart_photo
from bots.telegram.client import TelegramClient, channel_ref
from bots.telegram.comments import render_comment
from bots.telegram.events import (
    actor_of,
    command_intent,
    idempotency_key,
    is_shared,
    stray_command,
    text_intent,
)
from bots.telegram.hints import say
from bots.telegram.in_place import render_in_place
from bots.telegram.layout import Outgoing, escape
from bots.telegram.rendering import render, render_card
from bots.telegram.settings import CardFlow
from core.amendment_intents import VoteOnAmendment
from core.app import ConsultationApp, notice_for
from core.callbacks import decode
from core.documents import Document as ParsedDocument
from core.errors import InvalidDocument, InvalidPayload
from core.intents import (
    DeleteComment,
    ImportDocument,
    Intent,
    ModerateComment,
    OfferDocument,
    RememberPost,
    ReportComment,
    ShowParagraph,
    ShowReviewQueue,
)
from core.model import SYSTEM_ACTOR
from core.screens import (
    AmendmentList,
    CardClosed,
    ChannelPost,
    CommentPosted,
    CommentPrompt,
    CommentShown,
    CommentVoted,
    Notice,
    ParagraphCard,
    ReviewItem,
    Screen,
    StatisticsReport,
    Tone,
    VoteRecorded,
)
from core.upkeep import SetReachable

Context = ContextTypes.DEFAULT_TYPE
_REFUSALS = (Tone.WARNING, Tone.ERROR)
# Presses whose answer takes the place of the pressed message: a comment reported or deleted,
# a review decision (its notice, with the way to the next comment), the next comment to review.
_ANSWERED_IN_PLACE = (ReportComment, DeleteComment, ModerateComment, ShowReviewQueue)


class TelegramHandlers:
    """The callbacks registered on the Application (see bots.telegram.application)."""

    def __init__(
        self,
        app: ConsultationApp,
        client: TelegramClient,
        *,
        card_flow: CardFlow = CardFlow.STREAM,
    ) -> None:
        self._app = app
        self._client = client
        self._card_flow = card_flow

    async def on_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.from_user is None or not message.text:
            return
        name = message.text.split()[0].lstrip("/").split("@")[0].lower()
        intent = command_intent(name, context.args or (), message.chat)
        if isinstance(intent, Usage):
            await self._show(message, Notice(text=intent.text, tone=Tone.WARNING), context)
            return
        intent = name_the_request(intent, idempotency_key(message))
        await self._show(
            message, await self._app.handle(actor_of(message.from_user), intent), context
        )

    async def on_stray_command(self, update: Update, context: Context) -> None:
        """A command no other handler took: unknown, or a private one sent in a group."""
        message = update.effective_message
        if message is None or not message.text:
            return
        answer = stray_command(message.text, message.chat, context.bot.username)
        if answer is not None:
            await self._show(message, Notice(text=answer.text, tone=Tone.WARNING), context)

    async def on_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.from_user is None:
            return
        intent = text_intent(message, context.bot.id)
        if intent is not None:
            screen = await self._app.handle(actor_of(message.from_user), intent)
            await self._show(message, screen, context)

    async def on_document(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.from_user is None or message.document is None:
            return
        offered = await self._app.handle(actor_of(message.from_user), OfferDocument())
        if isinstance(offered, Notice) and offered.tone in _REFUSALS:
            await self._show(message, offered, context)
            return  # refused before anything is downloaded
        try:
            name, parsed = await self._read(message.document, context)
        except InvalidDocument as error:
            await self._show(message, notice_for(error), context)
            return
        intent = ImportDocument(
            filename=name, document=parsed, idempotency_key=idempotency_key(message)
        )
        await self._show(
            message, await self._app.handle(actor_of(message.from_user), intent), context
        )

    async def on_button(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            intent = decode(query.data or "")
        except InvalidPayload as error:
            await self._client.answer(query, say(error.message))
            return
        screen = await self._app.handle(actor_of(query.from_user), intent)
        await self._after_press(query, intent, screen, context)

    async def on_my_chat_member(self, update: Update, context: Context) -> None:
        """In a private chat this update means the person blocked or unblocked the bot."""
        change = update.my_chat_member
        if change is None or change.chat.type != Chat.PRIVATE:
            return
        blocked = change.new_chat_member.status == ChatMemberStatus.BANNED
        lifecycle = SetReachable(ref=telegram_ref(change.from_user.id), reachable=not blocked)
        await self._app.handle(SYSTEM_ACTOR, lifecycle)

    async def _after_press(
        self, query: CallbackQuery, intent: Intent, screen: Screen, context: Context
    ) -> None:
        message = query.message if isinstance(query.message, Message) else None
        shared = message is not None and is_shared(message.chat)
        toast = _toast(screen, shared)
        if isinstance(intent, VoteOnAmendment) and isinstance(screen, AmendmentList):
            toast = say(screen.text)  # "Your Agree on wording #3 is saved. ..."
        await self._client.answer(query, toast)
        if isinstance(screen, CardClosed) and message is not None:
            await self._edit(message, render_card(screen.card, personal=not shared)[-1])
            return  # the old card now says it closed, and how it ended
        if shared:
            return  # a group's shared card: the toast was the confirmation
        if message is not None and await self._in_place(message, intent, screen):
            return  # the in-place flow: the pressed card became what follows
        chat_id = message.chat.id if message else query.from_user.id
        match screen:
            case VoteRecorded() if message is not None:
                await self._edit(message, render_card(screen.card)[-1])
                follows = screen.next if screen.reason is None else screen.reason
                await self._send(chat_id, render(follows, context.bot.username))
            case CommentVoted() if message is not None:
                await self._edit(message, render_comment(screen.comment)[-1])
            case AmendmentList() if isinstance(intent, VoteOnAmendment) and message is not None:
                await self._edit(message, voted_wording(screen, intent.amendment_id))
            case CommentShown() if message is not None:  # a step of the comment's menu
                await self._edit(message, render_comment(screen.comment, screen.buttons)[-1])
            case Notice(tone=tone) if tone in _REFUSALS:
                pass  # the toast said it
            case Notice() | ReviewItem() if isinstance(intent, _ANSWERED_IN_PLACE) and message:
                await self._replace(message, render(screen, context.bot.username))
            case _:
                await self._send(chat_id, render(screen, context.bot.username))

    async def _in_place(self, message: Message, intent: Intent, screen: Screen) -> bool:
        """In the in-place flow, turn the pressed card into what follows it; False if not."""
        if self._card_flow is not CardFlow.IN_PLACE:
            return False
        match screen:
            case VoteRecorded() if screen.reason is None:  # a question follows on its own
                await self._replace(message, render_in_place(screen))
            case ParagraphCard() if isinstance(intent, ShowParagraph):
                await self._replace(message, render_card(screen))
            case _:
                return False
        return True

    async def _replace(self, message: Message, outgoing: list[Outgoing]) -> None:
        """Edit the message into the first part; a longer paragraph's other parts follow it."""
        await self._edit(message, outgoing[0])
        if outgoing[1:]:
            await self._send(message.chat.id, outgoing[1:])

    async def _show(self, message: Message, screen: Screen, context: Context) -> None:
        """Answer a message; in a group only the text, and only a post keeps its buttons."""
        rendered = render(screen, context.bot.username)
        if is_shared(message.chat) and not isinstance(screen, ChannelPost):
            rendered = [_plain(screen, rendered[0])]
        elif isinstance(screen, StatisticsReport) and screen.every_paragraph:
            rendered = [*await chart_photo(screen), *rendered]  # an organiser's /stats SLUG
        sent = await self._client.send(message.chat.id, rendered, reply_to=message.message_id)
        if isinstance(screen, ChannelPost) and sent and message.from_user is not None:
            # Its last part carries the tally that votes refresh (see core.services.posts).
            post = RememberPost(
                channel=channel_ref(message.chat.id),
                paragraph_id=screen.card.paragraph_id,
                message_ref=str(sent[-1].message_id),
            )
            await self._app.handle(actor_of(message.from_user), post)

    async def _send(self, chat_id: int, messages: list[Outgoing]) -> None:
        await self._client.send(chat_id, messages)

    async def _edit(self, message: Message, outgoing: Outgoing) -> None:
        await self._client.edit(message.chat.id, message.message_id, outgoing)

    async def _read(self, document: Document, context: Context) -> tuple[str, ParsedDocument]:
        name = document.file_name or "document"
        if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
            raise InvalidDocument(f"{name}: send the document as a .md, .txt or .docx file.")
        _check_size(name, document.file_size)
        file = await context.bot.get_file(document.file_id)
        _check_size(name, file.file_size)  # a message need not carry the size; getFile does
        data = bytes(await file.download_as_bytearray())
        return name, await asyncio.to_thread(read_document_bytes, data, name)


def _check_size(name: str, size: int | None) -> None:
    """Refuse a file over the import limit before it is downloaded into memory."""
    if size is not None and size > MAX_FILE_BYTES:
        raise InvalidDocument(f"{name} is larger than 5 MB.")


def _toast(screen: Screen, shared: bool) -> str | None:
    """What the press's toast says; in a group even an informative notice goes there."""
    match screen:
        case VoteRecorded(toast=toast, reason=CommentPrompt(label=label)) if shared:
            # The question is the person's own: asked privately, where their answer goes.
            return f"{toast} What would you change in {label}? Tell me in a private chat."
        case (
            VoteRecorded(toast=toast)
            | CommentVoted(toast=toast)
            | CommentPosted(toast=toast)
            | CardClosed(toast=toast)
        ):
            return toast
        case Notice(text=text, tone=tone) if shared or tone in _REFUSALS:
            return say(text)
        case _:
            return None


def _plain(screen: Screen, first: Outgoing) -> Outgoing:
    """A screen as a group sees it: text only (a comment's confirmation, not the comment)."""
    if isinstance(screen, CommentPosted):
        return Outgoing(text=f"✅ {escape(screen.toast)}")
    return Outgoing(text=first.text)
