"""The broadcast benchmark's outbox run: a consultation on an SQLite file, drained by one worker.

Participants join through the core; one paragraph is broadcast to them all; one Dispatcher
drains the outbox (claim, build each card from the database, send, record) to the fake.
"""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from telegram import Bot
from telegram.request import HTTPXRequest

from bots.bootstrap import open_townhall
from bots.clock import SystemClock
from bots.config import DatabaseConfig, DeliveryConfig, TelegramConfig
from bots.identities import telegram_ref
from bots.messaging import push_bot
from bots.telegram.delivery import TelegramDelivery
from bots.telegram.messenger import TelegramMessenger
from bots.telegram.pacing import telegram_pacing
from core.app import ConsultationApp
from core.documents import Document, DocumentParagraph, DocumentSection
from core.intents import Join
from core.model import Actor, NewConsultation, Platform, Privacy, ResultsVisibility, Status
from core.ports import UnitOfWorkFactory
from core.services.broadcasting import broadcast
from core.services.dispatching import IN_FLIGHT, Dispatcher
from core.services.organising import create_consultation
from storage.migrate import upgrade_database

TEXT = "The plan sets out what the city will do over the next ten years. " * 6
TOKEN = "123456:TEST-token"
Transport = Literal["aiohttp", "httpx"]
TRANSPORTS: tuple[Transport, ...] = ("aiohttp", "httpx")


def bench_bot(base_url: str, transport: Transport) -> Bot:
    """The push Bot exactly as workers make it (aiohttp), or on PTB's default httpx (before)."""
    if transport == "aiohttp":
        return push_bot(TelegramConfig(token=TOKEN, base_url=base_url))
    return Bot(TOKEN, base_url=base_url, request=HTTPXRequest(connection_pool_size=IN_FLIGHT))


async def drain_outbox(
    base_url: str,
    database: Path,
    participants: int,
    limits: DeliveryConfig,
    transport: Transport = "aiohttp",
) -> tuple[float, int]:
    """Seconds to send one paragraph to every participant, and how many were sent."""
    url = f"sqlite+aiosqlite:///{database}"
    await upgrade_database(url)
    async with open_townhall(DatabaseConfig(url=url), SystemClock()) as town:
        await _consultation(town.unit_of_work, participants, town.app)
        plan = await broadcast(
            town.unit_of_work(),
            "bench",
            numbers=(1,),
            platforms=frozenset({Platform.TELEGRAM}),
            every=None,
            now=town.clock.now(),
        )
        async with bench_bot(base_url, transport) as bot:
            messenger = TelegramMessenger(bot, town.unit_of_work, telegram_pacing(limits))
            dispatcher = Dispatcher(
                uow_factory=town.unit_of_work,
                messenger=TelegramDelivery(bot, messenger),
                clock=town.clock,
                worker="bench",
            )
            started = time.perf_counter()
            while await dispatcher.dispatch_due(limit=200):
                pass
            seconds = time.perf_counter() - started
    return seconds, plan.deliveries


async def _consultation(
    factory: UnitOfWorkFactory, participants: int, app: ConsultationApp
) -> None:
    now = datetime.now(UTC)
    new = NewConsultation(
        slug="bench",
        title="Bench",
        description="",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )
    paragraphs = (DocumentParagraph(number=1, text=TEXT),)
    document = Document(sections=(DocumentSection(heading="One", paragraphs=paragraphs),))
    await create_consultation(factory(), new, document, now)
    for user in range(1_000_000, 1_000_000 + participants):
        actor = Actor(ref=telegram_ref(user), display_name=f"User {user}")
        await app.handle(actor, Join(payload="bench"))
