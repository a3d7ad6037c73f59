"""Moving through the document: resume where one left off, or go to a paragraph."""

from dataclasses import replace
from datetime import datetime

from core.intents import Resume, ShowParagraph
from core.model import Actor
from core.ports import UnitOfWork
from core.screens import Finished, ParagraphCard
from core.services.cards import build_card, next_screen
from core.services.ordering import Drawing
from core.services.participation import load_paragraph, load_participation
from core.services.releasing import require_released


async def resume(
    uow: UnitOfWork, actor: Actor, intent: Resume, now: datetime, *, drawing: Drawing
) -> ParagraphCard | Finished:
    """The paragraph at the cursor if still unvoted, else the next one without a vote."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    cursor = participation.enrolment.cursor
    screen = await next_screen(
        uow, participation, max(cursor - 1, 0), now, drawing=drawing, current=cursor or None
    )
    if isinstance(screen, ParagraphCard):
        await uow.enrolments.save(replace(participation.enrolment, cursor=screen.position))
    return screen


async def show_paragraph(
    uow: UnitOfWork, actor: Actor, intent: ShowParagraph, now: datetime
) -> ParagraphCard:
    """One released paragraph, which becomes the cursor."""
    participation = await load_participation(uow, actor, intent.consultation_id, now)
    paragraph = await load_paragraph(uow, participation.consultation, intent.paragraph_id)
    holds = await require_released(uow, paragraph, now)
    await uow.enrolments.save(replace(participation.enrolment, cursor=paragraph.position))
    return await build_card(uow, participation, paragraph, now, holds=holds)
