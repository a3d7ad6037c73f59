"""/mydata: everything townhall holds about a person, as a `townhall.mydata/1` file."""

import json
from datetime import timedelta
from typing import Any

from core.app import ConsultationApp
from core.intents import CastVote, ExportMyData, Join, SetMuted, SubmitComment, VoteOnComment
from core.model import CLI_ACTOR, Actor, Choice, CommentVote, Consultation
from core.screens import CommentPosted, Notice, PersonalDataFile, Tone
from tests.core.conftest import ANA, BEN, World


async def export(app: ConsultationApp, who: Actor = ANA) -> dict[str, Any]:
    screen = await app.handle(who, ExportMyData())
    assert isinstance(screen, PersonalDataFile), screen
    document = json.loads(screen.content)
    assert isinstance(document, dict)
    return document


async def paragraph_ids(world: World, c: Consultation) -> list[int]:
    async with world.uow() as uow:
        return [p.id for p in await uow.paragraphs.list(c.id)]


async def comment(world: World, c: Consultation, pid: int, body: str, who: Actor = ANA) -> int:
    posted = await world.app.handle(
        who, SubmitComment(consultation_id=c.id, paragraph_id=pid, body=body)
    )
    assert isinstance(posted, CommentPosted)
    return posted.comment.comment_id


async def test_mydata_lists_the_identity_enrolment_votes_with_history_and_comments(
    world: World,
) -> None:
    c = await world.consultation()
    p1, p22, _ = await paragraph_ids(world, c)
    await world.app.handle(ANA, Join(payload=c.slug))
    await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=p1, choice=Choice.AGREE)
    )
    world.clock.advance(timedelta(minutes=5))
    await world.app.handle(
        ANA, CastVote(consultation_id=c.id, paragraph_id=p1, choice=Choice.DISAGREE)
    )
    mine = await comment(world, c, p22, "Say who pays & when.")
    await world.app.handle(ANA, SetMuted(consultation_id=c.id, muted=True))

    document = await export(world.app)

    assert document["format"] == "townhall.mydata/1"
    assert document["exported_at"] == "2027-02-01T12:05:00Z"
    [identity] = document["identities"]
    assert identity == {
        "platform": "terminal",
        "tenant": "local",
        "id": "ana",
        "display_name": "Ana",
        "reachable": True,
    }
    [enrolment] = document["enrolments"]
    assert enrolment["consultation"] == "strategy"
    assert enrolment["muted"] is True
    assert enrolment["joined_at"] == "2027-02-01T12:00:00Z"
    assert enrolment["last_seen_at"] == "2027-02-01T12:05:00Z"
    assert document["votes"] == [
        {
            "consultation": "strategy",
            "paragraph": 1,
            "choice": "disagree",
            "cast_at": "2027-02-01T12:05:00Z",
            "history": [
                {"choice": "agree", "cast_at": "2027-02-01T12:00:00Z"},
                {"choice": "disagree", "cast_at": "2027-02-01T12:05:00Z"},
            ],
            "reason_comment": None,
        }
    ]
    [written] = document["comments"]
    assert written["id"] == mine
    assert written["paragraph"] == 22
    assert written["text"] == "Say who pays & when."
    assert written["state"] == "published"
    assert written["reply_to"] is None
    assert (written["up"], written["down"]) == (0, 0)


async def test_mydata_holds_the_persons_comment_votes_and_reminders_not_other_peoples_text(
    world: World,
) -> None:
    c = await world.consultation()
    p1, *_ = await paragraph_ids(world, c)
    theirs = await comment(world, c, p1, "Ben's own words.", who=BEN)
    await world.app.handle(ANA, Join(payload=c.slug))
    await world.app.handle(
        ANA, VoteOnComment(consultation_id=c.id, comment_id=theirs, vote=CommentVote.UP)
    )

    document = await export(world.app)

    assert document["comment_votes"] == [
        {"comment": theirs, "consultation": "strategy", "paragraph": 1, "vote": "up"}
    ]
    assert document["comments"] == []
    assert "Ben's own words." not in json.dumps(document)
    reminders = document["reminders"]
    assert isinstance(reminders, list)
    assert reminders
    assert {r["status"] for r in reminders} == {"pending"}
    assert document["reports"] == []
    assert document["deliveries"] == []


async def test_mydata_of_someone_townhall_has_never_seen_says_so_and_stores_nothing(
    world: World,
) -> None:
    screen = await world.app.handle(ANA, ExportMyData())

    assert isinstance(screen, Notice)
    assert screen.tone is Tone.INFO
    assert "holds nothing about you" in screen.text
    async with world.uow() as uow:
        assert await uow.participants.find(ANA.ref) is None


async def test_mydata_is_refused_to_the_command_line_which_is_nobody(world: World) -> None:
    screen = await world.app.handle(CLI_ACTOR, ExportMyData())

    assert isinstance(screen, Notice)
    assert screen.tone is Tone.WARNING


async def test_mydata_of_a_person_with_thousands_of_votes_is_one_file_with_every_vote(
    world: World,
) -> None:
    consultations = [await world.consultation(f"plan-{n}") for n in range(700)]
    for c in consultations:
        for pid in await paragraph_ids(world, c):
            await world.app.handle(
                ANA, CastVote(consultation_id=c.id, paragraph_id=pid, choice=Choice.AGREE)
            )

    screen = await world.app.handle(ANA, ExportMyData())

    assert isinstance(screen, PersonalDataFile)
    document = json.loads(screen.content)
    assert len(document["votes"]) == 2100
    assert len(document["enrolments"]) == 700
    assert screen.text.startswith(
        "Everything townhall holds about you: 700 consultations, 2,100 votes"
    )
