"""Amendments: a participant's proposed new wording of one paragraph, and paragraph versions.

An amendment is written in two steps (the person sends the wording, sees the diff, confirms):
`pending` until confirmed, then `proposed`, shown under its paragraph and voted on with
agree / disagree like a paragraph. An organiser `accepted` or `rejected` it; a moderator may
have `hidden` it. Accepting makes its wording the paragraph's next version: the versions are
kept, each with the tally it had when it was superseded, and the new one starts from zero.
"""

import builtins
import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.errors import InvalidComment
from core.model import Choice
from core.text import clean_comment

# The longest wording accepted: a paragraph of a legal text is rarely longer than this.
MAX_WORDING_LENGTH = 4000


class AmendmentState(enum.StrEnum):
    """Where an amendment is in its life."""

    # Sent but not confirmed yet: seen by its author alone, on the confirmation screen.
    PENDING = "pending"
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    # Hidden by a moderator: neither listed nor counted.
    HIDDEN = "hidden"

    @property
    def decided(self) -> bool:
        """Accepted or rejected: no more votes, no second decision."""
        return self in (AmendmentState.ACCEPTED, AmendmentState.REJECTED)


@dataclass(frozen=True, slots=True, kw_only=True)
class Amendment:
    """A proposed wording of a paragraph, with the text it was proposed against."""

    id: int
    consultation_id: int
    paragraph_id: int
    participant_id: int
    author_name: str
    # The paragraph's version number and text when the wording was sent: the diff's left side.
    base_version: int
    base_text: str
    body: str
    state: AmendmentState
    created_at: datetime
    decided_at: datetime | None = None
    agree: int = 0
    disagree: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class NewAmendment:
    """A wording that passed validation and waits to be stored, pending confirmation."""

    consultation_id: int
    paragraph_id: int
    participant_id: int
    base_version: int
    base_text: str
    body: str
    created_at: datetime
    # The platform message that carried it: delivered again, it stores nothing new.
    idempotency_key: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphVersion:
    """One wording a paragraph had; the latest is its current text.

    `agree` and `disagree` are the votes it had when the next version replaced it (the
    current version's live figures are the paragraph's tally). Version 1 is the imported
    text and has no amendment.
    """

    paragraph_id: int
    number: int
    text: str
    amendment_id: int | None
    created_at: datetime
    agree: int = 0
    disagree: int = 0


def clean_wording(body: str, current: str) -> str:
    """The wording as it will be stored, or InvalidComment saying what is wrong with it."""
    try:
        wording = clean_comment(body)
    except InvalidComment as error:
        raise InvalidComment(error.message.replace("A comment", "A wording")) from error
    if len(wording) > MAX_WORDING_LENGTH:
        raise InvalidComment(
            f"A wording can be at most {MAX_WORDING_LENGTH} characters; "
            f"this one has {len(wording)}."
        )
    if wording.split() == current.split():
        raise InvalidComment("This wording is the same as the current text: nothing to change.")
    return wording


class AmendmentRepository(Protocol):
    """Amendments, their votes, the paragraphs' versions, and the "awaiting a wording" prompt."""

    async def add(self, new: NewAmendment) -> tuple[Amendment, bool]:
        """Store a pending amendment unless its idempotency key was seen; True if created now.

        The author's other pending amendments are dropped: one chat confirms one at a time.
        """
        ...

    async def get(self, amendment_id: int) -> Amendment | None: ...

    async def find_by_key(self, participant_id: int, idempotency_key: str) -> Amendment | None:
        """The amendment this participant sent with this idempotency key, if any."""
        ...

    async def set_state(
        self, amendment_id: int, state: AmendmentState, *, expected: AmendmentState, now: datetime
    ) -> bool:
        """Move it to `state` only if it is still in `expected`; True if this call did."""
        ...

    async def delete_pending(self, amendment_id: int) -> bool:
        """Drop an unconfirmed amendment; False if it is not pending (any more)."""
        ...

    async def for_paragraph(
        self, paragraph_id: int, states: frozenset[AmendmentState]
    ) -> builtins.list[Amendment]:
        """The paragraph's amendments in these states, oldest first, with their votes."""
        ...

    async def counts(self, consultation_id: int) -> dict[int, int]:
        """Proposed amendments by paragraph id (paragraphs without any are left out)."""
        ...

    async def list(self, consultation_id: int) -> builtins.list[Amendment]:
        """Every confirmed amendment (not pending), by paragraph position then id."""
        ...

    async def vote(
        self, amendment_id: int, participant_id: int, choice: Choice, now: datetime
    ) -> bool:
        """Make `choice` this person's vote on the amendment; False if it already was."""
        ...

    async def vote_of(self, amendment_id: int, participant_id: int) -> Choice | None: ...

    async def await_wording(
        self, participant_id: int, consultation_id: int, paragraph_id: int | None
    ) -> None:
        """Remember that the person's next message is a wording of this paragraph (None: not)."""
        ...

    async def awaited_wording(self, participant_id: int) -> tuple[int, int] | None:
        """(consultation id, paragraph id) whose wording the person was asked for, if any."""
        ...

    async def voters(self, paragraph_id: int) -> builtins.list[int]:
        """The participants with a current vote on the paragraph, by id."""
        ...

    async def versions(self, paragraph_id: int) -> builtins.list[ParagraphVersion]:
        """The paragraph's versions, oldest first; empty while it has only its imported text."""
        ...

    async def history(self, consultation_id: int) -> dict[int, builtins.list[ParagraphVersion]]:
        """The versions of every amended paragraph of the consultation, by paragraph id."""
        ...

    async def adopt(self, amendment: Amendment, now: datetime) -> ParagraphVersion:
        """Make the amendment's wording the paragraph's next version.

        Keeps the version it replaces with its tally, empties the paragraph's current votes
        and tally (the new text starts afresh; the vote history stays), marks the amendment
        accepted and gives the consultation a new content revision.
        """
        ...
