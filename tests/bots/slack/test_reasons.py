"""Slack asks why after a Disagree, in the DM: the next message there is the reason (real Bolt)."""

from core.model import Reasons
from tests.bots.conftest import create
from tests.bots.slack.conftest import DM, SECRET, SlackWorld, buttons, texts
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.slack_payloads import SignedRequest, event_callback, message_event


async def joined(slack: SlackWorld, reasons: Reasons) -> dict[str, object]:
    """Join "asks" (reasons as given); returns its first paragraph card in the DM."""
    await create(slack.memory, slack.clock, slug="asks", reasons=reasons)
    await slack.command("join asks")
    await slack.fake.wait_for("chat.postMessage", count=2)
    return slack.dm()[-1]


async def reasons_and_disagree(slack: SlackWorld) -> tuple[list[str], int]:
    async with FakeUnitOfWork(slack.memory) as uow:
        asks = await uow.consultations.get_by_slug("asks")
        assert asks is not None
        first = await uow.paragraphs.at_position(asks.id, 1)
        assert first is not None
        reasons = await uow.statistics.disagreement_reasons(asks.id)
        tally = await uow.statistics.tally(first.id)
    return [reason.body for reason in reasons], tally.disagree if tally else 0


def typed(text: str, ts: str) -> SignedRequest:
    return event_callback(SECRET, message_event(DM, text, ts=ts, channel_type="im"))


async def test_a_disagree_asks_in_the_dm_and_the_next_message_is_the_reason(
    slack: SlackWorld,
) -> None:
    card = await joined(slack, Reasons.OPTIONAL)

    await slack.press(card, "Disagree")
    [*_, asked] = await slack.fake.wait_for("chat.postMessage", count=3)

    assert texts(asked.params["blocks"]) == [
        "What would you change in P1? Send it as your next message."
    ]
    assert [text for text, *_ in buttons(asked.params["blocks"])] == ["Skip"]
    answer = typed("Say *who* pays <!channel>", "1700000000.000100")
    await slack.send(answer)
    await slack.send(answer)  # Slack retries: stored once
    await slack.settled()
    [*_, thanked] = await slack.fake.wait_for("chat.postMessage", count=4)
    assert "your reason for disagreeing with P1 is saved" in str(thanked.params["text"])
    assert await reasons_and_disagree(slack) == (["Say *who* pays <!channel>"], 1)
    assert len(slack.tables().comments) == 1


async def test_skip_posts_the_next_paragraph_and_stores_no_reason(slack: SlackWorld) -> None:
    card = await joined(slack, Reasons.OPTIONAL)
    await slack.press(card, "Disagree")
    [*_, asked] = await slack.fake.wait_for("chat.postMessage", count=3)

    await slack.press(asked.params, "Skip")
    [*_, following] = await slack.fake.wait_for("chat.postMessage", count=4)

    assert "*P2* · 2 of 3" in texts(following.params["blocks"])
    assert await reasons_and_disagree(slack) == ([], 1)


async def test_a_required_reason_makes_the_disagree_wait_until_it_arrives(
    slack: SlackWorld,
) -> None:
    card = await joined(slack, Reasons.REQUIRED)

    await slack.press(card, "Disagree")
    [redrawn] = await slack.fake.wait_for("chat.update")
    [*_, asked] = await slack.fake.wait_for("chat.postMessage", count=3)

    assert "_Your Disagree counts once you say what you would change._" in " ".join(
        texts(redrawn.params["blocks"])
    )
    assert buttons(asked.params["blocks"]) == []  # no Skip
    assert await reasons_and_disagree(slack) == ([], 0)
    await slack.send(typed("It costs too much.", "1700000000.000200"))
    await slack.settled()
    assert await reasons_and_disagree(slack) == (["It costs too much."], 1)
