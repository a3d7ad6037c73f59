"""Pacing Slack pushes: one RateLimiter per workspace, built from [delivery] on first use.

chat.postMessage "generally allows posting one message per second per channel, while also
maintaining a workspace-wide limit" (Slack's rate-limit page): counted per app and workspace,
so each team gets its own limiter at `slack_workspace_rate`, spacing the sends to one
conversation (a channel or a person's DM) by `slack_channel_interval`. A process keeps one
SlackPacing for all its pushes; several workers each keep their own (set the rate per worker).
"""

from bots.chat.pacing import Clock, Limits, RateLimiter, Sleep
from bots.chat.settings import DeliveryConfig


class SlackPacing:
    """The limiters of the workspaces this process has pushed to."""

    def __init__(
        self, config: DeliveryConfig, *, clock: Clock | None = None, sleep: Sleep | None = None
    ) -> None:
        self.limits = Limits(
            rate=config.slack_workspace_rate, interval=config.slack_channel_interval
        )
        self._clock = clock
        self._sleep = sleep
        self._workspaces: dict[str, RateLimiter] = {}

    def workspace(self, team_id: str) -> RateLimiter:
        """The team's limiter; keys are conversation ids (C…, G…, D…)."""
        limiter = self._workspaces.get(team_id)
        if limiter is None:
            limiter = RateLimiter(self.limits, clock=self._clock, sleep=self._sleep)
            self._workspaces[team_id] = limiter
        return limiter
