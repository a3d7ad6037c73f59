"""What to show, described without any platform: front ends render these natively.

Texts from documents and people arrive here raw; escaping is the renderer's job because each
platform escapes differently. Buttons carry the intent they stand for, so a front end only has
to encode it (see core.callbacks) and lay the rows out.
"""

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

from core.intents import Intent
from core.model import Choice
from core.statistics import ConsultationStatistics


class Tone(enum.StrEnum):
    """How a notice should feel: renderers may pick an icon or colour from it."""

    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class ButtonStyle(enum.StrEnum):
    """Emphasis for a button where the platform supports it."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True, slots=True, kw_only=True)
class Button:
    """A labelled button standing for an intent."""

    label: str
    intent: Intent
    style: ButtonStyle = ButtonStyle.DEFAULT


ButtonRows: TypeAlias = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Notice:
    """A short message: a confirmation, a refusal, a hint."""

    text: str
    tone: Tone = Tone.INFO
    buttons: ButtonRows = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationSummary:
    """A consultation as introduced to a participant."""

    consultation_id: int
    slug: str
    title: str
    description: str
    paragraph_count: int
    closes_at: datetime
    deadline: str
    accepting: bool
    opens: str | None = None  # "Opens 12 Dec 2026, 09:00 UTC" until it has opened


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsultationList:
    """The consultations one can join, each with a button."""

    consultations: tuple[ConsultationSummary, ...]
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class Welcome:
    """The card shown on joining: what this is, how long it runs, a Start button."""

    consultation: ConsultationSummary
    voted: int
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class Opened:
    """Pushed to a linked group or channel when the consultation opens on its calendar."""

    consultation: ConsultationSummary
    join_payload: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Tally:
    """A paragraph's figures, shown only where the results visibility allows."""

    agree: int
    disagree: int
    agreement_pct: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphCard:
    """One paragraph with its place in the document and the person's own vote."""

    consultation_id: int
    consultation_title: str
    paragraph_id: int
    label: str
    position: int
    total: int
    section: str | None
    text: str
    choice: Choice | None
    comment_count: int
    tally: Tally | None
    accepting: bool
    buttons: ButtonRows
    opens: str | None = None  # "Opens 12 Dec 2026, 09:00 UTC" until it has opened
    closed: str | None = None  # "Closed on 15 Feb 2027 — final result: 72% agree"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finished:
    """Every released paragraph has a vote from this person.

    `held` paragraphs are not released yet; `next_release` says when the next one opens.
    """

    consultation_id: int
    title: str
    voted: int
    total: int
    deadline: str
    buttons: ButtonRows
    held: int = 0
    next_release: str | None = None

    @property
    def scope(self) -> str:
        """What `voted` and `total` count: `released paragraph` while a drip holds some back.

        A noun for core.wording: `counted(total, scope)` says `1 paragraph`, `3 paragraphs`.
        """
        return "released paragraph" if self.held else "paragraph"


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteRecorded:
    """A committed vote: a toast, the card redrawn with the choice, then what comes next."""

    toast: str
    card: ParagraphCard
    next: ParagraphCard | Finished


@dataclass(frozen=True, slots=True, kw_only=True)
class CardClosed:
    """A vote pressed after the close: nothing stored; the card redrawn without buttons.

    The card's `closed` line gives the final result where the results may be shown.
    """

    toast: str
    card: ParagraphCard


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentItem:
    """One comment in a list; `depth` is 0 for a comment and 1 and more for replies."""

    comment_id: int
    author: str
    body: str
    created_at: datetime
    up: int
    down: int
    depth: int
    parent_id: int | None
    buttons: tuple[Button, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplyReceived:
    """Pushed to a comment's author: someone replied to it (`comment` is what they wrote)."""

    consultation_id: int
    title: str
    label: str
    comment: str
    reply: CommentItem
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentPrompt:
    """Ask the person to send their comment (or reply) as their next message."""

    consultation_id: int
    paragraph_id: int
    label: str
    text: str
    replying_to: CommentItem | None
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentPosted:
    """A committed comment or reply."""

    toast: str
    comment: CommentItem
    label: str
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentVoted:
    """A committed vote on a comment, with the comment's new counts."""

    toast: str
    comment: CommentItem


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentList:
    """A page of a paragraph's comments, best first, replies under their comment."""

    consultation_id: int
    paragraph_id: int
    label: str
    comments: tuple[CommentItem, ...]
    page: int
    page_count: int
    total: int
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class Progress:
    """How far one person is in one consultation; `reminder` when it was pushed unasked.

    `voted` and `total` count released paragraphs; `held` ones are not released yet.
    """

    consultation_id: int
    title: str
    voted: int
    total: int
    comments: int
    deadline: str
    muted: bool
    buttons: ButtonRows
    reminder: bool = False
    held: int = 0

    @property
    def scope(self) -> str:
        """What `voted` and `total` count: `released paragraph` while a drip holds some back.

        A noun for core.wording: `counted(total, scope)` says `1 paragraph`, `3 paragraphs`.
        """
        return "released paragraph" if self.held else "paragraph"


@dataclass(frozen=True, slots=True, kw_only=True)
class Overview:
    """A person's consultations, most recently active first, each with its progress."""

    consultations: tuple[Progress, ...]
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class StatisticsReport:
    """The consultation's figures; `every_paragraph` asks for each paragraph's too (organisers)."""

    consultation_id: int
    title: str
    deadline: str
    statistics: ConsultationStatistics
    buttons: ButtonRows = ()
    every_paragraph: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Question:
    """Ask for a typed answer (front ends open the reply box where they can)."""

    text: str
    placeholder: str
    buttons: ButtonRows = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DraftReview:
    """A consultation being created from chat, shown for the organiser to confirm."""

    consultation_id: int
    slug: str
    title: str
    sections: int
    paragraphs: int
    deadline: str
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class InvitationCreated:
    """A new invitation; front ends turn the token into their deep link."""

    consultation_id: int
    slug: str
    title: str
    token: str
    uses: int | None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelPost:
    """A paragraph as posted to a group or channel: shared vote buttons, no personal state."""

    card: ParagraphCard
    join_payload: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PostEdit:
    """A post already in a group or channel, redrawn: `message_ref` names the message."""

    message_ref: str
    post: ChannelPost


@dataclass(frozen=True, slots=True, kw_only=True)
class HelpEntry:
    """One thing a person can do; `action` is the neutral command name (`progress`)."""

    action: str
    description: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Help:
    """What a person can do, for the front end to phrase in its own command syntax."""

    entries: tuple[HelpEntry, ...] = field(default=())


Screen = (
    Notice
    | ConsultationList
    | Welcome
    | Opened
    | ParagraphCard
    | Finished
    | VoteRecorded
    | CardClosed
    | CommentPrompt
    | CommentPosted
    | CommentVoted
    | CommentList
    | ReplyReceived
    | Progress
    | Overview
    | StatisticsReport
    | Question
    | DraftReview
    | InvitationCreated
    | ChannelPost
    | PostEdit
    | Help
)
