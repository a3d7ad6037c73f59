"""Consultations, their sections and their paragraphs."""

import secrets
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.content import ConsultationContent
from core.documents import Document
from core.errors import Conflict
from core.model import (
    Consultation,
    NewConsultation,
    Paragraph,
    ParagraphOrder,
    ParagraphStatus,
    Section,
    Status,
)
from storage.content_cache import ContentCache
from storage.repositories.consultation_reads import read_consultation
from storage.repositories.mapping import (
    to_consultation,
    to_paragraph,
    to_section,
    upsert_insert,
)
from storage.repositories.tallies import remember_content
from storage.rows import ConsultationRow, ParagraphRow, SectionRow


def new_revision() -> str:
    """A content revision no other consultation, here or in another process, ever had.

    Random rather than counted: SQLite may give a deleted consultation's id to the next one,
    and a count would then start again at the same number for different content.
    """
    return secrets.token_hex(16)


class SqlConsultationRepository:
    """Consultations with their sections, stored in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, new: NewConsultation, document: Document) -> Consultation:
        """Insert the consultation, its sections and paragraphs in a few bulk statements.

        With a request key that created a consultation before, that one is returned as it is,
        also when the same request is being stored at the same time (on PostgreSQL the insert
        waits for the other transaction, then yields to the row it committed).
        """
        if new.request_key is not None:
            found = await self.get_by_request_key(new.request_key)
            if found is not None:
                return found
        if await self.get_by_slug(new.slug) is not None:
            raise Conflict(f"A consultation called “{new.slug}” already exists.")
        inserted = await self._session.execute(
            upsert_insert(self._session, ConsultationRow)
            .values(
                slug=new.slug,
                title=new.title,
                description=new.description,
                opens_at=new.opens_at,
                closes_at=new.closes_at,
                status=new.status.value,
                privacy=new.privacy.value,
                results_visibility=new.results_visibility.value,
                reminder_offsets=new.reminder_offsets,
                opening_announced=new.opening_announced,
                reasons=new.reasons.value,
                request_key=new.request_key,
                content_revision=new_revision(),
                anonymous_comments=new.anonymous_comments,
                paragraph_order=new.order.value,
            )
            .on_conflict_do_nothing()
            .returning(ConsultationRow.id)
        )
        consultation_id = inserted.scalar_one_or_none()
        if consultation_id is None:
            return await self._stored_meanwhile(new)
        section_ids = await self._insert_sections(consultation_id, document)
        await self._insert_paragraphs(consultation_id, document, section_ids)
        return to_consultation(await self._session.get_one(ConsultationRow, consultation_id))

    async def _insert_sections(self, consultation_id: int, document: Document) -> list[int | None]:
        """The section id of each document section; None for one without a heading."""
        headings = [s.heading for s in document.sections if s.heading is not None]
        ids: list[int] = []
        if headings:
            result = await self._session.scalars(
                insert(SectionRow).returning(SectionRow.id, sort_by_parameter_order=True),
                [
                    {"consultation_id": consultation_id, "position": position, "heading": heading}
                    for position, heading in enumerate(headings, start=1)
                ],
            )
            ids = list(result)
        remaining = iter(ids)
        return [None if s.heading is None else next(remaining) for s in document.sections]

    async def _insert_paragraphs(
        self, consultation_id: int, document: Document, section_ids: list[int | None]
    ) -> None:
        placed = [
            (section_id, paragraph)
            for section_id, section in zip(section_ids, document.sections, strict=True)
            for paragraph in section.paragraphs
        ]
        if not placed:
            return
        await self._session.execute(
            insert(ParagraphRow),
            [
                {
                    "consultation_id": consultation_id,
                    "section_id": section_id,
                    "position": position,
                    "number": paragraph.number,
                    "text": paragraph.text,
                }
                for position, (section_id, paragraph) in enumerate(placed, start=1)
            ],
        )

    async def get(self, consultation_id: int) -> Consultation | None:
        return await read_consultation(self._session, consultation_id)

    async def _stored_meanwhile(self, new: NewConsultation) -> Consultation:
        """The consultation a concurrent transaction stored first with the same key or slug."""
        found = None
        if new.request_key is not None:
            found = await self.get_by_request_key(new.request_key)
        if found is None:
            raise Conflict(f"A consultation called “{new.slug}” already exists.")
        return found

    async def get_by_request_key(self, key: str) -> Consultation | None:
        row = await self._session.scalar(
            select(ConsultationRow).where(ConsultationRow.request_key == key)
        )
        return None if row is None else to_consultation(row)

    async def get_by_slug(self, slug: str) -> Consultation | None:
        row = await self._session.scalar(
            select(ConsultationRow).where(ConsultationRow.slug == slug)
        )
        return None if row is None else to_consultation(row)

    async def set_status(self, consultation_id: int, status: Status, *, expected: Status) -> bool:
        """Change the status only if it is still `expected`; True if it changed."""
        changed = await self._session.scalar(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id, ConsultationRow.status == expected.value)
            .values(status=status.value)
            .returning(ConsultationRow.id)
            .execution_options(synchronize_session=False)
        )
        return changed is not None

    async def mark_opening_announced(self, consultation_id: int) -> bool:
        """Set the mark only if it is not set: of several workers, one announces."""
        changed = await self._session.scalar(
            update(ConsultationRow)
            .where(
                ConsultationRow.id == consultation_id,
                ConsultationRow.opening_announced.is_(False),
            )
            .values(opening_announced=True)
            .returning(ConsultationRow.id)
            .execution_options(synchronize_session=False)
        )
        return changed is not None

    async def mark_simulated(self, consultation_id: int) -> bool:
        """Set the mark only if it is not set: of two `demo-votes` at once, one simulates."""
        changed = await self._session.scalar(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id, ConsultationRow.simulated.is_(False))
            .values(simulated=True)
            .returning(ConsultationRow.id)
            .execution_options(synchronize_session=False)
        )
        return changed is not None

    async def set_calendar(
        self, consultation_id: int, *, opens_at: datetime, closes_at: datetime
    ) -> None:
        """Move the opening and closing times."""
        await self._session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id)
            .values(opens_at=opens_at, closes_at=closes_at)
            .execution_options(synchronize_session=False)
        )

    async def set_title(self, consultation_id: int, title: str) -> None:
        """Rename the consultation."""
        await self._session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id)
            .values(title=title)
            .execution_options(synchronize_session=False)
        )

    async def set_order(self, consultation_id: int, order: ParagraphOrder) -> None:
        """Choose which unvoted paragraph its participants are shown next."""
        await self._session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id)
            .values(paragraph_order=order.value)
            .execution_options(synchronize_session=False)
        )

    async def delete(self, consultation_id: int) -> None:
        """Remove a consultation with everything that belongs to it (a discarded draft).

        The foreign keys' ON DELETE CASCADE removes the sections, paragraphs, votes, comments,
        enrolments, invitations, channels and drafts in the same statement.
        """
        await self._session.execute(
            delete(ConsultationRow)
            .where(ConsultationRow.id == consultation_id)
            .execution_options(synchronize_session=False)
        )

    async def section(self, section_id: int) -> Section | None:
        row = await self._session.get(SectionRow, section_id, populate_existing=True)
        return None if row is None else to_section(row)

    async def sections(self, consultation_id: int) -> list[Section]:
        """Sections in document order."""
        rows = await self._session.scalars(
            select(SectionRow)
            .where(SectionRow.consultation_id == consultation_id)
            .order_by(SectionRow.position)
        )
        return [to_section(row) for row in rows]

    async def list(self, statuses: frozenset[Status] | None = None) -> list[Consultation]:
        """Consultations in the given states (all if None), by opening time, then id."""
        query = select(ConsultationRow).order_by(ConsultationRow.opens_at, ConsultationRow.id)
        if statuses is not None:
            query = query.where(ConsultationRow.status.in_([s.value for s in statuses]))
        return [to_consultation(row) for row in await self._session.scalars(query)]


class SqlParagraphRepository:
    """Paragraphs stored in SQL, looked up through the (consultation, position) index."""

    def __init__(self, session: AsyncSession, cache: ContentCache | None = None) -> None:
        self._session = session
        self._cache = cache if cache is not None else ContentCache()

    async def content(self, consultation: Consultation) -> ConsultationContent:
        """The paragraphs and headings of this revision: from the cache, or read and kept."""
        found = self._cache.get(consultation.id, consultation.content_revision)
        if found is not None:
            remember_content(self._session, found)  # a vote's tally write uses it
            return found
        sections = await self._session.execute(
            select(SectionRow.id, SectionRow.heading).where(
                SectionRow.consultation_id == consultation.id
            )
        )
        content = ConsultationContent(
            consultation_id=consultation.id,
            revision=consultation.content_revision,
            paragraphs=tuple(await self.list(consultation.id)),
            headings={section_id: heading for section_id, heading in sections},
        )
        self._cache.keep(content)
        remember_content(self._session, content)
        return content

    async def get(self, paragraph_id: int) -> Paragraph | None:
        row = await self._session.get(ParagraphRow, paragraph_id, populate_existing=True)
        return None if row is None else to_paragraph(row)

    async def at_position(self, consultation_id: int, position: int) -> Paragraph | None:
        row = await self._session.scalar(
            select(ParagraphRow).where(
                ParagraphRow.consultation_id == consultation_id, ParagraphRow.position == position
            )
        )
        return None if row is None else to_paragraph(row)

    async def neighbours(
        self, consultation_id: int, position: int
    ) -> tuple[Paragraph | None, Paragraph | None]:
        """The paragraphs just before and just after `position`, in one query."""
        rows = await self._session.scalars(
            select(ParagraphRow).where(
                ParagraphRow.consultation_id == consultation_id,
                ParagraphRow.position.in_((position - 1, position + 1)),
            )
        )
        by_position = {row.position: to_paragraph(row) for row in rows}
        return by_position.get(position - 1), by_position.get(position + 1)

    async def count(self, consultation_id: int) -> int:
        total = await self._session.scalar(
            select(func.count())
            .select_from(ParagraphRow)
            .where(ParagraphRow.consultation_id == consultation_id)
        )
        return total or 0

    async def set_status(self, paragraph_id: int, status: ParagraphStatus) -> bool:
        """Set the status; a change gives the consultation a new content revision."""
        consultation_id = await self._session.scalar(
            update(ParagraphRow)
            .where(ParagraphRow.id == paragraph_id, ParagraphRow.status != status.value)
            .values(status=status.value)
            .returning(ParagraphRow.consultation_id)
            .execution_options(synchronize_session=False)
        )
        if consultation_id is None:
            return False
        await self._session.execute(
            update(ConsultationRow)
            .where(ConsultationRow.id == consultation_id)
            .values(content_revision=new_revision())
            .execution_options(synchronize_session=False)
        )
        return True

    async def list(self, consultation_id: int) -> list[Paragraph]:
        """All paragraphs in document order."""
        rows = await self._session.scalars(
            select(ParagraphRow)
            .where(ParagraphRow.consultation_id == consultation_id)
            .order_by(ParagraphRow.position)
        )
        return [to_paragraph(row) for row in rows]
