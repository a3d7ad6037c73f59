"""Comments, threaded replies and the "awaiting a comment" conversation state."""

from dataclasses import replace
from datetime import datetime

from core.errors import InvalidComment, InvalidPayload
from core.hints import Command, hint
from core.intents import (
    CancelComment,
    ShowComments,
    ShowParagraph,
    StartComment,
    SubmitComment,
)
from core.model import Actor, Comment, CommentState, NewComment, Paragraph
from core.ports import UnitOfWork
from core.screens import Button, CommentPosted, CommentPrompt, Notice, Tone
from core.services.discussion import comment_item, require_shown
from core.services.holding import hold, screening
from core.services.moderators import require_not_blocked
from core.services.participation import Participation, load_paragraph, load_participation, present
from core.services.releasing import require_released
from core.services.replies import queue_reply_notice
from core.text import clean_comment


async def start_comment(
    uow: UnitOfWork, actor: Actor, intent: StartComment, now: datetime
) -> CommentPrompt:
    """Remember that the person's next message is a comment on this paragraph."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    participation.consultation.check_accepting(now)
    await require_released(uow, paragraph, now)
    await require_not_blocked(uow, participation.consultation, participation.participant.id)
    parent = await _parent(uow, paragraph, intent.reply_to)
    await clear_other_prompts(uow, participation)
    # A wording asked for before (core.services.amending) is not the next message any more.
    await uow.amendments.await_wording(
        participation.participant.id, paragraph.consultation_id, None
    )
    await uow.enrolments.save(
        replace(
            participation.enrolment,
            awaiting_paragraph_id=paragraph.id,
            awaiting_reply_to=intent.reply_to,
            awaiting_reason=False,
        )
    )
    cancel = Button(
        label="Cancel", intent=CancelComment(consultation_id=paragraph.consultation_id)
    )
    what = "reply" if parent else "comment"
    return CommentPrompt(
        consultation_id=paragraph.consultation_id,
        paragraph_id=paragraph.id,
        label=paragraph.label,
        text=f"Send your {what} on {paragraph.label} as your next message.",
        replying_to=comment_item(parent, participation, now) if parent else None,
        buttons=((cancel,),),
    )


async def submit_comment(
    uow: UnitOfWork, actor: Actor, intent: SubmitComment, now: datetime
) -> CommentPosted:
    """Store a comment or reply; the same idempotency key twice stores it once."""
    reply_to = intent.reply_to
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    participation.consultation.check_accepting(now)
    await require_released(uow, paragraph, now)
    await require_not_blocked(uow, participation.consultation, participation.participant.id)
    parent = await _parent(uow, paragraph, reply_to)
    body = clean_comment(intent.body)
    comment, created = await uow.comments.add(
        NewComment(
            consultation_id=paragraph.consultation_id,
            paragraph_id=paragraph.id,
            participant_id=participation.participant.id,
            parent_id=reply_to,
            body=body,
            created_at=now,
            idempotency_key=intent.idempotency_key,
            state=await screening(uow, paragraph.consultation_id, body),
        )
    )
    if created and comment.state is CommentState.HELD:
        await hold(uow, comment, now)
    elif created and parent is not None:
        await queue_reply_notice(uow, parent, comment)
    await uow.enrolments.save(
        replace(
            participation.enrolment,
            awaiting_paragraph_id=None,
            awaiting_reply_to=None,
            awaiting_reason=False,
        )
    )
    return _posted(comment, paragraph, participation, created, now)


async def submit_free_text(
    uow: UnitOfWork, actor: Actor, body: str, idempotency_key: str | None, now: datetime
) -> CommentPosted | Notice:
    """A plain message: the awaited comment, or a hint when no comment was asked for."""
    participant = await present(uow, actor)
    awaiting = await uow.enrolments.awaiting_comment(participant.id)
    if awaiting is None or awaiting.awaiting_paragraph_id is None:
        # A redelivered message whose comment is already stored answers as it did the first
        # time, although the prompt it answered has been used up since.
        stored = idempotency_key and await uow.comments.find_by_key(
            participant.id, idempotency_key
        )
        if stored:
            return await _already_posted(uow, actor, stored, now)
        return Notice(
            text="To comment, press Comment under a paragraph first. "
            f"Type {hint(Command.HELP)} for more.",
            tone=Tone.INFO,
        )
    awaited = SubmitComment(
        consultation_id=awaiting.consultation_id,
        paragraph_id=awaiting.awaiting_paragraph_id,
        body=body,
        reply_to=awaiting.awaiting_reply_to,
        idempotency_key=idempotency_key,
    )
    return await submit_comment(uow, actor, awaited, now)


async def _already_posted(
    uow: UnitOfWork, actor: Actor, comment: Comment, now: datetime
) -> CommentPosted:
    participation = await load_participation(uow, actor, comment.consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, comment.paragraph_id)
    return _posted(comment, paragraph, participation, False, now)


async def cancel_comment(
    uow: UnitOfWork, actor: Actor, intent: CancelComment, now: datetime
) -> Notice:
    """Stop waiting for a comment."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    await clear_other_prompts(uow, participation)
    await uow.enrolments.save(
        replace(
            participation.enrolment,
            awaiting_paragraph_id=None,
            awaiting_reply_to=None,
            awaiting_reason=False,
        )
    )
    return Notice(text="Comment cancelled.", tone=Tone.INFO)


async def _parent(uow: UnitOfWork, paragraph: Paragraph, reply_to: int | None) -> Comment | None:
    if reply_to is None:
        return None
    parent = await uow.comments.get(reply_to)
    if parent is None:
        raise InvalidPayload("The comment you are replying to does not exist.")
    require_shown(parent)
    if parent.paragraph_id != paragraph.id:
        raise InvalidComment(
            f"A reply must be on the same paragraph as the comment it answers ({paragraph.label})."
        )
    return parent


async def clear_other_prompts(uow: UnitOfWork, participation: Participation) -> None:
    # One chat has one "next message": a prompt in another consultation is superseded.
    other = await uow.enrolments.awaiting_comment(participation.participant.id)
    if other is not None and other.consultation_id != participation.consultation.id:
        await uow.enrolments.save(
            replace(
                other, awaiting_paragraph_id=None, awaiting_reply_to=None, awaiting_reason=False
            )
        )


def _posted(
    comment: Comment,
    paragraph: Paragraph,
    participation: Participation,
    created: bool,
    now: datetime,
) -> CommentPosted:
    what = "reply" if comment.parent_id else "comment"
    toast = (
        f"Thank you: your {what} on {paragraph.label} is saved."
        if created
        else f"Your {what} on {paragraph.label} was already saved."
    )
    if comment.state is CommentState.HELD:
        toast += " It awaits review by the moderators before others see it."
    cid = paragraph.consultation_id
    buttons = (
        (
            Button(
                label="Comments",
                intent=ShowComments(consultation_id=cid, paragraph_id=paragraph.id),
            ),
            Button(
                label=f"Back to {paragraph.label}",
                intent=ShowParagraph(consultation_id=cid, paragraph_id=paragraph.id),
            ),
        ),
    )
    return CommentPosted(
        toast=toast,
        comment=comment_item(comment, participation, now),
        label=paragraph.label,
        buttons=buttons,
    )
