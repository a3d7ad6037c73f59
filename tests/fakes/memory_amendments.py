"""In memory: amendments with their votes, wording prompts and paragraph versions."""

import builtins
import dataclasses
from datetime import datetime

from core.amendments import Amendment, AmendmentState, NewAmendment, ParagraphVersion
from core.model import Choice
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, to_utc


def _read(tables: MemoryTables, stored: Amendment) -> Amendment:
    """The stored amendment with its author's current name and its votes counted."""
    choices = [c for (a, _), (c, _) in tables.amendment_votes.items() if a == stored.id]
    return dataclasses.replace(
        stored,
        author_name=tables.participants[stored.participant_id].display_name,
        agree=choices.count(Choice.AGREE),
        disagree=choices.count(Choice.DISAGREE),
    )


class MemoryAmendmentRepository:
    """The AmendmentRepository port over the in-memory tables."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def add(self, new: NewAmendment) -> tuple[Amendment, bool]:
        if new.idempotency_key is not None:
            stored = await self.find_by_key(new.participant_id, new.idempotency_key)
            if stored is not None:
                return stored, False
        key = (new.participant_id, new.idempotency_key) if new.idempotency_key else None
        tables = await self._transaction.writing()
        for stale in [a.id for a in tables.amendments.values() if self._pending_of(a, new)]:
            del tables.amendments[stale]
        stored = Amendment(
            id=tables.next_id("amendments"),
            consultation_id=new.consultation_id,
            paragraph_id=new.paragraph_id,
            participant_id=new.participant_id,
            author_name="",
            base_version=new.base_version,
            base_text=new.base_text,
            body=new.body,
            state=AmendmentState.PENDING,
            created_at=to_utc(new.created_at),
        )
        tables.amendments[stored.id] = stored
        if key is not None:
            tables.amendment_keys[key] = stored.id
        return _read(tables, stored), True

    @staticmethod
    def _pending_of(amendment: Amendment, new: NewAmendment) -> bool:
        return (
            amendment.participant_id == new.participant_id
            and amendment.state is AmendmentState.PENDING
        )

    async def get(self, amendment_id: int) -> Amendment | None:
        tables = await self._transaction.reading()
        stored = tables.amendments.get(amendment_id)
        return None if stored is None else _read(tables, stored)

    async def find_by_key(self, participant_id: int, idempotency_key: str) -> Amendment | None:
        tables = await self._transaction.reading()
        # A key outlives the pending amendment it named when that was dropped, as SQL's does not.
        found = tables.amendments.get(
            tables.amendment_keys.get((participant_id, idempotency_key), 0)
        )
        return None if found is None else _read(tables, found)

    async def set_state(
        self, amendment_id: int, state: AmendmentState, *, expected: AmendmentState, now: datetime
    ) -> bool:
        tables = await self._transaction.reading()
        stored = tables.amendments.get(amendment_id)
        if stored is None or stored.state is not expected:
            return False
        tables = await self._transaction.writing()
        decided = to_utc(now) if state.decided else None
        tables.amendments[amendment_id] = dataclasses.replace(
            stored, state=state, decided_at=decided
        )
        return True

    async def delete_pending(self, amendment_id: int) -> bool:
        tables = await self._transaction.reading()
        stored = tables.amendments.get(amendment_id)
        if stored is None or stored.state is not AmendmentState.PENDING:
            return False
        tables = await self._transaction.writing()
        del tables.amendments[amendment_id]
        return True

    async def for_paragraph(
        self, paragraph_id: int, states: frozenset[AmendmentState]
    ) -> list[Amendment]:
        tables = await self._transaction.reading()
        return [
            _read(tables, a)
            for a in sorted(tables.amendments.values(), key=lambda a: a.id)
            if a.paragraph_id == paragraph_id and a.state in states
        ]

    async def counts(self, consultation_id: int) -> dict[int, int]:
        tables = await self._transaction.reading()
        counted: dict[int, int] = {}
        for amendment in tables.amendments.values():
            if (
                amendment.consultation_id == consultation_id
                and amendment.state is AmendmentState.PROPOSED
            ):
                counted[amendment.paragraph_id] = counted.get(amendment.paragraph_id, 0) + 1
        return counted

    async def list(self, consultation_id: int) -> builtins.list[Amendment]:
        tables = await self._transaction.reading()
        found = [
            a
            for a in tables.amendments.values()
            if a.consultation_id == consultation_id and a.state is not AmendmentState.PENDING
        ]
        found.sort(key=lambda a: (tables.paragraphs[a.paragraph_id].position, a.id))
        return [_read(tables, a) for a in found]

    async def vote(
        self, amendment_id: int, participant_id: int, choice: Choice, now: datetime
    ) -> bool:
        if await self.vote_of(amendment_id, participant_id) is choice:
            return False
        tables = await self._transaction.writing()
        tables.amendment_votes[(amendment_id, participant_id)] = (choice, to_utc(now))
        return True

    async def vote_of(self, amendment_id: int, participant_id: int) -> Choice | None:
        tables = await self._transaction.reading()
        found = tables.amendment_votes.get((amendment_id, participant_id))
        return None if found is None else found[0]

    async def await_wording(
        self, participant_id: int, consultation_id: int, paragraph_id: int | None
    ) -> None:
        tables = await self._transaction.writing()
        tables.wording_prompts.pop(participant_id, None)
        if paragraph_id is not None:
            tables.wording_prompts[participant_id] = (consultation_id, paragraph_id)

    async def awaited_wording(self, participant_id: int) -> tuple[int, int] | None:
        tables = await self._transaction.reading()
        return tables.wording_prompts.get(participant_id)

    async def voters(self, paragraph_id: int) -> builtins.list[int]:
        tables = await self._transaction.reading()
        return sorted(person for (paragraph, person) in tables.votes if paragraph == paragraph_id)

    async def versions(self, paragraph_id: int) -> builtins.list[ParagraphVersion]:
        tables = await self._transaction.reading()
        return builtins.list(tables.paragraph_versions.get(paragraph_id, ()))

    async def history(self, consultation_id: int) -> dict[int, builtins.list[ParagraphVersion]]:
        tables = await self._transaction.reading()
        amended = [
            p
            for p in tables.paragraphs.values()
            if p.consultation_id == consultation_id and p.id in tables.paragraph_versions
        ]
        return {
            p.id: list(tables.paragraph_versions[p.id])
            for p in sorted(amended, key=lambda p: p.position)
        }

    async def adopt(self, amendment: Amendment, now: datetime) -> ParagraphVersion:
        tables = await self._transaction.writing()
        paragraph = tables.paragraphs[amendment.paragraph_id]
        kept = tables.paragraph_versions.get(paragraph.id) or (
            ParagraphVersion(
                paragraph_id=paragraph.id,
                number=1,
                text=paragraph.text,
                amendment_id=None,
                created_at=to_utc(now),
            ),
        )
        votes = [v for (p, _), v in tables.votes.items() if p == paragraph.id]
        frozen = dataclasses.replace(
            kept[-1],
            agree=sum(v.choice is Choice.AGREE for v in votes),
            disagree=sum(v.choice is Choice.DISAGREE for v in votes),
        )
        version = ParagraphVersion(
            paragraph_id=paragraph.id,
            number=frozen.number + 1,
            text=amendment.body,
            amendment_id=amendment.id,
            created_at=to_utc(now),
        )
        tables.paragraph_versions[paragraph.id] = (*kept[:-1], frozen, version)
        for key in [k for k in tables.votes if k[0] == paragraph.id]:
            del tables.votes[key]
            tables.vote_reasons.pop(key, None)
        tables.paragraphs[paragraph.id] = dataclasses.replace(paragraph, text=amendment.body)
        consultation = tables.consultations[paragraph.consultation_id]
        revision = f"memory-{tables.next_id('content_revisions')}"
        tables.consultations[consultation.id] = dataclasses.replace(
            consultation, content_revision=revision
        )
        await self.set_state(
            amendment.id, AmendmentState.ACCEPTED, expected=AmendmentState.PROPOSED, now=now
        )
        return version
