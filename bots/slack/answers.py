"""Where a screen goes in Slack: personal screens to the person's DM, the rest where they asked.

Cards, welcomes and confirmations are personal: they go to the DM with the app (opened with
conversations.open), whatever surface the person pressed or typed on. Notices go back where
the request came from: into the DM, or as an ephemeral message in a channel.
"""

from dataclasses import dataclass, replace

from slack_bolt.kwargs_injection.async_args import AsyncArgs

from bots.slack.blocks import SlackMessage
from bots.slack.client import SlackClient, Undeliverable
from bots.slack.events import is_direct
from bots.slack.figures import statistics_messages
from bots.slack.rendering import render, render_notice
from bots.slack.surfaces import home_view
from core.app import ConsultationApp
from core.intents import Resume, ShowOverview
from core.model import Actor
from core.screens import (
    CommentPosted,
    Finished,
    Notice,
    Overview,
    ParagraphCard,
    PersonalDataFile,
    Screen,
    StatisticsReport,
    Tone,
    VoteRecorded,
    Welcome,
)

PERSONAL = (Welcome, ParagraphCard, Finished, VoteRecorded, CommentPosted, PersonalDataFile)
REFUSALS = (Tone.WARNING, Tone.ERROR)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackAnswers:
    """One request's way of showing screens: the core, the Web API client, the command's name."""

    app: ConsultationApp
    client: SlackClient
    command: str

    def render(self, screen: Screen) -> SlackMessage:
        return render(screen, self.command)

    def render_all(self, screen: Screen) -> list[SlackMessage]:
        """The messages of a screen that may take several (an organiser's figures)."""
        if isinstance(screen, StatisticsReport):
            return statistics_messages(screen)
        return [self.render(screen)]

    async def to_person(self, actor: Actor, screen: Screen) -> None:
        """Post in the person's DM; a Welcome is followed by their next paragraph."""
        if isinstance(screen, Welcome):
            screen = replace(screen, buttons=())  # no Start: the first paragraph follows
        try:
            channel = await self.client.direct(actor.ref)
            if isinstance(screen, PersonalDataFile):  # only ever into the person's own DM
                text = self.render(screen).text
                await self.client.upload(
                    channel, screen.filename, screen.content, text, person=actor.ref
                )
                return
            await self.client.post(channel, self.render(screen), person=actor.ref)
            if isinstance(screen, Welcome):
                cid = screen.consultation.consultation_id
                card = await self.app.handle(actor, Resume(consultation_id=cid))
                await self.client.post(channel, self.render(card), person=actor.ref)
        except Undeliverable:
            return  # recorded by the client; there is nobody to tell

    async def answer(self, actor: Actor, channel: str, screen: Screen) -> None:
        """Show a screen to the person who pressed or typed in `channel`."""
        if isinstance(screen, PERSONAL) or is_direct(channel) or not channel:
            await self.to_person(actor, screen)
        else:
            await self.tell(actor, channel, self.render(screen))

    async def tell(
        self, actor: Actor, channel: str, message: SlackMessage, thread_ts: str | None = None
    ) -> None:
        """A reply only this person sees: in their DM, or ephemeral in a channel."""
        try:
            if is_direct(channel):
                await self.client.post(channel, message, thread_ts=thread_ts, person=actor.ref)
            else:
                user = actor.ref.external_id
                await self.client.whisper(channel, user, message, thread_ts=thread_ts)
        except Undeliverable:
            return

    async def refuse(self, actor: Actor, channel: str, text: str) -> None:
        notice = Notice(text=text, tone=Tone.WARNING)
        await self.tell(actor, channel, render_notice(notice, self.command))

    async def refresh_home(self, actor: Actor, user: str) -> None:
        """Publish the person's App Home as it is now."""
        screen = await self.app.handle(actor, ShowOverview())
        if isinstance(screen, Overview | Notice):
            await self.client.publish_home(user, home_view(screen, self.command))


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackAnswering:
    """What every listener class is given: the core, the command's name, each request's answers."""

    app: ConsultationApp
    command: str

    def answers(self, args: AsyncArgs) -> SlackAnswers:
        """This request's answers, through the Web API client Bolt gave the request."""
        client = SlackClient(args.client, self.app)
        return SlackAnswers(app=self.app, client=client, command=self.command)


def is_refusal(screen: Screen) -> bool:
    return isinstance(screen, Notice) and screen.tone in REFUSALS
