"""Repositories of the consultation's records: documents, people, contributions, figures.

Each is a Protocol implemented in storage/ (SQL) and tests/fakes/ (in memory); one contract
suite runs on both. Every method that writes leaves committing to the unit of work.
"""

import builtins
from collections.abc import Collection
from datetime import datetime
from typing import Protocol

from core.content import ConsultationContent
from core.delivery import Recipient
from core.documents import Document
from core.model import (
    Channel,
    ChannelRef,
    Choice,
    Comment,
    CommentState,
    Consultation,
    Draft,
    Enrolment,
    Invitation,
    NewComment,
    NewConsultation,
    Paragraph,
    ParagraphOrder,
    ParagraphStatus,
    Participant,
    ParticipantRef,
    Section,
    Status,
    Vote,
)
from core.personal_data import PersonalRecords
from core.statistics import DailyActivity, DisagreementReason, LatestComment, ParagraphTally


class ConsultationRepository(Protocol):
    """Consultations with their sections; `add` stores the whole document at once."""

    async def add(self, new: NewConsultation, document: Document) -> Consultation: ...

    async def get(self, consultation_id: int) -> Consultation | None: ...

    async def get_by_slug(self, slug: str) -> Consultation | None: ...

    async def get_by_request_key(self, key: str) -> Consultation | None:
        """The consultation that the request named `key` created (see NewConsultation)."""
        ...

    async def list(self, statuses: frozenset[Status] | None = None) -> builtins.list[Consultation]:
        """Consultations in the given states (all if None), by opening time, then id."""
        ...

    async def set_status(self, consultation_id: int, status: Status, *, expected: Status) -> bool:
        """Change the status only if it is still `expected`; True if it changed."""
        ...

    async def mark_opening_announced(self, consultation_id: int) -> bool:
        """Record that the opening is announced, only if it was not; True if this call did."""
        ...

    async def set_calendar(
        self, consultation_id: int, *, opens_at: datetime, closes_at: datetime
    ) -> None: ...

    async def mark_simulated(self, consultation_id: int) -> bool:
        """Mark it as holding simulated data, only if it was not; True if this call did."""
        ...

    async def set_title(self, consultation_id: int, title: str) -> None: ...

    async def set_order(self, consultation_id: int, order: ParagraphOrder) -> None:
        """Choose which unvoted paragraph its participants are shown next."""
        ...

    async def delete(self, consultation_id: int) -> None:
        """Remove a consultation with everything that belongs to it (a discarded draft)."""
        ...

    async def section(self, section_id: int) -> Section | None: ...

    async def sections(self, consultation_id: int) -> builtins.list[Section]:
        """Sections in document order."""
        ...


class ParagraphRepository(Protocol):
    """The numbered paragraphs of a consultation; positions run 1..n in document order."""

    async def get(self, paragraph_id: int) -> Paragraph | None: ...

    async def at_position(self, consultation_id: int, position: int) -> Paragraph | None: ...

    async def neighbours(
        self, consultation_id: int, position: int
    ) -> tuple[Paragraph | None, Paragraph | None]:
        """The paragraphs just before and just after `position` (None at either end)."""
        ...

    async def count(self, consultation_id: int) -> int: ...

    async def list(self, consultation_id: int) -> builtins.list[Paragraph]:
        """All paragraphs in document order."""
        ...

    async def set_status(self, paragraph_id: int, status: ParagraphStatus) -> bool:
        """Set a paragraph's status; True if it changed.

        A change gives the paragraph's consultation a new content revision (core.content):
        the status is part of what its cards show, and content is cached by revision.
        """
        ...

    async def content(self, consultation: Consultation) -> ConsultationContent:
        """The paragraphs and headings `consultation.content_revision` names.

        May come from a cache of earlier reads: the revision, read in this transaction with
        the consultation, is what makes that correct with any number of processes.
        """
        ...


class ParticipantRepository(Protocol):
    """People, one row per platform identity."""

    async def get_or_add(
        self, ref: ParticipantRef, display_name: str, *, consultation_id: int | None = None
    ) -> Participant:
        """The participant with this identity, created if new; the display name is refreshed.

        `consultation_id` names the consultation the caller reads next (`consultations.get`):
        a database may read it in the same round trip.
        """
        ...

    async def find(self, ref: ParticipantRef) -> Participant | None: ...

    async def get(self, participant_id: int) -> Participant | None: ...

    async def set_reachable(self, participant_id: int, reachable: bool) -> None: ...


