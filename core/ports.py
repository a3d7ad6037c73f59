"""The ports the core needs from the outside world: a clock, a unit of work, a messenger.

Each is a Protocol so that the in-memory fakes in tests/ and the SQLAlchemy implementation in
storage/ need no common base class. The unit of work gathers the repositories (core.repositories
for the consultation's records, core.queues for the work waiting to be done); repositories
return core values, never database rows, and leave committing to the unit of work.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self, TypeVar

from core.amendments import AmendmentRepository
from core.dashboards import DashboardRepository
from core.delivery import Outcome, Recipient
from core.digests import DigestRepository
from core.moderation_records import ModerationRepository
from core.open_data import OpenDataRepository
from core.opinions import OpinionRepository
from core.queues import (
    OutboxRepository,
    PostRepository,
    ReleaseRepository,
    ReminderRepository,
)
from core.repositories import (
    ChannelRepository,
    CommentRepository,
    ConsultationRepository,
    DraftRepository,
    EnrolmentRepository,
    InvitationRepository,
    OrganiserRepository,
    ParagraphRepository,
    ParticipantRepository,
    PersonalDataRepository,
    StatisticsRepository,
    VoteRepository,
)
from core.screens import Screen

T = TypeVar("T")


class Clock(Protocol):
    """The only source of the current time; always aware UTC."""

    def now(self) -> datetime: ...


class UnitOfWork(Protocol):
    """One transaction: `async with uow:`, `await uow.commit()`; leaving rolls back the rest.

    `await uow.perform(work)` does the same for one coroutine function, `work(uow)`, and lets
    the storage run it the cheapest way it can (a database with one writer may run it with
    the units that arrive meanwhile, under one commit). Either way, what `work` committed is
    durable when the call returns, and nothing else it did is kept.
    """

    @property
    def consultations(self) -> ConsultationRepository: ...
    @property
    def paragraphs(self) -> ParagraphRepository: ...
    @property
    def participants(self) -> ParticipantRepository: ...
    @property
    def enrolments(self) -> EnrolmentRepository: ...
    @property
    def votes(self) -> VoteRepository: ...
    @property
    def comments(self) -> CommentRepository: ...
    @property
    def invitations(self) -> InvitationRepository: ...
    @property
    def organisers(self) -> OrganiserRepository: ...
    @property
    def statistics(self) -> StatisticsRepository: ...
    @property
    def channels(self) -> ChannelRepository: ...
    @property
    def drafts(self) -> DraftRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def reminders(self) -> ReminderRepository: ...
    @property
    def releases(self) -> ReleaseRepository: ...
    @property
    def posts(self) -> PostRepository: ...
    @property
    def personal_data(self) -> PersonalDataRepository: ...

    @property
    def moderation(self) -> ModerationRepository: ...

    @property
    def digests(self) -> DigestRepository: ...

    @property
    def dashboards(self) -> DashboardRepository: ...

    @property
    def open_data(self) -> OpenDataRepository: ...

    @property
    def amendments(self) -> AmendmentRepository: ...

    @property
    def opinions(self) -> OpinionRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def perform(self, work: Callable[["UnitOfWork"], Awaitable[T]]) -> T: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Messenger(Protocol):
    """Sends one screen to one recipient on their platform and classifies what happened.

    Implementations respect the platform's rate limits themselves; they never raise for a
    platform's refusal (that is an Outcome), only for a bug.
    """

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome: ...
