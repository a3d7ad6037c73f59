"""Telegram's flood control, imitated by the fake Bot API when a test or benchmark asks.

    fake.flood = FloodControl()   # 429 past 30 messages a second, or a second chat message
                                  # within a second; paid broadcasts may go at 1000 a second

Only sendMessage is counted, by arrival time. A refused call is not counted as sent, and
answers 429 with `retry_after` like Telegram; `refused` says how many there were.
"""

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field

from tests.fakes.telegram_wire import BotApiError


@dataclass
class FloodControl:
    """Limits per bot: messages a second overall (paid apart), and seconds between chat sends."""

    per_second: int = 30
    chat_interval: float = 1.0
    paid_per_second: int = 1000
    refused: int = 0
    _recent: deque[float] = field(default_factory=deque)
    _paid: deque[float] = field(default_factory=deque)
    _last: dict[object, float] = field(default_factory=dict)

    def check(self, method: str, params: Mapping[str, object], now: float) -> None:
        """Raise the 429 Telegram would answer; else count the message as sent at `now`."""
        if method != "sendMessage":
            return
        paid = params.get("allow_paid_broadcast") is True
        recent, cap = (
            (self._paid, self.paid_per_second) if paid else (self._recent, self.per_second)
        )
        while recent and recent[0] <= now - 1.0:
            recent.popleft()
        chat = params.get("chat_id")
        too_soon = chat in self._last and now - self._last[chat] < self.chat_interval
        if len(recent) >= cap or too_soon:
            self.refused += 1
            raise BotApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        recent.append(now)
        self._last[chat] = now
