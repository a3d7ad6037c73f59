"""The [opinions] settings: when the worker recomputes a consultation's opinion groups."""

from dataclasses import dataclass

from bots.runtime.config_table import ConfigTable
from core.opinion_orders import DEFAULT_EVERY_SHARE, DEFAULT_EVERY_VOTES


@dataclass(frozen=True, slots=True, kw_only=True)
class OpinionsConfig:
    """When to recompute: `every_votes` new votes and `every_share` of the last count.

    The worker looks every `interval` seconds.
    """

    every_votes: int = DEFAULT_EVERY_VOTES
    every_share: float = DEFAULT_EVERY_SHARE
    interval: float = 60.0


def read_opinions(table: ConfigTable) -> OpinionsConfig:
    defaults = OpinionsConfig()
    config = OpinionsConfig(
        every_votes=table.count("every_votes", defaults.every_votes),
        every_share=table.number("every_share", defaults.every_share, zero=True),
        interval=table.number("interval", defaults.interval),
    )
    table.finish()
    return config
