"""Open data: the vote records an export streams, the orders that read them, the pseudonyms.

Votes are read in pages (keyset by id: each page its own short unit of work), so exporting a
million of them holds neither a million objects nor SQLite's writer for the whole export.

Pseudonyms: `p-` and 16 hex digits of HMAC-SHA256 keyed with a random secret kept per
consultation (`OpenDataRepository.pseudonym_key`, made at its first export) over the
participant's row id. The same person keeps their id from one export of a consultation to the
next, gets another in every other consultation, and nobody who knows or can list platform ids
or row ids can recompute it without the key, which never leaves the database and the core.
"""

import builtins
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.model import Choice, Platform
from core.orders import ConsultationExport, Order

# Rows a page holds: big enough that a million votes take a hundred trips, small enough that a
# page costs a few megabytes.
PAGE_SIZE = 10_000


@dataclass(frozen=True, slots=True, kw_only=True)
class VoteRecord:
    """A vote row as the export reads it; `id` orders the pages.

    A current vote: `first_cast_at` is when the person first voted on the paragraph (their
    history, or the vote itself once the history is forgotten), `cast_at` when they cast the
    choice that stands. A history event: both are when it was cast. `reason_comment_id`: the
    comment given as the reason for a current Disagree.
    """

    id: int
    paragraph_id: int
    participant_id: int
    choice: Choice
    cast_at: datetime
    first_cast_at: datetime
    reason_comment_id: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ExportParticipant:
    """Someone who took part (joined, voted or commented), first seen at `first_seen`."""

    id: int
    platform: Platform
    first_seen: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenDataExport:
    """What an open-data export holds besides its votes (those are read page by page).

    `participants` run in the order they were first seen; `pseudonyms` maps their row ids to
    their ids in the files.
    """

    export: ConsultationExport
    participants: tuple[ExportParticipant, ...]
    pseudonyms: Mapping[int, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class CollectOpenData(Order[OpenDataExport]):
    """The export of `CollectExport`, plus the participants and their pseudonyms."""

    slug: str
    organiser: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadVotePage(Order[tuple[VoteRecord, ...]]):
    """The page of votes after the last one read (`after_participant`, `after_id`).

    Current votes come by participant, then id, so one person's votes are read together;
    `history`: every vote cast, by id (`after_participant` plays no part).
    """

    slug: str
    after_participant: int = 0
    after_id: int = 0
    limit: int = PAGE_SIZE
    history: bool = False


class OpenDataRepository(Protocol):
    """The reads of open-data exports, and the key of their pseudonyms."""

    async def pseudonym_key(self, consultation_id: int) -> bytes:
        """The consultation's secret pseudonym key, made (randomly) the first time it is asked."""
        ...

    async def participants(self, consultation_id: int) -> builtins.list[ExportParticipant]:
        """Everyone who joined, voted or commented, by first seen, then row id."""
        ...

    async def votes_after(
        self, consultation_id: int, after_participant: int, after_id: int, limit: int
    ) -> builtins.list[VoteRecord]:
        """Current votes after (`after_participant`, `after_id`), by participant, then id."""
        ...

    async def vote_events_after(
        self, consultation_id: int, after_id: int, limit: int
    ) -> builtins.list[VoteRecord]:
        """Every vote cast (the history) with an id above `after_id`, by id."""
        ...


def pseudonym(key: bytes, participant_id: int) -> str:
    """The participant's id in this consultation's exports (see the module docstring)."""
    digest = hmac.new(key, str(participant_id).encode("ascii"), hashlib.sha256).hexdigest()
    return f"p-{digest[:16]}"
