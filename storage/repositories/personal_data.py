"""Everything stored about one participant, gathered for them: one query per kind of record."""

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.model import Choice, CommentState, Participant
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
from storage.repositories.comments import _DOWN, _UP
from storage.repositories.personal_moderation import erase_moderation, reports_by
from storage.rows import (
    CommentRow,
    CommentVoteRow,
    ConsultationRow,
    DigestSubscriberRow,
    EnrolmentRow,
    OutboxRow,
    ParagraphRow,
    ParticipantRow,
    ReminderRow,
    VoteEventRow,
    VoteRow,
)

_Moment = tuple[Choice, datetime]


class SqlPersonalDataRepository:
    """Reads one person's rows; joins give the consultation's slug and the paragraph's number."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def gather(self, participant: Participant) -> PersonalRecords:
        pid = participant.id
        return PersonalRecords(
            participant=participant,
            enrolments=await self._enrolments(pid),
            votes=await self._votes(pid),
            comments=await self._comments(pid),
            comment_votes=await self._comment_votes(pid),
            reports=await reports_by(self._session, pid),
            deliveries=await self._deliveries(pid),
            reminders=await self._reminders(pid),
        )

    async def erase(self, participant: Participant) -> None:
        pid, ref = participant.id, forgotten_ref(participant)
        await erase_moderation(self._session, participant)
        for table in (EnrolmentRow, ReminderRow, VoteEventRow, DigestSubscriberRow):
            await self._session.execute(
                delete(table)
                .where(table.participant_id == pid)
                .execution_options(synchronize_session=False)
            )
        await self._session.execute(
            update(OutboxRow)
            .where(OutboxRow.participant_id == pid)
            .values(tenant=ref.tenant, address=ref.external_id)
            .execution_options(synchronize_session=False)
        )
        await self._session.execute(
            update(ParticipantRow)
            .where(ParticipantRow.id == pid)
            .values(
                tenant=ref.tenant, external_id=ref.external_id, display_name="", reachable=False
            )
            .execution_options(synchronize_session=False)
        )

    async def _enrolments(self, pid: int) -> tuple[EnrolmentRecord, ...]:
        rows = await self._session.execute(
            select(EnrolmentRow, ConsultationRow.slug, ConsultationRow.title)
            .join(ConsultationRow, ConsultationRow.id == EnrolmentRow.consultation_id)
            .where(EnrolmentRow.participant_id == pid)
            .order_by(EnrolmentRow.joined_at, EnrolmentRow.consultation_id)
        )
        return tuple(
            EnrolmentRecord(
                consultation=slug,
                title=title,
                joined_at=e.joined_at,
                last_seen_at=e.last_seen_at,
                muted=e.muted,
                active=e.active,
                position=e.cursor,
            )
            for e, slug, title in rows
        )

    async def _votes(self, pid: int) -> tuple[VoteRecord, ...]:
        history = await self._history(pid)
        rows = await self._session.execute(
            select(VoteRow, ConsultationRow.slug, ParagraphRow.number)
            .join(ConsultationRow, ConsultationRow.id == VoteRow.consultation_id)
            .join(ParagraphRow, ParagraphRow.id == VoteRow.paragraph_id)
            .where(VoteRow.participant_id == pid)
            .order_by(VoteRow.consultation_id, ParagraphRow.position)
        )
        return tuple(
            VoteRecord(
                consultation=slug,
                paragraph=number,
                choice=Choice(v.choice),
                cast_at=v.cast_at,
                history=tuple(history[v.paragraph_id]),
                reason_comment=v.reason_comment_id,
            )
            for v, slug, number in rows
        )

    async def _history(self, pid: int) -> dict[int, list[_Moment]]:
        rows = await self._session.execute(
            select(VoteEventRow.paragraph_id, VoteEventRow.choice, VoteEventRow.cast_at)
            .where(VoteEventRow.participant_id == pid)
            .order_by(VoteEventRow.cast_at, VoteEventRow.id)
        )
        history: dict[int, list[_Moment]] = defaultdict(list)
        for paragraph_id, choice, cast_at in rows:
            history[paragraph_id].append((Choice(choice), cast_at))
        return history

    async def _comments(self, pid: int) -> tuple[CommentRecord, ...]:
        rows = await self._session.execute(
            select(CommentRow, ConsultationRow.slug, ParagraphRow.number, _UP, _DOWN)
            .join(ConsultationRow, ConsultationRow.id == CommentRow.consultation_id)
            .join(ParagraphRow, ParagraphRow.id == CommentRow.paragraph_id)
            .where(CommentRow.participant_id == pid)
            .order_by(CommentRow.id)
        )
        return tuple(
            CommentRecord(
                id=c.id,
                consultation=slug,
                paragraph=number,
                reply_to=c.parent_id,
                text=c.body,
                created_at=c.created_at,
                state=CommentState(c.state),
                up=up,
                down=down,
            )
            for c, slug, number, up, down in rows
        )

    async def _comment_votes(self, pid: int) -> tuple[CommentVoteRecord, ...]:
        rows = await self._session.execute(
            select(CommentVoteRow.comment_id, CommentVoteRow.value, ConsultationRow.slug)
            .add_columns(ParagraphRow.number)
            .join(CommentRow, CommentRow.id == CommentVoteRow.comment_id)
            .join(ConsultationRow, ConsultationRow.id == CommentRow.consultation_id)
            .join(ParagraphRow, ParagraphRow.id == CommentRow.paragraph_id)
            .where(CommentVoteRow.participant_id == pid)
            .order_by(CommentVoteRow.comment_id)
        )
        return tuple(
            CommentVoteRecord(comment=comment, consultation=slug, paragraph=number, value=value)
            for comment, value, slug, number in rows
        )

    async def _deliveries(self, pid: int) -> tuple[DeliveryRecord, ...]:
        rows = await self._session.execute(
            select(OutboxRow, ConsultationRow.slug, ParagraphRow.number)
            .join(ConsultationRow, ConsultationRow.id == OutboxRow.consultation_id)
            .outerjoin(ParagraphRow, ParagraphRow.id == OutboxRow.paragraph_id)
            .where(OutboxRow.participant_id == pid)
            .order_by(OutboxRow.id)
        )
        return tuple(
            DeliveryRecord(
                kind=o.kind,
                consultation=slug,
                paragraph=number,
                status=o.status,
                due_at=o.due_at,
                sent_at=o.sent_at,
            )
            for o, slug, number in rows
        )

    async def _reminders(self, pid: int) -> tuple[ReminderRecord, ...]:
        rows = await self._session.execute(
            select(ReminderRow, ConsultationRow.slug)
            .join(ConsultationRow, ConsultationRow.id == ReminderRow.consultation_id)
            .where(ReminderRow.participant_id == pid)
            .order_by(ReminderRow.id)
        )
        return tuple(
            ReminderRecord(
                consultation=slug,
                minutes_before_close=r.offset_minutes,
                due_at=r.due_at,
                status=r.status,
            )
            for r, slug in rows
        )
