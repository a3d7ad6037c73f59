"""Every prebuilt statement of the hot path with parameters to run it on a seeded database.

The tests of SQLite's cursor (test_raw_statements.py) and of asyncpg's connection
(test_asyncpg_statements.py) run each of them both ways, through SQLAlchemy and directly,
and compare what comes back and what is stored.
"""

from datetime import timedelta
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncEngine

from core.model import Choice, Enrolment, Vote
from storage.engine import make_session_factory
from storage.repositories import (
    consultation_reads,
    people_statements,
    posts,
    releases,
    statistics,
    tallies,
    vote_casting,
    votes,
)
from storage.rows_delivery import BroadcastRow, ReleaseRow
from storage.unit_of_work import SqlUnitOfWork
from tests.storage.examples import OPENS_AT, new_consultation, person, sample_document

NOW = OPENS_AT + timedelta(days=2, microseconds=123_456)


async def seeded(engine: AsyncEngine) -> dict[str, int]:
    """A consultation with a release, Ana enrolled with a vote; Bob known but not enrolled."""
    session_factory = make_session_factory(engine)
    async with SqlUnitOfWork(session_factory) as uow:
        consultation = await uow.consultations.add(new_consultation(), sample_document())
        paragraphs = [paragraph.id for paragraph in await uow.paragraphs.list(consultation.id)]
        ana = await uow.participants.get_or_add(person("ana"), "Ana")
        bob = await uow.participants.get_or_add(person("bob"), "Bob")
        enrolment = Enrolment(
            consultation_id=consultation.id,
            participant_id=ana.id,
            cursor=1,
            awaiting_paragraph_id=paragraphs[1],
            awaiting_reply_to=None,
            muted=False,
            active=True,
            joined_at=NOW,
            last_seen_at=NOW,
        )
        await uow.enrolments.save(enrolment)
        await uow.votes.record(
            Vote(
                **vote_values(
                    {"consultation": consultation.id, "paragraph": paragraphs[0], "ana": ana.id},
                    "ana",
                    "agree",
                )
                | {"choice": Choice.AGREE}
            )
        )
        await uow.commit()
    async with session_factory() as session:
        broadcast = BroadcastRow(consultation_id=consultation.id, description="d", created_at=NOW)
        session.add(broadcast)
        await session.flush()
        session.add(
            ReleaseRow(
                broadcast_id=broadcast.id,
                consultation_id=consultation.id,
                paragraph_id=paragraphs[3],
                release_at=NOW + timedelta(hours=5),
            )
        )
        await session.commit()
    return {
        "consultation": consultation.id,
        "paragraph": paragraphs[0],
        "last_paragraph": paragraphs[3],
        "ana": ana.id,
        "bob": bob.id,
    }


def vote_values(ids: dict[str, int], participant: str, choice: str) -> dict[str, Any]:
    return {
        "consultation_id": ids["consultation"],
        "paragraph_id": ids["paragraph"],
        "participant_id": ids[participant],
        "choice": choice,
        "cast_at": NOW,
    }


