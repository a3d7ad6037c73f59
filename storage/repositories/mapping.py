"""Rows turned into core values, and the dialect-specific INSERT for upserts."""

from datetime import timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from core.delivery import (
    DeliveryKind,
    DeliveryStatus,
    OutboxItem,
    Priority,
    Recipient,
    Reminder,
    ReminderStatus,
)
from core.model import (
    Channel,
    ChannelRef,
    Choice,
    Consultation,
    Draft,
    DraftStep,
    Enrolment,
    Invitation,
    Paragraph,
    ParagraphOrder,
    ParagraphStatus,
    Participant,
    ParticipantRef,
    Platform,
    Privacy,
    Reasons,
    ResultsVisibility,
    Section,
    Status,
    Vote,
)
from storage.repositories.prepared import AnyRow
from storage.rows import (
    Base,
    ChannelRow,
    ConsultationRow,
    DraftRow,
    EnrolmentRow,
    InvitationRow,
    ParagraphRow,
    ParticipantRow,
    SectionRow,
    VoteEventRow,
    VoteRow,
)
from storage.rows_delivery import OutboxRow, ReminderRow


def upsert_insert(session: AsyncSession, row: type[Base]) -> Any:
    """An INSERT that supports ON CONFLICT, from the dialect the session is bound to.

    Typed Any because the SQLite and PostgreSQL Insert classes share no base with
    `on_conflict_do_update`.
    """
    return dialect_insert(session.get_bind().dialect.name, row)


def dialect_insert(dialect: str, row: type[Base]) -> Any:
    """The INSERT with ON CONFLICT of the named dialect ("sqlite" or "postgresql")."""
    # Each dialect's module is imported when it is used: on SQLite, PostgreSQL's would add a
    # tenth of a second to every command of the command line.
    if dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(row)
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(row)
    raise NotImplementedError(f"no upsert for the {dialect} dialect")


def to_consultation(row: ConsultationRow | AnyRow) -> Consultation:
    """The core value of a consultation row."""
    return Consultation(
        id=row.id,
        slug=row.slug,
        title=row.title,
        description=row.description,
        opens_at=row.opens_at,
        closes_at=row.closes_at,
        status=Status(row.status),
        privacy=Privacy(row.privacy),
        results_visibility=ResultsVisibility(row.results_visibility),
        reminder_offsets=row.reminder_offsets,
        opening_announced=row.opening_announced,
        content_revision=row.content_revision,
        reasons=Reasons(row.reasons),
        anonymous_comments=row.anonymous_comments,
        simulated=row.simulated,
        order=ParagraphOrder(row.paragraph_order),
    )


def to_section(row: SectionRow) -> Section:
    """The core value of a section row."""
    return Section(
        id=row.id, consultation_id=row.consultation_id, position=row.position, heading=row.heading
    )


def to_paragraph(row: ParagraphRow | AnyRow) -> Paragraph:
    """The core value of a paragraph row."""
    return Paragraph(
        id=row.id,
        consultation_id=row.consultation_id,
        section_id=row.section_id,
        position=row.position,
        number=row.number,
        text=row.text,
        status=ParagraphStatus(row.status),
    )


def to_participant(row: ParticipantRow | AnyRow) -> Participant:
    """The core value of a participant row."""
    ref = ParticipantRef(
        platform=Platform(row.platform), tenant=row.tenant, external_id=row.external_id
    )
    return Participant(id=row.id, ref=ref, display_name=row.display_name, reachable=row.reachable)


def to_enrolment(row: EnrolmentRow | AnyRow) -> Enrolment:
    """The core value of an enrolment row."""
    return Enrolment(
        consultation_id=row.consultation_id,
        participant_id=row.participant_id,
        cursor=row.cursor,
        awaiting_paragraph_id=row.awaiting_paragraph_id,
        awaiting_reply_to=row.awaiting_reply_to,
        muted=row.muted,
        active=row.active,
        joined_at=row.joined_at,
        last_seen_at=row.last_seen_at,
        awaiting_reason=row.awaiting_reason,
    )


def to_vote(row: VoteRow | VoteEventRow | AnyRow) -> Vote:
    """The core value of a current vote or of a history entry."""
    return Vote(
        consultation_id=row.consultation_id,
        paragraph_id=row.paragraph_id,
        participant_id=row.participant_id,
        choice=Choice(row.choice),
        cast_at=row.cast_at,
    )


def to_invitation(row: InvitationRow) -> Invitation:
    """The core value of an invitation row."""
    return Invitation(
        id=row.id,
        consultation_id=row.consultation_id,
        token=row.token,
        uses_left=row.uses_left,
        created_at=row.created_at,
    )


def to_channel(row: ChannelRow) -> Channel:
    """The core value of a channel row."""
    ref = ChannelRef(platform=Platform(row.platform), tenant=row.tenant, chat_id=row.chat_id)
    return Channel(
        id=row.id,
        ref=ref,
        title=row.title,
        consultation_id=row.consultation_id,
        cursor=row.cursor,
        linked_at=row.linked_at,
        last_post_key=row.last_post_key,
    )


def to_draft(row: DraftRow) -> Draft:
    """The core value of a draft row."""
    organiser = ParticipantRef(
        platform=Platform(row.platform), tenant=row.tenant, external_id=row.external_id
    )
    return Draft(
        organiser=organiser,
        step=DraftStep(row.step),
        consultation_id=row.consultation_id,
        updated_at=row.updated_at,
        answer_key=row.answer_key,
    )


def to_outbox_item(row: OutboxRow) -> OutboxItem:
    """The core value of an outbox row."""
    recipient = Recipient(
        platform=Platform(row.platform),
        tenant=row.tenant,
        address=row.address,
        participant_id=row.participant_id,
        channel_id=row.channel_id,
    )
    return OutboxItem(
        id=row.id,
        key=row.key,
        recipient=recipient,
        kind=DeliveryKind(row.kind),
        consultation_id=row.consultation_id,
        paragraph_id=row.paragraph_id,
        broadcast_id=row.broadcast_id,
        priority=Priority(row.priority),
        status=DeliveryStatus(row.status),
        attempts=row.attempts,
        due_at=row.due_at,
        last_error=row.last_error,
        comment_id=row.comment_id,
        post_id=row.post_id,
    )


def to_reminder(row: ReminderRow) -> Reminder:
    """The core value of a reminder row."""
    return Reminder(
        id=row.id,
        consultation_id=row.consultation_id,
        participant_id=row.participant_id,
        offset=timedelta(minutes=row.offset_minutes),
        due_at=row.due_at,
        status=ReminderStatus(row.status),
        reason=row.reason,
    )


def skip_locked(session: AsyncSession, pick: Select[int]) -> Select[int]:
    """On PostgreSQL, lock the row ids a claim picks and skip those another worker is claiming.

    SQLite needs nothing: BEGIN IMMEDIATE lets one writer at a time run the claim.
    """
    if session.get_bind().dialect.name == "postgresql":
        return pick.with_for_update(skip_locked=True)
    return pick
