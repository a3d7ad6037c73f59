"""The same small world on any replica: what the replay tests deliver their intents into.

An open consultation with Ana and Ben enrolled, Ben's comment on P1, a one-use invitation with a
fixed token, a drip broadcast with releases still ahead, a draft consultation, and Org, who may
run organiser commands. Built through the app wherever it can be, so every replica gets the
same ids.
"""

from dataclasses import dataclass
from datetime import timedelta

from core.documents import Document, DocumentParagraph, DocumentSection
from core.intents import (
    BroadcastParagraphs,
    CreateConsultation,
    FreeText,
    ImportDocument,
    Join,
    OpenConsultation,
    Resume,
    StartDraft,
    SubmitComment,
)
from core.model import (
    ChannelRef,
    NewConsultation,
    Platform,
    Privacy,
    Reasons,
    ResultsVisibility,
    Status,
)
from core.screens import CommentPosted, DraftReview, Notice, ParagraphCard
from tests.core.conftest import actor
from tests.core.replays import Replica
from tests.organiser import add_organiser, create_consultation

# People on Telegram, so that broadcasts have someone to push to.
ANA = actor("ana", Platform.TELEGRAM)
BEN = actor("ben", Platform.TELEGRAM)
CAL = actor("cal", Platform.TELEGRAM)
ORG = actor("org", Platform.TELEGRAM)
GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100123")
TOKEN = "invite-once"
UPLOAD = Document(
    sections=(
        DocumentSection(
            heading="Housing plan",
            paragraphs=tuple(DocumentParagraph(number=n, text=f"Point {n}.") for n in (1, 2, 3)),
        ),
    )
)


@dataclass(frozen=True)
class Stage:
    """The ids the replay cases need."""

    cid: int
    slug: str
    p1: int
    p2: int
    comment_id: int
    token: str
    draft_slug: str
    broadcast_id: int


async def stage(replica: Replica) -> Stage:
    app = replica.app
    await add_organiser(replica.uow(), ORG.ref)
    created = await app.handle(
        ORG,
        CreateConsultation(title="Housing", closes="in 9 days", filename="h.md", document=UPLOAD),
    )
    later = await app.handle(
        ORG,
        CreateConsultation(title="Later", closes="in 9 days", filename="l.md", document=UPLOAD),
    )
    await app.handle(ORG, OpenConsultation(slug="housing"))
    async with replica.uow() as uow:
        consultation = await uow.consultations.get_by_slug("housing")
        assert consultation is not None, (created, later)
        await uow.invitations.add(consultation.id, TOKEN, 1, replica.clock.now())
        paragraphs = await uow.paragraphs.list(consultation.id)
        await uow.commit()
    p1, p2 = paragraphs[0].id, paragraphs[1].id
    for person in (ANA, BEN):
        await app.handle(person, Join(payload="housing"))
        card = await app.handle(person, Resume(consultation_id=consultation.id))
        assert isinstance(card, ParagraphCard)
    posted = await app.handle(
        BEN,
        SubmitComment(
            consultation_id=consultation.id, paragraph_id=p1, body="Hm.", idempotency_key="b1"
        ),
    )
    assert isinstance(posted, CommentPosted), posted
    drip = BroadcastParagraphs(slug="housing", numbers=(2, 3), every=timedelta(days=1))
    queued = await app.handle(ORG, drip)
    assert isinstance(queued, Notice), queued
    assert queued.text.startswith("Broadcast 1:"), queued
    return Stage(
        cid=consultation.id,
        slug="housing",
        p1=p1,
        p2=p2,
        comment_id=posted.comment.comment_id,
        token=TOKEN,
        draft_slug="later",
        broadcast_id=1,
    )


async def draft_at_review(replica: Replica) -> int:
    """Org's draft from an uploaded document, titled and dated, waiting to be confirmed."""
    await replica.app.handle(ORG, StartDraft())
    await replica.app.handle(ORG, ImportDocument(filename="plan.md", document=UPLOAD))
    await replica.app.handle(ORG, FreeText(body="-"))
    review = await replica.app.handle(ORG, FreeText(body="in 9 days"))
    assert isinstance(review, DraftReview), review
    return review.consultation_id


@dataclass(frozen=True)
class Strict:
    """A second open consultation whose Disagrees count only with a reason."""

    cid: int
    p1: int


async def required_reasons(replica: Replica) -> Strict:
    """Open "strict" (reasons required) and enrol Ana in it."""
    now = replica.clock.now()
    new = NewConsultation(
        slug="strict",
        title="Strict",
        description="",
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
        reasons=Reasons.REQUIRED,
    )
    consultation = await create_consultation(replica.uow(), new, UPLOAD, now)
    await replica.app.handle(ANA, Join(payload="strict"))
    async with replica.uow() as uow:
        first = await uow.paragraphs.at_position(consultation.id, 1)
    assert first is not None
    return Strict(cid=consultation.id, p1=first.id)
