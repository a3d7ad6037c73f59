"""Pushes through the real Dispatcher and python-telegram-bot to the fake Bot API.

`pushes` is a consultation "plan" (three paragraphs, closing in ten days) over the in-memory
database and the fake clock, a Bot on the fake, and helpers to enrol Telegram users, queue a
broadcast and run the outbox: `await pushes.enrol(101, 102); await pushes.release(); await
pushes.dispatch()`. Pacing is off unless a test passes limits. `slack_pushes` is the same for
Slack, on the fake Web API (tests/bots/delivery/slack_pushes.py).
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta

import aiohttp
import pytest
from telegram import Bot

from bots.chat.identities import telegram_ref
from bots.runtime.bootstrap import Townhall
from bots.slack.messenger import open_push_session
from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from bots.telegram.pacing import TelegramPacing
from bots.telegram.transport import AiohttpRequest
from core.app import ConsultationApp
from core.delivery import DeliveryReport
from core.intents import Join, SubmitComment
from core.model import Actor, Consultation, Platform
from core.orders import BroadcastPlan
from core.ports import UnitOfWork, UnitOfWorkFactory
from core.screens import CommentPosted
from core.services.dispatching import Dispatcher
from core.services.reminding import plan_reminders
from tests.bots.conftest import create
from tests.bots.delivery.slack_pushes import SlackPushes
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.fakes.memory_inbox import MemoryInbox
from tests.fakes.slack import FakeSlackApi
from tests.fakes.telegram import FakeBotApi
from tests.organiser import broadcast, delivery_report
from tests.storage.conftest import postgres_database_url

__all__ = ["postgres_database_url"]  # the storage suite's fresh PostgreSQL database, reused


@pytest.fixture(autouse=True)
def telegram_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's timedelta `retry_after` (else it warns) and keep 127.0.0.1 off proxies."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
async def fake_bot_api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


def fake_bot(fake: FakeBotApi, connections: int = 32) -> Bot:
    """A push Bot as workers build it (bots.runtime.front_ends.telegram.push_bot): aiohttp."""
    return Bot(
        fake.token,
        base_url=fake.base_url,
        request=AiohttpRequest(connection_limit=connections),
    )


def memory_factory(memory: MemoryDatabase) -> UnitOfWorkFactory:
    def factory() -> UnitOfWork:
        return FakeUnitOfWork(memory)

    return factory


@dataclass
class Pushes:
    """A consultation with Telegram participants, and the outbox sending to the fake."""

    fake: FakeBotApi
    bot: Bot
    memory: MemoryDatabase
    clock: FakeClock
    uow: UnitOfWorkFactory
    app: ConsultationApp
    consultation: Consultation | None = None

    async def open(self) -> Consultation:
        await create(self.memory, self.clock)
        async with self.uow() as uow:
            found = await uow.consultations.get_by_slug("plan")
        assert found is not None
        self.consultation = found
        return found

    async def enrol(self, *user_ids: int) -> None:
        for user_id in user_ids:
            actor = Actor(ref=telegram_ref(user_id), display_name=f"User {user_id}")
            await self.app.handle(actor, Join(payload="plan"))

    async def comment(self, user_id: int, body: str, reply_to: int | None = None) -> int:
        """The person comments on P1 (or replies to comment `reply_to`); the comment's id."""
        actor = Actor(ref=telegram_ref(user_id), display_name=f"User {user_id}")
        async with self.uow() as uow:
            assert self.consultation is not None
            paragraph = await uow.paragraphs.at_position(self.consultation.id, 1)
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

    async def plan_reminders(self, user_id: int) -> None:
        """Plan the person's reminders (joining will, once the core does it)."""
        async with self.uow() as uow:
            participant = await uow.participants.find(telegram_ref(user_id))
            assert participant is not None
            assert self.consultation is not None
            await plan_reminders(uow, self.consultation, participant.id, self.clock.now())
            await uow.commit()

    async def release(
        self, numbers: tuple[int, ...] | None = (1,), every: timedelta | None = None
    ) -> BroadcastPlan:
        return await broadcast(
            self.uow(),
            "plan",
            numbers=numbers,
            platforms=frozenset({Platform.TELEGRAM}),
            every=every,
            now=self.clock.now(),
        )

    def delivery(self, pacing: TelegramPacing | None = None, *, paid: bool = False) -> Dispatcher:
        return self.dispatcher(TelegramMessenger(self.bot, self.client(pacing), paid=paid))

    def client(self, pacing: TelegramPacing | None = None) -> TelegramClient:
        return TelegramClient(self.bot, self.app, pacing)

    def dispatcher(self, messenger: TelegramMessenger, worker: str = "w1") -> Dispatcher:
        return Dispatcher(
            uow_factory=self.uow,
            messenger=messenger,
            clock=self.clock,
            worker=worker,
            jitter=lambda: 0.0,
        )

    def townhall(self) -> Townhall:
        async def check_database() -> None:
            return None

        return Townhall(
            app=self.app,
            unit_of_work=self.uow,
            clock=self.clock,
            check_database=check_database,
            inbox=MemoryInbox(),
        )

    async def report(self, broadcast_id: int) -> DeliveryReport:
        return await delivery_report(self.uow(), broadcast_id)

    def sent_to(self, chat_id: int) -> list[str]:
        """The texts of the messages the fake accepted for this chat."""
        return [
            str(call.params.get("text"))
            for call in self.fake.calls_to("sendMessage")
            if call.params.get("chat_id") == chat_id and call.status == 200
        ]


@pytest.fixture
async def pushes(fake_bot_api: FakeBotApi, clock: FakeClock) -> AsyncIterator[Pushes]:
    memory = MemoryDatabase()
    uow = memory_factory(memory)
    async with fake_bot(fake_bot_api) as bot:
        world = Pushes(
            fake=fake_bot_api,
            bot=bot,
            memory=memory,
            clock=clock,
            uow=uow,
            app=ConsultationApp(uow, clock),
        )
        await world.open()
        yield world


@pytest.fixture
async def push_session() -> AsyncIterator[aiohttp.ClientSession]:
    async with open_push_session() as session:
        yield session


@pytest.fixture
async def slack_pushes(
    clock: FakeClock, push_session: aiohttp.ClientSession
) -> AsyncIterator[SlackPushes]:
    memory = MemoryDatabase()
    uow = memory_factory(memory)
    async with FakeSlackApi() as fake:
        world = SlackPushes(
            fake=fake,
            memory=memory,
            clock=clock,
            uow=uow,
            app=ConsultationApp(uow, clock),
            session=push_session,
        )
        await world.open()
        yield world
