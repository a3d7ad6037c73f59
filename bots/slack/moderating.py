"""Moderation's buttons in Slack: a comment's Report and Delete steps, and the review queue.

In the Comments modal a step of a comment's menu (the reasons to report it; Delete it / Keep
it) redraws the list with that comment's step open under it, and the decision redraws the list
with the core's answer on top. Pressed on a message (a reply pushed to its author's DM), the
message itself is updated. A moderator's decision, and the next comment to review, replace the
pressed message through the press's response_url (which reaches an ephemeral one too). A
refusal is told to the person only, and changes nothing.
"""

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.slack.answers import SlackAnswering, SlackAnswers, is_refusal
from bots.slack.hints import say
from bots.slack.interactions import Press, press_of, team_of
from bots.slack.modals import listing_view, notice_text
from bots.slack.surfaces import load_context
from core.callbacks import decode
from core.errors import InvalidPayload
from core.hints import Command, hint
from core.intents import (
    DeleteComment,
    Intent,
    ModerateComment,
    OpenCommentMenu,
    ReportComment,
    ShowComments,
    ShowReviewQueue,
)
from core.screens import CommentShown, Screen

MENU_INTENTS = (OpenCommentMenu, ReportComment, DeleteComment)
REVIEW_INTENTS = (ModerateComment, ShowReviewQueue)


class SlackModeration:
    """The `comment_menu` and `moderate` buttons (bots.slack.blocks)."""

    def __init__(self, answering: SlackAnswering) -> None:
        self._answering = answering
        self._app = answering.app
        self._command = answering.command

    async def on_comment_menu(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        intent = await _decoded(answers, press, MENU_INTENTS)
        if intent is None:
            return
        screen = await self._app.handle(press.actor, intent)
        if press.view_id:
            await self._redraw_list(answers, press, screen)
        elif press.message_ts and not is_refusal(screen):
            await answers.client.update(press.channel, press.message_ts, answers.render(screen))
        else:
            await answers.answer(press.actor, press.channel, screen)

    async def _redraw_list(self, answers: SlackAnswers, press: Press, screen: Screen) -> None:
        try:
            page = load_context(press.view_metadata).intent
        except InvalidPayload as error:
            await answers.refuse(press.actor, press.channel, error.message)
            return
        if not isinstance(page, ShowComments):
            return
        listing = await self._app.handle(press.actor, page)
        shown = screen if isinstance(screen, CommentShown) else None
        toast = None if shown else say(notice_text(screen), self._command)
        view = listing_view(listing, self._command, toast, shown)
        await answers.client.update_view(press.view_id, view)

    async def on_moderate(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        intent = await _decoded(answers, press, REVIEW_INTENTS)
        if intent is None:
            return
        screen = await self._app.handle(press.actor, intent)
        if is_refusal(screen):
            await answers.answer(press.actor, press.channel, screen)
            return
        shown = answers.render(screen)
        await args.respond(text=shown.text, blocks=list(shown.blocks), replace_original=True)


async def _decoded(answers: SlackAnswers, press: Press, kinds: tuple[type, ...]) -> Intent | None:
    """The button's intent if it is one of `kinds`; else None, and the person is told."""
    try:
        intent = decode(press.value)
        if not isinstance(intent, kinds):
            raise InvalidPayload(f"This button is not valid any more. Type {hint(Command.HELP)}.")
    except InvalidPayload as error:
        await answers.refuse(press.actor, press.channel, error.message)
        return None
    return intent
