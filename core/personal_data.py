"""What townhall holds about one person, and the `townhall.mydata/1` document that lists it.

Storage gathers the records (core.repositories.PersonalDataRepository); `mydata_document`
writes them as JSON with the standard library. The format is versioned: a field is never
renamed or given another meaning under the same `format`; README.md ("Your data") documents
each field.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from core.model import Choice, CommentState, Participant, ParticipantRef

FORMAT = "townhall.mydata/1"
# A forgotten participant's row keeps its id (their votes still count) under this tenant and
# an id no platform sends, so nobody is ever found, messaged or recognised by it again.
FORGOTTEN_TENANT = "forgotten"


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrolmentRecord:
    """One consultation the person joined; `position` is the paragraph they were last at."""

    consultation: str  # the slug
    title: str
    joined_at: datetime
    last_seen_at: datetime
    muted: bool
    active: bool
    position: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteRecord:
    """A current vote with every vote the person cast on that paragraph, oldest first."""

    consultation: str
    paragraph: int  # the paragraph's number (P7 is 7)
    choice: Choice
    cast_at: datetime
    history: tuple[tuple[Choice, datetime], ...]
    reason_comment: int | None = None  # the id of the comment given as this Disagree's reason


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentRecord:
    """A comment or reply the person wrote, with its state and the votes it received."""

    id: int
    consultation: str
    paragraph: int
    reply_to: int | None
    text: str
    created_at: datetime
    state: CommentState
    up: int
    down: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentVoteRecord:
    """The person's up or down vote on someone's comment."""

    comment: int
    consultation: str
    paragraph: int
    value: int  # +1 or -1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportRecord:
    """A report the person made on a comment: which, where, why and when."""

    comment: int
    consultation: str
    reason: str
    reported_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryRecord:
    """A push addressed to the person: what kind and when, never anyone else's text."""

    kind: str
    consultation: str
    paragraph: int | None
    status: str
    due_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReminderRecord:
    """A reminder planned for the person, `minutes_before_close` before the deadline."""

    consultation: str
    minutes_before_close: int
    due_at: datetime
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonalRecords:
    """Everything stored about one participant, each part in a stable order."""

    participant: Participant
    enrolments: tuple[EnrolmentRecord, ...] = ()
    votes: tuple[VoteRecord, ...] = ()
    comments: tuple[CommentRecord, ...] = ()
    comment_votes: tuple[CommentVoteRecord, ...] = ()
    reports: tuple[ReportRecord, ...] = ()
    deliveries: tuple[DeliveryRecord, ...] = ()
    reminders: tuple[ReminderRecord, ...] = ()


def forgotten_ref(participant: Participant) -> ParticipantRef:
    """The identity a forgotten participant's row takes: theirs erased, only the row id left."""
    return ParticipantRef(
        platform=participant.ref.platform,
        tenant=FORGOTTEN_TENANT,
        external_id=f"forgotten-{participant.id}",
    )


def mydata_document(records: PersonalRecords, now: datetime) -> bytes:
    """The records as a `townhall.mydata/1` JSON document, UTF-8."""
    document = {
        "format": FORMAT,
        "exported_at": _moment(now),
        "identities": [_identity(records.participant)],
        "enrolments": [_enrolment(e) for e in records.enrolments],
        "votes": [_vote(v) for v in records.votes],
        "comments": [_comment(c) for c in records.comments],
        "comment_votes": [_comment_vote(v) for v in records.comment_votes],
        "reports": [_report(r) for r in records.reports],
        "deliveries": [_delivery(d) for d in records.deliveries],
        "reminders": [_reminder(r) for r in records.reminders],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def mydata_filename(now: datetime) -> str:
    """A file name that names no one, only what and when: safe on any system."""
    return f"townhall-mydata-{now.astimezone(UTC):%Y%m%d-%H%M%S}.json"


def _moment(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _identity(participant: Participant) -> dict[str, object]:
    ref = participant.ref
    return {
        "platform": str(ref.platform),
        "tenant": ref.tenant,
        "id": ref.external_id,
        "display_name": participant.display_name,
        "reachable": participant.reachable,
    }


def _enrolment(record: EnrolmentRecord) -> dict[str, object]:
    return {
        "consultation": record.consultation,
        "title": record.title,
        "joined_at": _moment(record.joined_at),
        "last_seen_at": _moment(record.last_seen_at),
        "muted": record.muted,
        "active": record.active,
        "position": record.position,
    }


def _vote(record: VoteRecord) -> dict[str, object]:
    return {
        "consultation": record.consultation,
        "paragraph": record.paragraph,
        "choice": str(record.choice),
        "cast_at": _moment(record.cast_at),
        "history": [
            {"choice": str(choice), "cast_at": _moment(cast_at)}
            for choice, cast_at in record.history
        ],
        "reason_comment": record.reason_comment,
    }


def _comment(record: CommentRecord) -> dict[str, object]:
    return {
        "id": record.id,
        "consultation": record.consultation,
        "paragraph": record.paragraph,
        "reply_to": record.reply_to,
        "text": record.text,
        "created_at": _moment(record.created_at),
        "state": str(record.state),
        "up": record.up,
        "down": record.down,
    }


def _comment_vote(record: CommentVoteRecord) -> dict[str, object]:
    return {
        "comment": record.comment,
        "consultation": record.consultation,
        "paragraph": record.paragraph,
        "vote": "up" if record.value > 0 else "down",
    }


def _report(record: ReportRecord) -> dict[str, object]:
    return {
        "comment": record.comment,
        "consultation": record.consultation,
        "reason": record.reason,
        "reported_at": _moment(record.reported_at),
    }


def _delivery(record: DeliveryRecord) -> dict[str, object]:
    return {
        "kind": record.kind,
        "consultation": record.consultation,
        "paragraph": record.paragraph,
        "status": record.status,
        "due_at": _moment(record.due_at),
        "sent_at": _moment(record.sent_at),
    }


def _reminder(record: ReminderRecord) -> dict[str, object]:
    return {
        "consultation": record.consultation,
        "minutes_before_close": record.minutes_before_close,
        "due_at": _moment(record.due_at),
        "status": record.status,
    }
