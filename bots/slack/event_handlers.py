"""Events: the App Home opened, and messages — a thread reply under a card is a comment.

A thread reply is matched to its paragraph through the parent message, fetched with
conversations.history: only the app's own cards count, and their buttons name the paragraph.
The comment's idempotency key names the reply (`slack:TEAM:CHANNEL:TS`), so a redelivered event
stores nothing new. Slack redelivers an event it thinks we missed (`X-Slack-Retry-Num`); Bolt
acknowledges every event before the listener runs, so a retry for `http_timeout` means the
first delivery arrived and is being handled: it is dropped, and the confirmation is not posted
twice. Retries for other reasons (the first never got in) are handled, the key keeping the
comment single.
"""

import logging

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.chat.selections import name_the_request
from bots.slack.answers import SlackAnswering, SlackAnswers
from bots.slack.blocks import payloads
from bots.slack.events import (
    actor_of,
    comment_on,
    is_direct,
    thread_key,
    typed_command,
)
from bots.slack.interactions import team_of, text_at
from bots.slack.rendering import render_notice
from core.intents import FreeText, SubmitComment
from core.model import Actor
from core.screens import CommentPosted, Notice, Tone

logger = logging.getLogger(__name__)

TIMEOUT_RETRY = "http_timeout"
NOT_SAVED = "Your comment could not be saved: "
OUR_SIDE = "something went wrong on our side. Please try again in a moment."


class SlackEventHandlers:
    """`app_home_opened` and `message` (channels, private channels and DMs)."""

    def __init__(self, answering: SlackAnswering) -> None:
        self._answering = answering
        self._app = answering.app
        self._command = answering.command

    async def on_home_opened(self, args: AsyncArgs) -> None:
        event = args.event or {}
        if text_at(event, "tab") != "home":
            return
        answers = self._answering.answers(args)
        actor = await self._actor(answers, team_of(args), text_at(event, "user"))
        await answers.refresh_home(actor, actor.ref.external_id)

    async def on_message(self, args: AsyncArgs) -> None:
        event = args.event or {}
        if event.get("subtype") or event.get("bot_id") or not text_at(event, "user"):
            return  # edits, joins, bots (the app's own messages are dropped by Bolt already)
        channel, ts, thread = (text_at(event, key) for key in ("channel", "ts", "thread_ts"))
        if thread and thread != ts:
            if _retry_reason(args) == TIMEOUT_RETRY:
                logger.info("dropped a retried thread reply (%s): handled already", TIMEOUT_RETRY)
                return
            await self._thread_reply(args, channel, thread, ts)
        elif is_direct(channel):
            await self._direct_message(args, channel, ts)

    async def _direct_message(self, args: AsyncArgs, channel: str, ts: str) -> None:
        """Text typed in the DM: a command (`help`), else the core answers it with a hint."""
        answers, team = self._answering.answers(args), team_of(args)
        actor = await self._actor(answers, team, text_at(args.event, "user"))
        text, key = text_at(args.event, "text"), thread_key(team, channel, ts)
        typed = typed_command(text, team=team, channel=channel)
        intent = FreeText(body=text, idempotency_key=key) if typed is None else typed
        intent = name_the_request(intent, key)  # a typed broadcast, redelivered, is one
        await answers.answer(actor, channel, await self._app.handle(actor, intent))

    async def _thread_reply(self, args: AsyncArgs, channel: str, thread: str, ts: str) -> None:
        answers, team = self._answering.answers(args), team_of(args)
        parent = await answers.client.message_at(channel, thread)
        if parent is None or not _from_this_app(parent, args):
            return
        text = text_at(args.event, "text")
        intent = comment_on(payloads(parent.get("blocks")), text, thread_key(team, channel, ts))
        if intent is None:
            return
        actor = await self._actor(answers, team, text_at(args.event, "user"))
        await self._comment(answers, actor, intent, (channel, thread))

    async def _comment(
        self, answers: SlackAnswers, actor: Actor, intent: SubmitComment, place: tuple[str, str]
    ) -> None:
        """Submit a thread reply; say in the thread whether it was saved, and if not, why."""
        channel, thread = place
        try:
            screen = await self._app.handle(actor, intent)
        except Exception:
            told = Notice(text=f"{NOT_SAVED}{OUR_SIDE}", tone=Tone.ERROR)
            await answers.tell(actor, channel, render_notice(told, self._command), thread)
            raise  # logged once by the app's error handler
        if isinstance(screen, CommentPosted):
            told = Notice(text=screen.toast, tone=Tone.SUCCESS)
        else:
            told = Notice(text=f"{NOT_SAVED}{_notice_text(screen)}", tone=Tone.WARNING)
        await answers.tell(actor, channel, render_notice(told, self._command), thread)

    async def _actor(self, answers: SlackAnswers, team: str, user: str) -> Actor:
        # Events carry no name; the username is what commands and buttons report too.
        return actor_of(team, user, await answers.client.user_name(user))


def _from_this_app(message: dict[str, object], args: AsyncArgs) -> bool:
    bot_user, bot_id = args.context.bot_user_id, args.context.bot_id
    return bool(
        (bot_user and message.get("user") == bot_user)
        or (bot_id and message.get("bot_id") == bot_id)
    )


def _retry_reason(args: AsyncArgs) -> str | None:
    headers = args.request.headers
    if not headers.get("x-slack-retry-num"):
        return None
    reasons = headers.get("x-slack-retry-reason") or [""]
    return str(reasons[0])


def _notice_text(screen: object) -> str:
    return screen.text if isinstance(screen, Notice) else "That did not work. Please try again."
