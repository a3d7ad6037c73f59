"""The consultation's values and the rules that need no I/O."""

import enum
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.errors import Closed, NotYetOpen
from core.wording import format_moment

# Telegram deep-link payloads allow 64 characters of A-Z a-z 0-9 _ -; tokens and slugs fit both.
PAYLOAD_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
SLUG_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
# Reminders go this long before a consultation closes, to those who have not finished.
DEFAULT_REMINDER_OFFSETS = (timedelta(days=7), timedelta(days=1), timedelta(hours=2))


class Status(enum.StrEnum):
    """Where a consultation is in its life."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class Privacy(enum.StrEnum):
    """Who may join: anyone, or only people holding an invitation."""

    PUBLIC = "public"
    PRIVATE = "private"


class ResultsVisibility(enum.StrEnum):
    """When participants may see the figures (organisers always may)."""

    LIVE = "live"
    AFTER_VOTE = "after-vote"
    AFTER_CLOSE = "after-close"


class Reasons(enum.StrEnum):
    """Whether a Disagree asks what the person would change, and whether it waits for that."""

    OFF = "off"
    OPTIONAL = "optional"
    # The Disagree counts only once its reason is given.
    REQUIRED = "required"


class ParagraphOrder(enum.StrEnum):
    """Which unvoted paragraph a participant is shown next (core.services.ordering)."""

    # The next one in the document, wrapping round.
    DOCUMENT = "document"
    # Drawn as Polis draws its next statement: the less seen and the more divisive first.
    SMART = "smart"


class ParagraphStatus(enum.StrEnum):
    """What organisers say about a paragraph: still put to the vote, or its text is final.

    `supported` is not one of them: it is computed from the votes (core.paragraph_status).
    """

    VOTING = "voting"
    # The text is final: the card says so, shows no vote buttons, and a vote is refused.
    DECIDED = "decided"


class ReadingFilter(enum.StrEnum):
    """Which paragraphs a participant asks to see, by the word they type after `next`."""

    VOTED = "voted"
    COMMENTED = "commented"
    CONTROVERSIAL = "controversial"
    SUPPORTED = "supported"
    DECIDED = "decided"
    MINE = "mine"

    @property
    def heading(self) -> str:
        return _TITLES[self]

    @property
    def reveals_figures(self) -> bool:
        """Whether the list itself tells how people voted (so the results visibility applies)."""
        return self in (ReadingFilter.VOTED, ReadingFilter.CONTROVERSIAL, ReadingFilter.SUPPORTED)


_TITLES = {
    ReadingFilter.VOTED: "Most voted",
    ReadingFilter.COMMENTED: "Most commented",
    ReadingFilter.CONTROVERSIAL: "Most controversial",
    ReadingFilter.SUPPORTED: "Supported",
    ReadingFilter.DECIDED: "Decided",
    ReadingFilter.MINE: "My contributions",
}


class Choice(enum.StrEnum):
    """A participant's position on a paragraph."""

    AGREE = "agree"
    DISAGREE = "disagree"


class CommentVote(enum.StrEnum):
    """What a press on a comment's vote button sets: up, down, or no vote at all."""

    UP = "up"
    DOWN = "down"
    NONE = "none"

    @property
    def score(self) -> int:
        """The stored value: 1 up, -1 down, 0 none."""
        return {"up": 1, "down": -1, "none": 0}[self.value]


class CommentState(enum.StrEnum):
    """Whether a comment is shown to the public, and if not, why."""

    PUBLISHED = "published"
    # Awaiting a moderator: the consultation is pre-moderated, or the word filter caught it.
    HELD = "held"
    # Hidden pending review (it reached the report threshold) or by a moderator.
    HIDDEN = "hidden"
    # Deleted by its author: its text is gone; with replies it stays as a placeholder.
    DELETED = "deleted"
    # Its author used /forget: its text is gone; with replies it stays as a placeholder.
    REMOVED = "removed"

    @property
    def erased(self) -> bool:
        """Whether the comment's text is no longer kept."""
        return self in (CommentState.DELETED, CommentState.REMOVED)


