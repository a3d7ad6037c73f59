"""The SQL unit of work: one session, one transaction, repositories bound to it."""

import asyncio
from collections.abc import Awaitable, Callable
from functools import cached_property
from types import TracebackType
from typing import Self, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.asyncpg_session import open_session, runs_on_asyncpg
from storage.content_cache import ContentCache, content_cache_for
from storage.engine import sqlite_writer
from storage.made_once import made_once
from storage.repositories.amendments import SqlAmendmentRepository
from storage.repositories.channels import SqlChannelRepository
from storage.repositories.comments import SqlCommentRepository
from storage.repositories.consultations import SqlConsultationRepository, SqlParagraphRepository
from storage.repositories.dashboards import SqlDashboardRepository
from storage.repositories.digests import SqlDigestRepository
from storage.repositories.drafts import SqlDraftRepository
from storage.repositories.moderation import SqlModerationRepository
from storage.repositories.open_data import SqlOpenDataRepository
from storage.repositories.opinions import SqlOpinionRepository
from storage.repositories.outbox import SqlOutboxRepository
from storage.repositories.people import (
    SqlEnrolmentRepository,
    SqlInvitationRepository,
    SqlOrganiserRepository,
    SqlParticipantRepository,
)
from storage.repositories.personal_data import SqlPersonalDataRepository
from storage.repositories.posts import SqlPostRepository
from storage.repositories.releases import SqlReleaseRepository
from storage.repositories.reminders import SqlReminderRepository
from storage.repositories.statistics import SqlStatisticsRepository
from storage.repositories.votes import SqlVoteRepository
from storage.sessions import LazyOrmSession, RefreshingSession

# A unit of work waiting this long for its turn on SQLite is stuck, not slow.
TURN_TIMEOUT = 60.0

T = TypeVar("T")


@made_once  # cached_property without its lock: see storage/made_once.py
class _Repositories:
    """The repositories bound to one session, each made the first time it is asked for.

    A vote uses five of the fifteen; making all of them for every unit of work cost more
    than some of its statements (storage/raw_statements.py).
    """

    def __init__(self, session: AsyncSession, content: ContentCache) -> None:
        self._session = session
        self._content = content

    @classmethod
    def bound_to(cls, session: AsyncSession, content: ContentCache) -> "_Repositories":
        return cls(session, content)

    @cached_property
    def consultations(self) -> SqlConsultationRepository:
        return SqlConsultationRepository(self._session)

    @cached_property
    def paragraphs(self) -> SqlParagraphRepository:
        return SqlParagraphRepository(self._session, self._content)

    @cached_property
    def participants(self) -> SqlParticipantRepository:
        return SqlParticipantRepository(self._session)

    @cached_property
    def enrolments(self) -> SqlEnrolmentRepository:
        return SqlEnrolmentRepository(self._session)

    @cached_property
    def votes(self) -> SqlVoteRepository:
        return SqlVoteRepository(self._session)

    @cached_property
    def comments(self) -> SqlCommentRepository:
        return SqlCommentRepository(self._session)

    @cached_property
    def invitations(self) -> SqlInvitationRepository:
        return SqlInvitationRepository(self._session)

    @cached_property
    def organisers(self) -> SqlOrganiserRepository:
        return SqlOrganiserRepository(self._session)

    @cached_property
    def statistics(self) -> SqlStatisticsRepository:
        return SqlStatisticsRepository(self._session)

    @cached_property
    def channels(self) -> SqlChannelRepository:
        return SqlChannelRepository(self._session)

    @cached_property
    def drafts(self) -> SqlDraftRepository:
        return SqlDraftRepository(self._session)

    @cached_property
    def outbox(self) -> SqlOutboxRepository:
        return SqlOutboxRepository(self._session)

    @cached_property
    def reminders(self) -> SqlReminderRepository:
        return SqlReminderRepository(self._session)

    @cached_property
    def releases(self) -> SqlReleaseRepository:
        return SqlReleaseRepository(self._session)

    @cached_property
    def posts(self) -> SqlPostRepository:
        return SqlPostRepository(self._session)

    @cached_property
    def personal_data(self) -> SqlPersonalDataRepository:
        return SqlPersonalDataRepository(self._session)

    @cached_property
    def moderation(self) -> SqlModerationRepository:
        return SqlModerationRepository(self._session)

    @cached_property
    def digests(self) -> SqlDigestRepository:
        return SqlDigestRepository(self._session)

    @cached_property
    def dashboards(self) -> SqlDashboardRepository:
        return SqlDashboardRepository(self._session)

    @cached_property
    def open_data(self) -> SqlOpenDataRepository:
        return SqlOpenDataRepository(self._session)

    @cached_property
    def amendments(self) -> SqlAmendmentRepository:
        return SqlAmendmentRepository(self._session)

    @cached_property
    def opinions(self) -> SqlOpinionRepository:
        return SqlOpinionRepository(self._session)