class EnrolmentRepository(Protocol):
    """Who joined which consultation, with their cursor and conversation state."""

    async def get(self, consultation_id: int, participant_id: int) -> Enrolment | None: ...

    async def get_many(
        self, consultation_id: int, participant_ids: Collection[int]
    ) -> dict[int, Enrolment]:
        """The enrolments of these participants that exist, by participant id."""
        ...

    async def save(self, enrolment: Enrolment) -> None:
        """Insert the enrolment or overwrite the stored one with the same key."""
        ...

    async def latest(self, participant_id: int) -> Enrolment | None:
        """The active enrolment the participant was last seen in."""
        ...

    async def awaiting_comment(self, participant_id: int) -> Enrolment | None:
        """The active enrolment in which the participant was asked for a comment, if any."""
        ...

    async def active_for(self, participant_id: int) -> list[Enrolment]:
        """The participant's active enrolments, most recently seen first."""
        ...

    async def count(self, consultation_id: int) -> int:
        """Active enrolments."""
        ...

    async def recipients(
        self, consultation_id: int, *, including_muted: bool = False
    ) -> builtins.list[Recipient]:
        """Reachable participants with an active enrolment who have not muted it, by id.

        `including_muted` adds those who muted it (the closing summary is for everyone who
        took part). The address is the platform's user id: front ends find the direct chat.
        """
        ...


class VoteRepository(Protocol):
    """Current votes, one per participant and paragraph, plus every earlier vote as history."""

    async def get(self, paragraph_id: int, participant_id: int) -> Vote | None: ...

    async def record(self, vote: Vote) -> Choice | None:
        """Make `vote` the current one, append it to the history, count it in the tally.

        Returns the choice it replaced, None for a first vote. If that is `vote.choice`,
        nothing is written. Concurrent calls for the same person and paragraph count once.
        """
        ...

    async def set_reason(self, paragraph_id: int, participant_id: int, comment_id: int) -> bool:
        """Mark the comment as the reason for this participant's current Disagree.

        False (nothing written) when their current vote is not a Disagree. Changing the vote
        drops the mark (`record`); the comment stays.
        """
        ...

    async def history(self, paragraph_id: int, participant_id: int) -> builtins.list[Vote]:
        """Every vote this participant cast on this paragraph, oldest first."""
        ...

    async def choices(self, consultation_id: int, participant_id: int) -> dict[int, Choice]:
        """The participant's current votes by paragraph id."""
        ...

    async def choices_on(
        self, paragraph_id: int, participant_ids: Collection[int]
    ) -> dict[int, Choice]:
        """These participants' current votes on one paragraph, by participant id."""
        ...

    async def count_by(self, consultation_id: int, participant_id: int) -> int: ...

    async def first_unvoted(
        self,
        consultation_id: int,
        participant_id: int,
        *,
        after_position: int,
        skipping: frozenset[int] = frozenset(),
    ) -> Paragraph | None:
        """The first paragraph after `after_position` this participant has not voted on.

        Paragraph ids in `skipping` (those not released yet) are left out.
        """
        ...

    async def list(self, consultation_id: int) -> builtins.list[Vote]:
        """Every current vote, for exports; ordered by paragraph position then time."""
        ...


class CommentRepository(Protocol):
    """Comments and replies with their up/down votes, each in a `CommentState`.

    The public reads (counts, threads, replies; the tallies' counters and the latest comments
    in StatisticsRepository) see published comments only. A comment that is not published but
    has a published reply below it (at any depth) is still listed by `threads` and `replies`,
    in its state, so the reply keeps its place: the core shows it as a placeholder.
    """

    async def add(self, new: NewComment) -> tuple[Comment, bool]:
        """Store the comment unless the author already sent one with the same idempotency key.

        Returns the stored comment and whether it was created now.
        """
        ...

    async def get(self, comment_id: int) -> Comment | None: ...

    async def find_by_key(self, participant_id: int, idempotency_key: str) -> Comment | None:
        """The comment this participant sent with this idempotency key, if any."""
        ...

    async def set_state(self, comment_id: int, state: CommentState) -> CommentState | None:
        """Put the comment in `state`; returns the state it had (None: no such comment).

        Its paragraph's comment counter follows in the same transaction (a comment leaving
        `published` no longer counts, one coming back counts again). A comment put in an
        erased state (deleted, removed) loses its text for good.
        """
        ...

    async def count_for_paragraph(self, paragraph_id: int) -> int:
        """Published comments and replies."""
        ...

    async def count_by(self, consultation_id: int, participant_id: int) -> int:
        """The participant's comments and replies whose text is kept (not deleted or removed)."""
        ...

    async def commented_paragraphs(self, consultation_id: int, participant_id: int) -> set[int]:
        """The paragraphs the participant commented on, with a comment whose text is kept."""
        ...

    async def count_threads(self, paragraph_id: int) -> int:
        """Top-level comments `threads` lists."""
        ...

    async def threads(
        self, paragraph_id: int, *, limit: int, offset: int
    ) -> builtins.list[Comment]:
        """Top-level comments, best first: score descending, then oldest first.

        Published ones, and the others that have a published reply below them.
        """
        ...

    async def replies(self, parent_ids: builtins.list[int]) -> builtins.list[Comment]:
        """Direct replies to these comments, oldest first (listed as `threads` lists)."""
        ...

    async def set_vote(self, comment_id: int, participant_id: int, value: int) -> None:
        """Vote +1 or -1 on a comment; 0 withdraws the vote."""
        ...

    async def vote_of(self, comment_id: int, participant_id: int) -> int:
        """+1, -1, or 0 when the participant has not voted on this comment."""
        ...

    async def list(self, consultation_id: int) -> builtins.list[Comment]:
        """Every comment in every state, for exports; by paragraph position, then time."""
        ...


