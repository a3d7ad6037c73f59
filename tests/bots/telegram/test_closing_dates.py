"""Telegram's `/new` flow reads closing dates with the one parser: every form, and refusals."""

import pytest

from tests.bots.conftest import DRAFT
from tests.bots.telegram.conftest import TelegramWorld
from tests.bots.telegram.test_organising import ADA, organiser, upload
from tests.fakes.telegram_updates import private_message


async def answer_the_title(telegram: TelegramWorld) -> str:
    """Start /new as an organiser, send the document, keep its title: the date question."""
    await organiser(telegram)
    await telegram.receive(private_message(ADA, "/new"))
    await upload(telegram, ADA, "plan.md", DRAFT.encode())
    await telegram.receive(private_message(ADA, "-"))
    return telegram.last_text(ADA)


@pytest.mark.parametrize(
    ("text", "closes"),
    [
        ("15 Feb 2027", "closes 15 Feb 2027"),
        ("2027-03-31T17:00+01:00", "closes 31 Mar 2027"),
        ("2027-03-31", "closes 31 Mar 2027"),
        ("in 30 days", "closes 14 Feb 2027"),
    ],
)
async def test_each_form_of_closing_date_reaches_the_review(
    telegram: TelegramWorld, text: str, closes: str
) -> None:
    question = await answer_the_title(telegram)
    await telegram.receive(private_message(ADA, text))

    assert question.startswith(
        "When does it close? Send a date such as 2027-02-14 (the end of that day, UTC), "
        "2027-02-14T17:00+00:00, 14 Feb 2027 or “in 30 days”."
    )
    assert closes in telegram.last_text(ADA)
    assert telegram.last_text(ADA).endswith(
        "Confirm to keep it as a draft (open it later with /open plan)."
    )


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("next Friday", "“next Friday” is not a date townhall understands. Write e.g. "),
        ("2027-01-14", "The closing time 14 Jan 2027, 23:59 UTC is in the past. Write a later"),
    ],
)
async def test_an_unreadable_or_past_closing_date_is_refused_with_examples(
    telegram: TelegramWorld, text: str, refusal: str
) -> None:
    await answer_the_title(telegram)
    await telegram.receive(private_message(ADA, text))

    assert refusal in telegram.last_text(ADA)
    assert "2027-02-14 (the end of that day, UTC)" in telegram.last_text(ADA)
    await telegram.receive(private_message(ADA, "in 30 days"))
    assert "closes 14 Feb 2027" in telegram.last_text(ADA)
