"""Participants, their enrolments, organisers and invitations."""

from collections.abc import Collection
from datetime import datetime
from typing import cast

from sqlalchemy import case, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import Recipient
from core.errors import Conflict
from core.model import Enrolment, Invitation, Participant, ParticipantRef, Platform
from storage.repositories.consultation_reads import ACTING, enrolment_key, read_participant_with
from storage.repositories.mapping import (
    to_enrolment,
    to_invitation,
    to_participant,
    upsert_insert,
)
from storage.repositories.people_statements import (
    ENROLMENT,
    PARTICIPANT_BY_ID,
    PARTICIPANT_BY_IDENTITY,
    enrolment_upsert,
    identity,
    participant_upsert,
)
from storage.repositories.prepared import fetch_first, run
from storage.repositories.remembered import UNKNOWN, forget, remember, take
from storage.rows import EnrolmentRow, InvitationRow, OrganiserRow, ParticipantRow


class SqlParticipantRepository:
    """People, one row per platform identity."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_or_add(
        self, ref: ParticipantRef, display_name: str, *, consultation_id: int | None = None
    ) -> Participant:
        """The participant with this identity, created if new; the display name is refreshed.

        A read on every press, a write only for a new person or a new name. The consultation
        read next, if named, comes with that read (consultation_reads.py).
        """
        if consultation_id is None:
            found = await self.find(ref)
        else:
            found = await read_participant_with(self._session, identity(ref), consultation_id)
        if found is not None and found.display_name == display_name:
            remember(self._session, ACTING, found.id)  # its enrolment comes with the consultation
            return found
        # One statement, so two first messages from the same person cannot create two rows.
        row = await fetch_first(
            self._session,
            participant_upsert(self._session),
            {**identity(ref), "display_name": display_name, "reachable": True},
        )
        if row is None:  # pragma: no cover - an upsert with RETURNING always returns its row
            raise RuntimeError("the participant upsert returned no row")
        remember(self._session, ACTING, row.id)
        return Participant(id=row.id, ref=ref, display_name=display_name, reachable=row.reachable)

    async def find(self, ref: ParticipantRef) -> Participant | None:
        row = await fetch_first(self._session, PARTICIPANT_BY_IDENTITY, identity(ref))
        return None if row is None else to_participant(row)

    async def get(self, participant_id: int) -> Participant | None:
        row = await fetch_first(self._session, PARTICIPANT_BY_ID, {"id": participant_id})
        return None if row is None else to_participant(row)

    async def set_reachable(self, participant_id: int, reachable: bool) -> None:
        """Record whether messages still reach this person."""
        await self._session.execute(
            update(ParticipantRow)
            .where(ParticipantRow.id == participant_id)
            .values(reachable=reachable)
            .execution_options(synchronize_session=False)
        )


class SqlEnrolmentRepository:
    """Enrolments keyed by (consultation, participant)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, consultation_id: int, participant_id: int) -> Enrolment | None:
        kept = take(self._session, enrolment_key(consultation_id, participant_id))
        if kept is not UNKNOWN:  # read along with the consultation (consultation_reads.py)
            return cast(Enrolment | None, kept)
        row = await fetch_first(
            self._session,
            ENROLMENT,
            {"consultation_id": consultation_id, "participant_id": participant_id},
        )
        return None if row is None else to_enrolment(row)

    async def get_many(
        self, consultation_id: int, participant_ids: Collection[int]
    ) -> dict[int, Enrolment]:
        """The enrolments of these participants that exist, by participant id."""
        if not participant_ids:
            return {}
        rows = await self._session.scalars(
            select(EnrolmentRow).where(
                EnrolmentRow.consultation_id == consultation_id,
                EnrolmentRow.participant_id.in_(sorted(set(participant_ids))),
            ),
            execution_options={"populate_existing": True},
        )
        return {row.participant_id: to_enrolment(row) for row in rows}

    async def save(self, enrolment: Enrolment) -> None:
        """Insert the enrolment or overwrite the stored one with the same key."""
        forget(self._session, enrolment_key(enrolment.consultation_id, enrolment.participant_id))
        await run(
            self._session,
            enrolment_upsert(self._session),
            {
                "consultation_id": enrolment.consultation_id,
                "participant_id": enrolment.participant_id,
                "cursor": enrolment.cursor,
                "awaiting_paragraph_id": enrolment.awaiting_paragraph_id,
                "awaiting_reply_to": enrolment.awaiting_reply_to,
                "muted": enrolment.muted,
                "active": enrolment.active,
                "joined_at": enrolment.joined_at,
                "last_seen_at": enrolment.last_seen_at,
                "awaiting_reason": enrolment.awaiting_reason,
            },
        )

    async def latest(self, participant_id: int) -> Enrolment | None:
        """The active enrolment the participant was last seen in."""
        return await self._latest_active(participant_id, awaiting_only=False)

    async def awaiting_comment(self, participant_id: int) -> Enrolment | None:
        """The active enrolment in which the participant was asked for a comment, if any."""
        return await self._latest_active(participant_id, awaiting_only=True)

    async def recipients(
        self, consultation_id: int, *, including_muted: bool = False
    ) -> list[Recipient]:
        """Reachable participants with an active enrolment (unmuted unless told), by id."""
        muted = (True, False) if including_muted else (False,)
        rows = await self._session.execute(
            select(
                ParticipantRow.id,
                ParticipantRow.platform,
                ParticipantRow.tenant,
                ParticipantRow.external_id,
            )
            .join(EnrolmentRow, EnrolmentRow.participant_id == ParticipantRow.id)
            .where(
                EnrolmentRow.consultation_id == consultation_id,
                EnrolmentRow.active.is_(True),
                EnrolmentRow.muted.in_(muted),
                ParticipantRow.reachable.is_(True),
            )
            .order_by(ParticipantRow.id)
        )
        return [
            Recipient(
                platform=Platform(platform),
                tenant=tenant,
                address=external_id,
                participant_id=participant_id,
            )
            for participant_id, platform, tenant, external_id in rows
        ]

    async def active_for(self, participant_id: int) -> list[Enrolment]:
        """The participant's active enrolments, most recently seen first."""
        rows = await self._session.scalars(
            select(EnrolmentRow)
            .where(EnrolmentRow.participant_id == participant_id, EnrolmentRow.active.is_(True))
            .order_by(EnrolmentRow.last_seen_at.desc(), EnrolmentRow.consultation_id.desc())
        )
        return [to_enrolment(row) for row in rows]

    async def _latest_active(
        self, participant_id: int, *, awaiting_only: bool
    ) -> Enrolment | None:
        query = select(EnrolmentRow).where(
            EnrolmentRow.participant_id == participant_id, EnrolmentRow.active.is_(True)
        )
        if awaiting_only:
            query = query.where(EnrolmentRow.awaiting_paragraph_id.is_not(None))
        # The consultation id breaks ties so that every backend picks the same enrolment.
        query = query.order_by(
            EnrolmentRow.last_seen_at.desc(), EnrolmentRow.consultation_id.desc()
        ).limit(1)
        row = await self._session.scalar(query)
        return None if row is None else to_enrolment(row)

    async def count(self, consultation_id: int) -> int:
        """Active enrolments."""
        total = await self._session.scalar(
            select(func.count())
            .select_from(EnrolmentRow)
            .where(EnrolmentRow.consultation_id == consultation_id, EnrolmentRow.active.is_(True))
        )
        return total or 0


