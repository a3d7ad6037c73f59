"""Dates as organisers type them, in the command line and in both chats: one parser for all.

    2027-03-31                   the end of that day (23:59) in the configured time zone
    2027-03-31T17:00+01:00       a moment with its offset (Z for UTC); without one, in the zone
    15 Feb 2027, Feb 15 2027     the end of that day too (months in English, full or short);
                                 a time may follow: 15 Feb 2027, 17:00 (and UTC, as townhall
                                 prints dates, is read as UTC)
    in 30 days                   from now; also weeks and hours (in 2 weeks, in 12 hours)

A text that is none of these, and a closing or opening time in the past, raise InvalidSetting
with examples that work. The zone is a tzinfo (zoneinfo's, from the configuration); results
are aware UTC, like every datetime in townhall.
"""

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from core.errors import InvalidSetting
from core.wording import format_moment

END_OF_DAY = time(23, 59)
EXAMPLE_DAYS = 30
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_CLOCK = r"(?:,?\s+(?:at\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*(?P<utc>UTC|Z))?)?"
_DAY_MONTH_YEAR = re.compile(
    r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})" + _CLOCK, re.IGNORECASE
)
_MONTH_DAY_YEAR = re.compile(
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _CLOCK, re.IGNORECASE
)
_FROM_NOW = re.compile(r"(?:in\s+)?(?P<count>\d{1,3})\s*(?P<unit>days?|weeks?|hours?)", re.I)
_UNITS = {"day": timedelta(days=1), "week": timedelta(weeks=1), "hour": timedelta(hours=1)}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # an ISO date and time starts with one


def parse_moment(text: str, *, now: datetime, zone: tzinfo) -> datetime:
    """The moment `text` names, as aware UTC; InvalidSetting with examples if it names none."""
    cleaned = " ".join(text.split())
    moment = _from_now(cleaned, now) or _iso(cleaned, zone) or _written(cleaned, zone)
    if moment is None:
        raise InvalidSetting(
            f"“{cleaned[:40]}” is not a date townhall understands. "
            f"Write e.g. {date_examples(now, zone)}."
        )
    return moment.astimezone(UTC)


def parse_closing(text: str, *, now: datetime, zone: tzinfo) -> datetime:
    """A closing time, which must lie in the future."""
    moment = parse_moment(text, now=now, zone=zone)
    if moment <= now:
        raise InvalidSetting(
            f"The closing time {format_moment(moment)} is in the past. "
            f"Write a later one, e.g. {date_examples(now, zone)}."
        )
    return moment


def parse_opening(text: str, *, now: datetime, zone: tzinfo) -> datetime:
    """An opening time, which must not lie in the past (leaving it out opens at once)."""
    moment = parse_moment(text, now=now, zone=zone)
    if moment < now:
        raise InvalidSetting(
            f"The opening time {format_moment(moment)} is in the past. Leave it out to open "
            f"at once, or write a later one, e.g. {date_examples(now, zone)}."
        )
    return moment


def date_examples(now: datetime, zone: tzinfo) -> str:
    """Four dates that work, each a month from now: what to show next to a refusal."""
    day = (now + timedelta(days=EXAMPLE_DAYS)).astimezone(zone).date()
    return (
        f"{day.isoformat()} (the end of that day, {zone_name(zone)}), "
        f"{day.isoformat()}T17:00{_offset(day, zone)}, {day.day} {day:%b %Y} "
        f"or “in {EXAMPLE_DAYS} days”"
    )


def zone_name(zone: tzinfo) -> str:
    """`UTC`, `Europe/Berlin`: the time zone as the configuration names it."""
    return str(zone)


def _from_now(text: str, now: datetime) -> datetime | None:
    match = _FROM_NOW.fullmatch(text)
    if match is None:
        return None
    return now + int(match["count"]) * _UNITS[match["unit"].lower().removesuffix("s")]


def _iso(text: str, zone: tzinfo) -> datetime | None:
    if not _ISO_DATE.match(text):
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if _ISO_DATE.fullmatch(text):  # a bare date: open to the end of that day
        return datetime.combine(parsed.date(), END_OF_DAY, tzinfo=zone)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=zone)


def _written(text: str, zone: tzinfo) -> datetime | None:
    match = _DAY_MONTH_YEAR.fullmatch(text) or _MONTH_DAY_YEAR.fullmatch(text)
    month = _month(match["month"]) if match else None
    if match is None or month is None:
        return None
    try:
        day = date(int(match["year"]), month, int(match["day"]))
        clock = END_OF_DAY
        if match["hour"] is not None:
            clock = time(int(match["hour"]), int(match["minute"]))
    except ValueError:
        return None
    return datetime.combine(day, clock, tzinfo=UTC if match["utc"] else zone)


def _month(word: str) -> int | None:
    """1 to 12 for a month's English name or its first three letters or more (Sept, Feb)."""
    word = word.lower()
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(_MONTHS, 1) if name.startswith(word)), None)


def _offset(day: date, zone: tzinfo) -> str:
    offset = datetime.combine(day, time(17, 0), tzinfo=zone).utcoffset() or timedelta()
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
