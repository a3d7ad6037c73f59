"""Timings of the read side: `townhall stats` and the search for unfinished participants."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from time import perf_counter

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.scenarios import SeededConsultation
from bench.timing import RepeatedTiming
from core.services.reporting import LATEST_COMMENTS
from core.statistics import ConsultationStatistics
from storage.unit_of_work import SqlUnitOfWork
from tests.organiser import consultation_statistics

SessionFactory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsTimings:
    """`consultation_statistics` as a whole, and each of the three queries it runs."""

    whole: RepeatedTiming
    tallies: RepeatedTiming
    contributors: RepeatedTiming
    latest_comments: RepeatedTiming


async def repeat(run: Callable[[], Awaitable[object]], runs: int) -> RepeatedTiming:
    """Run once to warm caches, then `runs` more times, timing each."""
    await run()
    durations = []
    for _ in range(runs):
        start = perf_counter()
        await run()
        durations.append(perf_counter() - start)
    return RepeatedTiming(durations=tuple(durations))


async def time_statistics(
    session_factory: SessionFactory, seeded: SeededConsultation, runs: int
) -> StatisticsTimings:
    """Time what `townhall stats` runs, after checking that it returns the seeded figures."""
    slug = seeded.draft.consultation.slug
    _, figures = await consultation_statistics(SqlUnitOfWork(session_factory), slug)
    check_statistics(figures, seeded)
    consultation_id = seeded.draft.consultation.id
    return StatisticsTimings(
        whole=await repeat(
            lambda: consultation_statistics(SqlUnitOfWork(session_factory), slug), runs
        ),
        tallies=await repeat(
            _in_unit_of_work(session_factory, lambda uow: uow.statistics.tallies(consultation_id)),
            runs,
        ),
        contributors=await repeat(
            _in_unit_of_work(
                session_factory, lambda uow: uow.statistics.contributors(consultation_id)
            ),
            runs,
        ),
        latest_comments=await repeat(
            _in_unit_of_work(
                session_factory,
                lambda uow: uow.statistics.latest_comments(consultation_id, LATEST_COMMENTS),
            ),
            runs,
        ),
    )


def _in_unit_of_work(
    session_factory: SessionFactory, query: Callable[[SqlUnitOfWork], Awaitable[object]]
) -> Callable[[], Awaitable[object]]:
    """One query alone in its own unit of work, as a use case would run it."""

    async def run() -> object:
        async with SqlUnitOfWork(session_factory) as uow:
            return await query(uow)

    return run


def check_statistics(figures: ConsultationStatistics, seeded: SeededConsultation) -> None:
    """Refuse to report the time of a wrong answer."""
    expected = (seeded.votes, seeded.comments, seeded.participants)
    totals = figures.totals
    found = (totals.votes, totals.comments, totals.contributors)
    if found != expected:
        raise RuntimeError(
            f"stats returned (votes, comments, contributors) {found}, not {expected}"
        )


async def time_unvoted(
    session_factory: SessionFactory, seeded: SeededConsultation, runs: int
) -> RepeatedTiming:
    """Time `participants_with_unvoted`, after checking it finds exactly the unfinished ones."""
    consultation_id = seeded.draft.consultation.id

    async def run() -> list[int]:
        async with SqlUnitOfWork(session_factory) as uow:
            return await uow.statistics.participants_with_unvoted(consultation_id)

    found = len(await run())
    if found != seeded.unfinished_active:
        raise RuntimeError(
            f"{found} participants with unvoted paragraphs, not {seeded.unfinished_active}"
        )
    return await repeat(run, runs)
