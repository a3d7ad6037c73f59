"""Slack's chat.postMessage limits, imitated by the fake Web API when a test or benchmark asks.

    fake.limits = PostingLimits()   # 429 past 5 messages a second in a workspace, or a
                                    # second message to one conversation within a second

Only chat.postMessage is counted, per team, by arrival time. A refused call is not counted as
sent, and answers HTTP 429 `ratelimited` with `Retry-After: 1` like Slack; `refused` says how
many there were. Slack publishes no workspace figure ("several hundred messages per minute"):
the default is townhall's own default, 5 a second.
"""

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from tests.fakes.slack_wire import SlackApiFailure


@dataclass
class PostingLimits:
    """Messages a second per workspace, and seconds between two posts to one conversation."""

    per_second: int = 5
    channel_interval: float = 1.0
    refused: int = 0
    _recent: dict[str, deque[float]] = field(default_factory=dict)
    _last: dict[tuple[str, object], float] = field(default_factory=dict)

    def check(self, method: str, team_id: str, params: Mapping[str, object], now: float) -> None:
        """Raise the 429 Slack would answer; else count the message as posted at `now`."""
        if method != "chat.postMessage":
            return
        recent = self._recent.setdefault(team_id, deque())
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        channel = (team_id, params.get("channel"))
        too_soon = channel in self._last and now - self._last[channel] < self.channel_interval
        if len(recent) >= self.per_second or too_soon:
            self.refused += 1
            raise SlackApiFailure("ratelimited", status=429, retry_after=1)
        recent.append(now)
        self._last[channel] = now
