"""In memory: everything stored about one participant, gathered for them."""

import dataclasses

from core.model import Participant
from core.personal_data import (
    CommentRecord,
    CommentVoteRecord,
    DeliveryRecord,
    EnrolmentRecord,
    PersonalRecords,
    ReminderRecord,
    VoteRecord,
    forgotten_ref,
)
from tests.fakes.memory_comments import _to_comment
from tests.fakes.memory_personal_moderation import erase_moderation, reports_by
from tests.fakes.memory_state import MemoryTables, MemoryTransaction, to_minutes


class MemoryPersonalDataRepository:
    """Reads the in-memory tables the way the SQL one queries them, in the same orders."""

    def __init__(self, transaction: MemoryTransaction) -> None:
        self._transaction = transaction

    async def gather(self, participant: Participant) -> PersonalRecords:
        tables = await self._transaction.reading()
        pid = participant.id
        return PersonalRecords(
            participant=participant,
            enrolments=_enrolments(tables, pid),
            votes=_votes(tables, pid),
            comments=_comments(tables, pid),
            comment_votes=_comment_votes(tables, pid),
            reports=reports_by(tables, pid),
            deliveries=_deliveries(tables, pid),
            reminders=_reminders(tables, pid),
        )

    async def erase(self, participant: Participant) -> None:
        tables = await self._transaction.writing()
        pid, ref = participant.id, forgotten_ref(participant)
        erase_moderation(tables, participant)
        tables.enrolments = {k: e for k, e in tables.enrolments.items() if k[1] != pid}
        tables.reminders = {
            k: s for k, s in tables.reminders.items() if s.reminder.participant_id != pid
        }
        tables.vote_events = [v for v in tables.vote_events if v.participant_id != pid]
        tables.digest_subscribers = {k for k in tables.digest_subscribers if k[1] != pid}
        for delivery_id, stored in tables.outbox.items():
            to = stored.delivery.recipient
            if to.participant_id == pid:
                anonymous = dataclasses.replace(to, tenant=ref.tenant, address=ref.external_id)
                delivery = dataclasses.replace(stored.delivery, recipient=anonymous)
                tables.outbox[delivery_id] = dataclasses.replace(stored, delivery=delivery)
        tables.participants[pid] = Participant(id=pid, ref=ref, display_name="", reachable=False)


def _slug(tables: MemoryTables, consultation_id: int) -> str:
    return tables.consultations[consultation_id].slug


def _enrolments(tables: MemoryTables, pid: int) -> tuple[EnrolmentRecord, ...]:
    found = sorted(
        (e for e in tables.enrolments.values() if e.participant_id == pid),
        key=lambda e: (e.joined_at, e.consultation_id),
    )
    return tuple(
        EnrolmentRecord(
            consultation=_slug(tables, e.consultation_id),
            title=tables.consultations[e.consultation_id].title,
            joined_at=e.joined_at,
            last_seen_at=e.last_seen_at,
            muted=e.muted,
            active=e.active,
            position=e.cursor,
        )
        for e in found
    )


def _votes(tables: MemoryTables, pid: int) -> tuple[VoteRecord, ...]:
    found = sorted(
        (v for v in tables.votes.values() if v.participant_id == pid),
        key=lambda v: (v.consultation_id, tables.paragraphs[v.paragraph_id].position),
    )
    return tuple(
        VoteRecord(
            consultation=_slug(tables, v.consultation_id),
            paragraph=tables.paragraphs[v.paragraph_id].number,
            choice=v.choice,
            cast_at=v.cast_at,
            history=tuple(
                (e.choice, e.cast_at)
                for e in sorted(
                    (
                        e
                        for e in tables.vote_events
                        if e.participant_id == pid and e.paragraph_id == v.paragraph_id
                    ),
                    key=lambda e: e.cast_at,
                )
            ),
            reason_comment=tables.vote_reasons.get((v.paragraph_id, pid)),
        )
        for v in found
    )


def _comments(tables: MemoryTables, pid: int) -> tuple[CommentRecord, ...]:
    found = sorted(
        (c for c in tables.comments.values() if c.participant_id == pid), key=lambda c: c.id
    )
    records = []
    for stored in found:
        comment = _to_comment(tables, stored)
        records.append(
            CommentRecord(
                id=comment.id,
                consultation=_slug(tables, comment.consultation_id),
                paragraph=tables.paragraphs[comment.paragraph_id].number,
                reply_to=comment.parent_id,
                text=comment.body,
                created_at=comment.created_at,
                state=comment.state,
                up=comment.up,
                down=comment.down,
            )
        )
    return tuple(records)


def _comment_votes(tables: MemoryTables, pid: int) -> tuple[CommentVoteRecord, ...]:
    found = sorted((cid, v) for (cid, voter), v in tables.comment_votes.items() if voter == pid)
    records = []
    for comment_id, value in found:
        comment = tables.comments[comment_id]
        records.append(
            CommentVoteRecord(
                comment=comment_id,
                consultation=_slug(tables, comment.consultation_id),
                paragraph=tables.paragraphs[comment.paragraph_id].number,
                value=value,
            )
        )
    return tuple(records)


def _deliveries(tables: MemoryTables, pid: int) -> tuple[DeliveryRecord, ...]:
    found = sorted(
        (s for s in tables.outbox.values() if s.delivery.recipient.participant_id == pid),
        key=lambda s: s.delivery.id,
    )
    return tuple(
        DeliveryRecord(
            kind=str(s.delivery.kind),
            consultation=_slug(tables, s.delivery.consultation_id),
            paragraph=(
                None
                if s.delivery.paragraph_id is None
                else tables.paragraphs[s.delivery.paragraph_id].number
            ),
            status=str(s.delivery.status),
            due_at=s.delivery.due_at,
            sent_at=s.sent_at,
        )
        for s in found
    )


def _reminders(tables: MemoryTables, pid: int) -> tuple[ReminderRecord, ...]:
    found = sorted(
        (s for s in tables.reminders.values() if s.reminder.participant_id == pid),
        key=lambda s: s.reminder.id,
    )
    return tuple(
        ReminderRecord(
            consultation=_slug(tables, s.reminder.consultation_id),
            minutes_before_close=to_minutes(s.reminder.offset),
            due_at=s.reminder.due_at,
            status=s.status,
        )
        for s in found
    )
