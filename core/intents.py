"""What a person asked for, whatever platform they asked on.

Front ends translate a command, a button press or a message into one of these and pass it to
`ConsultationApp.handle`. Fields that name a consultation may be None where the person did not
say which one: the core then uses the consultation they were last active in.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar

from core.amendment_intents import AmendmentButton, DecideAmendment, SubmitWording
from core.documents import Document
from core.model import ChannelRef, Choice, CommentVote, ParagraphStatus, ReadingFilter
from core.moderation import CommentMenu, ModerationAction, ReportReason


@dataclass(frozen=True, slots=True, kw_only=True)
class ListConsultations:
    """Show the open public consultations one can join."""

    button_code: ClassVar[str] = "o"


@dataclass(frozen=True, slots=True, kw_only=True)
class Join:
    """Join by invitation token or by the slug of a public consultation."""

    button_code: ClassVar[str] = "j"
    payload: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Resume:
    """Show the next paragraph the person has not voted on."""

    button_code: ClassVar[str] = "r"
    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowParagraph:
    """Show one paragraph (the Back and Next buttons)."""

    button_code: ClassVar[str] = "p"
    consultation_id: int
    paragraph_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CastVote:
    """Agree or disagree with a paragraph; a later vote replaces an earlier one."""

    button_code: ClassVar[str] = "v"
    consultation_id: int
    paragraph_id: int
    choice: Choice


@dataclass(frozen=True, slots=True, kw_only=True)
class StartComment:
    """Ask for a comment on a paragraph, or a reply to one of its comments."""

    button_code: ClassVar[str] = "c"
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

    button_code: ClassVar[str] = "x"
    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SkipReason:
    """Give no reason for one's Disagree on a paragraph: the question asked after it goes."""

    button_code: ClassVar[str] = "e"
    consultation_id: int
    paragraph_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancel:
    """Stop whatever the person is in the middle of: a comment, a reply, a new consultation."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowComments:
    """List a paragraph's comments, best first, one page at a time (pages count from 1)."""

    button_code: ClassVar[str] = "l"
    consultation_id: int
    paragraph_id: int
    page: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteOnComment:
    """Set one's vote on a comment to up, down or none; the same intent again changes nothing."""

    button_code: ClassVar[str] = "k"
    consultation_id: int
    comment_id: int
    vote: CommentVote


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowProgress:
    """How far the person is, and when the consultation closes."""

    button_code: ClassVar[str] = "g"
    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowReading:
    """List the paragraphs one filter picks (most voted, decided, mine...), a page at a time."""

    button_code: ClassVar[str] = "rf"
    consultation_id: int | None
    kind: ReadingFilter
    page: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowOverview:
    """Every consultation the person takes part in, with progress (Slack's App Home)."""

    button_code: ClassVar[str] = "w"


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowStatistics:
    """The consultation's figures, as far as its results visibility allows."""

    button_code: ClassVar[str] = "s"
    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SetMuted:
    """Turn reminders off (muted) or back on."""

    button_code: ClassVar[str] = "m"
    consultation_id: int | None = None
    muted: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SetDigests:
    """Receive the consultation's digests (when its organisers send them), or stop."""

    consultation_id: int | None = None
    on: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Leave:
    """Leave a consultation: no more reminders or broadcasts; votes stay counted."""

    button_code: ClassVar[str] = "q"
    consultation_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowHelp:
    """What one can do here."""

    button_code: ClassVar[str] = "h"


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportMyData:
    """Everything townhall holds about the person, as a file in their chat."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ForgetMe:
    """Ask townhall to forget the person: answered with what it erases and a button to do it."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmForget:
    """The button that erases the person.

    It names the participant it was made for, so a press by anyone else, or the same button
    pressed after the erasure, changes nothing.
    """

    button_code: ClassVar[str] = "fg"
    participant_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class StartDraft:
    """Organiser: begin creating a consultation from a document sent in chat."""


