"""The live dashboard: links for organisers, publishing, and what a reader of the page gets."""

import secrets
from datetime import datetime

from core.dashboard_orders import (
    DashboardLink,
    IssueDashboardLink,
    OpenDashboard,
    Publication,
    PublishDashboard,
    ReadDashboardFigures,
    RevokeDashboardLinks,
)
from core.dashboards import (
    DEFAULT_LINK_LIFETIME,
    REFUSAL,
    SECRET_NAME,
    DashboardKey,
    DashboardState,
    LinkSettings,
    address,
    check_lifetime,
    is_valid_key,
    link,
    publicly_readable,
)
from core.errors import AccessDenied, InvalidSetting
from core.intents import ShowDashboardLink
from core.model import Actor, Consultation, Privacy
from core.orders import ConsultationExport
from core.paragraph_status import SupportRule
from core.ports import UnitOfWork
from core.screens import Notice, Tone
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.services.reporting import gather_statistics
from core.statistics import ConsultationStatistics
from core.visibility import public_comments, with_shown_authors
from core.wording import format_moment


async def dashboard_secret(uow: UnitOfWork, settings: LinkSettings) -> bytes:
    """The configured secret, else the stored one (made and stored on first use)."""
    if settings.secret is not None:
        return settings.secret
    stored = await uow.dashboards.secret(SECRET_NAME, secrets.token_hex(32))
    return stored.encode()


async def issue_link(
    uow: UnitOfWork,
    actor: Actor,
    order: IssueDashboardLink,
    now: datetime,
    *,
    settings: LinkSettings,
) -> DashboardLink:
    """A signed link to the dashboard, for an organiser."""
    await require_organiser(uow, actor)
    try:
        check_lifetime(order.lifetime)
    except ValueError as error:
        raise InvalidSetting(str(error)) from None
    consultation = await find_consultation(uow, order.slug)
    state = await uow.dashboards.state(consultation.id)
    expires_at = (now + order.lifetime).replace(microsecond=0)
    secret = await dashboard_secret(uow, settings)
    url = link(settings.base_url, secret, consultation.slug, expires_at, state.generation)
    return DashboardLink(consultation=consultation, url=url, expires_at=expires_at)


async def show_link(
    uow: UnitOfWork,
    actor: Actor,
    intent: ShowDashboardLink,
    now: datetime,
    *,
    settings: LinkSettings,
) -> Notice:
    """The link as a chat notice, with how long it lasts and that it is not to be shared."""
    order = IssueDashboardLink(slug=intent.slug, lifetime=DEFAULT_LINK_LIFETIME)
    issued = await issue_link(uow, actor, order, now, settings=settings)
    return Notice(
        text=f"Live dashboard of “{issued.consultation.title}”, valid until "
        f"{format_moment(issued.expires_at)}:\n{issued.url}\n"
        "Anyone with this link can read the figures and the published comments.",
        tone=Tone.INFO,
    )


async def revoke_links(
    uow: UnitOfWork, actor: Actor, order: RevokeDashboardLinks, now: datetime
) -> Consultation:
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    await uow.dashboards.revoke(consultation.id)
    return consultation


async def publish(
    uow: UnitOfWork,
    actor: Actor,
    order: PublishDashboard,
    now: datetime,
    *,
    settings: LinkSettings,
) -> Publication:
    """Publish a public consultation's dashboard, or stop publishing it."""
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    if order.published and consultation.privacy is not Privacy.PUBLIC:
        raise InvalidSetting(
            f"“{consultation.slug}” is private (by invitation): its dashboard cannot be "
            "published. Give organisers a link instead."
        )
    before = await uow.dashboards.state(consultation.id)
    if before.published != order.published:
        await uow.dashboards.set_published(consultation.id, order.published)
    after = await uow.dashboards.state(consultation.id)
    return Publication(
        consultation=consultation,
        published=order.published,
        changed=before.published != order.published,
        readable_now=publicly_readable(consultation, after, now),
        url=address(settings.base_url, consultation.slug),
    )


async def open_dashboard(
    uow: UnitOfWork,
    actor: Actor,
    order: OpenDashboard,
    now: datetime,
    *,
    settings: LinkSettings,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen: one shared default is safe)
) -> ConsultationExport:
    """The public export of the consultation, for a reader the dashboard lets in."""
    consultation = await _admitted(uow, order.slug, order.key, now, settings)
    comments = await uow.comments.list(consultation.id)
    return ConsultationExport(
        consultation=consultation,
        sections=tuple(await uow.consultations.sections(consultation.id)),
        paragraphs=tuple(await uow.paragraphs.list(consultation.id)),
        statistics=await gather_statistics(uow, consultation, support=support),
        comments=tuple(with_shown_authors(consultation, public_comments(comments))),
        exported_at=now,
    )


async def read_figures(
    uow: UnitOfWork,
    actor: Actor,
    order: ReadDashboardFigures,
    now: datetime,
    *,
    settings: LinkSettings,
    support: SupportRule = SupportRule(),  # noqa: B008 (frozen: one shared default is safe)
) -> tuple[Consultation, ConsultationStatistics]:
    """The figures the page reloads; no disagreement reasons (they are people's text)."""
    consultation = await _admitted(uow, order.slug, order.key, now, settings)
    return consultation, await gather_statistics(uow, consultation, support=support)


async def _admitted(
    uow: UnitOfWork, slug: str, key: DashboardKey | None, now: datetime, settings: LinkSettings
) -> Consultation:
    """The consultation, if the key opens its dashboard or it is published; else one refusal."""
    consultation = await uow.consultations.get_by_slug(slug)
    state = (
        DashboardState() if consultation is None else await uow.dashboards.state(consultation.id)
    )
    if key is None:
        if consultation is not None and publicly_readable(consultation, state, now):
            return consultation
        raise AccessDenied(REFUSAL)
    # The key is checked for an unknown slug too: the answer takes as long either way.
    secret = await dashboard_secret(uow, settings)
    valid = is_valid_key(secret, slug, key, state.generation, now)
    if consultation is None or not valid:
        raise AccessDenied(REFUSAL)
    return consultation