def cases(
    ids: dict[str, int], dialect: str
) -> list[tuple[str, Executable, dict[str, Any], str | None]]:
    """(name, statement, parameters, table a write changes) for every prebuilt statement."""
    consultation = {"id": ids["consultation"]}
    first = {"consultation_id": ids["consultation"], "after_position": 0}
    tally = {"agree": 1, "disagree": 0, "comments": 0}
    enrolment = {
        "consultation_id": ids["consultation"],
        "cursor": 2,
        "awaiting_paragraph_id": None,
        "awaiting_reply_to": None,
        "muted": False,
        "active": True,
        "joined_at": NOW,
        "last_seen_at": NOW + timedelta(minutes=1),
        "awaiting_reason": False,
    }
    change = {f"b_{key}": value for key, value in vote_values(ids, "ana", "disagree").items()}
    return [
        ("consultation", consultation_reads._CONSULTATION, consultation, None),
        (
            "consultation with enrolment",
            consultation_reads._WITH_ENROLMENT,
            {**consultation, "participant_id": ids["ana"]},
            None,
        ),
        (
            "consultation without enrolment",
            consultation_reads._WITH_ENROLMENT,
            {**consultation, "participant_id": ids["bob"]},
            None,
        ),
        (
            "participant with consultation and enrolment",
            consultation_reads._PARTICIPANT_WITH,
            {**people_statements.identity(person("ana")), "consultation_id": ids["consultation"]},
            None,
        ),
        (
            "participant with consultation, not enrolled",
            consultation_reads._PARTICIPANT_WITH,
            {**people_statements.identity(person("bob")), "consultation_id": ids["consultation"]},
            None,
        ),
        (
            "participant without consultation",
            consultation_reads._PARTICIPANT_WITH,
            {**people_statements.identity(person("bob")), "consultation_id": -1},
            None,
        ),
        (
            "participant by identity",
            people_statements.PARTICIPANT_BY_IDENTITY,
            people_statements.identity(person("ana")),
            None,
        ),
        ("participant by id", people_statements.PARTICIPANT_BY_ID, {"id": ids["bob"]}, None),
        (
            "enrolment",
            people_statements.ENROLMENT,
            {"consultation_id": ids["consultation"], "participant_id": ids["ana"]},
            None,
        ),
        (
            "participant upsert",
            people_statements.participant_upsert.for_dialect(dialect),
            {**people_statements.identity(person("cy")), "display_name": "Cy", "reachable": True},
            "participants",
        ),
        (
            "enrolment upsert",
            people_statements.enrolment_upsert.for_dialect(dialect),
            {**enrolment, "participant_id": ids["bob"]},
            "enrolments",
        ),
        *vote_cases(ids, dialect),
        ("changed vote", vote_casting._CHANGE, change, "votes"),
        (
            "vote history",
            vote_casting._HISTORY_INSERT,
            vote_values(ids, "ana", "agree"),
            "vote_events",
        ),
        (
            "tally upsert",
            tallies._tally_upsert.for_dialect(dialect),
            {"paragraph_id": ids["paragraph"], **tally},
            "paragraph_tallies",
        ),
        (
            "tally upsert returning the counters",
            tallies._counts_upsert.for_dialect(dialect),
            {"paragraph_id": ids["paragraph"], **tally},
            "paragraph_tallies",
        ),
        (
            "current vote",
            votes._CURRENT_VOTE,
            {"paragraph_id": ids["paragraph"], "participant_id": ids["ana"]},
            None,
        ),
        ("first unvoted", votes._FIRST_UNVOTED, {**first, "participant_id": ids["ana"]}, None),
        ("one tally", statistics._ONE_TALLY, {"paragraph_id": ids["paragraph"]}, None),
        ("post", posts._POST, {"id": 1}, None),
        ("posts of a paragraph", posts._FOR_PARAGRAPH, {"paragraph_id": ids["paragraph"]}, None),
        (
            "held releases",
            releases._HELD,
            {"consultation_id": ids["consultation"], "now": NOW},
            None,
        ),
    ]


def vote_cases(
    ids: dict[str, int], dialect: str
) -> list[tuple[str, Executable, dict[str, Any], str | None]]:
    """SQLite inserts a first vote alone; PostgreSQL writes it, its history and tally at once."""
    if dialect == "sqlite":
        return [
            (
                "first vote",
                vote_casting._sqlite_insert(),
                vote_values(ids, "bob", "agree"),
                "votes",
            )
        ]
    cases: list[tuple[str, Executable, dict[str, Any], str | None]] = []
    for counts_only in (False, True):
        cast = vote_casting._postgresql_cast(counts_only)
        cases += [
            (f"first vote: {table}", cast, vote_values(ids, "bob", "agree"), table)
            for table in ("votes", "vote_events", "paragraph_tallies")
        ] + [
            ("changed vote", cast, vote_values(ids, "ana", "disagree"), "paragraph_tallies"),
            ("repeated vote", cast, vote_values(ids, "ana", "agree"), "votes"),
        ]
    return cases
