"""Moderation tests' helpers: a comment to report, reporters, the outbox's moderation rows."""

from core.delivery import DeliveryKind
from core.intents import ReportComment, ShowParagraph, SubmitComment
from core.model import Actor, Consultation, Platform
from core.moderation import ReportReason
from core.screens import CommentPosted, Screen
from tests.core.conftest import World, actor

AUTHOR = actor("ana", Platform.TELEGRAM)
MODERATOR = actor("mo", Platform.TELEGRAM)


async def posted(world: World, c: Consultation, body: str, who: Actor = AUTHOR) -> int:
    """A comment on the consultation's first paragraph; its id."""
    paragraphs = await paragraph_ids(world, c)
    screen = await world.app.handle(
        who, SubmitComment(consultation_id=c.id, paragraph_id=paragraphs[0], body=body)
    )
    assert isinstance(screen, CommentPosted), screen
    return screen.comment.comment_id


async def paragraph_ids(world: World, c: Consultation) -> list[int]:
    async with world.uow() as uow:
        return [p.id for p in await uow.paragraphs.list(c.id)]


async def joined(world: World, c: Consultation, name: str) -> Actor:
    """A participant who opened the first paragraph, so is enrolled."""
    person = actor(name, Platform.TELEGRAM)
    pid = (await paragraph_ids(world, c))[0]
    await world.app.handle(person, ShowParagraph(consultation_id=c.id, paragraph_id=pid))
    return person


async def report(
    world: World, c: Consultation, comment_id: int, who: Actor, reason: ReportReason
) -> Screen:
    return await world.app.handle(
        who, ReportComment(consultation_id=c.id, comment_id=comment_id, reason=reason)
    )


def pushes(world: World, kind: DeliveryKind) -> list[str]:
    """The keys of the outbox rows of this kind, in order."""
    rows = world.database.tables.outbox.values()
    return [s.delivery.key for s in rows if s.delivery.kind is kind]
