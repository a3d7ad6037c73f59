"""An organiser's /townhall stats SLUG uploads the agreement chart into their DM.

townhall's Bolt app and slack-sdk's `files_upload_v2` run against the fake Web API, which
serves Slack's three upload steps (tests/fakes/slack_uploads.py).
"""

from bots.chat.identities import slack_ref
from bots.reports.charts import WIDTH, bars_height
from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice
from tests.bots.reports.pngs import png_size
from tests.bots.slack.conftest import ORGANISER, PERSON, SlackWorld, texts
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.slack_workspace import TEAM_ID

OTHER = "U0BEN"


async def votes(slack: SlackWorld) -> None:
    """Ada agrees with P1 and P2, Ben disagrees with P1: 3 votes, 67% agree."""
    app = ConsultationApp(lambda: FakeUnitOfWork(slack.memory), slack.clock)
    for user, choices in ((PERSON, (Choice.AGREE, Choice.AGREE)), (OTHER, (Choice.DISAGREE,))):
        person = Actor(ref=slack_ref(TEAM_ID, user), display_name=user)
        await app.handle(person, Join(payload="plan"))
        for paragraph_id, choice in enumerate(choices, start=1):
            intent = CastVote(consultation_id=1, paragraph_id=paragraph_id, choice=choice)
            await app.handle(person, intent)


async def test_an_organisers_stats_upload_the_agreement_chart_to_their_dm(
    slack: SlackWorld,
) -> None:
    await votes(slack)

    await slack.command("stats plan", user=ORGANISER, channel="C0001", response_id="stats")
    await slack.settled()  # drawing the chart takes a moment of CPU: no deadline for it

    [shared] = slack.fake.uploads.shared
    assert shared.channel == "D" + ORGANISER
    assert shared.filename == "agreement-1.png"
    assert png_size(shared.data) == (WIDTH, bars_height(3))
    [summary] = slack.dm(ORGANISER)
    assert texts(summary["blocks"]) == [
        "📊 *Plan*: agreement per paragraph\n"
        "Level of agreement: *67%* · 3 votes (2 agree, 1 disagree)\n"
        "Comments: 0 · contributors: 2\n"
        "Most controversial: P1 (50% agree)"
    ]
    # The full figures still answer the command where it was typed.
    assert "Level of agreement" in texts(slack.fake.responses("stats")[0]["blocks"])[0]


async def test_a_non_organisers_stats_upload_nothing(slack: SlackWorld) -> None:
    await votes(slack)

    await slack.command("stats plan", user=PERSON, response_id="refused")
    await slack.command("stats", user=PERSON, response_id="own")
    await slack.fake.wait_for("response_url", count=2)
    await slack.settled()

    assert "Only the consultation's organisers" in str(slack.fake.responses("refused")[0]["text"])
    assert slack.fake.calls_to("files.getUploadURLExternal") == []


async def test_stats_without_votes_upload_no_chart(slack: SlackWorld) -> None:
    await slack.command("stats plan", user=ORGANISER, response_id="stats")
    await slack.fake.wait_for("response_url")
    await slack.settled()

    assert slack.fake.calls_to("files.getUploadURLExternal") == []
    assert "Level of agreement: *–*" in texts(slack.fake.responses("stats")[0]["blocks"])[0]
