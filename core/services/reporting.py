"""Figures and exports for organisers: what `townhall list`, `show`, `stats` and `export` read."""

from dataclasses import replace
from datetime import datetime

from core.amendments import Amendment, AmendmentState
from core.model import Actor, Consultation
from core.orders import (
    CollectExport,
    ConsultationDetail,
    ConsultationExport,
    ConsultationOverview,
    DescribeConsultation,
    ListOverviews,
    ReadStatistics,
)
from core.paragraph_status import SupportRule, count_statuses
from core.ports import UnitOfWork
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.statistics import ConsultationStatistics, compile_statistics
from core.visibility import public_comments, shown_author, with_shown_authors

LATEST_COMMENTS = 5


async def gather_statistics(
    uow: UnitOfWork,
    consultation: Consultation,
    *,
    organiser: bool = False,
    support: SupportRule | None = None,
) -> ConsultationStatistics:
    """Totals, tallies and rankings, aggregated by the database; names as comments show them.

    `organiser` adds the reasons disagreeing participants gave and the participation per day
    (organisers' views only); `support` the count of paragraphs per status.
    """
    latest = await uow.statistics.latest_comments(consultation.id, LATEST_COMMENTS)
    reasons = await uow.statistics.disagreement_reasons(consultation.id) if organiser else []
    activity = await uow.statistics.activity_by_day(consultation.id) if organiser else []
    tallies = await uow.statistics.tallies(consultation.id)
    statistics = compile_statistics(
        tallies,
        contributors=await uow.statistics.contributors(consultation.id),
        latest_comments=[
            replace(c, author_name=shown_author(consultation, c.author_name)) for c in latest
        ],
        reasons=[
            replace(r, author_name=shown_author(consultation, r.author_name)) for r in reasons
        ],
        activity=activity,
    )
    if support is None:
        return statistics
    content = await uow.paragraphs.content(consultation)
    return replace(statistics, statuses=count_statuses(content, tallies, support))


async def consultation_statistics(
    uow: UnitOfWork,
    actor: Actor,
    order: ReadStatistics,
    now: datetime,
    *,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen: one shared default is safe)
) -> tuple[Consultation, ConsultationStatistics]:
    """The consultation named by the order's slug and its figures."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    figures = await gather_statistics(uow, consultation, organiser=True, support=support)
    return consultation, figures


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


async def list_overviews(
    uow: UnitOfWork, actor: Actor, order: ListOverviews, now: datetime
) -> list[ConsultationOverview]:
    """Every consultation, by opening time."""
    await require_organiser(uow, actor)
    return [await overview(uow, c, now) for c in await uow.consultations.list()]


async def describe(
    uow: UnitOfWork, actor: Actor, order: DescribeConsultation, now: datetime
) -> ConsultationDetail:
    """One consultation in detail, for `townhall show`."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    return ConsultationDetail(
        overview=await overview(uow, consultation, now),
        sections=tuple(await uow.consultations.sections(consultation.id)),
        statistics=await gather_statistics(uow, consultation, organiser=True),
    )


def shown_amendments(
    consultation: Consultation, amendments: list[Amendment], organiser: bool
) -> list[Amendment]:
    """The amendments an export lists: hidden ones only for organisers, names as comments'."""
    shown = [a for a in amendments if organiser or a.state is not AmendmentState.HIDDEN]
    if consultation.anonymous_comments:
        return [replace(a, author_name="") for a in shown]
    return shown


async def collect_export(
    uow: UnitOfWork,
    actor: Actor,
    order: CollectExport,
    now: datetime,
    *,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen: one shared default is safe)
) -> ConsultationExport:
    """The consultation's document, figures and comments, read in one transaction."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    comments = await uow.comments.list(consultation.id)
    return ConsultationExport(
        consultation=consultation,
        sections=tuple(await uow.consultations.sections(consultation.id)),
        paragraphs=tuple(await uow.paragraphs.list(consultation.id)),
        statistics=await gather_statistics(uow, consultation, organiser=True, support=support),
        # Names as the consultation shows them (anonymous comments: none), in either export.
        comments=tuple(
            with_shown_authors(
                consultation, comments if order.organiser else public_comments(comments)
            )
        ),
        exported_at=now,
        organiser=order.organiser,
        log=tuple(await uow.moderation.entries(consultation.id)) if order.organiser else (),
        amendments=tuple(
            shown_amendments(
                consultation, await uow.amendments.list(consultation.id), order.organiser
            )
        ),
        versions={
            pid: tuple(versions)
            for pid, versions in (await uow.amendments.history(consultation.id)).items()
        },
    )
