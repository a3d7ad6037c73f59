"""The slash command and the buttons on messages: translate, ask the core, show the screen.

Every listener calls `ack()` first (Slack wants it within 3 s). A press on a DM card is
answered in the DM: a vote redraws the card (chat.update) and posts the next one. A press on a
channel's shared card is answered with an ephemeral message and leaves the card as it is.
"""

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.chat.grammar import Usage
from bots.chat.selections import name_the_request
from bots.slack.blocks import SlackMessage
from bots.slack.delivery import PERSONAL, Delivery, is_refusal
from bots.slack.interactions import SlashCommand, press_of, slash_command_of
from bots.slack.messenger import SlackMessenger, Undeliverable
from bots.slack.rendering import render_card
from bots.slack.surfaces import home_view, new_consultation_modal
from bots.slack.translation import channel_ref, command_intent, is_direct, place_of
from core.app import ConsultationApp
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import Command, hint
from core.intents import (
    CastVote,
    Intent,
    OfferDocument,
    RememberPost,
    ShowOverview,
    StartDraft,
)
from core.model import Actor
from core.screens import CardClosed, ChannelPost, Notice, Overview, Screen, Tone, VoteRecorded

IN_DM = "I have sent it to you in a direct message."
INVITE_ME = "I cannot post here: invite me to this channel first (/invite @townhall)."


class SlackListeners:
    """The slash command and the `vote` and `press` buttons (bots.slack.blocks)."""

    def __init__(self, app: ConsultationApp, command: str) -> None:
        self._app = app
        self._command = command

    def delivery(self, args: AsyncArgs) -> Delivery:
        messenger = SlackMessenger(args.client, self._app)
        return Delivery(app=self._app, messenger=messenger, command=self._command)

    async def on_command(self, args: AsyncArgs) -> None:
        await args.ack()
        command = slash_command_of(args.command or {}, team_of(args))
        delivery = self.delivery(args)
        place = place_of(command.team, command.channel, command.channel_name)
        intent = command_intent(command.text, place, slash=self._command)
        if isinstance(intent, Usage):
            await _respond(args, delivery.render(Notice(text=intent.text, tone=Tone.WARNING)))
            return
        if isinstance(intent, StartDraft):  # the form; not an intent until it is submitted
            await self._open_new_modal(args, delivery, command)
            return
        intent = name_the_request(intent, f"slack:{command.team}:{command.trigger_id}")
        screen = await self._app.handle(command.actor, intent)
        await self._show_command_result(args, delivery, command, screen)

    async def _open_new_modal(
        self, args: AsyncArgs, delivery: Delivery, command: SlashCommand
    ) -> None:
        """The form for a new consultation; anyone but an organiser is refused before it opens."""
        offered = await self._app.handle(command.actor, OfferDocument())
        if is_refusal(offered):
            await _respond(args, delivery.render(offered))
            return
        await delivery.messenger.open_view(command.trigger_id, new_consultation_modal())

    async def _show_command_result(
        self, args: AsyncArgs, delivery: Delivery, command: SlashCommand, screen: Screen
    ) -> None:
        if isinstance(screen, ChannelPost):
            try:
                ts = await delivery.messenger.post(command.channel, delivery.render(screen))
            except Undeliverable:
                await _respond(args, delivery.render(Notice(text=INVITE_ME, tone=Tone.WARNING)))
                return
            post = RememberPost(  # so votes refresh its tally (see core.services.posts)
                channel=channel_ref(command.team, command.channel),
                paragraph_id=screen.card.paragraph_id,
                message_ref=ts,
            )
            await self._app.handle(command.actor, post)
        elif isinstance(screen, PERSONAL):
            await delivery.to_person(command.actor, screen)
            if not is_direct(command.channel):
                await _respond(args, delivery.render(Notice(text=IN_DM, tone=Tone.INFO)))
        else:
            for message in delivery.render_all(screen):
                await _respond(args, message)

    async def on_vote(self, args: AsyncArgs) -> None:
        await args.ack()
        press, delivery = press_of(args.body, team_of(args)), self.delivery(args)
        intent = await _decoded(delivery, press.actor, press.channel, press.value, CastVote)
        if intent is None:
            return
        screen = await self._app.handle(press.actor, intent)
        if isinstance(screen, CardClosed):  # the old card now says it closed, and how it ended
            card = render_card(screen.card, personal=is_direct(press.channel))
            await delivery.messenger.update(press.channel, press.message_ts, card)
        elif not isinstance(screen, VoteRecorded):
            await delivery.answer(press.actor, press.channel, screen)
        elif not is_direct(press.channel):
            confirmed = Notice(text=screen.toast, tone=Tone.SUCCESS)  # the shared card stays
            await delivery.tell(press.actor, press.channel, delivery.render(confirmed))
        else:
            await delivery.messenger.update(
                press.channel, press.message_ts, render_card(screen.card)
            )
            await delivery.messenger.post(press.channel, delivery.render(screen.next))

    async def on_press(self, args: AsyncArgs) -> None:
        await args.ack()
        press, delivery = press_of(args.body, team_of(args)), self.delivery(args)
        intent = await _decoded(delivery, press.actor, press.channel, press.value, object)
        if intent is None:
            return
        screen = await self._app.handle(press.actor, intent)
        await delivery.answer(press.actor, press.channel, screen)
        if press.view_type == "home" and not is_refusal(screen):
            await refresh_home(self._app, delivery, press.actor, press.user)


async def _decoded(
    delivery: Delivery, actor: Actor, channel: str, value: str, kind: type
) -> Intent | None:
    """The button's intent if the core made it for this kind of button; else None, refused."""
    try:
        intent = decode(value)
        if not isinstance(intent, kind):
            raise InvalidPayload(f"This button is not valid any more. Type {hint(Command.HELP)}.")
    except InvalidPayload as error:
        await delivery.refuse(actor, channel, error.message)
        return None
    return intent


async def _respond(args: AsyncArgs, message: SlackMessage) -> None:
    await args.respond(
        text=message.text,
        blocks=list(message.blocks),
        response_type="ephemeral",
        replace_original=False,
    )


def team_of(args: AsyncArgs) -> str:
    """The workspace the request comes from (an Enterprise Grid org when there is no team)."""
    return str(args.context.team_id or args.context.enterprise_id or "")


async def refresh_home(app: ConsultationApp, delivery: Delivery, actor: Actor, user: str) -> None:
    """Publish the person's App Home as it is now."""
    screen = await app.handle(actor, ShowOverview())
    if isinstance(screen, Overview | Notice):
        await delivery.messenger.publish_home(user, home_view(screen, delivery.command))
