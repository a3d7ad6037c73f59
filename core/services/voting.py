"""Casting and changing agree/disagree votes on paragraphs."""

from dataclasses import replace
from datetime import datetime

from core.intents import CastVote
from core.model import Actor, Choice, Paragraph, Vote
from core.ports import UnitOfWork
from core.screens import CardClosed, VoteRecorded
from core.services import reasons
from core.services.cards import build_card, next_screen, personal_card
from core.services.ordering import Drawing
from core.services.participation import Participation, load_paragraph, load_participation
from core.services.posts import queue_refreshes
from core.services.releasing import require_released


async def cast_vote(
    uow: UnitOfWork, actor: Actor, intent: CastVote, now: datetime, *, drawing: Drawing
) -> VoteRecorded | CardClosed:
    """Record the vote (replacing an earlier one) and move on to the next unvoted paragraph."""
    consultation_id, choice = intent.consultation_id, intent.choice
    participation = await load_participation(uow, actor, consultation_id, now, save=False)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    if participation.consultation.is_closed(now):
        await uow.enrolments.save(participation.enrolment)
        return await _closed_card(uow, participation, paragraph, now)
    if paragraph.decided:  # an old card's button: its votes stay as they were
        await uow.enrolments.save(participation.enrolment)
        return await _decided_card(uow, participation, paragraph, now)
    participation.consultation.check_accepting(now)
    holds = await require_released(uow, paragraph, now)
    participant_id = participation.participant.id
    if reasons.waits_for_reason(participation.consultation, choice):
        current = await uow.votes.get(paragraph.id, participant_id)
        if current is None or current.choice is not choice:
            return await reasons.defer_disagree(
                uow, participation, paragraph, now, holds, drawing=drawing
            )
    vote = Vote(
        consultation_id=consultation_id,
        paragraph_id=paragraph.id,
        participant_id=participant_id,
        choice=choice,
        cast_at=now,
    )
    previous = await uow.votes.record(vote)
    if previous is not choice:
        await queue_refreshes(uow, consultation_id, paragraph.id, now)  # posts show the tally
    asking = reasons.asks_reason(participation.consultation, choice, previous)
    if previous is not choice:
        # Seen now and moved on (and asked why, after a Disagree): the enrolment's one write.
        # A repeated vote writes nothing: the same press delivered again at once may have read
        # the enrolment before the first delivery committed, and writing that copy back would
        # undo what the first one stored (its question after a Disagree).
        enrolment = reasons.after_vote(participation.enrolment, paragraph, asking=asking)
        await uow.enrolments.save(enrolment)
    return VoteRecorded(
        toast=_toast(paragraph.label, choice, previous),
        card=await personal_card(uow, participation, paragraph, now, choice=choice, holds=holds),
        next=await next_screen(
            uow, participation, paragraph.position, now, drawing=drawing, holds=holds
        ),
        reason=reasons.reason_prompt(participation.consultation, paragraph) if asking else None,
    )


async def _closed_card(
    uow: UnitOfWork, participation: Participation, paragraph: Paragraph, now: datetime
) -> CardClosed:
    """An old card pressed after the close: store nothing, redraw it without buttons."""
    card = await build_card(uow, participation, paragraph, now)
    return CardClosed(toast=card.closed or "Closed", card=replace(card, buttons=()))


async def _decided_card(
    uow: UnitOfWork, participation: Participation, paragraph: Paragraph, now: datetime
) -> CardClosed:
    """A vote pressed on a paragraph decided since: store nothing, redraw it as decided."""
    card = await build_card(uow, participation, paragraph, now)
    toast = f"{paragraph.label} is decided: its text is final and votes are no longer taken."
    return CardClosed(toast=toast, card=card)


def _toast(label: str, choice: Choice, previous: Choice | None) -> str:
    verb = "agree with" if choice is Choice.AGREE else "disagree with"
    if previous is choice:
        return f"You already {verb} {label}."
    if previous is not None:
        return f"Changed: you now {verb} {label}."
    return f"Noted: you {verb} {label}."