@dataclass(frozen=True, slots=True, kw_only=True)
class OfferDocument:
    """Organiser: about to give a document (a file sent in chat, or the form that asks for one).

    Front ends ask this first, so that anyone else is refused before a file is downloaded or
    a form opened.
    """


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportDocument:
    """Organiser: a document the front end received and parsed.

    `idempotency_key` names the message that carried it, so a redelivery imports nothing new.
    """

    filename: str
    document: Document
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateConsultation:
    """Organiser: create a draft consultation in one go (a form such as Slack's modal).

    `closes` is what the organiser typed: a date, an ISO time with offset, or "in N days".
    `idempotency_key` names the submitted form, so a redelivered submission creates nothing new.
    """

    title: str
    closes: str
    filename: str
    document: Document
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmDraft:
    """Organiser: keep the consultation being created (it stays a draft until opened)."""

    button_code: ClassVar[str] = "y"
    consultation_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DiscardDraft:
    """Organiser: throw away the consultation being created."""

    button_code: ClassVar[str] = "n"
    consultation_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenConsultation:
    """Organiser: open a consultation now."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseConsultation:
    """Organiser: close a consultation now."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateInvitation:
    """Organiser: a new invitation token (None uses: unlimited)."""

    slug: str
    uses: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowFullStatistics:
    """Organiser: every figure, whatever the results visibility."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkParagraph:
    """Organiser: mark a paragraph (`P7`) decided, or put it back to the vote."""

    slug: str
    paragraph: str
    status: ParagraphStatus


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowDashboardLink:
    """Organiser: a signed link to the consultation's live dashboard (core.dashboards)."""

    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class BroadcastParagraphs:
    """Organiser: release paragraphs to every participant and linked chat.

    `numbers` None releases them all; `every` spaces them out (a drip: one per interval).
    `idempotency_key` names the platform request (the Telegram message, the Slack command), so
    a redelivered command queues nothing new; the same command typed again is a new broadcast.
    """

    slug: str
    numbers: tuple[int, ...] | None = None
    every: timedelta | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowDeliveryReport:
    """Organiser: how a broadcast is going."""

    broadcast_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelBroadcast:
    """Organiser: stop the releases of a broadcast that have not gone out yet."""

    broadcast_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RememberPost:
    """Organiser's front end: the card /post showed went out as this message of the chat."""

    channel: ChannelRef
    paragraph_id: int
    message_ref: str


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkChannel:
    """Organiser: make a group or channel follow a consultation."""

    slug: str
    channel: ChannelRef
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostParagraph:
    """Organiser: post a paragraph to a linked chat (None: the one after the last posted).

    `idempotency_key` names the platform request: redelivered, it posts the same paragraph
    again (the first answer may never have reached the chat) instead of the next one.
    """

    channel: ChannelRef
    number: int | None = None
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportComment:
    """Report a comment of this consultation to its moderators, for a reason."""

    button_code: ClassVar[str] = "f"
    consultation_id: int
    comment_id: int
    reason: ReportReason


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteComment:
    """Delete one's own comment: its text goes, its replies stay under a placeholder."""

    button_code: ClassVar[str] = "dc"
    consultation_id: int
    comment_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenCommentMenu:
    """A comment's buttons for one step: report it (the reasons), delete it (confirm), or back."""

    button_code: ClassVar[str] = "t"
    consultation_id: int
    comment_id: int
    menu: CommentMenu


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowReviewQueue:
    """A moderator's review queue of a consultation: its first held or hidden comment."""

    button_code: ClassVar[str] = "i"
    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ModerateComment:
    """A moderator restores (approves), hides, or hides a comment and blocks its author."""

    button_code: ClassVar[str] = "z"
    consultation_id: int
    comment_id: int
    action: ModerationAction


# The intents a button can stand for. Each declares `button_code`, the letter its payload starts
# with (core.callbacks reads it from every member, so mypy refuses a member without one); its
# fields go on the wire in declaration order, so they are never reordered.
ParticipantButton = (
    ListConsultations
    | Join
    | Resume
    | ShowParagraph
    | CastVote
    | StartComment
    | CancelComment
    | SkipReason
    | ShowComments
    | VoteOnComment
    | ShowProgress
    | ShowOverview
    | ShowReading
    | ShowStatistics
    | SetMuted
    | Leave
    | ShowHelp
    | ConfirmForget
    | ReportComment
    | DeleteComment
    | OpenCommentMenu
    | AmendmentButton
)
OrganiserButton = ConfirmDraft | DiscardDraft | ShowReviewQueue | ModerateComment | DecideAmendment
ButtonIntent = ParticipantButton | OrganiserButton

ParticipantIntent = (
    ParticipantButton
    | SubmitComment
    | SubmitWording
    | FreeText
    | Cancel
    | ExportMyData
    | ForgetMe
    | SetDigests
)

OrganiserIntent = (
    OrganiserButton
    | StartDraft
    | OfferDocument
    | ImportDocument
    | CreateConsultation
    | OpenConsultation
    | CloseConsultation
    | CreateInvitation
    | ShowFullStatistics
    | MarkParagraph
    | ShowDashboardLink
    | BroadcastParagraphs
    | ShowDeliveryReport
    | CancelBroadcast
    | RememberPost
    | LinkChannel
    | PostParagraph
)

Intent = ParticipantIntent | OrganiserIntent
