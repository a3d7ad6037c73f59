"""The slash command and the buttons on messages: translate, ask the core, show the screen.

Every listener calls `ack()` first (Slack wants it within 3 s). A press on a DM card is
answered in the DM: a vote redraws the card (chat.update) and posts the next one. A press on a
channel's shared card is answered with an ephemeral message and leaves the card as it is.
"""

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.chat.grammar import Usage
from bots.chat.selections import name_the_request
from bots.slack.answers import PERSONAL, SlackAnswering, SlackAnswers, is_refusal
from bots.slack.blocks import SlackMessage
from bots.slack.charts import send_chart
from bots.slack.client import Undeliverable
from bots.slack.events import channel_ref, command_intent, is_direct, place_of
from bots.slack.interactions import SlashCommand, press_of, slash_command_of, team_of
from bots.slack.rendering import render_card
from bots.slack.surfaces import new_consultation_modal
from core.amendment_intents import VoteOnAmendment
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import Command, hint
from core.intents import (
    CastVote,
    Intent,
    OfferDocument,
    RememberPost,
    StartDraft,
)
from core.model import Actor
from core.screens import (
    AmendmentList,
    CardClosed,
    ChannelPost,
    Notice,
    Screen,
    StatisticsReport,
    Tone,
    VoteRecorded,
)

IN_DM = "I have sent it to you in a direct message."
INVITE_ME = "I cannot post here: invite me to this channel first (/invite @townhall)."


class SlackHandlers:
    """The slash command and the `vote` and `press` buttons (bots.slack.blocks)."""

    def __init__(self, answering: SlackAnswering) -> None:
        self._answering = answering
        self._app = answering.app
        self._command = answering.command

    async def on_command(self, args: AsyncArgs) -> None:
        await args.ack()
        command = slash_command_of(args.command or {}, team_of(args))
        answers = self._answering.answers(args)
        place = place_of(command.team, command.channel, command.channel_name)
        intent = command_intent(command.text, place, slash=self._command)
        if isinstance(intent, Usage):
            await _respond(args, answers.render(Notice(text=intent.text, tone=Tone.WARNING)))
            return
        if isinstance(intent, StartDraft):  # the form; not an intent until it is submitted
            await self._open_new_modal(args, answers, command)
            return
        intent = name_the_request(intent, f"slack:{command.team}:{command.trigger_id}")
        screen = await self._app.handle(command.actor, intent)
        await self._show_command_result(args, answers, command, screen)

    async def _open_new_modal(
        self, args: AsyncArgs, answers: SlackAnswers, command: SlashCommand
    ) -> None:
        """The form for a new consultation; anyone but an organiser is refused before it opens."""
        offered = await self._app.handle(command.actor, OfferDocument())
        if is_refusal(offered):
            await _respond(args, answers.render(offered))
            return
        await answers.client.open_view(command.trigger_id, new_consultation_modal())

    async def _show_command_result(
        self, args: AsyncArgs, answers: SlackAnswers, command: SlashCommand, screen: Screen
    ) -> None:
        if isinstance(screen, ChannelPost):
            try:
                ts = await answers.client.post(command.channel, answers.render(screen))
            except Undeliverable:
                await _respond(args, answers.render(Notice(text=INVITE_ME, tone=Tone.WARNING)))
                return
            post = RememberPost(  # so votes refresh its tally (see core.services.posts)
                channel=channel_ref(command.team, command.channel),
                paragraph_id=screen.card.paragraph_id,
                message_ref=ts,
            )
            await self._app.handle(command.actor, post)
        elif isinstance(screen, PERSONAL):
            await answers.to_person(command.actor, screen)
            if not is_direct(command.channel):
                await _respond(args, answers.render(Notice(text=IN_DM, tone=Tone.INFO)))
        else:
            for message in answers.render_all(screen):
                await _respond(args, message)
            if isinstance(screen, StatisticsReport) and screen.every_paragraph:
                await send_chart(answers.client, command.actor, screen)  # then, to the DM

    async def on_vote(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        intent = await _decoded(answers, press.actor, press.channel, press.value, CastVote)
        if intent is None:
            return
        screen = await self._app.handle(press.actor, intent)
        if isinstance(screen, CardClosed):  # the old card now says it closed, and how it ended
            card = render_card(screen.card, personal=is_direct(press.channel))
            await answers.client.update(press.channel, press.message_ts, card)
        elif not isinstance(screen, VoteRecorded):
            await answers.answer(press.actor, press.channel, screen)
        elif not is_direct(press.channel):
            confirmed = Notice(text=screen.toast, tone=Tone.SUCCESS)  # the shared card stays
            await answers.tell(press.actor, press.channel, answers.render(confirmed))
            if screen.reason is not None:  # the question is theirs: asked in their DM
                await answers.to_person(press.actor, screen.reason)
        else:
            await answers.client.update(press.channel, press.message_ts, render_card(screen.card))
            follows = screen.next if screen.reason is None else screen.reason
            await answers.client.post(press.channel, answers.render(follows))

    async def on_press(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        intent = await _decoded(answers, press.actor, press.channel, press.value, object)
        if intent is None:
            return
        screen = await self._app.handle(press.actor, intent)
        voted = isinstance(intent, VoteOnAmendment) and isinstance(screen, AmendmentList)
        if voted and is_direct(press.channel):  # the list redrawn with the vote
            await answers.client.update(press.channel, press.message_ts, answers.render(screen))
        else:
            await answers.answer(press.actor, press.channel, screen)
        if press.view_type == "home" and not is_refusal(screen):
            await answers.refresh_home(press.actor, press.user)


async def _decoded(
    answers: SlackAnswers, actor: Actor, channel: str, value: str, kind: type
) -> Intent | None:
    """The button's intent if the core made it for this kind of button; else None, refused."""
    try:
        intent = decode(value)
        if not isinstance(intent, kind):
            raise InvalidPayload(f"This button is not valid any more. Type {hint(Command.HELP)}.")
    except InvalidPayload as error:
        await answers.refuse(actor, channel, error.message)
        return None
    return intent


async def _respond(args: AsyncArgs, message: SlackMessage) -> None:
    await args.respond(
        text=message.text,
        blocks=list(message.blocks),
        response_type="ephemeral",
        replace_original=False,
    )
