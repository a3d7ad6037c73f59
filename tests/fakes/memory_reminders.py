"""In-memory planned reminders, claimed and finished exactly as the SQL ones are."""

import builtins
import dataclasses
from datetime import datetime, timedelta

from core.delivery import Reminder, ReminderStatus
from tests.fakes.memory_state import MemoryTransaction, StoredReminder, to_minutes, to_utc

PENDING = ReminderStatus.PENDING
SENDING = ReminderStatus.SENDING
SENT = ReminderStatus.SENT
SKIPPED = ReminderStatus.SKIPPED


def _claimable(stored: StoredReminder, now: datetime) -> bool:
    if stored.status == PENDING:
        return stored.reminder.due_at <= now
    return stored.status == SENDING and (
        stored.claimed_until is not None and stored.claimed_until < now
    )


class MemoryReminderRepository:
    """Reminders in memory, unique per consultation, participant and offset in minutes."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def plan(
        self,
        consultation_id: int,
        participant_id: int,
        offsets: tuple[timedelta, ...],
        closes_at: datetime,
    ) -> int:
        closes_at = to_utc(closes_at)
        minutes = [to_minutes(offset) for offset in offsets]
        if not minutes:
            return 0
        tables = await self._transaction.writing()
        planned = {
            to_minutes(r.offset)
            for r in (s.reminder for s in tables.reminders.values())
            if r.participant_id == participant_id and r.consultation_id == consultation_id
        }
        inserted = 0
        for offset, offset_minutes in zip(offsets, minutes, strict=True):
            if offset_minutes in planned:
                continue
            planned.add(offset_minutes)
            reminder = Reminder(
                id=tables.next_id("reminders"),
                consultation_id=consultation_id,
                participant_id=participant_id,
                offset=offset,
                due_at=closes_at - offset,
            )
            tables.reminders[reminder.id] = StoredReminder(reminder=reminder)
            inserted += 1
        return inserted

    async def move(self, consultation_id: int, closes_at: datetime) -> int:
        closes_at = to_utc(closes_at)
        tables = await self._transaction.writing()
        moved = 0
        for reminder_id, stored in tables.reminders.items():
            reminder = stored.reminder
            if reminder.consultation_id != consultation_id or stored.status != PENDING:
                continue
            due_at = closes_at - reminder.offset
            if reminder.due_at == due_at:
                continue
            retimed = dataclasses.replace(reminder, due_at=due_at)
            tables.reminders[reminder_id] = dataclasses.replace(stored, reminder=retimed)
            moved += 1
        return moved

    async def claim_due(
        self, worker: str, now: datetime, *, limit: int, lease: timedelta
    ) -> builtins.list[Reminder]:
        now = to_utc(now)
        if limit <= 0:
            return []
        tables = await self._transaction.writing()
        due = [s.reminder for s in tables.reminders.values() if _claimable(s, now)]
        chosen = sorted(due, key=lambda r: (r.due_at, r.id))[:limit]
        for reminder in chosen:
            tables.reminders[reminder.id] = dataclasses.replace(
                tables.reminders[reminder.id],
                status=SENDING,
                claimed_by=worker,
                claimed_until=now + lease,
            )
        return [dataclasses.replace(r, status=SENDING) for r in chosen]

    async def skip_superseded(self, now: datetime, reason: str) -> int:
        now = to_utc(now)
        tables = await self._transaction.writing()
        to_send = [
            s.reminder
            for s in tables.reminders.values()
            if s.status in (PENDING, SENDING) and s.reminder.due_at <= now
        ]
        skipped = 0
        for reminder_id, stored in list(tables.reminders.items()):
            mine = stored.reminder
            superseded = any(
                (r.consultation_id, r.participant_id)
                == (mine.consultation_id, mine.participant_id)
                and r.offset < mine.offset
                for r in to_send
            )
            if superseded and _claimable(stored, now):
                tables.reminders[reminder_id] = dataclasses.replace(
                    stored, status=SKIPPED, reason=reason
                )
                skipped += 1
        return skipped

    async def finish(
        self, reminder_id: int, worker: str, sent: bool, reason: str | None = None
    ) -> bool:
        tables = await self._transaction.writing()
        stored = tables.reminders.get(reminder_id)
        if stored is None or stored.claimed_by != worker or stored.status != SENDING:
            return False
        status = SENT if sent else SKIPPED
        tables.reminders[reminder_id] = dataclasses.replace(
            stored, status=status, reason=None if sent else reason
        )
        return True

    async def pending(self, consultation_id: int) -> builtins.list[Reminder]:
        return [r for r in await self.history(consultation_id) if r.status == PENDING]

    async def history(self, consultation_id: int) -> builtins.list[Reminder]:
        tables = await self._transaction.reading()
        found = [
            dataclasses.replace(s.reminder, status=ReminderStatus(s.status), reason=s.reason)
            for s in tables.reminders.values()
            if s.reminder.consultation_id == consultation_id
        ]
        return sorted(found, key=lambda r: (r.due_at, r.participant_id, r.id))
