"""Who moderates a consultation, and the checks moderation's use cases share.

A consultation's moderators are the organisers (every consultation) and the people named for
it with `townhall moderator add` (only that one). The command line is a moderator by
construction, as it is an organiser.
"""

import logging

from core.errors import AccessDenied, InvalidPayload, NotEnrolled
from core.model import Actor, ActorKind, Comment, Consultation, Participant, ParticipantRef
from core.ports import UnitOfWork

logger = logging.getLogger(__name__)

SYSTEM_NAME = "townhall"  # the audit log's actor for what townhall did by itself


def actor_name(actor: Actor) -> str:
    """Who acted, as the audit log records it: `platform:tenant:id`, or townhall's CLI."""
    return "cli" if actor.kind is ActorKind.CLI else str(actor.ref)


async def moderator_refs(uow: UnitOfWork, consultation_id: int) -> list[ParticipantRef]:
    """Every organiser, then the consultation's own moderators (each once)."""
    refs = list(await uow.organisers.list())
    return refs + [r for r in await uow.moderation.moderators(consultation_id) if r not in refs]


async def is_moderator(uow: UnitOfWork, actor: Actor, consultation_id: int) -> bool:
    if actor.kind is ActorKind.CLI:
        return True
    if actor.kind is not ActorKind.PERSON:
        return False
    if await uow.organisers.is_organiser(actor.ref):
        return True
    return actor.ref in await uow.moderation.moderators(consultation_id)


async def require_moderator(uow: UnitOfWork, actor: Actor, consultation: Consultation) -> None:
    """Refuse anyone who does not moderate this consultation (a forged button too)."""
    if not await is_moderator(uow, actor, consultation.id):
        # Who and what only by platform and ids: never a name or a comment's text.
        logger.warning(
            "moderation refused: a %s user is no moderator of consultation %d",
            actor.ref.platform,
            consultation.id,
        )
        raise AccessDenied(f"Only the moderators of “{consultation.title}” can do that.")


async def comment_of(uow: UnitOfWork, consultation: Consultation, comment_id: int) -> Comment:
    """The comment, which must belong to the consultation named."""
    comment = await uow.comments.get(comment_id)
    if comment is None or comment.consultation_id != consultation.id:
        raise InvalidPayload(f"There is no comment #{comment_id} in “{consultation.title}”.")
    return comment


async def enrolled(uow: UnitOfWork, actor: Actor, consultation_id: int) -> Participant:
    """The actor, who must have joined the consultation; nothing is stored."""
    if actor.kind is not ActorKind.PERSON:
        raise AccessDenied("Only people in a chat take part in a consultation.")
    participant = await uow.participants.find(actor.ref)
    enrolment = (
        None if participant is None else await uow.enrolments.get(consultation_id, participant.id)
    )
    if participant is None or enrolment is None or not enrolment.active:
        raise NotEnrolled("You have not joined this consultation.")
    return participant


async def require_not_blocked(
    uow: UnitOfWork, consultation: Consultation, participant_id: int
) -> None:
    """Refuse a blocked participant: they may vote, not comment or report."""
    if await uow.moderation.is_blocked(consultation.id, participant_id):
        raise AccessDenied(
            f"The moderators of “{consultation.title}” blocked you from commenting there; "
            "you may still vote."
        )
