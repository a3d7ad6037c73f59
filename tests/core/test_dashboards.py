"""The live dashboard's rules: signed expiring links, revoking them, publishing openly."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from core.app import ConsultationApp
from core.dashboard_orders import (
    IssueDashboardLink,
    OpenDashboard,
    PublishDashboard,
    ReadDashboardFigures,
    RevokeDashboardLinks,
)
from core.dashboards import REFUSAL, DashboardKey, DashboardState, LinkSettings
from core.errors import AccessDenied, InvalidSetting
from core.intents import CastVote, FreeText, Join, ShowDashboardLink
from core.model import CLI_ACTOR, SYSTEM_ACTOR, Choice, Privacy, ResultsVisibility
from core.screens import Notice, Tone
from tests.core.conftest import ANA, BEN, CLOSES, World
from tests.organiser import add_organiser

BASE = "https://townhall.example.org"


@pytest.fixture
def linked(world: World) -> World:
    """The world, its app signing links for BASE with the secret stored in the database."""
    world.app = ConsultationApp(world.uow, world.clock, links=LinkSettings(base_url=BASE))
    return world


def key_of(url: str) -> DashboardKey:
    query = parse_qs(urlsplit(url).query)
    return DashboardKey(expires=query["expires"][0], signature=query["signature"][0])


async def issued(world: World, slug: str = "strategy", days: int = 7) -> str:
    order = IssueDashboardLink(slug=slug, lifetime=timedelta(days=days))
    return (await world.app.handle(CLI_ACTOR, order)).url


async def opens(world: World, slug: str, key: DashboardKey | None) -> bool:
    """True if the dashboard opens; False if refused, always with the one refusal."""
    refusal = None
    try:
        await world.app.handle(SYSTEM_ACTOR, OpenDashboard(slug=slug, key=key))
    except AccessDenied as refused:
        refusal = refused.message
    assert refusal in (None, REFUSAL)
    return refusal is None


async def test_a_link_points_at_the_public_url_and_opens_the_dashboard_until_it_expires(
    linked: World,
) -> None:
    await linked.consultation(visibility=ResultsVisibility.AFTER_CLOSE)
    url = await issued(linked, days=2)
    key = key_of(url)
    assert url.startswith(f"{BASE}/dashboard/strategy?expires=")
    assert int(key.expires) == int((linked.clock.now() + timedelta(days=2)).timestamp())
    assert await opens(linked, "strategy", key)
    linked.clock.advance(timedelta(days=2) - timedelta(seconds=1))
    assert await opens(linked, "strategy", key)
    linked.clock.advance(timedelta(seconds=1))
    assert not await opens(linked, "strategy", key)


async def test_a_tampered_link_is_refused_like_an_unknown_slug(linked: World) -> None:
    await linked.consultation()
    await linked.consultation("other")
    key = key_of(await issued(linked))
    later = str(int(key.expires) + 3600)
    flipped = ("0" if key.signature[0] != "0" else "1") + key.signature[1:]
    assert not await opens(
        linked, "strategy", DashboardKey(expires=later, signature=key.signature)
    )
    assert not await opens(
        linked, "strategy", DashboardKey(expires=key.expires, signature=flipped)
    )
    assert not await opens(linked, "other", key)
    assert not await opens(linked, "nowhere", key)
    assert not await opens(linked, "strategy", DashboardKey(expires="1e99", signature="é"))
    assert not await opens(linked, "strategy", None)


async def test_revoking_stops_every_link_given_before_and_not_the_next(linked: World) -> None:
    await linked.consultation()
    old = key_of(await issued(linked))
    await linked.app.handle(CLI_ACTOR, RevokeDashboardLinks(slug="strategy"))
    new = key_of(await issued(linked))
    assert not await opens(linked, "strategy", old)
    assert await opens(linked, "strategy", new)


async def test_a_configured_secret_signs_instead_of_the_stored_one(linked: World) -> None:
    await linked.consultation()
    stored = key_of(await issued(linked))
    configured = LinkSettings(base_url=BASE, secret=b"x" * 32)
    linked.app = ConsultationApp(linked.uow, linked.clock, links=configured)
    assert not await opens(linked, "strategy", stored)
    assert await opens(linked, "strategy", key_of(await issued(linked)))


async def test_a_link_lasts_a_minute_to_366_days(linked: World) -> None:
    await linked.consultation()
    for lifetime in (timedelta(seconds=59), timedelta(days=367)):
        with pytest.raises(InvalidSetting, match="between a minute and 366 days"):
            await linked.app.handle(
                CLI_ACTOR, IssueDashboardLink(slug="strategy", lifetime=lifetime)
            )


async def test_an_organiser_gets_a_link_in_chat_and_a_participant_is_refused(
    linked: World,
) -> None:
    await linked.consultation()
    await add_organiser(linked.uow(), ANA.ref)
    given = await linked.app.handle(ANA, ShowDashboardLink(slug="strategy"))
    refused = await linked.app.handle(BEN, ShowDashboardLink(slug="strategy"))
    assert isinstance(given, Notice)
    url = next(line for line in given.text.splitlines() if line.startswith(BASE))
    assert "valid until 8 Feb 2027, 12:00 UTC" in given.text
    assert await opens(linked, "strategy", key_of(url))
    assert refused == Notice(
        text="Only the consultation's organisers can do that.", tone=Tone.WARNING
    )


async def test_a_private_consultation_cannot_be_published_and_stays_unpublished(
    linked: World,
) -> None:
    c = await linked.consultation(privacy=Privacy.PRIVATE)
    with pytest.raises(InvalidSetting, match="is private"):
        await linked.app.handle(CLI_ACTOR, PublishDashboard(slug="strategy"))
    async with linked.uow() as uow:
        assert await uow.dashboards.state(c.id) == DashboardState()
    assert not await opens(linked, "strategy", None)


async def test_a_published_live_dashboard_opens_without_a_link_until_unpublished(
    linked: World,
) -> None:
    await linked.consultation(visibility=ResultsVisibility.LIVE)
    published = await linked.app.handle(CLI_ACTOR, PublishDashboard(slug="strategy"))
    assert (published.readable_now, published.changed) == (True, True)
    assert published.url == f"{BASE}/dashboard/strategy"
    assert await opens(linked, "strategy", None)
    again = await linked.app.handle(CLI_ACTOR, PublishDashboard(slug="strategy"))
    assert again.changed is False
    await linked.app.handle(CLI_ACTOR, PublishDashboard(slug="strategy", published=False))
    assert not await opens(linked, "strategy", None)


@pytest.mark.parametrize(
    "visibility", [ResultsVisibility.AFTER_CLOSE, ResultsVisibility.AFTER_VOTE]
)
async def test_a_published_dashboard_of_results_shown_later_opens_once_closed(
    linked: World, visibility: ResultsVisibility
) -> None:
    await linked.consultation(visibility=visibility)
    published = await linked.app.handle(CLI_ACTOR, PublishDashboard(slug="strategy"))
    assert published.readable_now is False
    assert not await opens(linked, "strategy", None)
    linked.clock.advance(CLOSES - linked.clock.now())
    assert await opens(linked, "strategy", None)


async def test_the_dashboard_lists_no_disagreement_reasons(
    linked: World,
) -> None:
    c = await linked.consultation()
    await linked.app.handle(BEN, Join(payload="strategy"))
    paragraph = 1
    await linked.app.handle(
        BEN, CastVote(consultation_id=c.id, paragraph_id=paragraph, choice=Choice.DISAGREE)
    )
    await linked.app.handle(BEN, FreeText(body="Name who pays."))
    async with linked.uow() as uow:
        assert len(await uow.statistics.disagreement_reasons(c.id)) == 1
    key = key_of(await issued(linked))
    export = await linked.app.handle(SYSTEM_ACTOR, OpenDashboard(slug="strategy", key=key))
    _, figures = await linked.app.handle(
        SYSTEM_ACTOR, ReadDashboardFigures(slug="strategy", key=key)
    )
    assert export.organiser is False
    assert figures.totals.disagree == export.statistics.totals.disagree == 1
    assert figures.reasons == export.statistics.reasons == ()
