"""Consultations on a synthetic draft, created through the core's own organiser use case."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.documents import Document, DocumentParagraph, DocumentSection
from core.model import Consultation, NewConsultation, Privacy, ResultsVisibility, Status
from storage.unit_of_work import SqlUnitOfWork
from tests.organiser import create_consultation

PARAGRAPHS_PER_SECTION = 10
OPEN_FOR = timedelta(days=30)


class SystemClock:
    """The real time, aware UTC: the benchmark runs on the wall clock like production."""

    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftConsultation:
    """An open public consultation and its paragraph ids in document order."""

    consultation: Consultation
    paragraph_ids: tuple[int, ...]


def synthetic_document(paragraph_count: int) -> Document:
    """A draft of `paragraph_count` paragraphs, ten to a section, each a few sentences long."""
    sections: list[DocumentSection] = []
    for start in range(1, paragraph_count + 1, PARAGRAPHS_PER_SECTION):
        stop = min(start + PARAGRAPHS_PER_SECTION, paragraph_count + 1)
        paragraphs = tuple(
            DocumentParagraph(number=number, text=_paragraph_text(number))
            for number in range(start, stop)
        )
        heading = f"Strategic Goal {len(sections) + 1}: open government in practice"
        sections.append(DocumentSection(heading=heading, paragraphs=paragraphs))
    return Document(sections=tuple(sections))


def _paragraph_text(number: int) -> str:
    return (
        f"P{number} sets out how members co-create reforms with civil society, publish "
        "their commitments in the open and report every year on what changed as a result."
    )


async def open_draft_consultation(
    session_factory: async_sessionmaker[AsyncSession], slug: str, paragraph_count: int
) -> DraftConsultation:
    """Create and open a public consultation through `create_consultation`."""
    now = SystemClock().now()
    new = NewConsultation(
        slug=slug,
        title=f"Benchmark draft {slug}",
        description="A synthetic draft used by bench/.",
        opens_at=now - timedelta(hours=1),
        closes_at=now + OPEN_FOR,
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )
    uow = SqlUnitOfWork(session_factory)
    consultation = await create_consultation(uow, new, synthetic_document(paragraph_count), now)
    async with uow:
        paragraphs = await uow.paragraphs.list(consultation.id)
    return DraftConsultation(
        consultation=consultation, paragraph_ids=tuple(p.id for p in paragraphs)
    )
