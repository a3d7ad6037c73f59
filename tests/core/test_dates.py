"""The one date parser: every form organisers type, in UTC and in a configured time zone."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.dates import date_examples, parse_closing, parse_moment, parse_opening
from core.errors import InvalidSetting

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-31", datetime(2027, 3, 31, 23, 59, tzinfo=UTC)),
        ("2027-03-31T17:00+01:00", datetime(2027, 3, 31, 16, 0, tzinfo=UTC)),
        ("2027-03-31T17:00Z", datetime(2027, 3, 31, 17, 0, tzinfo=UTC)),
        ("2027-03-31 17:00", datetime(2027, 3, 31, 17, 0, tzinfo=UTC)),
        ("in 30 days", NOW + timedelta(days=30)),
        ("30 days", NOW + timedelta(days=30)),
        ("in 1 day", NOW + timedelta(days=1)),
        ("In 2 Weeks", NOW + timedelta(weeks=2)),
        ("in 12 hours", NOW + timedelta(hours=12)),
        ("15 Feb 2027", datetime(2027, 2, 15, 23, 59, tzinfo=UTC)),
        ("15 February 2027", datetime(2027, 2, 15, 23, 59, tzinfo=UTC)),
        ("Feb 15, 2027", datetime(2027, 2, 15, 23, 59, tzinfo=UTC)),
        ("3 sept 2027", datetime(2027, 9, 3, 23, 59, tzinfo=UTC)),
        ("15 Feb 2027, 17:00", datetime(2027, 2, 15, 17, 0, tzinfo=UTC)),
        ("  15 Feb 2027, 12:00 UTC ", datetime(2027, 2, 15, 12, 0, tzinfo=UTC)),
    ],
)
def test_every_form_reads_as_the_moment_it_names_in_utc(text: str, expected: datetime) -> None:
    assert parse_moment(text, now=NOW, zone=UTC) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 31 March 2027 is summer time in Berlin (UTC+2): 23:59 there is 21:59 UTC.
        ("2027-03-31", datetime(2027, 3, 31, 21, 59, tzinfo=UTC)),
        ("15 Feb 2027", datetime(2027, 2, 15, 22, 59, tzinfo=UTC)),
        ("2027-03-31T17:00", datetime(2027, 3, 31, 15, 0, tzinfo=UTC)),
        ("15 Feb 2027, 17:00", datetime(2027, 2, 15, 16, 0, tzinfo=UTC)),
        # An explicit offset or UTC wins over the configured zone.
        ("2027-03-31T17:00+01:00", datetime(2027, 3, 31, 16, 0, tzinfo=UTC)),
        ("15 Feb 2027, 17:00 UTC", datetime(2027, 2, 15, 17, 0, tzinfo=UTC)),
        ("in 30 days", NOW + timedelta(days=30)),
    ],
)
def test_dates_without_an_offset_are_read_in_the_configured_time_zone(
    text: str, expected: datetime
) -> None:
    moment = parse_moment(text, now=NOW, zone=BERLIN)

    assert moment == expected
    assert moment.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "soon",
        "",
        "31/03/2027",
        "20270331",
        "2027-02-30",
        "30 Feb 2027",
        "15 Fbr 2027",
        "in 30 fortnights",
        "in 1000 days",
        "2027-03-31T25:00",
    ],
)
def test_anything_else_is_refused_with_examples_that_work(text: str) -> None:
    with pytest.raises(InvalidSetting) as refusal:
        parse_moment(text, now=NOW, zone=UTC)

    message = refusal.value.message
    assert "is not a date townhall understands" in message
    assert "2027-01-06 (the end of that day, UTC), 2027-01-06T17:00+00:00, 6 Jan 2027" in message
    assert "“in 30 days”" in message


def test_the_examples_name_the_configured_zone_and_its_offset() -> None:
    assert date_examples(NOW, BERLIN).startswith(
        "2027-01-06 (the end of that day, Europe/Berlin), 2027-01-06T17:00+01:00, 6 Jan 2027"
    )


@pytest.mark.parametrize("text", ["2026-12-06", "7 Dec 2026, 09:00", "in 0 days", "2020-01-01"])
def test_a_closing_time_in_the_past_or_now_is_refused_with_examples(text: str) -> None:
    with pytest.raises(InvalidSetting) as refusal:
        parse_closing(text, now=NOW, zone=UTC)

    assert "is in the past. Write a later one, e.g. 2027-01-06" in refusal.value.message


def test_a_closing_time_later_today_is_accepted() -> None:
    assert parse_closing("2026-12-07", now=NOW, zone=UTC) == datetime(
        2026, 12, 7, 23, 59, tzinfo=UTC
    )


def test_an_opening_time_in_the_past_is_refused_and_now_is_accepted() -> None:
    with pytest.raises(InvalidSetting) as refusal:
        parse_opening("2026-12-01T00:00Z", now=NOW, zone=UTC)

    assert refusal.value.message.startswith(
        "The opening time 1 Dec 2026, 00:00 UTC is in the past. Leave it out to open at once"
    )
    assert parse_opening("in 0 days", now=NOW, zone=UTC) == NOW
