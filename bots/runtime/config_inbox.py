"""The [inbox] settings: how long a process holds the events it took, how often it sweeps.

Every incoming event is stored before it is acknowledged and claimed by the process that
stored it for `lease` seconds. If that process dies, another (or the restarted one) takes the
event over once the lease has passed: the sweep looks every `sweep_interval` seconds.
"""

from dataclasses import dataclass
from datetime import timedelta

from bots.runtime.config_table import ConfigTable


@dataclass(frozen=True, slots=True, kw_only=True)
class InboxConfig:
    """The inbox's lease and sweep, in seconds."""

    lease: float = 60.0
    sweep_interval: float = 5.0

    @property
    def lease_time(self) -> timedelta:
        return timedelta(seconds=self.lease)


def read_inbox(table: ConfigTable) -> InboxConfig:
    defaults = InboxConfig()
    config = InboxConfig(
        lease=table.number("lease", defaults.lease),
        sweep_interval=table.number("sweep_interval", defaults.sweep_interval),
    )
    table.finish()
    return config
