"""The real clock: the one place outside tests where townhall asks the system for the time."""

from datetime import UTC, datetime


class SystemClock:
    """Aware UTC time from the operating system."""

    def now(self) -> datetime:
        return datetime.now(UTC)