class SqlOrganiserRepository:
    """Platform identities allowed to run organiser commands."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, ref: ParticipantRef) -> bool:
        """True if added, False if they already were an organiser."""
        statement = upsert_insert(self._session, OrganiserRow).values(
            platform=ref.platform.value, tenant=ref.tenant, external_id=ref.external_id
        )
        added = await self._session.scalar(
            statement.on_conflict_do_nothing(
                index_elements=["platform", "tenant", "external_id"]
            ).returning(OrganiserRow.id)
        )
        return added is not None

    async def is_organiser(self, ref: ParticipantRef) -> bool:
        found = await self._session.scalar(
            select(OrganiserRow.id).where(
                OrganiserRow.platform == ref.platform.value,
                OrganiserRow.tenant == ref.tenant,
                OrganiserRow.external_id == ref.external_id,
            )
        )
        return found is not None

    async def list(self) -> list[ParticipantRef]:
        """Organisers in the order they were added."""
        rows = await self._session.scalars(select(OrganiserRow).order_by(OrganiserRow.id))
        return [
            ParticipantRef(
                platform=Platform(row.platform), tenant=row.tenant, external_id=row.external_id
            )
            for row in rows
        ]


class SqlInvitationRepository:
    """Invitation tokens and their remaining uses."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self, consultation_id: int, token: str, uses_left: int | None, created_at: datetime
    ) -> Invitation:
        """Store a new token; a token already in use is a Conflict."""
        if await self.get_by_token(token) is not None:
            raise Conflict("That invitation token is already in use.")
        inserted = await self._session.execute(
            insert(InvitationRow)
            .values(
                consultation_id=consultation_id,
                token=token,
                uses_left=uses_left,
                created_at=created_at,
            )
            .returning(InvitationRow.id)
        )
        invitation_id = inserted.scalar_one()
        return to_invitation(await self._session.get_one(InvitationRow, invitation_id))

    async def get_by_token(self, token: str) -> Invitation | None:
        row = await self._session.scalar(select(InvitationRow).where(InvitationRow.token == token))
        return None if row is None else to_invitation(row)

    async def use(self, invitation_id: int) -> bool:
        """Spend one use if any is left (unlimited invitations always succeed)."""
        # A single conditional UPDATE: concurrent joins can never spend more uses than exist.
        unlimited = InvitationRow.uses_left.is_(None)
        spent = await self._session.scalar(
            update(InvitationRow)
            .where(InvitationRow.id == invitation_id, unlimited | (InvitationRow.uses_left > 0))
            .values(uses_left=case((unlimited, None), else_=InvitationRow.uses_left - 1))
            .returning(InvitationRow.id)
            .execution_options(synchronize_session=False)
        )
        return spent is not None
