"""What a person asks of amendments: suggest a wording, confirm it, list, vote, decide.

The typed wording itself arrives as a FreeText (core.intents) once SuggestWording asked for
it, or directly in SuggestWording's `body` where the front end has it already (the
terminal's `suggest TEXT`, a Slack modal). Button codes start with `a`.
"""

from dataclasses import dataclass
from typing import ClassVar

from core.model import Choice


@dataclass(frozen=True, slots=True, kw_only=True)
class SuggestWording:
    """Propose a new wording of a paragraph: ask for it, or take `body` as it."""

    button_code: ClassVar[str] = "as"
    consultation_id: int
    paragraph_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class SubmitWording:
    """The new wording of a paragraph, sent with it (no prompt first); shown for confirmation.

    `idempotency_key` names the platform message, so a redelivery stores nothing new.
    """

    consultation_id: int
    paragraph_id: int
    body: str
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfirmWording:
    """Publish the pending wording the person just saw as a diff."""

    button_code: ClassVar[str] = "ac"
    consultation_id: int
    amendment_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelWording:
    """Drop the pending wording, or stop waiting for one (no amendment id yet)."""

    button_code: ClassVar[str] = "ax"
    consultation_id: int
    amendment_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ShowAmendments:
    """The suggested wordings of a paragraph, each with its diff, votes and buttons."""

    button_code: ClassVar[str] = "al"
    consultation_id: int
    paragraph_id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteOnAmendment:
    """Agree or disagree with a suggested wording; a later vote replaces an earlier one."""

    button_code: ClassVar[str] = "av"
    consultation_id: int
    amendment_id: int
    choice: Choice


@dataclass(frozen=True, slots=True, kw_only=True)
class DecideAmendment:
    """Organiser: accept (the paragraph takes the wording) or reject a suggested wording."""

    button_code: ClassVar[str] = "ad"
    consultation_id: int
    amendment_id: int
    accept: bool


AmendmentButton = (
    SuggestWording | ConfirmWording | CancelWording | ShowAmendments | VoteOnAmendment
)
