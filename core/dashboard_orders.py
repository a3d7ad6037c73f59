"""What the command line and the HTTP server ask of the dashboard (core.dashboards).

Orders like those of core.orders: sent through `ConsultationApp.handle`, answered with data,
refused with a ConsultationError. `OpenDashboard` and `ReadDashboardFigures` are the server's:
they need no organiser, only a valid link (or a published consultation), and every refusal is
the same AccessDenied.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from core.dashboards import DEFAULT_LINK_LIFETIME, DashboardKey
from core.model import Consultation
from core.orders import ConsultationExport, Order
from core.statistics import ConsultationStatistics


@dataclass(frozen=True, slots=True, kw_only=True)
class DashboardLink:
    """A signed link and when it stops working."""

    consultation: Consultation
    url: str
    expires_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication:
    """The dashboard's openness after `PublishDashboard`; `readable_now`: without a link."""

    consultation: Consultation
    published: bool
    changed: bool
    readable_now: bool
    url: str  # the dashboard's address without a key


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueDashboardLink(Order[DashboardLink]):
    """Organiser: a link to the consultation's dashboard, valid for `lifetime`."""

    slug: str
    lifetime: timedelta = DEFAULT_LINK_LIFETIME


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeDashboardLinks(Order[Consultation]):
    """Organiser: every link given so far for the consultation stops working."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishDashboard(Order[Publication]):
    """Organiser: open the dashboard to anyone (a public consultation), or close it again."""

    slug: str
    published: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenDashboard(Order[ConsultationExport]):
    """What the dashboard page shows: the public export, for a valid key or a published one."""

    slug: str
    key: DashboardKey | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadDashboardFigures(Order[tuple[Consultation, ConsultationStatistics]]):
    """The figures the page reloads, under the same access check as OpenDashboard."""

    slug: str
    key: DashboardKey | None = None
