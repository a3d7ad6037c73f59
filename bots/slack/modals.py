"""Comments in modals: write one, read a paragraph's comments, vote on and reply to them.

**Comment** opens its modal with the trigger_id before anything else (the trigger lives about
3 s); the payload rides in `private_metadata`. A submission is stored with the view id as
idempotency key; a refusal (empty, too long, closed) comes back as an inline error on the input.
**Comments (n)** opens a "Loading…" modal at once and fills it by views.update; inside it a
vote redraws the list and Reply pushes a reply modal on top.
"""

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.slack.answers import SlackAnswering, SlackAnswers
from bots.slack.events import actor_of, is_direct
from bots.slack.hints import say
from bots.slack.interactions import Press, input_value, press_of, team_of, text_at
from bots.slack.surfaces import (
    COMMENT_BLOCK,
    COMMENT_INPUT,
    ModalContext,
    comment_list_modal,
    comment_modal,
    load_context,
    loading_modal,
    notice_modal,
)
from core.callbacks import decode
from core.errors import InvalidPayload
from core.intents import ShowComments, StartComment, SubmitComment, VoteOnComment
from core.model import Actor
from core.screens import (
    CommentList,
    CommentPosted,
    CommentShown,
    CommentVoted,
    Notice,
    Screen,
)

COMMENTS_TITLE = "Comments"


class SlackModals:
    """The `comment`, `comments` and `comment_vote` buttons and the comment modal's submission."""

    def __init__(self, answering: SlackAnswering) -> None:
        self._answering = answering
        self._app = answering.app
        self._command = answering.command

    async def on_comment(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        try:
            intent = decode(press.value)
            if not isinstance(intent, StartComment):
                raise InvalidPayload("This button is not valid any more.")
        except InvalidPayload as error:
            await answers.refuse(press.actor, press.channel, error.message)
            return
        channel = press.channel if is_direct(press.channel) else None
        context = ModalContext(
            payload=press.value, channel=channel, list_view=press.view_id or None
        )
        view = comment_modal(intent, context)
        if press.view_id:
            await answers.client.push_view(press.trigger_id, view)
        else:
            await answers.client.open_view(press.trigger_id, view)

    async def on_comments(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        view_id = press.view_id if press.view_type == "modal" else ""
        if not view_id:
            opened = await answers.client.open_view(
                press.trigger_id, loading_modal(COMMENTS_TITLE)
            )
            view_id = str(opened["id"])
        screen = await self._comments_screen(press)
        await answers.client.update_view(view_id, listing_view(screen, self._command))

    async def _comments_screen(self, press: Press) -> Screen:
        try:
            intent = decode(press.value)
        except InvalidPayload as error:
            return Notice(text=error.message)
        if not isinstance(intent, ShowComments):
            return Notice(text="This button is not valid any more.")
        return await self._app.handle(press.actor, intent)

    async def on_comment_vote(self, args: AsyncArgs) -> None:
        await args.ack()
        press, answers = press_of(args.body, team_of(args)), self._answering.answers(args)
        try:
            intent, page = decode(press.value), load_context(press.view_metadata).intent
        except InvalidPayload as error:
            await answers.refuse(press.actor, press.channel, error.message)
            return
        if not isinstance(intent, VoteOnComment) or not isinstance(page, ShowComments):
            return
        voted = await self._app.handle(press.actor, intent)
        toast = voted.toast if isinstance(voted, CommentVoted) else notice_text(voted)
        listing = await self._app.handle(press.actor, page)
        view = listing_view(listing, self._command, say(toast, self._command))
        await answers.client.update_view(press.view_id, view)

    async def on_comment_submitted(self, args: AsyncArgs) -> None:
        view = args.view or {}
        team = team_of(args)
        actor = actor_of(team, text_at(args.body, "user", "id"), _user_name(args))
        body = input_value(view, COMMENT_BLOCK, COMMENT_INPUT)
        screen = await self._submit(actor, text_at(view, "private_metadata"), body, team, view)
        if not isinstance(screen, CommentPosted):
            error = say(notice_text(screen), self._command)
            await args.ack(response_action="errors", errors={COMMENT_BLOCK: error})
            return
        await args.ack()
        context = load_context(text_at(view, "private_metadata"))
        await self._after_comment(self._answering.answers(args), actor, context, screen)

    async def _submit(
        self, actor: Actor, metadata: str, body: str, team: str, view: object
    ) -> Screen:
        try:
            intent = load_context(metadata).intent
        except InvalidPayload as error:
            return Notice(text=error.message)
        if not isinstance(intent, StartComment):
            return Notice(text="This form is not valid any more. Please start again.")
        key = f"slack:{team}:view:{text_at(view, 'id')}"
        submit = SubmitComment(
            consultation_id=intent.consultation_id,
            paragraph_id=intent.paragraph_id,
            body=body,
            reply_to=intent.reply_to,
            idempotency_key=key,
        )
        return await self._app.handle(actor, submit)

    async def _after_comment(
        self, answers: SlackAnswers, actor: Actor, context: ModalContext, screen: CommentPosted
    ) -> None:
        if context.channel:
            await answers.tell(actor, context.channel, answers.render(screen))
        else:
            await answers.to_person(actor, screen)
        intent = context.intent
        if context.list_view and isinstance(intent, StartComment):
            page = ShowComments(
                consultation_id=intent.consultation_id, paragraph_id=intent.paragraph_id
            )
            listing = await self._app.handle(actor, page)
            await answers.client.update_view(
                context.list_view, listing_view(listing, self._command)
            )


def listing_view(
    screen: Screen, command: str, toast: str | None = None, shown: CommentShown | None = None
) -> dict[str, object]:
    """The Comments modal showing `screen` (a page of comments, or why there is none)."""
    if isinstance(screen, CommentList):
        return comment_list_modal(screen, toast, shown)
    notice = screen if isinstance(screen, Notice) else Notice(text=notice_text(screen))
    return notice_modal(COMMENTS_TITLE, notice, command)


def notice_text(screen: Screen) -> str:
    return screen.text if isinstance(screen, Notice) else "That did not work. Please try again."


def _user_name(args: AsyncArgs) -> str:
    return text_at(args.body, "user", "username") or text_at(args.body, "user", "name")
