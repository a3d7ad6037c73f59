"""In-memory participants, enrolments, organisers and invitations."""

import dataclasses
from collections.abc import Collection
from datetime import datetime

from core.delivery import Recipient
from core.errors import Conflict
from core.model import Enrolment, Invitation, Participant, ParticipantRef
from tests.fakes.memory_state import MemoryTransaction, to_utc


class MemoryParticipantRepository:
    """Participants in memory, unique per platform identity."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def get_or_add(
        self, ref: ParticipantRef, display_name: str, *, consultation_id: int | None = None
    ) -> Participant:
        tables = await self._transaction.writing()
        existing = next((p for p in tables.participants.values() if p.ref == ref), None)
        if existing is None:
            participant = Participant(
                id=tables.next_id("participants"), ref=ref, display_name=display_name
            )
        else:
            participant = dataclasses.replace(existing, display_name=display_name)
        tables.participants[participant.id] = participant
        return participant

    async def find(self, ref: ParticipantRef) -> Participant | None:
        tables = await self._transaction.reading()
        return next((p for p in tables.participants.values() if p.ref == ref), None)

    async def get(self, participant_id: int) -> Participant | None:
        return (await self._transaction.reading()).participants.get(participant_id)

    async def set_reachable(self, participant_id: int, reachable: bool) -> None:
        tables = await self._transaction.writing()
        current = tables.participants.get(participant_id)
        if current is not None:
            tables.participants[participant_id] = dataclasses.replace(current, reachable=reachable)


class MemoryEnrolmentRepository:
    """Enrolments in memory, keyed by (consultation, participant)."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def get(self, consultation_id: int, participant_id: int) -> Enrolment | None:
        tables = await self._transaction.reading()
        return tables.enrolments.get((consultation_id, participant_id))

    async def get_many(
        self, consultation_id: int, participant_ids: Collection[int]
    ) -> dict[int, Enrolment]:
        tables = await self._transaction.reading()
        found = (tables.enrolments.get((consultation_id, p)) for p in participant_ids)
        return {e.participant_id: e for e in found if e is not None}

    async def save(self, enrolment: Enrolment) -> None:
        tables = await self._transaction.writing()
        stored = dataclasses.replace(
            enrolment,
            joined_at=to_utc(enrolment.joined_at),
            last_seen_at=to_utc(enrolment.last_seen_at),
        )
        tables.enrolments[(enrolment.consultation_id, enrolment.participant_id)] = stored

    async def latest(self, participant_id: int) -> Enrolment | None:
        return await self._latest_active(participant_id, awaiting_only=False)

    async def awaiting_comment(self, participant_id: int) -> Enrolment | None:
        return await self._latest_active(participant_id, awaiting_only=True)

    async def _latest_active(
        self, participant_id: int, *, awaiting_only: bool
    ) -> Enrolment | None:
        tables = await self._transaction.reading()
        candidates = [
            e
            for e in tables.enrolments.values()
            if e.participant_id == participant_id
            and e.active
            and (e.awaiting_paragraph_id is not None or not awaiting_only)
        ]
        # Same tie-break as SQL: the greater consultation id wins an equal last_seen_at.
        return max(candidates, key=lambda e: (e.last_seen_at, e.consultation_id), default=None)

    async def count(self, consultation_id: int) -> int:
        tables = await self._transaction.reading()
        return sum(
            1
            for e in tables.enrolments.values()
            if e.consultation_id == consultation_id and e.active
        )

    async def recipients(
        self, consultation_id: int, *, including_muted: bool = False
    ) -> list[Recipient]:
        tables = await self._transaction.reading()
        ids = sorted(
            e.participant_id
            for e in tables.enrolments.values()
            if e.consultation_id == consultation_id
            and e.active
            and (including_muted or not e.muted)
        )
        people = [tables.participants[i] for i in ids]
        return [
            Recipient(
                platform=p.ref.platform,
                tenant=p.ref.tenant,
                address=p.ref.external_id,
                participant_id=p.id,
            )
            for p in people
            if p.reachable
        ]

    async def active_for(self, participant_id: int) -> list[Enrolment]:
        tables = await self._transaction.reading()
        mine = [
            e
            for e in tables.enrolments.values()
            if e.participant_id == participant_id and e.active
        ]
        return sorted(mine, key=lambda e: (e.last_seen_at, e.consultation_id), reverse=True)


class MemoryOrganiserRepository:
    """Organiser identities in memory, in the order they were added."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def add(self, ref: ParticipantRef) -> bool:
        tables = await self._transaction.writing()
        if ref in tables.organisers:
            return False
        tables.organisers.append(ref)
        return True

    async def is_organiser(self, ref: ParticipantRef) -> bool:
        return ref in (await self._transaction.reading()).organisers

    async def list(self) -> list[ParticipantRef]:
        return list((await self._transaction.reading()).organisers)


class MemoryInvitationRepository:
    """Invitation tokens in memory."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def add(
        self, consultation_id: int, token: str, uses_left: int | None, created_at: datetime
    ) -> Invitation:
        if await self.get_by_token(token) is not None:
            raise Conflict("That invitation token is already in use.")
        tables = await self._transaction.writing()
        invitation = Invitation(
            id=tables.next_id("invitations"),
            consultation_id=consultation_id,
            token=token,
            uses_left=uses_left,
            created_at=to_utc(created_at),
        )
        tables.invitations[invitation.id] = invitation
        return invitation

    async def get_by_token(self, token: str) -> Invitation | None:
        tables = await self._transaction.reading()
        return next((i for i in tables.invitations.values() if i.token == token), None)

    async def use(self, invitation_id: int) -> bool:
        tables = await self._transaction.writing()
        invitation = tables.invitations.get(invitation_id)
        if invitation is None or invitation.exhausted:
            return False
        if invitation.uses_left is not None:
            tables.invitations[invitation_id] = dataclasses.replace(
                invitation, uses_left=invitation.uses_left - 1
            )
        return True
