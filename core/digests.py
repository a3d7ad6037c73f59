"""Digests: a daily or weekly summary of a consultation's activity, and where they are kept.

A digest is due at DIGEST_HOUR in the configured time zone ([consultation] timezone): every day
(`1d`), or every Friday (`1w`). It covers the period since the one before, from one due time
to the next, and is sent once per period: the period is claimed in the database (a unique
consultation and end) in the same transaction that queues its pushes, so a second worker or a
replay finds it claimed and queues nothing. A period with no new vote and no new comment is
claimed and sent to nobody. Only the latest period is claimed: a worker that was down for
days sends one digest, not one per day missed.
"""

import builtins
import enum
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, tzinfo
from typing import Protocol

DIGEST_HOUR = 18  # local time, in the configured zone
WEEKLY_DAY = 4  # Friday (Monday is 0)


class DigestEvery(enum.StrEnum):
    """How often a consultation's digest is due."""

    DAILY = "1d"
    WEEKLY = "1w"


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestSetting:
    """A consultation's digest: how often, and since when (no period ends before `since`)."""

    consultation_id: int
    every: DigestEvery
    since: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Activity:
    """What happened in a period: votes first cast, published comments, newcomers."""

    votes: int
    comments: int
    participants: int

    @property
    def quiet(self) -> bool:
        return self.votes == 0 and self.comments == 0


@dataclass(frozen=True, slots=True, kw_only=True)
class DigestPeriod:
    """A claimed period, with what happened in it and the most controversial paragraph then."""

    consultation_id: int
    every: DigestEvery
    start: datetime
    end: datetime
    activity: Activity
    controversial: int | None = None  # the paragraph's number
    agreement: int | None = None  # its level of agreement, percent


def latest_period(every: DigestEvery, now: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The last whole period at `now`: (start, end) in UTC, end the latest due time <= now."""
    local = now.astimezone(zone)
    end = datetime.combine(local.date(), time(DIGEST_HOUR), tzinfo=zone)
    if end > local:
        end -= timedelta(days=1)
    if every is DigestEvery.WEEKLY:
        end -= timedelta(days=(end.weekday() - WEEKLY_DAY) % 7)
    # Aware arithmetic in one zone keeps the wall time: 18:00 the day before, across DST too.
    start = end - timedelta(days=7 if every is DigestEvery.WEEKLY else 1)
    return start.astimezone(UTC), end.astimezone(UTC)


class DigestRepository(Protocol):
    """Digest settings, claimed periods and the participants who asked for digests."""

    async def setting(self, consultation_id: int) -> DigestSetting | None: ...

    async def settings(self) -> builtins.list[DigestSetting]:
        """Every consultation's digest that is on."""
        ...

    async def set(self, consultation_id: int, every: DigestEvery | None, now: datetime) -> None:
        """Turn the digest on at this interval (since `now` when it changes), or off (None)."""
        ...

    async def activity(self, consultation_id: int, start: datetime, end: datetime) -> Activity:
        """What happened from `start` (included) to `end` (excluded).

        votes: current votes first cast then (a changed vote is not a new one); comments:
        comments and replies created then that are published now; participants: people whose
        first vote in the consultation was then.
        """
        ...

    async def claim(self, period: DigestPeriod) -> bool:
        """Record the period unless it is recorded already; True if this call did."""
        ...

    async def period_before(self, consultation_id: int, moment: datetime) -> DigestPeriod | None:
        """The claimed period with the latest end at or before `moment`."""
        ...

    async def subscribe(self, consultation_id: int, participant_id: int, on: bool) -> bool:
        """Add or remove the participant's subscription; True if it changed."""
        ...

    async def subscribers(self, consultation_id: int) -> builtins.list[int]:
        """Participant ids of those who asked for the digest, in order."""
        ...