class InvitationRepository(Protocol):
    """Invitation tokens."""

    async def add(
        self, consultation_id: int, token: str, uses_left: int | None, created_at: datetime
    ) -> Invitation: ...

    async def get_by_token(self, token: str) -> Invitation | None: ...

    async def use(self, invitation_id: int) -> bool:
        """Spend one use if any is left (unlimited invitations always succeed)."""
        ...


class OrganiserRepository(Protocol):
    """Who may run organiser commands from chat."""

    async def add(self, ref: ParticipantRef) -> bool:
        """True if added, False if they already were an organiser."""
        ...

    async def is_organiser(self, ref: ParticipantRef) -> bool: ...

    async def list(self) -> builtins.list[ParticipantRef]: ...


class ChannelRepository(Protocol):
    """Groups and channels linked to consultations; a chat follows one consultation at a time."""

    async def link(
        self, ref: ChannelRef, title: str, consultation_id: int, now: datetime
    ) -> Channel:
        """Link the chat to the consultation, replacing an earlier link (cursor back to 0)."""
        ...

    async def get(self, ref: ChannelRef) -> Channel | None: ...

    async def list_for(self, consultation_id: int) -> builtins.list[Channel]:
        """The chats following this consultation, by id."""
        ...

    async def set_cursor(self, channel_id: int, cursor: int, key: str | None = None) -> None:
        """Record the last paragraph posted, and the request that posted it."""
        ...

    async def move(self, ref: ChannelRef, new_chat_id: str) -> bool:
        """The chat got a new id (a Telegram group became a supergroup); False if unknown."""
        ...

    async def unlink(self, ref: ChannelRef) -> bool: ...


class DraftRepository(Protocol):
    """Consultations being created from chat, one per organiser."""

    async def get(self, organiser: ParticipantRef, *, for_update: bool = False) -> Draft | None:
        """The organiser's draft; `for_update` holds it until the unit of work ends.

        Two deliveries of one message then take turns (PostgreSQL: SELECT ... FOR UPDATE).
        """
        ...

    async def save(self, draft: Draft) -> None:
        """Insert or replace the organiser's draft."""
        ...

    async def delete(self, organiser: ParticipantRef) -> None: ...

    async def untouched_since(self, moment: datetime) -> list[Draft]:
        """The drafts last saved before `moment`."""
        ...


class StatisticsRepository(Protocol):
    """Aggregates computed by the database, never by loading every vote."""

    async def tallies(self, consultation_id: int) -> list[ParagraphTally]:
        """One tally per paragraph, in document order, zeros included."""
        ...

    async def tally(self, paragraph_id: int) -> ParagraphTally | None:
        """The tally of one paragraph (None if it does not exist)."""
        ...

    async def contributors(self, consultation_id: int) -> int:
        """Distinct participants who voted or have a published comment."""
        ...

    async def latest_comments(self, consultation_id: int, limit: int) -> list[LatestComment]:
        """The newest published comments and replies first."""
        ...

    async def disagreement_reasons(self, consultation_id: int) -> list[DisagreementReason]:
        """The reasons marked on current Disagrees, by paragraph position, then oldest first."""
        ...

    async def participants_with_unvoted(self, consultation_id: int) -> list[int]:
        """Active enrolments that still have a paragraph without their vote."""
        ...

    async def activity_by_day(
        self, consultation_id: int, *, since: datetime | None = None
    ) -> list[DailyActivity]:
        """Participation per UTC day, in order; days without any activity are omitted.

        Each current vote counts once, on the day it was first cast: the earliest entry of its
        history (a changed vote is not a new vote), or its own time when the history is gone
        (a forgotten person's). So the votes of all days add up to the consultation's votes.
        Comments are the published comments and replies created that day; new participants
        are the people whose first vote in the consultation was that day. `since` counts only
        what happened at or after that moment (a vote first cast, a comment written, a person's
        very first vote), so the day of `since` holds only its part after that moment.
        """
        ...


class PersonalDataRepository(Protocol):
    """Everything stored about one person, gathered for them (`/mydata`)."""

    async def gather(self, participant: Participant) -> PersonalRecords:
        """Their enrolments, votes with history, comments, comment votes, pushes, reminders."""
        ...

    async def erase(self, participant: Participant) -> None:
        """Forget the person, keeping only what the figures count, anonymously.

        The row takes `forgotten_ref(participant)`, an empty name and is unreachable; their
        enrolments, planned reminders and vote history are deleted; the pushes addressed to
        them are skipped if not sent yet and lose their address. Their current votes and
        comment votes stay (counted); their comments are the caller's (CommentRepository).
        """
        ...
