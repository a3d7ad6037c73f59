"""The live dashboard from the command line: `dashboard` (a signed link), `publish`, `serve`."""

from datetime import timedelta
from typing import TextIO

from bots.runtime.bootstrap import Townhall
from core.dashboard_orders import IssueDashboardLink, PublishDashboard, RevokeDashboardLinks
from core.model import CLI_ACTOR, ResultsVisibility
from core.wording import format_moment


async def print_link(townhall: Townhall, slug: str, lifetime: timedelta, out: TextIO) -> int:
    """Print a signed link to the consultation's dashboard, valid for `lifetime`."""
    issued = await townhall.app.handle(CLI_ACTOR, IssueDashboardLink(slug=slug, lifetime=lifetime))
    out.write(
        f"{issued.url}\n"
        f"Valid until {format_moment(issued.expires_at)}. Anyone with this link can read the "
        "figures and the published comments; `townhall dashboard "
        f"{issued.consultation.slug} --revoke` stops every link given so far.\n"
    )
    return 0


async def revoke(townhall: Townhall, slug: str, out: TextIO) -> int:
    """Every link to the consultation's dashboard given so far stops working."""
    consultation = await townhall.app.handle(CLI_ACTOR, RevokeDashboardLinks(slug=slug))
    out.write(
        f"Every dashboard link given for {consultation.slug} so far no longer works; "
        f"`townhall dashboard {consultation.slug}` gives a new one.\n"
    )
    return 0


async def publish(townhall: Townhall, slug: str, published: bool, out: TextIO) -> int:
    """Open the dashboard to anyone, or (`published` False) stop doing so."""
    done = await townhall.app.handle(CLI_ACTOR, PublishDashboard(slug=slug, published=published))
    slug = done.consultation.slug
    if not published:
        already = "" if done.changed else " (it was not)"
        out.write(
            f"The dashboard of {slug} is no longer published{already}: only signed links "
            "open it.\n"
        )
        return 0
    if done.readable_now:
        out.write(f"The dashboard of {slug} is published: anyone can read it at {done.url}\n")
        return 0
    consultation = done.consultation
    when = (
        "once the consultation opens"
        if consultation.results_visibility is ResultsVisibility.LIVE
        else f"once the consultation closes ({format_moment(consultation.closes_at)}), as its "
        f"results are shown {consultation.results_visibility}"
    )
    out.write(
        f"The dashboard of {slug} is published; it opens to everyone at {done.url} {when}.\n"
    )
    return 0
