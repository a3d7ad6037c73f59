"""Deep links into the bot for the command line (`townhall invite`), asking Telegram its name."""

from telegram import Bot
from telegram.error import TelegramError
from telegram.helpers import create_deep_linked_url

from bots.telegram.settings import TelegramConfig


async def describe_telegram_link(config: TelegramConfig, payload: str) -> str:
    """`Join in Telegram: https://t.me/<bot>?start=<payload>`, or why there is no link."""
    if not config.token:
        return "No TELEGRAM_BOT_TOKEN set, so no Telegram link: share the token above."
    try:
        async with Bot(config.token, base_url=config.base_url) as bot:  # getMe
            username = bot.username
    except TelegramError as error:
        return (
            f"Telegram could not be reached ({type(error).__name__}), so no deep link: "
            "share the token above."
        )
    return f"Join in Telegram: {create_deep_linked_url(username, payload)}"
