"""The outbox runs of the broadcast benchmarks: an audience on a database, drained by one worker.

An audience is one consultation (three paragraphs) and `participants` Telegram users enrolled
in it, a third of whom agree with P2 and a third disagree (stored through the repositories,
which is quicker than joining through the core and gives the same rows); a broadcast queues P2
for all of them, and one Dispatcher drains the outbox (claim, build each card for its reader,
send, record) to the fake Bot API.
"""

import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from telegram import Bot
from telegram.request import HTTPXRequest

from bots.chat.identities import TELEGRAM_TENANT, telegram_ref
from bots.chat.settings import DeliveryConfig
from bots.runtime.bootstrap import Townhall, open_townhall
from bots.runtime.clock import SystemClock
from bots.runtime.config import DatabaseConfig
from bots.runtime.front_ends.telegram import push_bot
from bots.runtime.scheduler import DISPATCH_BATCH
from bots.telegram.client import TelegramClient
from bots.telegram.messenger import TelegramMessenger
from bots.telegram.pacing import telegram_pacing
from bots.telegram.settings import TelegramConfig
from core.delivery import DeliveryKind, DeliveryStatus, OutboxItem, Priority, Recipient
from core.documents import Document, DocumentParagraph, DocumentSection
from core.model import (
    Choice,
    Enrolment,
    NewConsultation,
    Platform,
    Privacy,
    ResultsVisibility,
    Status,
    Vote,
)
from core.ports import UnitOfWorkFactory
from core.screens import Screen
from core.services.dispatching import IN_FLIGHT, Dispatcher
from core.services.push_screens import build_screens
from storage.migrate import upgrade_database
from tests.organiser import broadcast, create_consultation

TEXT = "The plan sets out what the city will do over the next ten years. " * 6
TOKEN = "123456:TEST-token"
SLUG = "bench"
FIRST_USER = 1_000_000
CHOICES = (Choice.AGREE, Choice.DISAGREE, None)  # by participant, in turn
Transport = Literal["aiohttp", "httpx"]
TRANSPORTS: tuple[Transport, ...] = ("aiohttp", "httpx")


def bench_bot(base_url: str, transport: Transport, connections: int = IN_FLIGHT) -> Bot:
    """The push Bot exactly as workers make it (aiohttp), or on PTB's default httpx (before)."""
    if transport == "aiohttp":
        return push_bot(TelegramConfig(token=TOKEN, base_url=base_url), connections)
    return Bot(TOKEN, base_url=base_url, request=HTTPXRequest(connection_pool_size=connections))


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
        await seed_audience(town.unit_of_work, participants, town.clock.now())
        queued = await queue_broadcast(town)
        seconds, _ = await drain_queued(town, base_url, limits, transport)
    return seconds, queued


async def queue_broadcast(town: Townhall) -> int:
    """P2 for every participant (not timed); returns the rows queued."""
    plan = await broadcast(
        town.unit_of_work(),
        SLUG,
        numbers=(2,),
        platforms=frozenset({Platform.TELEGRAM}),
        every=None,
        now=town.clock.now(),
    )
    return plan.deliveries


async def drain_queued(
    town: Townhall,
    base_url: str,
    limits: DeliveryConfig,
    transport: Transport = "aiohttp",
    in_flight: int = IN_FLIGHT,
) -> tuple[float, float]:
    """Wall and CPU seconds (this process) one Dispatcher takes to send every due row.

    It drains the outbox as the scheduler's job does: a batch at a time, the next claimed
    while the last is being sent.
    """
    async with bench_bot(base_url, transport, in_flight) as bot:
        client = TelegramClient(bot, town.app, telegram_pacing(limits))
        dispatcher = Dispatcher(
            uow_factory=town.unit_of_work,
            messenger=TelegramMessenger(bot, client),
            clock=town.clock,
            worker="bench",
            in_flight=in_flight,
        )
        started, cpu = time.perf_counter(), time.process_time()
        await dispatcher.drain(batch=DISPATCH_BATCH)
        return time.perf_counter() - started, time.process_time() - cpu


async def sample_card(town: Townhall) -> Screen:
    """The card the outbox pushes to the first participant (who agrees with P2)."""
    async with town.unit_of_work() as uow:
        consultation = await uow.consultations.get_by_slug(SLUG)
        person = await uow.participants.find(telegram_ref(FIRST_USER))
        if consultation is None or person is None:
            raise RuntimeError("seed the audience first")
        paragraph = (await uow.paragraphs.list(consultation.id))[1]
        now = town.clock.now()
        recipient = Recipient(
            platform=Platform.TELEGRAM,
            tenant=TELEGRAM_TENANT,
            address=str(FIRST_USER),
            participant_id=person.id,
        )
        row = OutboxItem(
            id=0,
            key="sample",
            recipient=recipient,
            kind=DeliveryKind.PARAGRAPH,
            consultation_id=consultation.id,
            paragraph_id=paragraph.id,
            broadcast_id=None,
            priority=Priority.BULK,
            status=DeliveryStatus.SENDING,
            attempts=1,
            due_at=now,
            last_error=None,
        )
        screen = (await build_screens(uow, [row], now))[0]
    if screen is None:
        raise RuntimeError("the sample card was not built")
    return screen


async def seed_audience(factory: UnitOfWorkFactory, participants: int, now: datetime) -> None:
    """The consultation and its enrolled participants, with their votes on P2."""
    consultation = await create_consultation(factory(), _consultation(now), _document(), now)
    async with factory() as uow:
        paragraph = (await uow.paragraphs.list(consultation.id))[1]
        for index in range(participants):
            user = FIRST_USER + index
            person = await uow.participants.get_or_add(telegram_ref(user), f"User {user}")
            await uow.enrolments.save(
                Enrolment(
                    consultation_id=consultation.id,
                    participant_id=person.id,
                    cursor=0,
                    awaiting_paragraph_id=None,
                    awaiting_reply_to=None,
                    muted=False,
                    active=True,
                    joined_at=now,
                    last_seen_at=now,
                )
            )
            choice = CHOICES[index % len(CHOICES)]
            if choice is not None:
                vote = Vote(
                    consultation_id=consultation.id,
                    paragraph_id=paragraph.id,
                    participant_id=person.id,
                    choice=choice,
                    cast_at=now,
                )
                await uow.votes.record(vote)
        await uow.commit()


def _consultation(now: datetime) -> NewConsultation:
    return NewConsultation(
        slug=SLUG,
        title="Bench",
        description="",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=30),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )


def _document() -> Document:
    paragraphs = tuple(DocumentParagraph(number=n, text=TEXT) for n in (1, 2, 3))
    return Document(sections=(DocumentSection(heading="One", paragraphs=paragraphs),))
