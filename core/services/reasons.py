"""Reasons for disagreeing: the question after a Disagree, its answer, and Skip.

A consultation's `reasons` (core.model.Reasons) decides. `off` asks nothing. `optional` counts
the Disagree at once, then asks "What would you change in P7?" with a Skip button. `required`
asks the same without Skip and counts the Disagree only when the reason arrives: until then
the card says so, the tallies leave it out and the vote the person had before stands (an
Agree pressed instead counts at once). A Disagree still waiting at the close never counts.

The question is the enrolment's awaited comment with `awaiting_reason` set, so it lives in the
database and the person's next message answers it: being the latest prompt, it wins over a
comment awaited in another consultation, which its answer or Skip then clears (the vote itself
reads nothing more for it). Any other vote in the consultation, Skip, `cancel` or another
Comment clears it. The answer is an ordinary comment on the paragraph,
marked on the vote as its reason (VoteRepository.set_reason): changing the vote drops the
mark and keeps the comment, and a later Disagree asks again.
"""

from dataclasses import replace
from datetime import datetime

from core.intents import Resume, ShowComments, SkipReason
from core.model import (
    Actor,
    Choice,
    Consultation,
    Enrolment,
    NewComment,
    Paragraph,
    Reasons,
    Vote,
)
from core.ports import UnitOfWork
from core.screens import (
    Button,
    ButtonRows,
    CommentItem,
    CommentPosted,
    CommentPrompt,
    Finished,
    Notice,
    ParagraphCard,
    Tone,
    VoteRecorded,
)
from core.services.cards import WAITING, next_screen, personal_card
from core.services.commenting import clear_other_prompts
from core.services.discussion import comment_item
from core.services.ordering import Drawing
from core.services.participation import (
    Participation,
    load_paragraph,
    load_participation,
    present,
)
from core.services.posts import queue_refreshes
from core.services.releasing import Holds, require_released
from core.text import clean_comment


def asks_reason(consultation: Consultation, choice: Choice, previous: Choice | None) -> bool:
    """Whether a vote asks for its reason: a Disagree that was not one already."""
    return (
        consultation.reasons is not Reasons.OFF
        and choice is Choice.DISAGREE
        and previous is not Choice.DISAGREE
    )


def waits_for_reason(consultation: Consultation, choice: Choice) -> bool:
    """Whether this vote counts only once its reason is given."""
    return consultation.reasons is Reasons.REQUIRED and choice is Choice.DISAGREE


def after_vote(enrolment: Enrolment, paragraph: Paragraph, *, asking: bool) -> Enrolment:
    """The enrolment after a new or changed vote on `paragraph`, asking for its reason or not.

    A repeated vote (the same choice again, a press delivered twice) changes no enrolment:
    core.services.voting stores nothing for it.
    """
    if asking:
        return replace(
            enrolment,
            cursor=paragraph.position,
            awaiting_paragraph_id=paragraph.id,
            awaiting_reply_to=None,
            awaiting_reason=True,
        )
    if enrolment.awaiting_reason:  # a new vote answers it another way
        return replace(
            enrolment, cursor=paragraph.position, awaiting_paragraph_id=None, awaiting_reason=False
        )
    return replace(enrolment, cursor=paragraph.position)


def reason_prompt(consultation: Consultation, paragraph: Paragraph) -> CommentPrompt:
    """The question after a Disagree, with Skip unless the reason is required."""
    question = f"What would you change in {paragraph.label}? Send it as your next message"
    buttons: ButtonRows = ()
    if consultation.reasons is Reasons.REQUIRED:
        text = f"{question}: your Disagree counts once you do."
    else:
        skip = SkipReason(consultation_id=consultation.id, paragraph_id=paragraph.id)
        text, buttons = f"{question}.", ((Button(label="Skip", intent=skip),),)
    return CommentPrompt(
        consultation_id=consultation.id,
        paragraph_id=paragraph.id,
        label=paragraph.label,
        text=text,
        replying_to=None,
        buttons=buttons,
    )


async def defer_disagree(
    uow: UnitOfWork,
    participation: Participation,
    paragraph: Paragraph,
    now: datetime,
    holds: Holds,
    *,
    drawing: Drawing,
) -> VoteRecorded:
    """A required reason: store no vote yet, ask for the reason, show the Disagree waiting."""
    await uow.enrolments.save(after_vote(participation.enrolment, paragraph, asking=True))
    card = await personal_card(
        uow, participation, paragraph, now, choice=Choice.DISAGREE, holds=holds
    )
    return VoteRecorded(
        toast=f"Your Disagree with {paragraph.label} counts once you say what you would change.",
        card=replace(card, waiting=WAITING),
        next=await next_screen(
            uow, participation, paragraph.position, now, drawing=drawing, holds=holds
        ),
        reason=reason_prompt(participation.consultation, paragraph),
    )


