"""A consultation built through the core, exported as the report renders it."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

import pytest

from bots.chat.identities import terminal_ref
from core.app import ConsultationApp
from core.documents import Document
from core.intents import CastVote, FreeText, Join, SubmitComment, VoteOnComment
from core.model import (
    Actor,
    Choice,
    CommentVote,
    NewConsultation,
    Privacy,
    Reasons,
    ResultsVisibility,
    Status,
)
from core.orders import CollectExport, ConsultationExport
from core.screens import CommentPosted
from tests.bots.conftest import THREE_PARAGRAPHS
from tests.fakes.memory import FakeClock, FakeUnitOfWork, MemoryDatabase
from tests.organiser import create_consultation, run_order


def person(name: str) -> Actor:
    return Actor(ref=terminal_ref(name), display_name=name)


@dataclass
class Consultation:
    """An open consultation "plan" in memory, and the people's doings on it."""

    app: ConsultationApp
    memory: MemoryDatabase
    clock: FakeClock

    async def join(self, *names: str) -> None:
        for name in names:
            await self.app.handle(person(name), Join(payload="plan"))

    async def vote(self, name: str, paragraph_id: int, choice: Choice) -> None:
        intent = CastVote(consultation_id=1, paragraph_id=paragraph_id, choice=choice)
        await self.app.handle(person(name), intent)

    async def comment(
        self, name: str, paragraph_id: int, body: str, reply_to: int | None = None
    ) -> int:
        intent = SubmitComment(
            consultation_id=1, paragraph_id=paragraph_id, body=body, reply_to=reply_to
        )
        posted = await self.app.handle(person(name), intent)
        assert isinstance(posted, CommentPosted)
        return posted.comment.comment_id

    async def rate(self, name: str, comment_id: int, vote: CommentVote) -> None:
        intent = VoteOnComment(consultation_id=1, comment_id=comment_id, vote=vote)
        await self.app.handle(person(name), intent)

    async def give_reason(self, name: str, body: str) -> None:
        await self.app.handle(person(name), FreeText(body=body))

    async def export(self, *, organiser: bool = False) -> ConsultationExport:
        order = CollectExport(slug="plan", organiser=organiser)
        return await run_order(FakeUnitOfWork(self.memory), order, self.clock.now())


class MakeConsultation(Protocol):
    async def __call__(
        self,
        *,
        title: str = ...,
        content: Document = ...,
        anonymous: bool = ...,
        reasons: Reasons = ...,
    ) -> Consultation: ...


@pytest.fixture
def make_consultation(
    app: ConsultationApp, memory: MemoryDatabase, clock: FakeClock
) -> MakeConsultation:
    async def make(
        *,
        title: str = "Plan",
        content: Document = THREE_PARAGRAPHS,
        anonymous: bool = False,
        reasons: Reasons = Reasons.OFF,
    ) -> Consultation:
        new = NewConsultation(
            slug="plan",
            title=title,
            description="A plan for the city.",
            opens_at=clock.now(),
            closes_at=clock.now() + timedelta(days=10),
            status=Status.OPEN,
            privacy=Privacy.PUBLIC,
            results_visibility=ResultsVisibility.LIVE,
            reasons=reasons,
            anonymous_comments=anonymous,
        )
        await create_consultation(FakeUnitOfWork(memory), new, content, clock.now())
        return Consultation(app=app, memory=memory, clock=clock)

    return make
