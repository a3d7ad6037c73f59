"""A consultation app over the in-memory unit of work, with a clock the tests move."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from core.app import ConsultationApp
from core.documents import Document, DocumentParagraph, DocumentSection
from core.model import (
    Actor,
    Consultation,
    NewConsultation,
    ParagraphOrder,
    ParticipantRef,
    Platform,
    Privacy,
    Reasons,
    ResultsVisibility,
    Status,
)
from core.ports import UnitOfWork
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import create_consultation
from tests.storage.conftest import postgres_database_url as postgres_database_url
from tests.storage.conftest import sqlite_template as sqlite_template

NOW = datetime(2027, 2, 1, 12, tzinfo=UTC)
CLOSES = datetime(2027, 2, 15, 12, tzinfo=UTC)

DOCUMENT = Document(
    sections=(
        DocumentSection(
            heading="1. Introduction",
            paragraphs=(DocumentParagraph(number=1, text="We consult on a strategy."),),
        ),
        DocumentSection(
            heading="Strategic Goal 4: Deepen participation",
            paragraphs=(
                DocumentParagraph(number=22, text="Governments open their budgets."),
                DocumentParagraph(number=23, text="Citizens review <b>every</b> law & rule."),
            ),
        ),
    )
)


def actor(name: str, platform: Platform = Platform.TERMINAL) -> Actor:
    return Actor(
        ref=ParticipantRef(platform=platform, tenant="local", external_id=name),
        display_name=name.title(),
    )


ANA = actor("ana")
BEN = actor("ben")


@dataclass
class World:
    """Everything a core test touches: the app, its storage and its clock."""

    app: ConsultationApp
    database: MemoryDatabase
    clock: FakeClock
    uow: Callable[[], UnitOfWork]

    async def consultation(
        self,
        slug: str = "strategy",
        *,
        privacy: Privacy = Privacy.PUBLIC,
        visibility: ResultsVisibility = ResultsVisibility.LIVE,
        status: Status = Status.OPEN,
        opens_at: datetime | None = None,
        document: Document = DOCUMENT,
        reasons: Reasons = Reasons.OPTIONAL,
        order: ParagraphOrder = ParagraphOrder.DOCUMENT,
    ) -> Consultation:
        new = NewConsultation(
            slug=slug,
            title=f"The {slug} consultation",
            description="Tell us what you think.",
            opens_at=opens_at or self.clock.now() - timedelta(days=1),
            closes_at=CLOSES,
            status=status,
            privacy=privacy,
            results_visibility=visibility,
            reasons=reasons,
            order=order,
        )
        return await create_consultation(self.uow(), new, document, self.clock.now())


@pytest.fixture
def world() -> World:
    database = MemoryDatabase()
    clock = FakeClock(NOW)

    def uow() -> UnitOfWork:
        return FakeUnitOfWork(database)

    return World(app=ConsultationApp(uow, clock), database=database, clock=clock, uow=uow)
