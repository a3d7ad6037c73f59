"""Organisers in Slack: `/townhall new` and its modal, open/close/invite/stats, refusals."""

import json
from collections.abc import Mapping

from slack_bolt.response import BoltResponse

from bots.chat.identities import slack_ref
from bots.slack.figures import statistics_messages
from bots.slack.surfaces import NEW_CALLBACK
from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice, Status
from core.screens import StatisticsReport
from core.statistics import ParagraphTally, compile_statistics
from tests.bots.conftest import create, document
from tests.bots.slack.conftest import DM, ORGANISER, PERSON, SECRET, SlackWorld
from tests.bots.slack.conftest import texts as texts_of
from tests.bots.word_files import word_bomb
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.slack_payloads import slash_command, view_submission
from tests.fakes.slack_workspace import TEAM_ID

PASTED = "# Parks\n\nEvery district gets a park.\n\nParks open at dawn & close at dusk.\n"


async def new_consultation(
    slack: SlackWorld, *, user: str = ORGANISER, **fields: object
) -> BoltResponse:
    """Type `/townhall new`, then submit its modal with these fields."""
    await slack.command("new", user=user, response_id="new")
    [opened] = await slack.fake.wait_for("views.open")
    view = opened.response["view"]
    assert isinstance(view, dict)
    return await submit_new(slack, str(view["callback_id"]), str(view["id"]), user, **fields)


async def submit_new(
    slack: SlackWorld, callback_id: str, view_id: str, user: str, **fields: object
) -> BoltResponse:
    values: dict[str, Mapping[str, object]] = {
        "title": {"value": fields.get("title", "Parks plan")},
        "closes": {"value": fields.get("closes", "in 30 days")},
        "text": {"value": fields.get("text", PASTED)},
        "file": {"files": {"type": "file_input", "files": fields.get("files", [])}},
    }
    return await slack.send(
        view_submission(
            SECRET,
            callback_id=callback_id,
            values=values,
            view_id=view_id,
            user_id=user,
            user_name=user.lower(),
        )
    )


async def test_new_opens_a_modal_whose_pasted_text_becomes_a_draft(slack: SlackWorld) -> None:
    answer = await new_consultation(slack)
    [saved] = await slack.fake.wait_for("chat.postMessage")

    assert (answer.status, answer.body) == (200, "")
    [opened] = slack.fake.calls_to("views.open")
    view = opened.params["view"]
    assert isinstance(view, dict)
    kinds = [block["element"]["type"] for block in view["blocks"] if block["type"] == "input"]
    assert kinds == ["plain_text_input", "plain_text_input", "file_input", "plain_text_input"]
    [draft] = [c for c in slack.tables().consultations.values() if c.status is Status.DRAFT]
    assert draft.title == "Parks plan"
    paragraphs = [p for p in slack.tables().paragraphs.values() if p.consultation_id == draft.id]
    assert [p.text for p in paragraphs] == [
        "Every district gets a park.",
        "Parks open at dawn & close at dusk.",
    ]
    assert saved.params["channel"] == "D" + ORGANISER
    assert f"Saved as a draft: {draft.slug}" in str(saved.params["text"])


async def test_new_with_an_uploaded_file_reads_the_file(slack: SlackWorld) -> None:
    slack.fake.add_file("F0001", "parks.md", PASTED.encode(), "markdown")

    answer = await new_consultation(slack, text=None, files=[{"id": "F0001", "name": "parks.md"}])
    await slack.fake.wait_for("chat.postMessage")

    assert answer.body == ""
    assert any(c.title == "Parks plan" for c in slack.tables().consultations.values())


async def test_an_uploaded_word_file_that_unpacks_past_the_limit_is_an_inline_error(
    slack: SlackWorld,
) -> None:
    slack.fake.add_file("F0001", "bomb.docx", word_bomb(), "docx")

    answer = await new_consultation(slack, text=None, files=[{"id": "F0001", "name": "bomb.docx"}])

    error = json.loads(answer.body)["errors"]["file"]
    assert error.startswith("bomb.docx unpacks to ")
    assert "the limit is 50 MB" in error
    assert len(slack.tables().consultations) == 1  # only the fixture's "plan"


