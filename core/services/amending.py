"""Suggesting a wording: the prompt, the diff to confirm, confirming or cancelling it."""

from dataclasses import replace
from datetime import datetime

from core.amendment_intents import (
    CancelWording,
    ConfirmWording,
    ShowAmendments,
    SubmitWording,
    SuggestWording,
)
from core.amendments import Amendment, AmendmentState, NewAmendment, clean_wording
from core.diffs import diff_words
from core.errors import InvalidPayload, NotAccepting
from core.intents import ShowParagraph
from core.model import Actor, Paragraph
from core.ports import UnitOfWork
from core.screens import Button, ButtonStyle, Notice, Tone, WordingPrompt, WordingReview
from core.services.commenting import clear_other_prompts
from core.services.moderators import require_not_blocked
from core.services.participation import (
    Participation,
    load_paragraph,
    load_participation,
    present,
)
from core.services.releasing import require_released


async def suggest_wording(
    uow: UnitOfWork, actor: Actor, intent: SuggestWording, now: datetime
) -> WordingPrompt:
    """Remember that the person's next message is a new wording of this paragraph."""
    participation, paragraph = await _amendable(
        uow, actor, intent.consultation_id, intent.paragraph_id, now
    )
    await _stop_comment_prompts(uow, participation)
    await uow.amendments.await_wording(
        participation.participant.id, paragraph.consultation_id, paragraph.id
    )
    cancel = CancelWording(consultation_id=paragraph.consultation_id)
    return WordingPrompt(
        consultation_id=paragraph.consultation_id,
        paragraph_id=paragraph.id,
        label=paragraph.label,
        text=f"Send your wording of {paragraph.label} as your next message: the whole "
        "paragraph as you would have it. You will see the changes before anything is published.",
        current=paragraph.text,
        buttons=((Button(label="Cancel", intent=cancel),),),
    )


async def submit_wording(
    uow: UnitOfWork, actor: Actor, intent: SubmitWording, now: datetime
) -> WordingReview | Notice:
    """Keep the wording pending and show it as a diff, with Confirm and Cancel."""
    participation, paragraph = await _amendable(
        uow, actor, intent.consultation_id, intent.paragraph_id, now
    )
    participant_id = participation.participant.id
    if intent.idempotency_key is not None:
        stored = await uow.amendments.find_by_key(participant_id, intent.idempotency_key)
        if stored is not None:
            return await _answered(uow, stored, paragraph)
    body = clean_wording(intent.body, paragraph.text)
    amendment, _ = await uow.amendments.add(
        NewAmendment(
            consultation_id=paragraph.consultation_id,
            paragraph_id=paragraph.id,
            participant_id=participant_id,
            base_version=await current_version(uow, paragraph),
            base_text=paragraph.text,
            body=body,
            created_at=now,
            idempotency_key=intent.idempotency_key,
        )
    )
    await uow.amendments.await_wording(participant_id, paragraph.consultation_id, None)
    return review(amendment, paragraph)


async def receive_wording(
    uow: UnitOfWork, actor: Actor, body: str, idempotency_key: str | None, now: datetime
) -> WordingReview | Notice | None:
    """A plain message: the awaited wording, the answer to it again, or None (not a wording)."""
    participant = await present(uow, actor)
    awaited = await uow.amendments.awaited_wording(participant.id)
    if awaited is None:
        stored = idempotency_key and await uow.amendments.find_by_key(
            participant.id, idempotency_key
        )
        if not stored:
            return None
        return await _answered(uow, stored, None)
    consultation_id, paragraph_id = awaited
    submitted = SubmitWording(
        consultation_id=consultation_id,
        paragraph_id=paragraph_id,
        body=body,
        idempotency_key=idempotency_key,
    )
    return await submit_wording(uow, actor, submitted, now)


async def confirm_wording(
    uow: UnitOfWork, actor: Actor, intent: ConfirmWording, now: datetime
) -> Notice:
    """Publish the pending wording under its paragraph; confirming twice publishes it once."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    amendment = await own_amendment(uow, participation, intent.amendment_id)
    paragraph = await load_paragraph(uow, participation.consultation, amendment.paragraph_id)
    buttons = _after_buttons(paragraph)
    if amendment.state is AmendmentState.PROPOSED:
        return Notice(
            text=f"Your wording of {paragraph.label} was already published.",
            tone=Tone.INFO,
            buttons=buttons,
        )
    if amendment.state is not AmendmentState.PENDING:
        raise InvalidPayload("This wording cannot be confirmed any more.")
    await _amendable(uow, actor, paragraph.consultation_id, paragraph.id, now)
    if amendment.base_version != await current_version(uow, paragraph):
        await uow.amendments.delete_pending(amendment.id)
        raise InvalidPayload(
            f"{paragraph.label} has new wording since you wrote yours: "
            "read it again and suggest your change to the new text."
        )
    await uow.amendments.set_state(
        amendment.id, AmendmentState.PROPOSED, expected=AmendmentState.PENDING, now=now
    )
    return Notice(
        text=f"Thank you: your wording of {paragraph.label} is published. Others can now "
        "agree or disagree with it, and the organisers will accept or reject it.",
        tone=Tone.SUCCESS,
        buttons=buttons,
    )


async def cancel_wording(
    uow: UnitOfWork, actor: Actor, intent: CancelWording, now: datetime
) -> Notice:
    """Stop waiting for a wording, and drop the pending one the button names."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    participant_id = participation.participant.id
    await uow.amendments.await_wording(participant_id, participation.consultation.id, None)
    if intent.amendment_id is not None:
        amendment = await own_amendment(uow, participation, intent.amendment_id)
        if amendment.state is not AmendmentState.PENDING:
            return Notice(
                text="That wording was already published: it can no longer be cancelled.",
                tone=Tone.WARNING,
            )
        await uow.amendments.delete_pending(amendment.id)
    return Notice(text="Suggestion cancelled: nothing was published.", tone=Tone.INFO)


