"""Screens of amendments: the wording prompt, the diff to confirm, a paragraph's wordings."""

from dataclasses import dataclass

from core.amendments import AmendmentState
from core.diffs import Diff
from core.model import Choice
from core.screens.elements import ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class WordingPrompt:
    """Ask for the new wording of a paragraph as the person's next message.

    `current` is the paragraph's text, to copy and edit.
    """

    consultation_id: int
    paragraph_id: int
    label: str
    text: str
    current: str
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class WordingReview:
    """The wording just sent, as a word diff against the current text, to confirm or cancel."""

    consultation_id: int
    paragraph_id: int
    amendment_id: int
    label: str
    text: str
    diff: Diff
    buttons: ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class AmendmentItem:
    """One suggested wording in a list: its diff, votes, state and the reader's own vote."""

    amendment_id: int
    author: str
    diff: Diff
    agree: int
    disagree: int
    state: AmendmentState
    choice: Choice | None
    buttons: ButtonRows
    # Suggested against an earlier version of the paragraph: it can no longer be accepted.
    outdated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class AmendmentList:
    """A paragraph's suggested wordings (proposed first, then decided), with a Suggest button."""

    consultation_id: int
    paragraph_id: int
    label: str
    text: str
    items: tuple[AmendmentItem, ...]
    buttons: ButtonRows
