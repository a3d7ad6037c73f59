"""The Telegram front end's settings: the [telegram] table and its secrets.

bots.runtime.config reads them from the configuration file and the environment; the front end
only uses them.
"""

import enum
from dataclasses import dataclass, field

WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
POLL_TIMEOUT = 30  # seconds a getUpdates call waits for updates


class TelegramMode(enum.StrEnum):
    """How updates arrive from Telegram."""

    POLLING = "polling"
    WEBHOOK = "webhook"


class CardFlow(enum.StrEnum):
    """What a vote pressed on a card in a private chat sends (README: "Card flow").

    STREAM edits the voted card and sends the next one: two messages of the bot's budget a
    press. IN_PLACE edits the voted card into the next paragraph: one message a press.
    """

    STREAM = "stream"
    IN_PLACE = "in_place"


@dataclass(frozen=True, slots=True, kw_only=True)
class TelegramConfig:
    """The Telegram front end; `base_url` points at the Bot API (or a local Bot API server).

    In webhook mode Telegram posts updates to `webhook_url` (public, https), and each request
    carries `webhook_secret` ($TELEGRAM_WEBHOOK_SECRET) so that others cannot post.
    """

    mode: TelegramMode = TelegramMode.POLLING
    base_url: str = "https://api.telegram.org/bot"
    webhook_url: str | None = None
    card_flow: CardFlow = CardFlow.STREAM
    token: str | None = field(default=None, repr=False)
    webhook_secret: str | None = field(default=None, repr=False)
