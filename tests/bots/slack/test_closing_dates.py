"""Slack's `/townhall new` modal reads closing dates with the one parser: forms and refusals."""

import json
from datetime import UTC, datetime

import pytest

from core.model import Status
from tests.bots.slack.conftest import SlackWorld
from tests.bots.slack.test_organising import new_consultation


@pytest.mark.parametrize(
    ("closes", "expected"),
    [
        ("15 Feb 2027", datetime(2027, 2, 15, 23, 59, tzinfo=UTC)),
        ("2027-03-31", datetime(2027, 3, 31, 23, 59, tzinfo=UTC)),
        ("2027-03-31T17:00+01:00", datetime(2027, 3, 31, 16, 0, tzinfo=UTC)),
        ("in 30 days", datetime(2027, 2, 14, 12, 0, tzinfo=UTC)),
    ],
)
async def test_each_form_of_closing_date_creates_the_draft(
    slack: SlackWorld, closes: str, expected: datetime
) -> None:
    answer = await new_consultation(slack, closes=closes)

    assert (answer.status, answer.body) == (200, "")
    [draft] = [c for c in slack.tables().consultations.values() if c.status is Status.DRAFT]
    assert draft.closes_at == expected


@pytest.mark.parametrize(
    ("closes", "refusal"),
    [
        ("someday", "“someday” is not a date townhall understands. Write e.g. "),
        ("2027-01-14", "The closing time 14 Jan 2027, 23:59 UTC is in the past. Write a later"),
    ],
)
async def test_an_unreadable_or_past_closing_date_is_an_inline_error_with_examples(
    slack: SlackWorld, closes: str, refusal: str
) -> None:
    answer = await new_consultation(slack, closes=closes)

    error = json.loads(answer.body)["errors"]["title"]
    assert error.startswith(refusal)
    assert error.endswith(
        "2027-02-14 (the end of that day, UTC), 2027-02-14T17:00+00:00, 14 Feb 2027 "
        "or “in 30 days”."
    )
    assert not [c for c in slack.tables().consultations.values() if c.status is Status.DRAFT]