async def awaited_reason(uow: UnitOfWork, actor: Actor) -> Enrolment | None:
    """The enrolment whose question about a Disagree the person's next message answers."""
    participant = await present(uow, actor)
    awaiting = await uow.enrolments.awaiting_comment(participant.id)
    if awaiting is None or not awaiting.awaiting_reason:
        return None
    return awaiting


async def submit_reason(
    uow: UnitOfWork,
    actor: Actor,
    awaiting: Enrolment,
    body: str,
    idempotency_key: str | None,
    now: datetime,
) -> CommentPosted:
    """Store the answer as a comment marked as the reason; a required Disagree counts now."""
    participation = await load_participation(uow, actor, awaiting.consultation_id, now)
    consultation = participation.consultation
    paragraph = await load_paragraph(uow, consultation, awaiting.awaiting_paragraph_id or 0)
    consultation.check_accepting(now)
    await require_released(uow, paragraph, now)
    participant_id = participation.participant.id
    comment, created = await uow.comments.add(
        NewComment(
            consultation_id=consultation.id,
            paragraph_id=paragraph.id,
            participant_id=participant_id,
            parent_id=None,
            body=clean_comment(body),
            created_at=now,
            idempotency_key=idempotency_key,
        )
    )
    if consultation.reasons is Reasons.REQUIRED:
        await _count_disagree(uow, paragraph, participant_id, now)
    await uow.votes.set_reason(paragraph.id, participant_id, comment.id)
    await uow.enrolments.save(
        replace(participation.enrolment, awaiting_paragraph_id=None, awaiting_reason=False)
    )
    await clear_other_prompts(uow, participation)
    return _reason_posted(
        participation, paragraph, comment_item(comment, participation, now), created
    )


async def _count_disagree(
    uow: UnitOfWork, paragraph: Paragraph, participant_id: int, now: datetime
) -> None:
    vote = Vote(
        consultation_id=paragraph.consultation_id,
        paragraph_id=paragraph.id,
        participant_id=participant_id,
        choice=Choice.DISAGREE,
        cast_at=now,
    )
    if await uow.votes.record(vote) is not Choice.DISAGREE:
        await queue_refreshes(uow, paragraph.consultation_id, paragraph.id, now)


def _reason_posted(
    participation: Participation,
    paragraph: Paragraph,
    item: CommentItem,
    created: bool,
) -> CommentPosted:
    label, cid = paragraph.label, paragraph.consultation_id
    if not created:
        toast = f"Your reason for disagreeing with {label} was already saved."
    elif participation.consultation.reasons is Reasons.REQUIRED:
        toast = f"Thank you: your reason is saved and your Disagree with {label} counts."
    else:
        toast = f"Thank you: your reason for disagreeing with {label} is saved."
    comments = ShowComments(consultation_id=cid, paragraph_id=paragraph.id)
    buttons = (
        (
            Button(label="Continue", intent=Resume(consultation_id=cid)),
            Button(label="Comments", intent=comments),
        ),
    )
    return CommentPosted(toast=toast, comment=item, label=label, buttons=buttons)


async def skip_reason(
    uow: UnitOfWork, actor: Actor, intent: SkipReason, now: datetime, *, drawing: Drawing
) -> ParagraphCard | Finished | Notice:
    """Stop asking; only the person asked, about that paragraph, can (else nothing changes)."""
    if not await _asked(uow, actor, intent):
        # A stale or forged button: said where a refusal is (a Telegram toast).
        return Notice(text="There is no question to skip any more.", tone=Tone.WARNING)
    participation = await load_participation(uow, actor, intent.consultation_id, now, save=False)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    await uow.enrolments.save(
        replace(participation.enrolment, awaiting_paragraph_id=None, awaiting_reason=False)
    )
    await clear_other_prompts(uow, participation)
    return await next_screen(uow, participation, paragraph.position, now, drawing=drawing)


async def _asked(uow: UnitOfWork, actor: Actor, intent: SkipReason) -> bool:
    """Whether this person is being asked about that paragraph; looking changes nothing."""
    participant = await uow.participants.find(actor.ref)
    if participant is None:
        return False
    enrolment = await uow.enrolments.get(intent.consultation_id, participant.id)
    return (
        enrolment is not None
        and enrolment.awaiting_reason
        and enrolment.awaiting_paragraph_id == intent.paragraph_id
    )
