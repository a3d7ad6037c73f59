"""townhall's logging: one handler on stderr whose lines carry no request body and stay short.

townhall's own records (bots, core, storage) are shown from INFO on with `-v`, else from WARNING.
Records of the libraries townhall drives (python-telegram-bot, httpx, slack_bolt, slack_sdk,
aiohttp, uvicorn, SQLAlchemy, ...) are shown only from WARNING on, whatever level a logger is
set to: below that they quote what passes through them — Bolt logs the whole body of a request
that fails the signature check at INFO, slack_sdk and python-telegram-bot log every call's
parameters (paragraphs and comments) at DEBUG, and httpx logs Bot API URLs, which hold the bot
token, at INFO. The library warnings that quote a request body (Bolt's unhandled request) keep
their first words only. Every line of a record, traceback lines included, is cut to LINE_LIMIT
characters.
"""

import logging
import sys
from typing import TextIO

OWN_LOGGERS = ("bots", "core", "storage")
LINE_LIMIT = 2000
FORMAT = "%(levelname)s %(name)s: %(message)s"
# Bolt messages that go on to quote the request body: logged up to the body.
BODY_QUOTING = ("Unhandled request", "A global middleware", "Invalid request signature")


class QuietLibraries(logging.Filter):
    """Lets townhall's records through; the libraries' from WARNING on, without bodies."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.split(".")[0] in OWN_LOGGERS:
            return True
        if record.levelno < logging.WARNING:
            return False
        message = str(record.msg)
        if record.name.startswith("slack_bolt") and message.startswith(BODY_QUOTING):
            record.msg, record.args = f"{message.split(' (')[0]} (request body not logged)", ()
        return True


class CappedFormatter(logging.Formatter):
    """Formats as usual, then cuts every line longer than LINE_LIMIT characters."""

    def format(self, record: logging.LogRecord) -> str:
        return "\n".join(_capped(line) for line in super().format(record).split("\n"))


def _capped(line: str) -> str:
    if len(line) <= LINE_LIMIT:
        return line
    note = f"… [{len(line)} characters, cut]"
    return f"{line[: LINE_LIMIT - len(note)]}{note}"


def clean_handler(stream: TextIO) -> logging.Handler:
    """A handler writing to `stream` through QuietLibraries and CappedFormatter."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(CappedFormatter(FORMAT))
    handler.addFilter(QuietLibraries())
    return handler


def configure_logging(verbose: bool) -> None:
    """The root logger's level and handler, unless something configured logging already."""
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, handlers=[clean_handler(sys.stderr)])
