"""Numbers and moments in words, in one place: plurals, how long is left, dates and deadlines.

Every text that shows a count says it through `counted` ("1 vote", "2 votes", "0 comments"),
every "… left" through `time_left` and every moment through `format_moment`, so the rules
below hold in every front end.
"""

from datetime import datetime, timedelta

_IRREGULAR = {"reply": "replies", "person": "people"}
_DAY, _HOUR, _MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)


def plural(noun: str) -> str:
    """The plural of a noun townhall counts (`paragraph`, `released paragraph`, `reply`)."""
    *head, last = noun.split(" ")
    return " ".join([*head, _IRREGULAR.get(last, f"{last}s")])


def counted(number: int, noun: str) -> str:
    """`1 vote`, `2 votes`, `0 votes`, `1,200 votes`."""
    return f"{number:,} {noun if number == 1 else plural(noun)}"


def all_of(number: int, noun: str) -> str:
    """`all 3 paragraphs`, but `the one paragraph` (never `all 1 paragraphs`)."""
    return f"the one {noun}" if number == 1 else f"all {counted(number, noun)}"


def time_left(remaining: timedelta) -> str:
    """How long is left, as people count it, for a positive `remaining`.

    Each unit rounds to the nearest: 2 days 20 hours is `3 days left`, 2 days 11 hours
    `2 days left`. Under a day it is hours (1 to 23), under an hour minutes (1 to 59): the
    last seconds still say `1 minute left`, and 23 hours 50 minutes is not `24 hours left`.
    """
    if remaining >= _DAY:
        return f"{counted(_nearest(remaining, _DAY), 'day')} left"
    if remaining >= _HOUR:
        return f"{counted(min(23, _nearest(remaining, _HOUR)), 'hour')} left"
    return f"{counted(min(59, max(1, _nearest(remaining, _MINUTE))), 'minute')} left"


def _nearest(remaining: timedelta, unit: timedelta) -> int:
    whole, rest = divmod(remaining, unit)
    return whole + (1 if rest * 2 >= unit else 0)


def format_moment(moment: datetime) -> str:
    """A date and time as people read it in a notice: `15 Feb 2027, 12:00 UTC`."""
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def describe_deadline(closes_at: datetime, now: datetime) -> str:
    """`closes 15 Feb 2027, 12 days left`, or `closed 15 Feb 2027` once it has passed."""
    date = f"{closes_at.day} {closes_at:%b %Y}"
    if now >= closes_at:
        return f"closed {date}"
    return f"closes {date}, {time_left(closes_at - now)}"
