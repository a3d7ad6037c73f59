"""The command line's orders, as test set-ups send them: through ConsultationApp.handle.

Each helper runs one order (core.orders) with the CLI actor, in the unit of work it is given,
at the moment it is given, exactly as `townhall` does it.
"""

from datetime import UTC, datetime, timedelta
from typing import TypeVar

from core.app import ConsultationApp
from core.delivery import DeliveryReport
from core.documents import Document
from core.model import (
    CLI_ACTOR,
    Consultation,
    Invitation,
    NewConsultation,
    ParticipantRef,
    Platform,
)
from core.orders import (
    AddConsultation,
    AddInvitation,
    AddOrganiser,
    BroadcastPlan,
    CloseNow,
    CollectExport,
    ConsultationExport,
    MoveDeadline,
    OpenNow,
    Order,
    QueueBroadcast,
    ReadDeliveryReport,
    ReadStatistics,
)
from core.ports import UnitOfWork
from core.statistics import ConsultationStatistics
from tests.fakes.memory import FakeClock

R = TypeVar("R")
ANY_TIME = datetime(2027, 1, 1, tzinfo=UTC)  # for orders whose outcome does not depend on it


async def run_order(uow: UnitOfWork, order: Order[R], now: datetime = ANY_TIME) -> R:
    """The order's result, carried out as the command line does."""
    return await ConsultationApp(lambda: uow, FakeClock(now)).handle(CLI_ACTOR, order)


async def create_consultation(
    uow: UnitOfWork, new: NewConsultation, document: Document, now: datetime
) -> Consultation:
    return await run_order(uow, AddConsultation(consultation=new, document=document), now)


async def open_consultation(uow: UnitOfWork, slug: str, now: datetime) -> Consultation:
    return await run_order(uow, OpenNow(slug=slug), now)


async def close_consultation(
    uow: UnitOfWork, slug: str, now: datetime
) -> tuple[Consultation, bool]:
    closing = await run_order(uow, CloseNow(slug=slug), now)
    return closing.consultation, closing.changed


async def change_deadline(
    uow: UnitOfWork, slug: str, closes_at: datetime, now: datetime
) -> Consultation:
    return await run_order(uow, MoveDeadline(slug=slug, closes_at=closes_at), now)


async def create_invitation(
    uow: UnitOfWork, slug: str, uses: int | None, now: datetime
) -> Invitation:
    _, invitation = await run_order(uow, AddInvitation(slug=slug, uses=uses), now)
    return invitation


async def add_organiser(uow: UnitOfWork, ref: ParticipantRef) -> bool:
    return await run_order(uow, AddOrganiser(ref=ref))


async def broadcast(
    uow: UnitOfWork,
    slug: str,
    *,
    numbers: tuple[int, ...] | None,
    platforms: frozenset[Platform] | None,
    every: timedelta | None,
    now: datetime,
) -> BroadcastPlan:
    order = QueueBroadcast(slug=slug, numbers=numbers, platforms=platforms, every=every)
    return await run_order(uow, order, now)


async def delivery_report(uow: UnitOfWork, broadcast_id: int) -> DeliveryReport:
    return await run_order(uow, ReadDeliveryReport(broadcast_id=broadcast_id))


async def consultation_statistics(
    uow: UnitOfWork, slug: str
) -> tuple[Consultation, ConsultationStatistics]:
    return await run_order(uow, ReadStatistics(slug=slug))


async def collect_export(uow: UnitOfWork, slug: str, now: datetime) -> ConsultationExport:
    return await run_order(uow, CollectExport(slug=slug), now)
