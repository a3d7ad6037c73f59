"""Paragraphs a drip release still holds back, and cancelling a broadcast's releases.

Every broadcast records when each of its paragraphs is released (all at once, or one per
interval). Until the earliest of its release times a paragraph is held: nobody can open it,
vote on it or comment on it, and progress and reminders count only the released ones. A
paragraph that no broadcast names is not held. Cancelling a broadcast stops the releases still
ahead: their pushes are skipped, and the paragraphs no longer wait for a date that will never
come, so they open at once, without a push (an organiser who wants them pushed broadcasts them).
"""

from dataclasses import dataclass
from datetime import datetime

from core.errors import NotReleased
from core.model import Consultation, Paragraph
from core.paragraph_status import decided_ids
from core.ports import UnitOfWork
from core.wording import format_moment


@dataclass(frozen=True, slots=True, kw_only=True)
class Holds:
    """The paragraphs held back at one moment, each with the moment it opens."""

    opens: dict[int, datetime]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(self.opens)


@dataclass(frozen=True, slots=True, kw_only=True)
class Standing:
    """A participant's votes among the released paragraphs."""

    voted: int
    released: int
    held: int


async def current_holds(uow: UnitOfWork, consultation_id: int, now: datetime) -> Holds:
    """What is held back in the consultation now."""
    return Holds(opens=await uow.releases.held(consultation_id, now))


async def require_released(uow: UnitOfWork, paragraph: Paragraph, now: datetime) -> Holds:
    """Refuse a paragraph that is still held; returns the holds for the caller to reuse."""
    holds = await current_holds(uow, paragraph.consultation_id, now)
    opens = holds.opens.get(paragraph.id)
    if opens is not None:
        raise NotReleased(opening(paragraph.label, opens))
    return holds


def opening(label: str, opens: datetime) -> str:
    """The refusal for a held paragraph: `P7 opens on 12 Dec 2026, 09:00 UTC.`."""
    return f"{label} opens on {format_moment(opens)}."


async def next_release(uow: UnitOfWork, holds: Holds) -> str | None:
    """When the next held paragraph opens, or None if nothing is held."""
    if not holds.opens:
        return None
    paragraph_id, opens = min(holds.opens.items(), key=lambda item: (item[1], item[0]))
    paragraph = await uow.paragraphs.get(paragraph_id)
    return None if paragraph is None else opening(paragraph.label, opens)


async def standing_of(
    uow: UnitOfWork, consultation: Consultation, participant_id: int, now: datetime
) -> Standing:
    """How many released paragraphs the participant voted on, of how many.

    A decided paragraph (core.paragraph_status) takes no more votes: it counts on neither
    side, so that someone who voted on every other one has finished.
    """
    consultation_id = consultation.id
    holds = await current_holds(uow, consultation_id, now)
    content = await uow.paragraphs.content(consultation)
    left_out = holds.ids | decided_ids(content)
    if left_out:
        choices = await uow.votes.choices(consultation_id, participant_id)
        voted = sum(1 for paragraph_id in choices if paragraph_id not in left_out)
    else:
        voted = await uow.votes.count_by(consultation_id, participant_id)
    released = content.count - len(left_out)
    return Standing(voted=voted, released=released, held=len(holds.opens))