class SqlUnitOfWork:
    """`async with uow:` opens a session; leaving without `commit()` rolls back.

    `await uow.perform(work)` on SQLite hands `work` to the database's writer
    (storage/sqlite_writer.py), which runs it on SQLite's thread with the units that arrived
    meanwhile, in one transaction; on PostgreSQL with asyncpg it runs `work` with a session
    whose prebuilt statements go straight to asyncpg (storage/asyncpg_session.py); elsewhere
    it is `async with uow: await work(uow)`.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None
        self._repositories: _Repositories | None = None
        bind = session_factory.kw.get("bind")
        self._writer = sqlite_writer(bind)
        self._asyncpg: AsyncEngine | None = bind if runs_on_asyncpg(bind) else None
        self._turns = self._writer.turn if self._writer is not None else None
        self._content = content_cache_for(session_factory.kw.get("bind"))

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; create one per use case")
        if self._turns is not None:
            async with asyncio.timeout(TURN_TIMEOUT):
                await self._turns.acquire()
        try:
            self._bind(self._session_factory())
        except BaseException:
            if self._turns is not None:
                self._turns.release()
            raise
        return self

    def _bind(self, session: AsyncSession) -> None:
        # The hot path's sessions make their ORM session only if asked (sessions.py).
        if not isinstance(session, LazyOrmSession) and not isinstance(
            session.sync_session, RefreshingSession
        ):
            raise TypeError("units of work need sessions from storage.engine.make_session_factory")
        self._session = session
        self._repositories = _Repositories.bound_to(session, self._content)

    async def perform(self, work: Callable[[Self], Awaitable[T]]) -> T:
        """Run `work(self)` as this unit; what it committed is durable when this returns."""
        if self._session is not None:
            raise RuntimeError("this unit of work is already in use; create one per use case")
        if self._asyncpg is not None:
            return await self._on_asyncpg(self._asyncpg, work)
        if self._writer is None:
            async with self:
                return await work(self)
        return await self._writer.perform(lambda session: self._on_session(session, work))

    async def _on_asyncpg(self, engine: AsyncEngine, work: Callable[[Self], Awaitable[T]]) -> T:
        """On PostgreSQL: `work` with prebuilt statements on asyncpg's connection."""
        session = await open_session(engine)
        try:
            self._bind(session)
            return await work(self)
        finally:
            self._session = self._repositories = None
            await session.finish()

    async def _on_session(self, session: AsyncSession, work: Callable[[Self], Awaitable[T]]) -> T:
        """On SQLite's thread: `work` in a session the writer opened (and will close)."""
        self._bind(session)
        try:
            return await work(self)
        finally:
            self._session = self._repositories = None

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session, self._repositories = self._session, None, None
        if session is None:
            return
        try:
            await session.rollback()
        finally:
            await session.close()
            if self._turns is not None:
                self._turns.release()

    async def commit(self) -> None:
        """Make this unit's changes visible to everybody."""
        await self._active_session().commit()

    async def rollback(self) -> None:
        """Discard the changes made since the last commit."""
        await self._active_session().rollback()

    def _active_session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `async with uow:`")
        return self._session

    def _active_repositories(self) -> _Repositories:
        if self._repositories is None:
            raise RuntimeError("use the unit of work's repositories inside `async with uow:`")
        return self._repositories

    @property
    def consultations(self) -> SqlConsultationRepository:
        """Consultations and their sections."""
        return self._active_repositories().consultations

    @property
    def paragraphs(self) -> SqlParagraphRepository:
        """Paragraphs of consultations."""
        return self._active_repositories().paragraphs

    @property
    def participants(self) -> SqlParticipantRepository:
        """People, one per platform identity."""
        return self._active_repositories().participants

    @property
    def enrolments(self) -> SqlEnrolmentRepository:
        """Who joined which consultation."""
        return self._active_repositories().enrolments

    @property
    def votes(self) -> SqlVoteRepository:
        """Paragraph votes and their history."""
        return self._active_repositories().votes

    @property
    def comments(self) -> SqlCommentRepository:
        """Comments, replies and comment votes."""
        return self._active_repositories().comments

    @property
    def invitations(self) -> SqlInvitationRepository:
        """Invitation tokens."""
        return self._active_repositories().invitations

    @property
    def organisers(self) -> SqlOrganiserRepository:
        """Organiser identities."""
        return self._active_repositories().organisers

    @property
    def statistics(self) -> SqlStatisticsRepository:
        """Aggregates for results and reminders."""
        return self._active_repositories().statistics

    @property
    def channels(self) -> SqlChannelRepository:
        """Group chats and channels linked to consultations."""
        return self._active_repositories().channels

    @property
    def drafts(self) -> SqlDraftRepository:
        """Consultations being created from chat."""
        return self._active_repositories().drafts

    @property
    def outbox(self) -> SqlOutboxRepository:
        """Pushes waiting to be sent, and the broadcasts that group them."""
        return self._active_repositories().outbox

    @property
    def reminders(self) -> SqlReminderRepository:
        """Reminders planned before consultations close."""
        return self._active_repositories().reminders

    @property
    def releases(self) -> SqlReleaseRepository:
        """When each paragraph of a broadcast is released."""
        return self._active_repositories().releases

    @property
    def posts(self) -> SqlPostRepository:
        """Paragraph posts in linked chats."""
        return self._active_repositories().posts

    @property
    def personal_data(self) -> SqlPersonalDataRepository:
        """Everything stored about one person, for them."""
        return self._active_repositories().personal_data

    @property
    def moderation(self) -> SqlModerationRepository:
        """Moderation's settings, reports, moderators, blocks and audit log."""
        return self._active_repositories().moderation

    @property
    def digests(self) -> SqlDigestRepository:
        """Digest settings, claimed periods and subscribers (core.digests)."""
        return self._active_repositories().digests

    @property
    def dashboards(self) -> SqlDashboardRepository:
        """Each consultation's live dashboard, and the server's secrets."""
        return self._active_repositories().dashboards

    @property
    def open_data(self) -> SqlOpenDataRepository:
        """Open-data exports' reads, and the key of their pseudonyms."""
        return self._active_repositories().open_data

    @property
    def amendments(self) -> SqlAmendmentRepository:
        """Amendments, their votes, wording prompts and paragraph versions."""
        return self._active_repositories().amendments

    @property
    def opinions(self) -> SqlOpinionRepository:
        """Each consultation's latest opinion groups (core.opinions)."""
        return self._active_repositories().opinions
