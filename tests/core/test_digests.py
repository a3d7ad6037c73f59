"""Digests: due at 18:00 local, queued once per period, skipped when quiet, opt-in, visible."""

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.delivery import Recipient
from core.digests import DigestEvery, latest_period
from core.errors import NotAccepting
from core.intents import CastVote, Join, LinkChannel, SetDigests, SubmitComment
from core.model import CLI_ACTOR, Actor, ChannelRef, Choice, Platform, ResultsVisibility
from core.orders import CloseNow, ReadDigest, SetDigest
from core.screens import Notice, Screen
from core.sweeps import queue_digests
from tests.core.conftest import ANA, NOW, World, actor
from tests.core.test_calendar import pushed
from tests.organiser import add_organiser

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100777")
CHANNEL = ChannelRef(platform=Platform.SLACK, tenant="T1", chat_id="C1")
BEN = actor("ben", Platform.TELEGRAM)
CARL = actor("carl", Platform.TELEGRAM)
DUE = NOW.replace(hour=18)  # NOW is Monday 1 Feb 2027, 12:00 UTC


def test_a_daily_period_runs_from_18_00_to_18_00_local_across_a_dst_change() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    now = datetime(2027, 3, 28, 17, 30, tzinfo=UTC)  # 19:30 in Berlin, the day clocks went on

    start, end = latest_period(DigestEvery.DAILY, now, berlin)

    assert end == datetime(2027, 3, 28, 16, tzinfo=UTC)  # 18:00 summer time
    assert start == datetime(2027, 3, 27, 17, tzinfo=UTC)  # 18:00 winter time: 23 hours


def test_a_weekly_period_ends_on_the_latest_friday_at_18_00() -> None:
    start, end = latest_period(DigestEvery.WEEKLY, NOW, UTC)

    assert end == datetime(2027, 1, 29, 18, tzinfo=UTC)
    assert end - start == timedelta(days=7)


async def set_up(world: World, visibility: ResultsVisibility = ResultsVisibility.LIVE) -> int:
    """A consultation with a daily digest, a linked group and channel, Ben subscribed."""
    c = await world.consultation(visibility=visibility)
    await add_organiser(world.uow(), ANA.ref)
    for chat in (GROUP, CHANNEL):
        await world.app.handle(ANA, LinkChannel(slug=c.slug, channel=chat, title="Residents"))
    await world.app.handle(CLI_ACTOR, SetDigest(slug=c.slug, every=DigestEvery.DAILY))
    for person in (BEN, CARL):
        await world.app.handle(person, Join(payload=c.slug))
    await world.app.handle(BEN, SetDigests(consultation_id=c.id, on=True))
    return c.id


async def vote(
    world: World, who: Actor, consultation_id: int, number: int, choice: Choice
) -> None:
    paragraph = sorted(world.database.tables.paragraphs)[number - 1]
    await world.app.handle(
        who, CastVote(consultation_id=consultation_id, paragraph_id=paragraph, choice=choice)
    )


async def busy_day(world: World, consultation_id: int) -> None:
    world.clock.set(NOW + timedelta(hours=1))
    await vote(world, BEN, consultation_id, 1, Choice.AGREE)
    await vote(world, CARL, consultation_id, 1, Choice.DISAGREE)
    await vote(world, BEN, consultation_id, 2, Choice.AGREE)
    await vote(world, BEN, consultation_id, 2, Choice.DISAGREE)  # a change: not a new vote
    paragraph = sorted(world.database.tables.paragraphs)[0]
    await world.app.handle(
        CARL, SubmitComment(consultation_id=consultation_id, paragraph_id=paragraph, body="Hm.")
    )
    world.clock.set(DUE + timedelta(minutes=5))


def texts(sent: list[tuple[Recipient, Screen]]) -> dict[str, str]:
    found = {}
    for recipient, screen in sent:
        assert isinstance(screen, Notice)
        found[recipient.address] = screen.text
    return found