async def stop_wording(uow: UnitOfWork, participant_id: int) -> bool:
    """Forget an awaited wording (`/cancel`); True if one was awaited."""
    awaited = await uow.amendments.awaited_wording(participant_id)
    if awaited is None:
        return False
    await uow.amendments.await_wording(participant_id, awaited[0], None)
    return True


async def own_amendment(
    uow: UnitOfWork, participation: Participation, amendment_id: int
) -> Amendment:
    """The person's own amendment in this consultation; anything else is an invalid button."""
    amendment = await uow.amendments.get(amendment_id)
    if (
        amendment is None
        or amendment.consultation_id != participation.consultation.id
        or amendment.participant_id != participation.participant.id
    ):
        raise InvalidPayload("That suggested wording does not exist (any more).")
    return amendment


async def current_version(uow: UnitOfWork, paragraph: Paragraph) -> int:
    """The number of the paragraph's current version: 1 until an amendment was accepted."""
    versions = await uow.amendments.versions(paragraph.id)
    return versions[-1].number if versions else 1


def review(amendment: Amendment, paragraph: Paragraph) -> WordingReview:
    """The pending wording as a diff against the text it was written for."""
    cid, aid = amendment.consultation_id, amendment.id
    confirm = Button(
        label="Publish",
        intent=ConfirmWording(consultation_id=cid, amendment_id=aid),
        style=ButtonStyle.PRIMARY,
    )
    cancel = Button(label="Cancel", intent=CancelWording(consultation_id=cid, amendment_id=aid))
    return WordingReview(
        consultation_id=cid,
        paragraph_id=paragraph.id,
        amendment_id=aid,
        label=paragraph.label,
        text=f"Your wording of {paragraph.label}, compared with the current text. "
        "Publish it for others to vote on?",
        diff=diff_words(amendment.base_text, amendment.body),
        buttons=((confirm, cancel),),
    )


async def _answered(
    uow: UnitOfWork, amendment: Amendment, paragraph: Paragraph | None
) -> WordingReview | Notice:
    """What a redelivered wording gets: the same review while pending, else where it is."""
    if paragraph is None:
        consultation = await uow.consultations.get(amendment.consultation_id)
        found = consultation and (await uow.paragraphs.content(consultation)).paragraph(
            amendment.paragraph_id
        )
        if not found:
            raise InvalidPayload("That paragraph is not part of this consultation.")
        paragraph = found
    if amendment.state is AmendmentState.PENDING:
        return review(amendment, paragraph)
    return Notice(
        text=f"Your wording of {paragraph.label} was already received.",
        tone=Tone.INFO,
        buttons=_after_buttons(paragraph),
    )


async def _amendable(
    uow: UnitOfWork, actor: Actor, consultation_id: int, paragraph_id: int, now: datetime
) -> tuple[Participation, Paragraph]:
    """The checks every new wording passes: open, released, not blocked from writing."""
    participation = await load_participation(uow, actor, consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, paragraph_id)
    participation.consultation.check_accepting(now)
    if paragraph.decided:  # core.paragraph_status: its text is final
        raise NotAccepting(
            f"{paragraph.label} is decided: its text is final and takes no suggested wordings."
        )
    await require_released(uow, paragraph, now)
    await require_not_blocked(uow, participation.consultation, participation.participant.id)
    return participation, paragraph


async def _stop_comment_prompts(uow: UnitOfWork, participation: Participation) -> None:
    """One chat has one "next message": a comment asked for before is not awaited any more."""
    await clear_other_prompts(uow, participation)
    enrolment = participation.enrolment
    if enrolment.awaiting_paragraph_id is not None and not enrolment.awaiting_reason:
        await uow.enrolments.save(
            replace(enrolment, awaiting_paragraph_id=None, awaiting_reply_to=None)
        )


def _after_buttons(paragraph: Paragraph) -> tuple[tuple[Button, ...], ...]:
    cid, pid = paragraph.consultation_id, paragraph.id
    return (
        (
            Button(
                label="Suggested wordings",
                intent=ShowAmendments(consultation_id=cid, paragraph_id=pid),
            ),
            Button(
                label=f"Back to {paragraph.label}",
                intent=ShowParagraph(consultation_id=cid, paragraph_id=pid),
            ),
        ),
    )