class Platform(enum.StrEnum):
    """The front ends a participant can come from."""

    TELEGRAM = "telegram"
    SLACK = "slack"
    TERMINAL = "terminal"
    # Simulated participants (`townhall demo-votes`): nobody to push to, never an organiser.
    DEMO = "demo"


# Platforms the outbox can push to. The terminal chat only answers the person typing, so its
# participants get no releases, reminders or summaries (they see them when they next look).
PUSH_PLATFORMS = frozenset({Platform.TELEGRAM, Platform.SLACK})


@dataclass(frozen=True, slots=True, kw_only=True)
class ParticipantRef:
    """Who a person is on one platform: workspace or tenant plus the platform's user id."""

    platform: Platform
    tenant: str
    external_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.tenant}:{self.external_id}"


class ActorKind(enum.StrEnum):
    """Who asks: a person in a chat, the organiser's command line, or townhall itself."""

    PERSON = "person"
    # Whoever runs `townhall` on the server can reach the database anyway: an organiser by
    # construction. Only the command line makes such an actor, never a chat front end.
    CLI = "cli"
    # The worker's sweeps and the platforms' lifecycle events (a person blocked the bot).
    SYSTEM = "system"


@dataclass(frozen=True, slots=True, kw_only=True)
class Actor:
    """The person behind an intent, as the front end knows them (or the CLI, or the system)."""

    ref: ParticipantRef
    display_name: str
    kind: ActorKind = ActorKind.PERSON


