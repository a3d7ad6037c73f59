"""Settings every front end shares: the error a bad one raises, and the pacing of pushes.

bots.runtime.config reads the TOML file and the environment into these, and into each front
end's own settings (bots/telegram/settings.py, bots/slack/settings.py).
"""

from dataclasses import dataclass


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file or key at fault."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryConfig:
    """Pacing of pushes (broadcasts, reminders, summaries) within the platforms' limits.

    Rates are messages per second, intervals seconds. Telegram: 25/s overall (its FAQ says
    about 30), 1 s between two messages to one chat, 18 a minute to a group (it says 20).
    Paid broadcasts (0.1 Star a message, up to 1000/s) only when `allow_paid_broadcast`.
    Slack: 1 s per channel and 5/s (300 a minute) per workspace: chat.postMessage has a
    workspace-wide limit Slack does not publish beyond "several hundred messages per minute".
    """

    telegram_rate: float = 25.0
    telegram_chat_interval: float = 1.0
    telegram_group_per_minute: int = 18
    allow_paid_broadcast: bool = False
    paid_rate: float = 1000.0
    slack_channel_interval: float = 1.05
    slack_workspace_rate: float = 5.0
    sweep_interval: float = 30.0
