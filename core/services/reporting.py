"""Figures and exports for organisers."""

from dataclasses import dataclass
from datetime import datetime

from core.model import Comment, Consultation, Paragraph, Section
from core.ports import UnitOfWork
from core.services.participation import find_consultation
from core.statistics import ConsultationStatistics, compile_statistics

LATEST_COMMENTS = 5


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationOverview:
    """A consultation with its headline numbers, for `townhall list` and `show`."""

    consultation: Consultation
    phase: str
    paragraphs: int
    participants: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationExport:
    """Everything an export file holds: the document, the figures and the comments."""

    consultation: Consultation
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    statistics: ConsultationStatistics
    comments: tuple[Comment, ...]
    exported_at: datetime


async def gather_statistics(uow: UnitOfWork, consultation_id: int) -> ConsultationStatistics:
    """Totals, tallies and rankings, aggregated by the database."""
    return compile_statistics(
        await uow.statistics.tallies(consultation_id),
        contributors=await uow.statistics.contributors(consultation_id),
        latest_comments=await uow.statistics.latest_comments(consultation_id, LATEST_COMMENTS),
    )


async def consultation_statistics(
    uow: UnitOfWork, slug: str
) -> tuple[Consultation, ConsultationStatistics]:
    """The consultation named by `slug` and its figures."""
    async with uow:
        consultation = await find_consultation(uow, slug)
        return consultation, await gather_statistics(uow, consultation.id)


async def overview(
    uow: UnitOfWork, consultation: Consultation, now: datetime
) -> ConsultationOverview:
    """Headline numbers of one consultation."""
    return ConsultationOverview(
        consultation=consultation,
        phase=consultation.phase(now),
        paragraphs=await uow.paragraphs.count(consultation.id),
        participants=await uow.enrolments.count(consultation.id),
    )


async def list_overviews(uow: UnitOfWork, now: datetime) -> list[ConsultationOverview]:
    """Every consultation, by opening time."""
    async with uow:
        return [await overview(uow, c, now) for c in await uow.consultations.list()]


async def describe(
    uow: UnitOfWork, slug: str, now: datetime
) -> tuple[ConsultationOverview, tuple[Section, ...], ConsultationStatistics]:
    """One consultation in detail, for `townhall show`."""
    async with uow:
        consultation = await find_consultation(uow, slug)
        return (
            await overview(uow, consultation, now),
            tuple(await uow.consultations.sections(consultation.id)),
            await gather_statistics(uow, consultation.id),
        )


async def collect_export(uow: UnitOfWork, slug: str, now: datetime) -> ConsultationExport:
    """The consultation's document, figures and comments, read in one transaction."""
    async with uow:
        consultation = await find_consultation(uow, slug)
        return ConsultationExport(
            consultation=consultation,
            sections=tuple(await uow.consultations.sections(consultation.id)),
            paragraphs=tuple(await uow.paragraphs.list(consultation.id)),
            statistics=await gather_statistics(uow, consultation.id),
            comments=tuple(await uow.comments.list(consultation.id)),
            exported_at=now,
        )
