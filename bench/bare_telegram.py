"""A bare python-telegram-bot vote bot: what a press costs without townhall, for comparison.

    python -m bench.bare_telegram --base-url URL --database FILE --document FILE

`/start` sends the first two paragraphs as cards (the benchmark's setup: townhall's people get
the second by a broadcast). A press on a card's button stores the vote with one upsert in an
SQLite file (WAL, synchronous=FULL, committed before anything is answered, as townhall does),
then answers the press, edits the card to show the vote and sends the next paragraph's card:
the same three Bot API calls as townhall's press. PTB's defaults otherwise (HTTPXRequest,
updates one at a time, long polling), as townhall's front end.
"""

import argparse
import html
import time
from collections.abc import Sequence
from pathlib import Path

import aiosqlite
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

TOKEN = "123456:TEST-token"
UPSERT = (
    "INSERT INTO votes (participant, paragraph, choice, at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (participant, paragraph) DO UPDATE SET choice = excluded.choice, at = excluded.at"
)
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS votes (participant INTEGER NOT NULL, paragraph INTEGER NOT NULL,"
    " choice TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (participant, paragraph))"
)
CHOSEN = {"a": "✅ You agree — tap to change", "d": "❌ You disagree — tap to change"}


def read_paragraphs(document: Path) -> list[str]:
    """The paragraphs of a Markdown draft: blocks between blank lines, headings left out."""
    blocks = document.read_text().split("\n\n")
    return [block.strip() for block in blocks if block.strip() and not block.startswith("#")]


class BareBot:
    def __init__(self, paragraphs: Sequence[str], database: Path) -> None:
        self.paragraphs = paragraphs
        self.database = database
        self.db: aiosqlite.Connection | None = None

    async def open(self, application: Application) -> None:  # type: ignore[type-arg]
        self.db = await aiosqlite.connect(self.database)
        await self.db.execute("PRAGMA journal_mode=WAL")
        await self.db.execute("PRAGMA synchronous=FULL")
        await self.db.execute(SCHEMA)
        await self.db.commit()

    async def close(self, application: Application) -> None:  # type: ignore[type-arg]
        if self.db is not None:
            await self.db.close()

    def card(self, number: int, chosen: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
        text = f"<b>¶ {number}</b>\n{html.escape(self.paragraphs[number - 1])}\n\n"
        text += CHOSEN[chosen] if chosen else "Do you agree?"
        buttons = [
            InlineKeyboardButton(label, callback_data=f"v:{number}:{code}")
            for label, code in (("👍 Agree", "a"), ("👎 Disagree", "d"))
        ]
        return text, InlineKeyboardMarkup([buttons])

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat is None:
            return
        for number in (1, 2):
            text, keyboard = self.card(number)
            await context.bot.send_message(
                update.effective_chat.id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
            )

    async def on_press(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None or query.message is None or self.db is None:
            return
        _, number_text, choice = (query.data or "").split(":")
        number = int(number_text)
        await self.db.execute(UPSERT, (query.from_user.id, number, choice, time.time()))
        await self.db.commit()
        await query.answer("Vote recorded")
        text, keyboard = self.card(number, choice)
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
        following = number % len(self.paragraphs) + 1
        text, keyboard = self.card(following)
        await context.bot.send_message(
            query.message.chat.id, text, parse_mode=ParseMode.HTML, reply_markup=keyboard
        )


def build(bot: BareBot, base_url: str) -> Application:  # type: ignore[type-arg]
    """The bot's Application on a Bot API at `base_url`, its database opened on start."""
    application = (
        Application.builder()
        .token(TOKEN)
        .base_url(base_url)
        .post_init(bot.open)
        .post_shutdown(bot.close)
        .build()
    )
    application.add_handler(CommandHandler("start", bot.on_start))
    application.add_handler(CallbackQueryHandler(bot.on_press))
    return application


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--database", type=Path, required=True)
    parser.add_argument("--document", type=Path, required=True)
    args = parser.parse_args(argv)
    bot = BareBot(read_paragraphs(args.document), args.database)
    build(bot, args.base_url).run_polling(
        poll_interval=0, timeout=30, allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY]
    )


if __name__ == "__main__":
    main()
