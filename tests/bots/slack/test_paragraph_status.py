"""Paragraph status in Slack: an organiser decides P1, an old card's vote is refused, filters."""

from core.model import Choice, ParagraphStatus
from tests.bots.slack.conftest import ORGANISER, SlackWorld, buttons, texts
from tests.bots.slack.test_participating import joined


async def test_an_organiser_decides_a_paragraph_and_an_old_cards_vote_is_refused(
    slack: SlackWorld,
) -> None:
    card = await joined(slack)
    await slack.press(card, "Agree")
    await slack.fake.wait_for("chat.update")

    await slack.command("paragraph plan P1 decided", user=ORGANISER, response_id="decide")
    await slack.fake.wait_for("response_url")
    [answer] = slack.fake.responses("decide")
    await slack.press(card, "Disagree")
    [_, redrawn] = await slack.fake.wait_for("chat.update", count=2)

    assert "P1 of “Plan” is decided" in str(answer["text"])
    shown = " ".join(texts(redrawn.params["blocks"]))
    assert ":lock: *Decided: this text is final and no longer put to the vote.*" in shown
    assert "✅ You agree" in shown
    assert not {"Agree", "Disagree", "✓ Agree"} & {
        t for t, *_ in buttons(redrawn.params["blocks"])
    }
    [vote] = slack.tables().votes.values()
    assert vote.choice is Choice.AGREE
    [p1] = [p for p in slack.tables().paragraphs.values() if p.number == 1]
    assert p1.status is ParagraphStatus.DECIDED


async def test_a_participant_cannot_decide_a_paragraph(slack: SlackWorld) -> None:
    await slack.command("paragraph plan P1 decided", response_id="refused")
    await slack.fake.wait_for("response_url")
    [answer] = slack.fake.responses("refused")

    assert "Only the consultation's organisers can do that." in str(answer["text"])
    assert {p.status for p in slack.tables().paragraphs.values()} == {ParagraphStatus.VOTING}


async def test_next_mine_lists_my_paragraphs_with_a_button_to_each(slack: SlackWorld) -> None:
    card = await joined(slack)
    await slack.press(card, "Disagree")
    await slack.fake.wait_for("chat.update")

    await slack.command("next mine", response_id="mine")
    await slack.fake.wait_for("response_url")
    [answer] = slack.fake.responses("mine")

    blocks = answer["blocks"]
    assert "*My contributions · 1 paragraph* — Plan" in " ".join(texts(blocks))
    labels = [t for t, *_ in buttons(blocks)]
    assert labels[0] == "P1"
    assert "Most voted" in labels
