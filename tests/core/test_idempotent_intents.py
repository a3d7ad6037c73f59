"""Every intent delivered twice, or ten times at once, stores what delivering it once stores.

Platforms redeliver (a Telegram webhook answered 500, a replayed Slack request, a press that
arrives twice): whatever a person asked for must then happen once. Each case builds the same
consultation on a fresh database, delivers the intent once and again on one replica, ten times
concurrently (asyncio.gather on one ConsultationApp) on another, and compares every stored row:
votes, vote history, comments and their votes, enrolments, drafts, broadcasts, outbox rows.
Each case runs on the in-memory fake, on SQLite (one writer at a time) and on PostgreSQL, where
the ten deliveries really race (TOWNHALL_TEST_POSTGRES_URL, as for tests/storage).
Intents where a repetition legitimately means a second action are in test_repeated_intents.py.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from core.intents import (
    BroadcastParagraphs,
    CancelBroadcast,
    CancelComment,
    CastVote,
    CloseConsultation,
    ConfirmDraft,
    CreateConsultation,
    DiscardDraft,
    FreeText,
    ImportDocument,
    Intent,
    Join,
    Leave,
    LinkChannel,
    ListConsultations,
    OpenConsultation,
    PostParagraph,
    Resume,
    SetMuted,
    ShowComments,
    ShowDeliveryReport,
    ShowFullStatistics,
    ShowHelp,
    ShowOverview,
    ShowParagraph,
    ShowProgress,
    ShowStatistics,
    SkipReason,
    StartComment,
    StartDraft,
    SubmitComment,
    VoteOnComment,
)
from core.model import Actor, Choice, CommentVote
from tests.core.replays import Replica, ReplicaFactory, replicas
from tests.core.stages import (
    ANA,
    CAL,
    GROUP,
    ORG,
    UPLOAD,
    Stage,
    draft_at_review,
    required_reasons,
    stage,
)

Case = Callable[[Replica, Stage], Awaitable[tuple[Actor, Intent]]]
NO = Choice.DISAGREE


@pytest.fixture(params=["memory", "sqlite", "postgres"])
async def make(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[ReplicaFactory]:
    backend: str = request.param
    url = request.getfixturevalue("postgres_database_url") if backend == "postgres" else None
    async for factory in replicas(backend, sqlite_template, tmp_path, url):
        yield factory


async def as_is(actor: Actor, intent: Intent) -> tuple[Actor, Intent]:
    return actor, intent


async def after(replica: Replica, actor: Actor, *intents: Intent) -> Actor:
    for intent in intents:
        await replica.app.handle(actor, intent)
    return actor


CASES: dict[str, Case] = {
    "ListConsultations": lambda r, s: as_is(ANA, ListConsultations()),
    "Join by slug, first time": lambda r, s: as_is(CAL, Join(payload=s.slug)),
    "Join by one-use invitation": lambda r, s: as_is(CAL, Join(payload=s.token)),
    "Resume": lambda r, s: as_is(ANA, Resume(consultation_id=s.cid)),
    "ShowParagraph": lambda r, s: as_is(
        ANA, ShowParagraph(consultation_id=s.cid, paragraph_id=s.p2)
    ),
    "CastVote": lambda r, s: as_is(
        ANA, CastVote(consultation_id=s.cid, paragraph_id=s.p1, choice=Choice.AGREE)
    ),
    "CastVote changing a vote": lambda r, s: _changing_vote(r, s),
    "StartComment": lambda r, s: as_is(
        ANA, StartComment(consultation_id=s.cid, paragraph_id=s.p1)
    ),
    "SubmitComment with a key": lambda r, s: as_is(
        ANA,
        SubmitComment(consultation_id=s.cid, paragraph_id=s.p1, body="Yes.", idempotency_key="m1"),
    ),
    "SubmitComment reply with a key": lambda r, s: as_is(
        ANA,
        SubmitComment(
            consultation_id=s.cid,
            paragraph_id=s.p1,
            body="Why?",
            reply_to=s.comment_id,
            idempotency_key="m2",
        ),
    ),
    "FreeText answering a prompt, with a key": lambda r, s: _prompted(r, s),
    "FreeText without a prompt": lambda r, s: as_is(
        ANA, FreeText(body="hi", idempotency_key="m3")
    ),
    "CancelComment": lambda r, s: _cancelling(r, s),
    "FreeText answering the question after a Disagree, with a key": lambda r, s: _reasoning(r, s),
    "FreeText giving a required reason, with a key": lambda r, s: _requiring(r),
    "SkipReason": lambda r, s: _skipping(r, s),
    "ShowComments": lambda r, s: as_is(
        ANA, ShowComments(consultation_id=s.cid, paragraph_id=s.p1)
    ),
    "VoteOnComment up": lambda r, s: _comment_vote(s, CommentVote.UP),
    "VoteOnComment down": lambda r, s: _comment_vote(s, CommentVote.DOWN),
    "VoteOnComment none": lambda r, s: _withdrawing(r, s),
    "ShowProgress": lambda r, s: as_is(ANA, ShowProgress(consultation_id=s.cid)),
    "ShowOverview": lambda r, s: as_is(ANA, ShowOverview()),
    "ShowStatistics": lambda r, s: as_is(ANA, ShowStatistics(consultation_id=s.cid)),
    "SetMuted on": lambda r, s: as_is(ANA, SetMuted(muted=True, consultation_id=s.cid)),
    "SetMuted off": lambda r, s: _unmuting(r, s),
    "Leave": lambda r, s: as_is(ANA, Leave(consultation_id=s.cid)),
    "ShowHelp": lambda r, s: as_is(ANA, ShowHelp()),
    "StartDraft": lambda r, s: as_is(ORG, StartDraft()),
    "CreateConsultation from a form, with a key": lambda r, s: as_is(
        ORG,
        CreateConsultation(
            title="Parks",
            closes="in 9 days",
            filename="p.md",
            document=UPLOAD,
            idempotency_key="v1",
        ),
    ),
    "FreeText answering a draft's title": lambda r, s: _titling(r),
    "ImportDocument with a key": lambda r, s: _importing(r),
    "FreeText answering a draft's closing date, with a key": lambda r, s: _closing(r),
    "ConfirmDraft": lambda r, s: _draft_then(r, ConfirmDraft),
    "DiscardDraft": lambda r, s: _draft_then(r, DiscardDraft),
    "OpenConsultation": lambda r, s: as_is(ORG, OpenConsultation(slug=s.draft_slug)),
    "CloseConsultation": lambda r, s: as_is(ORG, CloseConsultation(slug=s.slug)),
    "ShowFullStatistics": lambda r, s: as_is(ORG, ShowFullStatistics(slug=s.slug)),
    "ShowDeliveryReport": lambda r, s: as_is(ORG, ShowDeliveryReport(broadcast_id=s.broadcast_id)),
    "CancelBroadcast": lambda r, s: as_is(ORG, CancelBroadcast(broadcast_id=s.broadcast_id)),
    "BroadcastParagraphs with a request key": lambda r, s: as_is(
        ORG, BroadcastParagraphs(slug=s.slug, numbers=(1,), idempotency_key="tg:1:7")
    ),
    "PostParagraph with a request key": lambda r, s: _posting(r, s),
    "LinkChannel": lambda r, s: as_is(
        ORG, LinkChannel(slug=s.slug, channel=GROUP, title="Residents")
    ),
}


async def _changing_vote(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    vote = CastVote(consultation_id=s.cid, paragraph_id=s.p1, choice=Choice.AGREE)
    await after(replica, ANA, vote)
    return ANA, CastVote(consultation_id=s.cid, paragraph_id=s.p1, choice=Choice.DISAGREE)


async def _prompted(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    await after(replica, ANA, StartComment(consultation_id=s.cid, paragraph_id=s.p1))
    return ANA, FreeText(body="Agreed.", idempotency_key="m4")


async def _reasoning(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    await after(replica, ANA, CastVote(consultation_id=s.cid, paragraph_id=s.p1, choice=NO))
    return ANA, FreeText(body="Say who pays.", idempotency_key="m7")


async def _requiring(replica: Replica) -> tuple[Actor, Intent]:
    strict = await required_reasons(replica)
    await after(
        replica, ANA, CastVote(consultation_id=strict.cid, paragraph_id=strict.p1, choice=NO)
    )
    return ANA, FreeText(body="Say who pays.", idempotency_key="m8")


async def _skipping(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    await after(replica, ANA, CastVote(consultation_id=s.cid, paragraph_id=s.p1, choice=NO))
    return ANA, SkipReason(consultation_id=s.cid, paragraph_id=s.p1)


async def _cancelling(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    await after(replica, ANA, StartComment(consultation_id=s.cid, paragraph_id=s.p1))
    return ANA, CancelComment(consultation_id=s.cid)


async def _comment_vote(s: Stage, vote: CommentVote) -> tuple[Actor, Intent]:
    return ANA, VoteOnComment(consultation_id=s.cid, comment_id=s.comment_id, vote=vote)


async def _withdrawing(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    _, up = await _comment_vote(s, CommentVote.UP)
    await after(replica, ANA, up)
    return await _comment_vote(s, CommentVote.NONE)


async def _unmuting(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    await after(replica, ANA, SetMuted(muted=True, consultation_id=s.cid))
    return ANA, SetMuted(muted=False, consultation_id=s.cid)


async def _posting(replica: Replica, s: Stage) -> tuple[Actor, Intent]:
    await after(replica, ORG, LinkChannel(slug=s.slug, channel=GROUP, title="Residents"))
    return ORG, PostParagraph(channel=GROUP, idempotency_key="tg:-100123:9")


async def _titling(replica: Replica) -> tuple[Actor, Intent]:
    await after(replica, ORG, StartDraft(), ImportDocument(filename="plan.md", document=UPLOAD))
    return ORG, FreeText(body="Plan for parks")


async def _importing(replica: Replica) -> tuple[Actor, Intent]:
    await after(replica, ORG, StartDraft())
    return ORG, ImportDocument(filename="plan.md", document=UPLOAD, idempotency_key="m6")


async def _closing(replica: Replica) -> tuple[Actor, Intent]:
    await after(
        replica,
        ORG,
        StartDraft(),
        ImportDocument(filename="plan.md", document=UPLOAD),
        FreeText(body="Plan for parks"),
    )
    return ORG, FreeText(body="in 9 days", idempotency_key="m5")


async def _draft_then(
    replica: Replica, finish: type[ConfirmDraft] | type[DiscardDraft]
) -> tuple[Actor, Intent]:
    return ORG, finish(consultation_id=await draft_at_review(replica))


# What only shows something; every other case must change what is stored when delivered once.
READS = {
    "ListConsultations",
    "Resume",
    "FreeText without a prompt",
    "ShowComments",
    "ShowProgress",
    "ShowOverview",
    "ShowStatistics",
    "ShowHelp",
    "ShowFullStatistics",
    "ShowDeliveryReport",
}


@pytest.mark.parametrize("case", list(CASES))
async def test_an_intent_delivered_twice_or_ten_times_at_once_stores_what_once_does(
    make: ReplicaFactory, case: str
) -> None:
    once = await make()
    actor, intent = await CASES[case](once, await stage(once))
    before = await once.stored()
    await once.app.handle(actor, intent)
    stored_once = await once.stored()
    assert (stored_once == before) is (case in READS)

    await once.app.handle(actor, intent)
    assert await once.stored() == stored_once

    parallel = await make()
    assert await CASES[case](parallel, await stage(parallel)) == (actor, intent)
    await parallel.at_once(actor, intent)
    assert await parallel.stored() == stored_once
