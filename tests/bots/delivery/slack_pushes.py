"""Pushes through the real Dispatcher and slack-sdk's AsyncWebClient to the fake Slack Web API.

`SlackPushes` is the consultation "plan" (five paragraphs, closing in ten days) over the
in-memory database and the fake clock, with helpers to enrol Slack users, link a channel,
queue a broadcast and run the outbox: `await pushes.enrol(ADA); await pushes.release(); await
pushes.dispatcher().dispatch_due()`. Pacing is off (limits far above any test's sends) unless
a test passes its own [delivery] settings.
"""

from dataclasses import dataclass
from datetime import timedelta

import aiohttp

from bots.chat.identities import slack_ref
from bots.chat.settings import DeliveryConfig
from bots.slack.messenger import SlackMessenger
from bots.slack.pacing import SlackPacing
from bots.slack.tokens import SingleWorkspaceToken, SlackTokens
from core.app import ConsultationApp
from core.delivery import DeliveryReport
from core.intents import Join, LinkChannel, SubmitComment
from core.model import Actor, ChannelRef, Platform
from core.orders import BroadcastPlan
from core.ports import UnitOfWorkFactory
from core.screens import CommentPosted
from core.services.dispatching import Dispatcher
from core.services.reminding import plan_reminders
from tests.bots.conftest import create, document
from tests.fakes.memory import FakeClock, MemoryDatabase
from tests.fakes.slack import Call, FakeSlackApi
from tests.fakes.slack_workspace import TEAM_ID
from tests.organiser import add_organiser, broadcast, delivery_report

UNPACED = DeliveryConfig(slack_workspace_rate=1e6, slack_channel_interval=0.0)
ORGANISER = "U0ORG"
CHANNEL = "C0PLAN"
FIVE_PARAGRAPHS = document(
    ("1. Purpose", ("The plan sets out what the city will do.", "It is reviewed every year.")),
    ("2. Means", ("Money comes from the general budget.", "Loans are a last resort.")),
    ("3. Review", ("The council reports on it every spring.",)),
)


@dataclass
class SlackPushes:
    """A consultation with Slack participants, and the outbox posting to the fake."""

    fake: FakeSlackApi
    memory: MemoryDatabase
    clock: FakeClock
    uow: UnitOfWorkFactory
    app: ConsultationApp
    session: aiohttp.ClientSession

    async def open(self) -> None:
        await create(self.memory, self.clock, content=FIVE_PARAGRAPHS)

    async def enrol(self, *users: str, team: str = TEAM_ID) -> None:
        for user in users:
            actor = Actor(ref=slack_ref(team, user), display_name=f"Person {user}")
            await self.app.handle(actor, Join(payload="plan"))

    async def comment(self, user: str, body: str, reply_to: int | None = None) -> int:
        """The person comments on P1 (or replies to comment `reply_to`); the comment's id."""
        actor = Actor(ref=slack_ref(TEAM_ID, user), display_name=f"Person {user}")
        async with self.uow() as uow:
            consultation = await uow.consultations.get_by_slug("plan")
            assert consultation is not None
            paragraph = await uow.paragraphs.at_position(consultation.id, 1)
        assert paragraph is not None
        posted = await self.app.handle(
            actor,
            SubmitComment(
                consultation_id=paragraph.consultation_id,
                paragraph_id=paragraph.id,
                body=body,
                reply_to=reply_to,
            ),
        )
        assert isinstance(posted, CommentPosted)
        return posted.comment.comment_id

    async def link(self, channel: str = CHANNEL, team: str = TEAM_ID, slug: str = "plan") -> None:
        """An organiser links a channel to the consultation, as `/townhall link SLUG` does."""
        organiser = Actor(ref=slack_ref(team, ORGANISER), display_name="Organiser")
        await add_organiser(self.uow(), organiser.ref)
        ref = ChannelRef(platform=Platform.SLACK, tenant=team, chat_id=channel)
        await self.app.handle(organiser, LinkChannel(slug=slug, channel=ref, title=channel))

    async def plan_reminders(self, user: str) -> None:
        async with self.uow() as uow:
            participant = await uow.participants.find(slack_ref(TEAM_ID, user))
            consultation = await uow.consultations.get_by_slug("plan")
            assert participant is not None
            assert consultation is not None
            await plan_reminders(uow, consultation, participant.id, self.clock.now())
            await uow.commit()

    async def release(
        self, numbers: tuple[int, ...] | None = (1,), every: timedelta | None = None
    ) -> BroadcastPlan:
        return await broadcast(
            self.uow(),
            "plan",
            numbers=numbers,
            platforms=frozenset({Platform.SLACK}),
            every=every,
            now=self.clock.now(),
        )

    def delivery(
        self, limits: DeliveryConfig = UNPACED, tokens: SlackTokens | None = None
    ) -> SlackMessenger:
        return SlackMessenger(
            tokens or SingleWorkspaceToken(self.fake.token),
            SlackPacing(limits),
            self.session,
            base_url=self.fake.base_url,
            command="/townhall",
        )

    def dispatcher(self, delivery: SlackMessenger | None = None) -> Dispatcher:
        return Dispatcher(
            uow_factory=self.uow,
            messenger=delivery or self.delivery(),
            clock=self.clock,
            worker="w1",
            jitter=lambda: 0.0,
        )

    async def report(self, broadcast_id: int) -> DeliveryReport:
        return await delivery_report(self.uow(), broadcast_id)

    def posts(self, channel: str | None = None) -> list[Call]:
        """chat.postMessage calls (to `channel`, if given), refused ones included."""
        return [
            call
            for call in self.fake.calls_to("chat.postMessage")
            if channel is None or call.params.get("channel") == channel
        ]

    async def reachable(self, user: str, team: str = TEAM_ID) -> bool:
        async with self.uow() as uow:
            participant = await uow.participants.find(slack_ref(team, user))
        assert participant is not None
        return participant.reachable
