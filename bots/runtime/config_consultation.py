"""The [consultation] settings: the time zone dates are read in, when a paragraph is supported.

`timezone` is an IANA name ("UTC", "Europe/Berlin"); `2027-03-31` then closes at the end of
that day there, in the command line and in both chats (core.dates reads the dates).
`support_min_votes` and `support_threshold` (a percent) say when a paragraph in voting counts
as supported (core.paragraph_status): at least that many votes, that much agreement.
"""

from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bots.runtime.config_table import ConfigTable
from core.paragraph_status import (
    DEFAULT_SUPPORT_MIN_VOTES,
    DEFAULT_SUPPORT_THRESHOLD,
    SupportRule,
)

DEFAULT_TIMEZONE = "UTC"


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationConfig:
    """How consultations read the dates organisers type."""

    timezone: str = DEFAULT_TIMEZONE
    support: SupportRule = field(default_factory=SupportRule)

    @property
    def zone(self) -> tzinfo:
        # UTC needs no time zone database; any other name was checked when it was read.
        return UTC if self.timezone == DEFAULT_TIMEZONE else ZoneInfo(self.timezone)


def read_consultation(table: ConfigTable) -> ConsultationConfig:
    name = table.string("timezone", DEFAULT_TIMEZONE)
    support = SupportRule(
        min_votes=table.count("support_min_votes", DEFAULT_SUPPORT_MIN_VOTES),
        threshold_pct=table.count("support_threshold", DEFAULT_SUPPORT_THRESHOLD),
    )
    if support.threshold_pct > 100:
        raise table.fail(
            "support_threshold",
            f"expected a percent from 1 to 100, got {support.threshold_pct}",
        )
    table.finish()
    if name != DEFAULT_TIMEZONE:
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise table.fail(
                "timezone", f'expected a time zone such as "UTC" or "Europe/Berlin", got "{name}"'
            ) from None
    return ConsultationConfig(timezone=name, support=support)
