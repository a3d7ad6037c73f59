"""The [consultation] settings: the time zone dates without an offset are read in.

`timezone` is an IANA name ("UTC", "Europe/Berlin"); `2027-03-31` then closes at the end of
that day there, in the command line and in both chats (core.dates reads the dates).
"""

from dataclasses import dataclass
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bots.runtime.config_table import ConfigTable

DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationConfig:
    """How consultations read the dates organisers type."""

    timezone: str = DEFAULT_TIMEZONE

    @property
    def zone(self) -> tzinfo:
        # UTC needs no time zone database; any other name was checked when it was read.
        return UTC if self.timezone == DEFAULT_TIMEZONE else ZoneInfo(self.timezone)


def read_consultation(table: ConfigTable) -> ConsultationConfig:
    name = table.string("timezone", DEFAULT_TIMEZONE)
    table.finish()
    if name != DEFAULT_TIMEZONE:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise table.fail(
                "timezone", f'expected a time zone such as "UTC" or "Europe/Berlin", got "{name}"'
            ) from None
    return ConsultationConfig(timezone=name)