async def test_an_uploaded_file_is_read_whole_however_it_arrives(slack: SlackWorld) -> None:
    word = "word " * 2000  # 40 paragraphs of 10 KB: the download arrives in several reads
    draft = "# Parks\n\n" + "".join(f"Paragraph {n}: {word}.\n\n" for n in range(1, 41))
    slack.fake.add_file("F0001", "parks.md", draft.encode(), "markdown")

    await new_consultation(slack, text=None, files=[{"id": "F0001", "name": "parks.md"}])
    await slack.fake.wait_for("chat.postMessage")

    [parks] = [c for c in slack.tables().consultations.values() if c.title == "Parks plan"]
    stored = [p for p in slack.tables().paragraphs.values() if p.consultation_id == parks.id]
    assert len(stored) == 40
    assert stored[-1].text.startswith("Paragraph 40: word")


async def test_a_bad_closing_date_or_no_document_is_an_inline_error(slack: SlackWorld) -> None:
    bad_date = await new_consultation(slack, closes="someday")
    slack.fake.clear()
    no_document = await new_consultation(slack, text="  ")

    assert json.loads(bad_date.body)["response_action"] == "errors"
    assert "title" in json.loads(bad_date.body)["errors"]
    assert "paste its text" in json.loads(no_document.body)["errors"]["text"]
    assert len(slack.tables().consultations) == 1  # only the fixture's "plan"


async def test_a_non_organiser_is_refused_by_command_and_by_the_modal(slack: SlackWorld) -> None:
    await slack.command("close plan", user=PERSON, response_id="close")
    await slack.command("new", user=PERSON, response_id="new")
    await slack.fake.wait_for("response_url", count=2)
    submitted = await submit_new(slack, NEW_CALLBACK, "V0FORGED", PERSON)  # a forged form

    assert "organiser" in str(slack.fake.responses("close")[0]["text"]).lower()
    assert "organiser" in str(slack.fake.responses("new")[0]["text"]).lower()
    assert slack.fake.calls_to("views.open") == []  # refused before the modal opened
    assert "organiser" in json.loads(submitted.body)["errors"]["title"].lower()
    [plan] = slack.tables().consultations.values()
    assert plan.status is Status.OPEN


async def test_an_organiser_closes_invites_and_reads_the_full_figures(slack: SlackWorld) -> None:
    for text in ["invite plan 5", "stats plan", "close plan"]:
        await slack.command(text, user=ORGANISER, response_id=text.split()[0])
    await slack.fake.wait_for("response_url", count=3)

    [invitation] = slack.fake.responses("invite")
    [token] = [i.token for i in slack.tables().invitations.values()]
    assert f"/townhall join {token}" in str(invitation["blocks"])
    assert "Level of agreement" in str(slack.fake.responses("stats")[0]["blocks"])
    assert "is closed" in str(slack.fake.responses("close")[0]["text"])
    [plan] = slack.tables().consultations.values()
    assert plan.status is Status.CLOSED


async def test_an_organiser_broadcasts_from_slack_and_reads_the_report(slack: SlackWorld) -> None:
    await slack.command("join plan", user=PERSON, response_id="join")
    await slack.fake.wait_for("chat.postMessage")
    await slack.command("broadcast plan 1-2 every 1d", user=ORGANISER, response_id="broadcast")
    await slack.command("report 1", user=ORGANISER, response_id="report")
    await slack.command("broadcast plan 1-2 every often", user=ORGANISER, response_id="bad")
    await slack.command("broadcast plan", user=PERSON, response_id="refused")
    await slack.fake.wait_for("response_url", count=4)

    queued = str(slack.fake.responses("broadcast")[0]["text"])
    assert "Broadcast 1: P1–P2 to 1 recipient (2 messages), one every day" in queued
    assert "0 sent, 2 pending" in str(slack.fake.responses("report")[0]["text"])
    assert "“often” is not an interval" in str(slack.fake.responses("bad")[0]["text"])
    assert "Only the consultation's organisers" in str(slack.fake.responses("refused")[0]["text"])
    assert len(slack.tables().outbox) == 2


async def test_an_organiser_cancels_a_drip_from_slack(slack: SlackWorld) -> None:
    await slack.command("join plan", user=PERSON, response_id="join")
    await slack.fake.wait_for("chat.postMessage")
    await slack.command("broadcast plan 1-2 every 1d", user=ORGANISER, response_id="broadcast")
    await slack.command("broadcast cancel 1", user=PERSON, response_id="refused")
    await slack.command("broadcast cancel 1", user=ORGANISER, response_id="cancel")
    await slack.fake.wait_for("response_url", count=3)

    cancelled = str(slack.fake.responses("cancel")[0]["text"])
    assert "Broadcast 1 cancelled: 1 pending release stopped (P2; 1 message not sent)" in cancelled
    assert "Only the consultation's organisers" in str(slack.fake.responses("refused")[0]["text"])
    assert [r.cancelled_at is not None for r in slack.tables().releases.values()] == [False, True]


