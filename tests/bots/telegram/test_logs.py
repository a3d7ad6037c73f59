"""Verbose logs of the Telegram front end: no comment or paragraph text, no token, short lines."""

import io
import logging

from bots.runtime.logs import LINE_LIMIT
from tests.bots.conftest import create
from tests.bots.telegram.conftest import TelegramWorld
from tests.fakes.telegram_updates import private_message

ADA = 4242
COMMENT_MARKER = "comment-marker-5d21"
PARAGRAPH = "The plan sets out what the city will do."


async def test_verbose_logs_carry_no_comment_paragraph_or_token(
    telegram: TelegramWorld, verbose_log: io.StringIO
) -> None:
    await create(telegram.memory, telegram.clock)
    await telegram.receive(private_message(ADA, "/start plan"))
    await telegram.press(ADA, telegram.last(ADA), "Start")
    await telegram.press(ADA, telegram.last(ADA), "Comment")
    await telegram.receive(private_message(ADA, f"Too vague {COMMENT_MARKER}"))

    assert [c.body for c in telegram.memory.tables.comments.values()] == [
        f"Too vague {COMMENT_MARKER}"
    ]
    written = verbose_log.getvalue()
    for marker in (COMMENT_MARKER, PARAGRAPH, telegram.fake.token):
        assert marker not in written
    assert max(map(len, written.split("\n"))) <= LINE_LIMIT


def test_a_long_record_is_cut_to_the_line_limit(verbose_log: io.StringIO) -> None:
    logging.getLogger("bots.example").warning("start %s end", "x" * 5_000)

    [line] = verbose_log.getvalue().splitlines()
    assert len(line) <= LINE_LIMIT
    assert line.startswith("WARNING bots.example: start xxx")
    assert line.endswith("characters, cut]")
