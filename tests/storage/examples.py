"""Example consultations, documents and people the storage contract tests store."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from core.documents import Document, DocumentParagraph, DocumentSection
from core.model import (
    Consultation,
    NewConsultation,
    Paragraph,
    Participant,
    ParticipantRef,
    Platform,
    Privacy,
    ResultsVisibility,
    Status,
)
from core.ports import UnitOfWorkFactory

OPENS_AT = datetime(2027, 1, 1, 9, 0, tzinfo=UTC)
CLOSES_AT = datetime(2027, 2, 15, 12, 0, tzinfo=UTC)


def new_consultation(
    slug: str = "climate-plan", *, status: Status = Status.OPEN, opens_at: datetime = OPENS_AT
) -> NewConsultation:
    return NewConsultation(
        slug=slug,
        title="Climate plan 2030",
        description="The city's draft climate plan.",
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=45),
        status=status,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )


def sample_document() -> Document:
    """An untitled preamble, then two headed sections; the document skips number 4."""

    def paragraphs(*numbers: int) -> tuple[DocumentParagraph, ...]:
        return tuple(DocumentParagraph(number=n, text=f"Paragraph {n}.") for n in numbers)

    return Document(
        sections=(
            DocumentSection(heading=None, paragraphs=paragraphs(1)),
            DocumentSection(heading="Energy", paragraphs=paragraphs(2, 3)),
            DocumentSection(heading="Transport", paragraphs=paragraphs(5)),
        )
    )


def person(name: str, platform: Platform = Platform.TELEGRAM) -> ParticipantRef:
    return ParticipantRef(platform=platform, tenant="main", external_id=name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Seeded:
    """A stored consultation with its paragraphs and two participants."""

    consultation: Consultation
    paragraphs: list[Paragraph]
    alice: Participant
    bob: Participant


async def seed(uow_factory: UnitOfWorkFactory, slug: str = "climate-plan") -> Seeded:
    async with uow_factory() as uow:
        consultation = await uow.consultations.add(new_consultation(slug), sample_document())
        paragraphs = await uow.paragraphs.list(consultation.id)
        alice = await uow.participants.get_or_add(person("alice"), "Alice")
        bob = await uow.participants.get_or_add(person("bob"), "Bob")
        await uow.commit()
    return Seeded(consultation=consultation, paragraphs=paragraphs, alice=alice, bob=bob)
