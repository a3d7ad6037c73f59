"""In-memory consultations, sections and paragraphs."""

import dataclasses
from datetime import datetime

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
from tests.fakes.memory_outbox import delete_deliveries
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, to_minutes, to_utc


class MemoryConsultationRepository:
    """Consultations with their sections, in memory."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def add(self, new: NewConsultation, document: Document) -> Consultation:
        tables = await self._transaction.writing()
        if new.request_key is not None and new.request_key in tables.consultation_keys:
            return tables.consultations[tables.consultation_keys[new.request_key]]
        if await self.get_by_slug(new.slug) is not None:
            raise Conflict(f"A consultation called “{new.slug}” already exists.")
        for offset in new.reminder_offsets:
            to_minutes(offset)  # refused unless whole minutes, as the SQL column does
        consultation = Consultation(
            id=tables.next_id("consultations"),
            slug=new.slug,
            title=new.title,
            description=new.description,
            opens_at=to_utc(new.opens_at),
            closes_at=to_utc(new.closes_at),
            status=new.status,
            privacy=new.privacy,
            results_visibility=new.results_visibility,
            reminder_offsets=new.reminder_offsets,
            opening_announced=new.opening_announced,
            reasons=new.reasons,
            content_revision=f"memory-{tables.next_id('content_revisions')}",
            anonymous_comments=new.anonymous_comments,
            order=new.order,
        )
        tables.consultations[consultation.id] = consultation
        if new.request_key is not None:
            tables.consultation_keys[new.request_key] = consultation.id
        _store_document(tables, consultation.id, document)
        return consultation

    async def get(self, consultation_id: int) -> Consultation | None:
        return (await self._transaction.reading()).consultations.get(consultation_id)

    async def get_by_request_key(self, key: str) -> Consultation | None:
        tables = await self._transaction.reading()
        found = tables.consultation_keys.get(key)
        return None if found is None else tables.consultations.get(found)

    async def get_by_slug(self, slug: str) -> Consultation | None:
        tables = await self._transaction.reading()
        return next((c for c in tables.consultations.values() if c.slug == slug), None)

    async def set_status(self, consultation_id: int, status: Status, *, expected: Status) -> bool:
        tables = await self._transaction.writing()
        current = tables.consultations.get(consultation_id)
        if current is None or current.status is not expected:
            return False
        tables.consultations[consultation_id] = dataclasses.replace(current, status=status)
        return True

    async def mark_opening_announced(self, consultation_id: int) -> bool:
        tables = await self._transaction.writing()
        current = tables.consultations.get(consultation_id)
        if current is None or current.opening_announced:
            return False
        tables.consultations[consultation_id] = dataclasses.replace(
            current, opening_announced=True
        )
        return True

    async def mark_simulated(self, consultation_id: int) -> bool:
        tables = await self._transaction.writing()
        current = tables.consultations.get(consultation_id)
        if current is None or current.simulated:
            return False
        tables.consultations[consultation_id] = dataclasses.replace(current, simulated=True)
        return True

    async def set_calendar(
        self, consultation_id: int, *, opens_at: datetime, closes_at: datetime
    ) -> None:
        tables = await self._transaction.writing()
        current = tables.consultations.get(consultation_id)
        if current is not None:
            tables.consultations[consultation_id] = dataclasses.replace(
                current, opens_at=to_utc(opens_at), closes_at=to_utc(closes_at)
            )

    async def set_title(self, consultation_id: int, title: str) -> None:
        tables = await self._transaction.writing()
        current = tables.consultations.get(consultation_id)
        if current is not None:
            tables.consultations[consultation_id] = dataclasses.replace(current, title=title)

    async def set_order(self, consultation_id: int, order: ParagraphOrder) -> None:
        tables = await self._transaction.writing()
        current = tables.consultations.get(consultation_id)
        if current is not None:
            tables.consultations[consultation_id] = dataclasses.replace(current, order=order)

    async def delete(self, consultation_id: int) -> None:
        tables = await self._transaction.writing()
        if tables.consultations.pop(consultation_id, None) is not None:
            _delete_belongings(tables, consultation_id)
            for key in [k for k, c in tables.consultation_keys.items() if c == consultation_id]:
                del tables.consultation_keys[key]

    async def section(self, section_id: int) -> Section | None:
        return (await self._transaction.reading()).sections.get(section_id)

    async def sections(self, consultation_id: int) -> list[Section]:
        tables = await self._transaction.reading()
        found = [s for s in tables.sections.values() if s.consultation_id == consultation_id]
        return sorted(found, key=lambda s: s.position)

    async def list(self, statuses: frozenset[Status] | None = None) -> list[Consultation]:
        tables = await self._transaction.reading()
        chosen = [
            c for c in tables.consultations.values() if statuses is None or c.status in statuses
        ]
        return sorted(chosen, key=lambda c: (c.opens_at, c.id))


def _delete_belongings(tables: MemoryTables, consultation_id: int) -> None:
    """What the SQL backends' ON DELETE CASCADE removes with a consultation."""

    def keep(consultation: int | None) -> bool:
        return consultation != consultation_id

    comment_ids = {c.id for c in tables.comments.values() if not keep(c.consultation_id)}
    tables.sections = {k: s for k, s in tables.sections.items() if keep(s.consultation_id)}
    tables.paragraphs = {k: p for k, p in tables.paragraphs.items() if keep(p.consultation_id)}
    tables.enrolments = {k: e for k, e in tables.enrolments.items() if keep(e.consultation_id)}
    tables.votes = {k: v for k, v in tables.votes.items() if keep(v.consultation_id)}
    tables.vote_events = [v for v in tables.vote_events if keep(v.consultation_id)]
    tables.comments = {k: c for k, c in tables.comments.items() if keep(c.consultation_id)}
    tables.comment_votes = {
        k: v for k, v in tables.comment_votes.items() if k[0] not in comment_ids
    }
    tables.invitations = {k: i for k, i in tables.invitations.items() if keep(i.consultation_id)}
    tables.channels = {k: c for k, c in tables.channels.items() if keep(c.consultation_id)}
    tables.drafts = {k: d for k, d in tables.drafts.items() if keep(d.consultation_id)}
    tables.broadcasts = {k: b for k, b in tables.broadcasts.items() if keep(b.consultation_id)}
    tables.releases = {k: r for k, r in tables.releases.items() if keep(r.consultation_id)}
    delete_deliveries(tables, lambda s: not keep(s.delivery.consultation_id))
    tables.reminders = {
        k: r for k, r in tables.reminders.items() if keep(r.reminder.consultation_id)
    }
    tables.dashboards.pop(consultation_id, None)
    tables.opinions.pop(consultation_id, None)