async def test_an_organisers_stats_list_every_paragraph_in_messages_within_the_limits(
    slack: SlackWorld,
) -> None:
    paragraphs = tuple(f"Paragraph number {n} of the long plan." for n in range(1, 301))
    await create(slack.memory, slack.clock, slug="long", content=document(("All", paragraphs)))
    app = ConsultationApp(lambda: FakeUnitOfWork(slack.memory), slack.clock)
    ben = Actor(ref=slack_ref(TEAM_ID, PERSON), display_name="Ben")
    await app.handle(ben, Join(payload="long"))
    await app.handle(ben, CastVote(consultation_id=2, paragraph_id=10, choice=Choice.AGREE))

    await slack.command("stats long", user=ORGANISER, response_id="stats")
    await slack.fake.wait_for("response_url", count=2)

    answers = slack.fake.responses("stats")  # P7 is paragraph 10: "plan" has three
    assert len(answers) > 1
    assert "Level of agreement" in texts_of(answers[0]["blocks"])[0]
    for answer in answers:  # the fake refuses a section over 3000 or over 50 blocks too
        assert len(answer["blocks"]) <= 50  # type: ignore[arg-type]
        assert sum(len(text) for text in texts_of(answer["blocks"])) <= 40_000
    rows = [
        line.strip("`").split()
        for a in answers
        for t in texts_of(a["blocks"])
        for line in t.split("\n")
    ]
    labels = [row[0] for row in rows if row and row[0].startswith("P") and row[0][1:].isdigit()]
    assert labels == [f"P{n}" for n in range(1, 301)]
    assert ["P7", "1", "0", "100%", "0"] in rows


def test_figures_too_long_for_five_answers_end_with_a_pointer_to_the_command_line() -> None:
    tallies = [tally(n) for n in range(1, 3001)]
    statistics = compile_statistics(tallies, contributors=0, latest_comments=[])
    report = StatisticsReport(
        consultation_id=1,
        title="Huge",
        deadline="closes soon",
        statistics=statistics,
        every_paragraph=True,
    )

    messages = statistics_messages(report)

    assert len(messages) == 5  # a response_url takes five answers
    assert all(len(m.blocks) <= 50 for m in messages)
    sections = [str(b["text"]["text"]) for m in messages for b in m.blocks]  # type: ignore[index]
    assert all(len(text) <= 3000 for text in sections)
    assert "`townhall stats SLUG` on the command line" in sections[-1]


def tally(number: int) -> ParagraphTally:
    return ParagraphTally(
        paragraph_id=number,
        number=number,
        position=number,
        section=None,
        agree=number,
        disagree=0,
        comments=0,
    )


async def test_a_replayed_broadcast_command_queues_nothing_new(slack: SlackWorld) -> None:
    await slack.command("join plan", user=PERSON, response_id="join")
    await slack.fake.wait_for("chat.postMessage")
    request = slash_command(
        SECRET,
        text="broadcast plan 1",
        user_id=ORGANISER,
        user_name="organiser",
        channel_id=DM,
        response_url=slack.fake.response_url("broadcast"),
    )

    await slack.send(request)
    await slack.settled()
    await slack.process_again(request)  # as after a crash before it was marked handled
    await slack.fake.wait_for("response_url", count=2)

    first, replayed = (str(r["text"]) for r in slack.fake.responses("broadcast"))
    assert "Broadcast 1: P1 to 1 recipient (1 message), now" in first
    assert "Broadcast 1 was queued for this request already" in replayed
    assert len(slack.tables().outbox) == 1


async def test_a_new_consultation_form_submitted_twice_creates_one_draft(
    slack: SlackWorld,
) -> None:
    await slack.command("new", user=ORGANISER, response_id="new")
    [opened] = await slack.fake.wait_for("views.open")
    view = opened.response["view"]
    assert isinstance(view, dict)

    for _ in range(2):  # Socket Mode redelivers an envelope acknowledged too late
        await submit_new(slack, str(view["callback_id"]), str(view["id"]), ORGANISER)
    await slack.fake.wait_for("chat.postMessage", count=2)

    assert [c.slug for c in slack.tables().consultations.values()] == ["plan", "parks-plan"]
