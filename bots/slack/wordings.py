"""Suggest wording in Slack: a modal holding the paragraph's text, then the diff in the DM.

**Suggest wording** opens a "Loading…" modal at once (the trigger lives about 3 s), asks the
core for the prompt, and fills the modal with the current text to edit. The submission is
the wording (the view id is its idempotency key): a refusal (unchanged, empty, too long,
closed) is an inline error on the input; otherwise the modal closes and the diff, with
Publish / Cancel, is posted where the button was pressed (the DM, or ephemeral in a
channel). Closing the modal tells the core to stop waiting for a wording.
"""

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.slack.answers import SlackAnswering
from bots.slack.events import actor_of, is_direct
from bots.slack.hints import say
from bots.slack.interactions import input_value, press_of, team_of, text_at
from bots.slack.surfaces import (
    WORDING_BLOCK,
    WORDING_INPUT,
    ModalContext,
    load_context,
    loading_modal,
    notice_modal,
    wording_modal,
)
from core.amendment_intents import CancelWording, SubmitWording, SuggestWording
from core.callbacks import decode
from core.errors import InvalidPayload
from core.model import Actor
from core.screens import Notice, Screen, WordingPrompt, WordingReview

TITLE = "Suggest wording"
STALE = "This form is not valid any more. Please start again."


class SlackWordings:
    """The `suggest` button, the wording modal's submission and its closing."""

    def __init__(self, answering: SlackAnswering) -> None:
        self._answering = answering
        self._app = answering.app
        self._command = answering.command

    async def on_suggest(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        opened = await answers.client.open_view(press.trigger_id, loading_modal(TITLE))
        screen = await self._prompt(press.actor, press.value)
        if isinstance(screen, WordingPrompt):
            channel = press.channel if is_direct(press.channel) else None
            view = wording_modal(screen, ModalContext(payload=press.value, channel=channel))
        else:
            notice = screen if isinstance(screen, Notice) else Notice(text=STALE)
            view = notice_modal(TITLE, notice, self._command)
        await answers.client.update_view(str(opened["id"]), view)

    async def _prompt(self, actor: Actor, value: str) -> Screen:
        try:
            intent = decode(value)
        except InvalidPayload as error:
            return Notice(text=error.message)
        if not isinstance(intent, SuggestWording):
            return Notice(text=STALE)
        return await self._app.handle(actor, intent)

    async def on_wording_submitted(self, args: AsyncArgs) -> None:
        view = args.view or {}
        team = team_of(args)
        actor = actor_of(team, text_at(args.body, "user", "id"), _user_name(args))
        screen = await self._submit(actor, view, team)
        if not isinstance(screen, WordingReview):
            text = screen.text if isinstance(screen, Notice) else STALE
            await args.ack(
                response_action="errors", errors={WORDING_BLOCK: say(text, self._command)}
            )
            return
        await args.ack()
        answers = self._answering.answers(args)
        channel = load_context(text_at(view, "private_metadata")).channel
        if channel:
            await answers.tell(actor, channel, answers.render(screen))
        else:
            await answers.to_person(actor, screen)

    async def _submit(self, actor: Actor, view: dict[str, object], team: str) -> Screen:
        try:
            intent = load_context(text_at(view, "private_metadata")).intent
        except InvalidPayload as error:
            return Notice(text=error.message)
        if not isinstance(intent, SuggestWording):
            return Notice(text=STALE)
        submit = SubmitWording(
            consultation_id=intent.consultation_id,
            paragraph_id=intent.paragraph_id,
            body=input_value(view, WORDING_BLOCK, WORDING_INPUT),
            idempotency_key=f"slack:{team}:view:{text_at(view, 'id')}",
        )
        return await self._app.handle(actor, submit)

    async def on_wording_closed(self, args: AsyncArgs) -> None:
        await args.ack()
        view = args.view or {}
        try:
            intent = load_context(text_at(view, "private_metadata")).intent
        except InvalidPayload:
            return
        if isinstance(intent, SuggestWording):
            actor = actor_of(team_of(args), text_at(args.body, "user", "id"), _user_name(args))
            await self._app.handle(actor, CancelWording(consultation_id=intent.consultation_id))


def _user_name(args: AsyncArgs) -> str:
    return text_at(args.body, "user", "username") or text_at(args.body, "user", "name")