def _store_document(tables: MemoryTables, consultation_id: int, document: Document) -> None:
    section_position = 0
    paragraph_position = 0
    for document_section in document.sections:
        section_id = None
        if document_section.heading is not None:
            section_position += 1
            section_id = tables.next_id("sections")
            tables.sections[section_id] = Section(
                id=section_id,
                consultation_id=consultation_id,
                position=section_position,
                heading=document_section.heading,
            )
        for document_paragraph in document_section.paragraphs:
            paragraph_position += 1
            paragraph_id = tables.next_id("paragraphs")
            tables.paragraphs[paragraph_id] = Paragraph(
                id=paragraph_id,
                consultation_id=consultation_id,
                section_id=section_id,
                position=paragraph_position,
                number=document_paragraph.number,
                text=document_paragraph.text,
            )


class MemoryParagraphRepository:
    """Paragraphs in memory."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def get(self, paragraph_id: int) -> Paragraph | None:
        return (await self._transaction.reading()).paragraphs.get(paragraph_id)

    async def at_position(self, consultation_id: int, position: int) -> Paragraph | None:
        paragraphs = await self.list(consultation_id)
        return next((p for p in paragraphs if p.position == position), None)

    async def neighbours(
        self, consultation_id: int, position: int
    ) -> tuple[Paragraph | None, Paragraph | None]:
        return (
            await self.at_position(consultation_id, position - 1),
            await self.at_position(consultation_id, position + 1),
        )

    async def count(self, consultation_id: int) -> int:
        return len(await self.list(consultation_id))

    async def list(self, consultation_id: int) -> list[Paragraph]:
        tables = await self._transaction.reading()
        return paragraphs_of(tables, consultation_id)

    async def set_status(self, paragraph_id: int, status: ParagraphStatus) -> bool:
        tables = await self._transaction.writing()
        current = tables.paragraphs.get(paragraph_id)
        if current is None or current.status is status:
            return False
        tables.paragraphs[paragraph_id] = dataclasses.replace(current, status=status)
        consultation = tables.consultations[current.consultation_id]
        tables.consultations[consultation.id] = dataclasses.replace(
            consultation, content_revision=f"memory-{tables.next_id('content_revisions')}"
        )
        return True

    async def content(self, consultation: Consultation) -> ConsultationContent:
        """Built afresh each time: the fake has no cache to keep right."""
        tables = await self._transaction.reading()
        return ConsultationContent(
            consultation_id=consultation.id,
            revision=consultation.content_revision,
            paragraphs=tuple(paragraphs_of(tables, consultation.id)),
            headings={
                s.id: s.heading
                for s in tables.sections.values()
                if s.consultation_id == consultation.id
            },
        )


def paragraphs_of(tables: MemoryTables, consultation_id: int) -> list[Paragraph]:
    """A consultation's paragraphs in document order."""
    found = [p for p in tables.paragraphs.values() if p.consultation_id == consultation_id]
    return sorted(found, key=lambda p: p.position)
