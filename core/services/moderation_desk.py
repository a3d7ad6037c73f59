"""The command line's moderation: the queue, decisions, blocks, words, moderators, the log."""

from collections import Counter
from datetime import datetime

from core.errors import InvalidSetting, NotFound
from core.model import Actor, ParticipantRef
from core.moderation import LogAction, LogEntry, NewLogEntry, caught_words, normalise_word
from core.moderation_orders import (
    DecideComment,
    EditWords,
    ListModerators,
    QueuedComment,
    ReadModerationLog,
    ReadReviewQueue,
    SetBlocked,
    SetModerator,
)
from core.ports import UnitOfWork
from core.services.moderators import actor_name, comment_of, require_moderator
from core.services.organising import require_organiser
from core.services.participation import find_consultation
from core.services.reviewing import block, decide
from core.services.reviewing_queue import review_queue


async def read_queue(
    uow: UnitOfWork, actor: Actor, order: ReadReviewQueue, now: datetime
) -> list[QueuedComment]:
    consultation = await find_consultation(uow, order.slug)
    await require_moderator(uow, actor, consultation)
    settings = await uow.moderation.settings(consultation.id)
    queued = []
    for comment_id in await review_queue(uow, consultation.id):
        comment = await comment_of(uow, consultation, comment_id)
        paragraph = await uow.paragraphs.get(comment.paragraph_id)
        reports = Counter(str(r.reason) for r in await uow.moderation.reports(comment.id))
        queued.append(
            QueuedComment(
                comment=comment,
                label=paragraph.label if paragraph else "",
                reports=dict(reports.most_common()),
                caught=tuple(caught_words(comment.body, settings.words)),
            )
        )
    return queued


async def decide_comment(
    uow: UnitOfWork, actor: Actor, order: DecideComment, now: datetime
) -> str:
    consultation = await find_consultation(uow, order.slug)
    await require_moderator(uow, actor, consultation)
    comment = await comment_of(uow, consultation, order.comment_id)
    return await decide(uow, actor, consultation, comment, order.action, order.reason, now)


async def set_blocked(uow: UnitOfWork, actor: Actor, order: SetBlocked, now: datetime) -> bool:
    consultation = await find_consultation(uow, order.slug)
    await require_moderator(uow, actor, consultation)
    participant = await uow.participants.find(order.ref)
    if participant is None:
        raise NotFound(f"{order.ref} has never taken part in townhall.")
    if order.blocked:
        before = await uow.moderation.is_blocked(consultation.id, participant.id)
        await block(uow, actor, consultation, participant.id, order.reason, now)
        return not before
    if not await uow.moderation.unblock(consultation.id, participant.id):
        return False
    await uow.moderation.log(
        NewLogEntry(
            consultation_id=consultation.id,
            action=LogAction.UNBLOCK,
            actor=actor_name(actor),
            created_at=now,
            participant_id=participant.id,
            reason=order.reason,
        )
    )
    return True


async def edit_words(
    uow: UnitOfWork, actor: Actor, order: EditWords, now: datetime
) -> tuple[list[str], list[str], list[str]]:
    consultation = await find_consultation(uow, order.slug)
    await require_moderator(uow, actor, consultation)
    add, remove = _words(order.add), _words(order.remove)
    added = await uow.moderation.add_words(consultation.id, add)
    removed = await uow.moderation.remove_words(consultation.id, remove)
    words = sorted((await uow.moderation.settings(consultation.id)).words)
    return added, removed, words


def _words(typed: tuple[str, ...]) -> list[str]:
    words = []
    for word in typed:
        normal = normalise_word(word)
        if normal is None:
            raise InvalidSetting(
                f"“{word}” is not one word: the filter matches whole words (letters and digits)."
            )
        words.append(normal)
    return words


async def set_moderator(uow: UnitOfWork, actor: Actor, order: SetModerator, now: datetime) -> bool:
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    if order.moderator:
        return await uow.moderation.add_moderator(consultation.id, order.ref)
    return await uow.moderation.remove_moderator(consultation.id, order.ref)


async def list_moderators(
    uow: UnitOfWork, actor: Actor, order: ListModerators, now: datetime
) -> list[ParticipantRef]:
    await require_organiser(uow, actor)
    consultation = await find_consultation(uow, order.slug)
    return await uow.moderation.moderators(consultation.id)


async def read_log(
    uow: UnitOfWork, actor: Actor, order: ReadModerationLog, now: datetime
) -> list[LogEntry]:
    consultation = await find_consultation(uow, order.slug)
    await require_moderator(uow, actor, consultation)
    return await uow.moderation.entries(consultation.id)