# The command line and the worker act under these; their refs name no participant.
CLI_ACTOR = Actor(
    ref=ParticipantRef(platform=Platform.TERMINAL, tenant="townhall", external_id="cli"),
    display_name="townhall",
    kind=ActorKind.CLI,
)
SYSTEM_ACTOR = Actor(
    ref=ParticipantRef(platform=Platform.TERMINAL, tenant="townhall", external_id="system"),
    display_name="townhall",
    kind=ActorKind.SYSTEM,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Consultation:
    """A draft document put to the public, with its calendar and settings."""

    id: int
    slug: str
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    status: Status
    privacy: Privacy
    results_visibility: ResultsVisibility
    reminder_offsets: tuple[timedelta, ...] = DEFAULT_REMINDER_OFFSETS
    # False until the opening has been announced to the linked chats (True: none is due).
    opening_announced: bool = True
    # Names the paragraphs and sections (core.content); a new one whenever they change.
    content_revision: str = ""
    reasons: Reasons = Reasons.OPTIONAL
    # Comments show no author's name to anyone, exports included (import --anonymous-comments).
    anonymous_comments: bool = False
    # Its votes and comments were made up by `townhall demo-votes`: every report says so.
    simulated: bool = False
    order: ParagraphOrder = ParagraphOrder.DOCUMENT

    def check_accepting(self, now: datetime) -> None:
        """Raise unless votes and comments are accepted at `now`."""
        if self.status is Status.CLOSED or now >= self.closes_at:
            raise Closed(
                f"“{self.title}” closed on {format_moment(self.closes_at)}; "
                "votes and comments are no longer accepted."
            )
        if self.status is Status.DRAFT:
            raise NotYetOpen(f"“{self.title}” has not been opened by its organisers yet.")
        if now < self.opens_at:
            raise NotYetOpen(
                f"“{self.title}” opens on {format_moment(self.opens_at)}; "
                "votes and comments are accepted from then."
            )

    def is_accepting(self, now: datetime) -> bool:
        return self.status is Status.OPEN and self.opens_at <= now < self.closes_at

    def is_closed(self, now: datetime) -> bool:
        return self.status is Status.CLOSED or now >= self.closes_at

    def phase(self, now: datetime) -> str:
        """`draft`, `scheduled` (open but before opens_at), `open` or `closed`."""
        if self.is_closed(now):
            return "closed"
        if self.status is Status.DRAFT:
            return "draft"
        return "open" if now >= self.opens_at else "scheduled"


@dataclass(frozen=True, slots=True, kw_only=True)
class NewConsultation:
    """What an organiser supplies to create a consultation."""

    slug: str
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    status: Status
    privacy: Privacy
    results_visibility: ResultsVisibility
    reminder_offsets: tuple[timedelta, ...] = DEFAULT_REMINDER_OFFSETS
    opening_announced: bool = True
    # The platform request (a submitted form) that asked for it: the same request again
    # creates nothing and gets the consultation it created.
    request_key: str | None = None
    reasons: Reasons = Reasons.OPTIONAL
    anonymous_comments: bool = False
    order: ParagraphOrder = ParagraphOrder.DOCUMENT


@dataclass(frozen=True, slots=True, kw_only=True)
class Section:
    """A heading of the document; paragraphs below it belong to it."""

    id: int
    consultation_id: int
    position: int
    heading: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """One numbered paragraph: the unit people vote and comment on."""

    id: int
    consultation_id: int
    section_id: int | None
    position: int
    number: int
    text: str
    status: ParagraphStatus = ParagraphStatus.VOTING

    @property
    def label(self) -> str:
        return f"P{self.number}"

    @property
    def decided(self) -> bool:
        return self.status is ParagraphStatus.DECIDED


@dataclass(frozen=True, slots=True, kw_only=True)
class Participant:
    """A person on one platform; `reachable` turns false when they block the bot."""

    id: int
    ref: ParticipantRef
    display_name: str
    reachable: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Enrolment:
    """A participant's place in one consultation: cursor and conversation state."""

    consultation_id: int
    participant_id: int
    cursor: int
    awaiting_paragraph_id: int | None
    awaiting_reply_to: int | None
    muted: bool
    active: bool
    joined_at: datetime
    last_seen_at: datetime
    # The awaited comment on `awaiting_paragraph_id` is the reason for the person's Disagree.
    awaiting_reason: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Vote:
    """A participant's current position on a paragraph (earlier ones are kept as history)."""

    consultation_id: int
    paragraph_id: int
    participant_id: int
    choice: Choice
    cast_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    """A comment on a paragraph, or a reply to another comment on the same paragraph."""

    id: int
    consultation_id: int
    paragraph_id: int
    participant_id: int
    author_name: str
    parent_id: int | None
    body: str
    created_at: datetime
    up: int = 0
    down: int = 0
    state: CommentState = CommentState.PUBLISHED

    @property
    def score(self) -> int:
        return self.up - self.down


@dataclass(frozen=True, slots=True, kw_only=True)
class NewComment:
    """A comment that passed validation and waits to be stored."""

    consultation_id: int
    paragraph_id: int
    participant_id: int
    parent_id: int | None
    body: str
    created_at: datetime
    idempotency_key: str | None
    state: CommentState = CommentState.PUBLISHED


@dataclass(frozen=True, slots=True, kw_only=True)
class ChannelRef:
    """A group chat or channel on one platform, where consultation posts can go."""

    platform: Platform
    tenant: str
    chat_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Channel:
    """A group or channel linked to a consultation; `cursor` is the last paragraph posted.

    `last_post_key` names the platform request that posted it, so that request redelivered
    posts the same paragraph again rather than the one after.
    """

    id: int
    ref: ChannelRef
    title: str
    consultation_id: int
    cursor: int
    linked_at: datetime
    last_post_key: str | None = None


class DraftStep(enum.StrEnum):
    """What an organiser creating a consultation from chat is asked for next."""

    DOCUMENT = "document"
    TITLE = "title"
    CLOSES = "closes"
    CONFIRM = "confirm"


@dataclass(frozen=True, slots=True, kw_only=True)
class Draft:
    """An organiser's consultation-in-the-making; the conversation state lives here."""

    organiser: ParticipantRef
    step: DraftStep
    consultation_id: int | None
    updated_at: datetime
    # The request key of the last answer the draft took: that message delivered again is not
    # taken as the answer to the next question.
    answer_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Invitation:
    """A token that admits people to a consultation, possibly a limited number of times."""

    id: int
    consultation_id: int
    token: str
    uses_left: int | None
    created_at: datetime

    @property
    def exhausted(self) -> bool:
        return self.uses_left is not None and self.uses_left <= 0
