"""The press benchmark's own pieces: the bare bot does a press's work, the presses are well made.

bench/press_path.py compares townhall with bench/bare_telegram.py; these check that the bare
bot really does what the comparison says (answer, edit, next card, one stored vote) and that
the queued presses are ones Telegram could send (update ids growing in queue order), without
timing anything.
"""

import sqlite3
from pathlib import Path

import pytest
from telegram import Update

from bench.bare_telegram import BareBot, build, read_paragraphs
from bench.press_telegram import presses
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_updates import private_message

DRAFT = "# The plan\n\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"


@pytest.fixture(autouse=True)
def telegram_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


async def test_the_bare_bot_answers_a_press_edits_the_card_sends_the_next_and_stores_it(
    tmp_path: Path,
) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(DRAFT)
    bot = BareBot(read_paragraphs(draft), tmp_path / "bare.db")
    async with FakeBotApi() as fake:
        application = build(bot, fake.base_url)
        await bot.open(application)
        async with application:
            start = private_message(42, "/start bench")
            await application.process_update(Update.de_json(start, application.bot))
            [press] = presses({42: fake.messages(42)}, per_person=1)
            await application.process_update(Update.de_json(press, application.bot))
        await bot.close(application)
        answered = fake.calls_to("answerCallbackQuery")
        cards = [message["text"] for message in fake.messages(42)]
    assert len(answered) == 1
    assert "You agree" in str(cards[0])
    assert len(cards) == 3
    assert "Second paragraph." in str(cards[-1])  # the next card, a new message
    with sqlite3.connect(tmp_path / "bare.db") as connection:
        assert connection.execute(
            "SELECT participant, paragraph, choice FROM votes"
        ).fetchall() == [(42, 1, "a")]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_presses_are_queued_with_growing_update_ids_one_round_after_the_other() -> None:
    def card(number: int) -> dict[str, object]:
        buttons = [
            {"text": "Disagree", "callback_data": f"d{number}"},
            {"text": "👍 Agree", "callback_data": f"a{number}"},
        ]
        return {
            "message_id": number,
            "chat": {"id": 1},
            "reply_markup": {"inline_keyboard": [buttons]},
        }

    welcome = {
        "message_id": 9,
        "reply_markup": {"inline_keyboard": [[{"text": "Start", "callback_data": "s"}]]},
    }
    queued = presses({1: [welcome, card(1), card(2)], 2: [card(1), card(2)]}, per_person=2)
    ids = [int(str(press["update_id"])) for press in queued]
    queries = [press["callback_query"] for press in queued]
    data = [(query["from"]["id"], query["data"]) for query in queries]  # type: ignore[index]
    assert ids == sorted(ids)
    assert data == [(1, "a1"), (2, "a1"), (1, "a2"), (2, "a2")]
