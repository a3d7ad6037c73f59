"""Screens of taking part: the consultations, a paragraph card, what a vote returns, progress."""

from dataclasses import dataclass
from datetime import datetime

from core.intents import ShowParagraph
from core.model import Choice
from core.screens.discussion import CommentPrompt
from core.screens.elements import Button, ButtonRows


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
    # A Disagree that counts only once its reason is given: "Your Disagree counts once ..."
    waiting: str | None = None
    # Organisers decided the paragraph: "Decided: this text is final ..." (no vote buttons).
    decided: str | None = None


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
    """A committed vote: a toast, the card redrawn with the choice, then what comes next.

    `reason` asks what the person would change, after a Disagree: front ends show it instead
    of `next`, which comes once the reason is given or skipped.
    """

    toast: str
    card: ParagraphCard
    next: ParagraphCard | Finished
    reason: CommentPrompt | None = None

    @property
    def revisit(self) -> Button | None:
        """Back to the paragraph just voted on, to change the vote, where `next` replaces its card.

        None when `next` has a button there already (the Back button of the paragraph after).
        """
        back = ShowParagraph(
            consultation_id=self.card.consultation_id, paragraph_id=self.card.paragraph_id
        )
        if any(button.intent == back for row in self.next.buttons for button in row):
            return None
        return Button(label=f"↩ Change {self.card.label}", intent=back)


@dataclass(frozen=True, slots=True, kw_only=True)
class CardClosed:
    """A vote refused on an old card: nothing stored; the card redrawn without vote buttons.

    Pressed after the close, or on a paragraph decided since. The card's `closed` line gives
    the final result where the results may be shown.
    """

    toast: str
    card: ParagraphCard


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
