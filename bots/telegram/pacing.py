"""The Telegram bot's rate limiters, built from [delivery]: one for everything, one for paid.

Telegram counts every message a bot sends, answers and pushes alike, so a process has one
`standard` limiter shared by the front end (answers go first) and the outbox. With paid
broadcasts enabled, pushes go through `paid` instead: up to `paid_rate` a second overall for
a fee, still one message a second per chat and the group cap.
"""

from dataclasses import dataclass

from bots.chat.pacing import Clock, Limits, RateLimiter, Sleep
from bots.chat.settings import DeliveryConfig

GROUP_WINDOW = 60.0


@dataclass(frozen=True, slots=True, kw_only=True)
class TelegramPacing:
    """The limiters one Telegram bot sends through; `paid` is None unless enabled."""

    standard: RateLimiter
    paid: RateLimiter | None = None


def telegram_pacing(
    config: DeliveryConfig, *, clock: Clock | None = None, sleep: Sleep | None = None
) -> TelegramPacing:
    def limiter(rate: float) -> RateLimiter:
        limits = Limits(
            rate=rate,
            interval=config.telegram_chat_interval,
            window_cap=config.telegram_group_per_minute,
            window=GROUP_WINDOW,
        )
        return RateLimiter(limits, clock=clock, sleep=sleep)

    paid = limiter(config.paid_rate) if config.allow_paid_broadcast else None
    return TelegramPacing(standard=limiter(config.telegram_rate), paid=paid)
