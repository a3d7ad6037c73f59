"""In-memory implementations of the core's ports: FakeUnitOfWork, MemoryDatabase, FakeClock.

database = MemoryDatabase()
uow_factory = lambda: FakeUnitOfWork(database)   # every unit sees the same committed data
clock = FakeClock(datetime(2027, 1, 15, 12, tzinfo=UTC)); clock.advance(timedelta(hours=1))
"""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self, TypeVar

from tests.fakes.memory_amendments import MemoryAmendmentRepository
from tests.fakes.memory_channels import MemoryChannelRepository, MemoryDraftRepository
from tests.fakes.memory_comments import MemoryCommentRepository
from tests.fakes.memory_contributions import MemoryStatisticsRepository, MemoryVoteRepository
from tests.fakes.memory_dashboards import MemoryDashboardRepository
from tests.fakes.memory_digests import MemoryDigestRepository
from tests.fakes.memory_documents import MemoryConsultationRepository, MemoryParagraphRepository
from tests.fakes.memory_moderation import MemoryModerationRepository
from tests.fakes.memory_open_data import MemoryOpenDataRepository
from tests.fakes.memory_opinions import MemoryOpinionRepository
from tests.fakes.memory_outbox import MemoryOutboxRepository
from tests.fakes.memory_people import (
    MemoryEnrolmentRepository,
    MemoryInvitationRepository,
    MemoryOrganiserRepository,
    MemoryParticipantRepository,
)
from tests.fakes.memory_personal_data import MemoryPersonalDataRepository
from tests.fakes.memory_posts import MemoryPostRepository
from tests.fakes.memory_releases import MemoryReleaseRepository
from tests.fakes.memory_reminders import MemoryReminderRepository
from tests.fakes.memory_state import MemoryDatabase, MemoryTransaction, to_utc

__all__ = ["FakeClock", "FakeUnitOfWork", "MemoryDatabase"]

T = TypeVar("T")


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, now: datetime) -> None:
        self._now = to_utc(now)

    def now(self) -> datetime:
        """The current fake time, aware UTC."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward (or back, with a negative delta)."""
        self._now += delta

    def set(self, now: datetime) -> None:
        """Jump to a given moment."""
        self._now = to_utc(now)


class FakeUnitOfWork:
    """A unit of work over a MemoryDatabase, with the SQL backends' commit semantics."""

    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database
        self._transaction: MemoryTransaction | None = None

    async def __aenter__(self) -> Self:
        if self._transaction is not None:
            raise RuntimeError("this unit of work is already in use; create one per use case")
        self._transaction = MemoryTransaction(self._database)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        transaction, self._transaction = self._transaction, None
        if transaction is not None:
            transaction.rollback()

    async def commit(self) -> None:
        """Publish this unit's writes."""
        self._active().commit()

    async def rollback(self) -> None:
        """Discard this unit's writes."""
        self._active().rollback()

    async def perform(self, work: Callable[[Self], Awaitable[T]]) -> T:
        """Enter, run `work(self)`, leave: what it did not commit is rolled back."""
        async with self:
            return await work(self)

    def _active(self) -> MemoryTransaction:
        if self._transaction is None:
            raise RuntimeError("use the unit of work inside `async with uow:`")
        return self._transaction

    @property
    def consultations(self) -> MemoryConsultationRepository:
        return MemoryConsultationRepository(self._active())

    @property
    def paragraphs(self) -> MemoryParagraphRepository:
        return MemoryParagraphRepository(self._active())

    @property
    def participants(self) -> MemoryParticipantRepository:
        return MemoryParticipantRepository(self._active())

    @property
    def enrolments(self) -> MemoryEnrolmentRepository:
        return MemoryEnrolmentRepository(self._active())

    @property
    def votes(self) -> MemoryVoteRepository:
        return MemoryVoteRepository(self._active())

    @property
    def comments(self) -> MemoryCommentRepository:
        return MemoryCommentRepository(self._active())

    @property
    def invitations(self) -> MemoryInvitationRepository:
        return MemoryInvitationRepository(self._active())

    @property
    def organisers(self) -> MemoryOrganiserRepository:
        return MemoryOrganiserRepository(self._active())

    @property
    def statistics(self) -> MemoryStatisticsRepository:
        return MemoryStatisticsRepository(self._active())

    @property
    def channels(self) -> MemoryChannelRepository:
        return MemoryChannelRepository(self._active())

    @property
    def drafts(self) -> MemoryDraftRepository:
        return MemoryDraftRepository(self._active())

    @property
    def outbox(self) -> MemoryOutboxRepository:
        return MemoryOutboxRepository(self._active())

    @property
    def reminders(self) -> MemoryReminderRepository:
        return MemoryReminderRepository(self._active())

    @property
    def releases(self) -> MemoryReleaseRepository:
        return MemoryReleaseRepository(self._active())

    @property
    def posts(self) -> MemoryPostRepository:
        return MemoryPostRepository(self._active())

    @property
    def personal_data(self) -> MemoryPersonalDataRepository:
        return MemoryPersonalDataRepository(self._active())

    @property
    def moderation(self) -> MemoryModerationRepository:
        return MemoryModerationRepository(self._active())

    @property
    def digests(self) -> MemoryDigestRepository:
        return MemoryDigestRepository(self._active())

    @property
    def dashboards(self) -> MemoryDashboardRepository:
        return MemoryDashboardRepository(self._active())

    @property
    def open_data(self) -> MemoryOpenDataRepository:
        return MemoryOpenDataRepository(self._active())

    @property
    def amendments(self) -> MemoryAmendmentRepository:
        return MemoryAmendmentRepository(self._active())

    @property
    def opinions(self) -> MemoryOpinionRepository:
        return MemoryOpinionRepository(self._active())
