"""The [moderation] settings: how many distinct reports hide a comment pending review.

`hide_after_reports` holds for every consultation imported without `--hide-after N`, and a
change applies to them at the next report (core.moderation.ModerationSettings.threshold).
"""

from dataclasses import dataclass

from bots.runtime.config_table import ConfigTable
from core.moderation import DEFAULT_HIDE_AFTER_REPORTS


@dataclass(frozen=True, slots=True, kw_only=True)
class ModerationConfig:
    """Moderation's defaults for consultations that set none of their own."""

    hide_after_reports: int = DEFAULT_HIDE_AFTER_REPORTS


def read_moderation(table: ConfigTable) -> ModerationConfig:
    hide_after = table.count("hide_after_reports", DEFAULT_HIDE_AFTER_REPORTS)
    table.finish()
    return ModerationConfig(hide_after_reports=hide_after)
