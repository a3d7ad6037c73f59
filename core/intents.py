"""What a person asked for, whatever platform they asked on.

Front ends translate a command, a button press or a message into one of these and pass it to
`ConsultationApp.handle`. Fields that name a consultation may be None where the person did not
say which one: the core then uses the consultation they were last active in.
"""

from dataclasses import dataclass

from core.model import Choice


@dataclass(frozen=True, slots=True, kw_only=True)
class ListConsultations:
    """Show the open public consultations one can join."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Join:
    """Join by invitation token or by the slug of a public consultation."""

    payload: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Resume:
    """Show the next paragraph the person has not voted on."""

    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowParagraph:
    """Show one paragraph (the Back and Next buttons)."""

    consultation_id: int
    paragraph_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CastVote:
    """Agree or disagree with a paragraph; a later vote replaces an earlier one."""

    consultation_id: int
    paragraph_id: int
    choice: Choice


@dataclass(frozen=True, slots=True, kw_only=True)
class StartComment:
    """Ask for a comment on a paragraph, or a reply to one of its comments."""

    consultation_id: int
    paragraph_id: int
    reply_to: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitComment:
    """A comment whose paragraph the front end already knows (modal, reply to a card).

    `idempotency_key` names the platform message, so a redelivery stores nothing new.
    """

    consultation_id: int
    paragraph_id: int
    body: str
    reply_to: int | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FreeText:
    """A plain message: a comment if the person was asked for one, otherwise a hint."""

    body: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelComment:
    """Stop waiting for a comment."""

    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowComments:
    """List a paragraph's comments, best first, one page at a time (pages count from 1)."""

    consultation_id: int
    paragraph_id: int
    page: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteOnComment:
    """Vote a comment up or down; the same vote again withdraws it."""

    consultation_id: int
    comment_id: int
    up: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowProgress:
    """How far the person is, and when the consultation closes."""

    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowStatistics:
    """The consultation's figures, as far as its results visibility allows."""

    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SetMuted:
    """Turn reminders off (muted) or back on."""

    muted: bool
    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Leave:
    """Leave a consultation: no more reminders or broadcasts; votes stay counted."""

    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowHelp:
    """What one can do here."""


Intent = (
    ListConsultations
    | Join
    | Resume
    | ShowParagraph
    | CastVote
    | StartComment
    | SubmitComment
    | FreeText
    | CancelComment
    | ShowComments
    | VoteOnComment
    | ShowProgress
    | ShowStatistics
    | SetMuted
    | Leave
    | ShowHelp
)