async def test_a_busy_day_is_digested_once_to_the_chats_and_the_subscriber_only(
    world: World,
) -> None:
    consultation_id = await set_up(world)
    await busy_day(world, consultation_id)

    # Two workers at once, then a replay: one claim, one digest per recipient.
    first, second = await asyncio.gather(queue_digests(world.app), queue_digests(world.app))
    assert sorted([first, second]) == [[], [consultation_id]]
    assert await queue_digests(world.app) == []

    sent = texts((await pushed(world)).sent)
    assert sorted(sent) == sorted(["-100777", "C1", "ben"])  # not Carl, who did not subscribe
    assert sent["C1"].startswith(
        "📰 “The strategy consultation” — today: 3 new votes, 1 new comment, "
        "2 new participants.\nMost controversial: P1, 50% agree."
    )
    assert "⟦unsubscribe⟧" in sent["ben"]
    assert "⟦unsubscribe⟧" not in sent["C1"]
    assert (await pushed(world)).sent == []


async def test_a_quiet_day_is_claimed_and_sent_to_nobody(world: World) -> None:
    await set_up(world)
    world.clock.set(DUE + timedelta(minutes=5))

    assert await queue_digests(world.app) == []

    assert (await pushed(world)).sent == []


async def test_the_first_digest_covers_a_period_that_ends_after_it_was_turned_on(
    world: World,
) -> None:
    consultation_id = await set_up(world)
    await busy_day(world, consultation_id)
    world.clock.set(DUE + timedelta(hours=1))
    slug = "strategy"
    await world.app.handle(CLI_ACTOR, SetDigest(slug=slug, every=DigestEvery.WEEKLY))

    assert await queue_digests(world.app) == []


async def test_a_closed_consultation_gets_no_digest_and_cannot_be_given_one(
    world: World,
) -> None:
    consultation_id = await set_up(world)
    await busy_day(world, consultation_id)
    await world.app.handle(CLI_ACTOR, CloseNow(slug="strategy"))

    assert await queue_digests(world.app) == []
    with pytest.raises(NotAccepting, match="gets no digests"):
        await world.app.handle(CLI_ACTOR, SetDigest(slug="strategy", every=DigestEvery.DAILY))
    _, setting = await world.app.handle(CLI_ACTOR, ReadDigest(slug="strategy"))
    assert setting is not None
    assert setting.every is DigestEvery.DAILY


async def test_after_close_results_give_counts_only(world: World) -> None:
    consultation_id = await set_up(world, ResultsVisibility.AFTER_CLOSE)
    await busy_day(world, consultation_id)
    await queue_digests(world.app)

    for text in texts((await pushed(world)).sent).values():
        assert "3 new votes" in text
        assert "controversial" not in text
        assert "agree" not in text


async def test_after_vote_results_show_agreement_only_to_who_voted_on_everything(
    world: World,
) -> None:
    consultation_id = await set_up(world, ResultsVisibility.AFTER_VOTE)
    await busy_day(world, consultation_id)
    world.clock.set(NOW + timedelta(hours=2))
    for number in (2, 3):
        await vote(world, BEN, consultation_id, number, Choice.AGREE)
    world.clock.set(DUE + timedelta(minutes=5))
    await queue_digests(world.app)

    sent = texts((await pushed(world)).sent)

    assert "Most controversial: P1, 50% agree." in sent["ben"]
    assert "controversial" not in sent["-100777"]
    assert "controversial" not in sent["C1"]


async def test_unsubscribing_stops_the_digest(world: World) -> None:
    consultation_id = await set_up(world)
    notice = await world.app.handle(BEN, SetDigests(consultation_id=consultation_id, on=False))
    await busy_day(world, consultation_id)
    await queue_digests(world.app)

    assert isinstance(notice, Notice)
    assert notice.text == "No more digests of “The strategy consultation”."
    assert sorted(texts((await pushed(world)).sent)) == ["-100777", "C1"]


async def test_subscribing_says_when_the_digest_comes_and_the_terminal_that_it_shows_none(
    world: World,
) -> None:
    c = await world.consultation()
    await world.app.handle(ANA, Join(payload=c.slug))
    before = await world.app.handle(ANA, SetDigests(consultation_id=c.id, on=True))
    await world.app.handle(CLI_ACTOR, SetDigest(slug=c.slug, every=DigestEvery.DAILY))
    after = await world.app.handle(ANA, SetDigests(consultation_id=c.id, on=True))

    assert isinstance(before, Notice)
    assert isinstance(after, Notice)
    assert "once its organisers turn them on" in before.text
    assert "its daily digest at 18:00 UTC" in after.text
    assert "This chat shows no pushes" in after.text
