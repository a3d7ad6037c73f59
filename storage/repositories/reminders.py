"""Planned reminders: one row per consultation, participant and offset before the close.

Planning is insert-or-ignore, so planning again (a second join, another worker) changes
nothing; the sweep claims due rows with a lease exactly like the outbox does.
"""

import builtins
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from core.delivery import Reminder, ReminderStatus
from storage.repositories.mapping import skip_locked, to_reminder, upsert_insert
from storage.row_base import to_minutes
from storage.rows_delivery import ReminderRow

PENDING = ReminderStatus.PENDING.value
SENDING = ReminderStatus.SENDING.value
SENT = ReminderStatus.SENT.value
SKIPPED = ReminderStatus.SKIPPED.value


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due pending reminders, and claimed ones whose holder's lease ran out."""
    return ((ReminderRow.status == PENDING) & (ReminderRow.due_at <= now)) | (
        (ReminderRow.status == SENDING) & (ReminderRow.claimed_until < now)
    )


def _pending_in(consultation_id: int) -> ColumnElement[bool]:
    return (ReminderRow.consultation_id == consultation_id) & (ReminderRow.status == PENDING)


class SqlReminderRepository:
    """Reminders stored in SQL."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def plan(
        self,
        consultation_id: int,
        participant_id: int,
        offsets: tuple[timedelta, ...],
        closes_at: datetime,
    ) -> int:
        """Insert the reminders that do not exist yet; returns how many were new."""
        if not offsets:
            return 0
        rows = [
            {
                "consultation_id": consultation_id,
                "participant_id": participant_id,
                "offset_minutes": to_minutes(offset),
                "due_at": closes_at - offset,
                "status": PENDING,
            }
            for offset in offsets
        ]
        statement = (
            upsert_insert(self._session, ReminderRow)
            .on_conflict_do_nothing(
                index_elements=["consultation_id", "participant_id", "offset_minutes"]
            )
            .returning(ReminderRow.id)
        )
        return len((await self._session.scalars(statement, rows)).all())

    async def move(self, consultation_id: int, closes_at: datetime) -> int:
        """Re-time the pending reminders; returns how many got a new due time.

        Date arithmetic differs between SQLite and PostgreSQL, so the new time is computed
        here: one UPDATE per distinct offset (a consultation has a handful).
        """
        offsets = await self._session.scalars(
            select(ReminderRow.offset_minutes).where(_pending_in(consultation_id)).distinct()
        )
        moved = 0
        for minutes in offsets.all():
            due_at = closes_at - timedelta(minutes=minutes)
            changed = await self._session.scalars(
                update(ReminderRow)
                .where(
                    _pending_in(consultation_id),
                    ReminderRow.offset_minutes == minutes,
                    ReminderRow.due_at != due_at,
                )
                .values(due_at=due_at)
                .returning(ReminderRow.id)
                .execution_options(synchronize_session=False)
            )
            moved += len(changed.all())
        return moved

    async def claim_due(
        self, worker: str, now: datetime, *, limit: int, lease: timedelta
    ) -> builtins.list[Reminder]:
        """Take due reminders for `worker` in one statement, earliest due first."""
        if limit <= 0:
            return []
        pick = (
            select(ReminderRow.id)
            .where(_claimable(now))
            .order_by(ReminderRow.due_at, ReminderRow.id)
            .limit(limit)
        )
        statement = (
            update(ReminderRow)
            .where(ReminderRow.id.in_(skip_locked(self._session, pick).scalar_subquery()))
            .values(status=SENDING, claimed_by=worker, claimed_until=now + lease)
            .returning(ReminderRow)
            .execution_options(synchronize_session=False)
        )
        rows = await self._session.scalars(
            statement, execution_options={"populate_existing": True}
        )
        # RETURNING keeps no order; the claim's order is the contract.
        return sorted((to_reminder(row) for row in rows), key=lambda r: (r.due_at, r.id))

    async def skip_superseded(self, now: datetime, reason: str) -> int:
        """Skip the claimable reminders that a smaller due offset of the same person supersedes."""
        later = aliased(ReminderRow)
        superseding = (
            select(later.id)
            .where(
                later.consultation_id == ReminderRow.consultation_id,
                later.participant_id == ReminderRow.participant_id,
                later.offset_minutes < ReminderRow.offset_minutes,
                later.status.in_((PENDING, SENDING)),
                later.due_at <= now,
            )
            .exists()
        )
        skipped = await self._session.scalars(
            update(ReminderRow)
            .where(_claimable(now), superseding)
            .values(status=SKIPPED, reason=reason)
            .returning(ReminderRow.id)
            .execution_options(synchronize_session=False)
        )
        return len(skipped.all())

    async def finish(
        self, reminder_id: int, worker: str, sent: bool, reason: str | None = None
    ) -> bool:
        """Record the reminder as sent (queued) or skipped for `reason`, if `worker` holds it."""
        changed = await self._session.scalar(
            update(ReminderRow)
            .where(
                ReminderRow.id == reminder_id,
                ReminderRow.claimed_by == worker,
                ReminderRow.status == SENDING,
            )
            .values(status=SENT if sent else SKIPPED, reason=None if sent else reason)
            .returning(ReminderRow.id)
            .execution_options(synchronize_session=False)
        )
        return changed is not None

    async def pending(self, consultation_id: int) -> builtins.list[Reminder]:
        """Pending reminders, by due time, then participant, then id."""
        return await self._listed(_pending_in(consultation_id))

    async def history(self, consultation_id: int) -> builtins.list[Reminder]:
        """Every reminder of the consultation, by due time, then participant, then id."""
        return await self._listed(ReminderRow.consultation_id == consultation_id)

    async def _listed(self, condition: ColumnElement[bool]) -> builtins.list[Reminder]:
        rows = await self._session.scalars(
            select(ReminderRow)
            .where(condition)
            .order_by(ReminderRow.due_at, ReminderRow.participant_id, ReminderRow.id)
        )
        return [to_reminder(row) for row in rows]
