"""Intents where a repetition means a second action, and how a redelivery is told apart.

test_idempotent_intents.py shows every other intent stores the same delivered once or twice.
Here a second delivery does something again, because a person who asks twice wants it twice;
where a platform may redeliver the same request, the intent carries a key naming it.
"""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.intents import (
    BroadcastParagraphs,
    CreateInvitation,
    ImportDocument,
    LinkChannel,
    PostParagraph,
    SubmitComment,
)
from core.screens import ChannelPost, InvitationCreated, Notice, Question
from tests.core.replays import ReplicaFactory, replicas
from tests.core.stages import ANA, GROUP, ORG, UPLOAD, stage


@pytest.fixture(params=["memory", "sqlite"])
async def make(
    request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path
) -> AsyncIterator[ReplicaFactory]:
    async for factory in replicas(request.param, sqlite_template, tmp_path):
        yield factory


async def test_an_organiser_who_asks_for_an_invitation_twice_gets_two_links(
    make: ReplicaFactory,
) -> None:
    """Each link may be handed to a different group, and an extra unused link admits nobody."""
    replica = await make()
    await stage(replica)
    first, second = await replica.twice(ORG, CreateInvitation(slug="housing", uses=5))
    assert isinstance(first, InvitationCreated)
    assert isinstance(second, InvitationCreated)
    assert first.token != second.token
    async with replica.uow() as uow:
        consultation = await uow.consultations.get_by_slug("housing")
        assert consultation is not None
        for token in (first.token, second.token):
            invitation = await uow.invitations.get_by_token(token)
            assert invitation is not None
            assert invitation.uses_left == 5


async def test_broadcast_typed_twice_is_two_broadcasts_but_one_request_redelivered_is_one(
    make: ReplicaFactory,
) -> None:
    """Two commands are two requests: an organiser may mean to send P1 again.

    A redelivered request carries the key of the first and queues nothing.
    """
    replica = await make()
    await stage(replica)
    typed = [
        BroadcastParagraphs(slug="housing", numbers=(1,), idempotency_key=f"tg:1:{message}")
        for message in (7, 8)
    ]
    for intent in typed:
        queued = await replica.app.handle(ORG, intent)
        assert isinstance(queued, Notice)
        assert "P1 to 2 recipients (2 messages)" in queued.text
    redelivered = await replica.app.handle(ORG, typed[0])
    assert isinstance(redelivered, Notice)
    assert redelivered.text.startswith("Broadcast 2 was queued for this request already.")
    async with replica.uow() as uow:
        assert [(await uow.outbox.report(number)).total for number in (2, 3, 4)] == [2, 2, 0]


async def test_post_without_a_number_twice_posts_the_next_two_paragraphs(
    make: ReplicaFactory,
) -> None:
    """Post the next one, asked twice, is two posts; post N twice reposts PN, as asked."""
    replica = await make()
    await stage(replica)
    await replica.app.handle(ORG, LinkChannel(slug="housing", channel=GROUP, title="Residents"))
    first, second = await replica.twice(ORG, PostParagraph(channel=GROUP))
    assert isinstance(first, ChannelPost)
    assert isinstance(second, ChannelPost)
    assert (first.card.label, second.card.label) == ("P1", "P2")
    again = await replica.twice(ORG, PostParagraph(channel=GROUP, number=1))
    assert [post.card.label for post in again if isinstance(post, ChannelPost)] == ["P1", "P1"]


async def test_a_redelivered_post_request_posts_the_same_paragraph_again(
    make: ReplicaFactory,
) -> None:
    """The first answer may never have reached the chat: the replay must not skip a paragraph."""
    replica = await make()
    await stage(replica)
    await replica.app.handle(ORG, LinkChannel(slug="housing", channel=GROUP, title="Residents"))
    posted = []
    for key in ("tg:-100123:9", "tg:-100123:9", "tg:-100123:10", "tg:-100123:10"):
        post = await replica.app.handle(ORG, PostParagraph(channel=GROUP, idempotency_key=key))
        assert isinstance(post, ChannelPost)
        posted.append(post.card.label)
    assert posted == ["P1", "P1", "P2", "P2"]


async def test_a_comment_without_a_key_is_a_new_comment_each_time(make: ReplicaFactory) -> None:
    """Only a caller that names no message sends no key: every front end gives one."""
    replica = await make()
    s = await stage(replica)
    comment = SubmitComment(consultation_id=s.cid, paragraph_id=s.p2, body="Twice.")
    await replica.twice(ANA, comment)
    async with replica.uow() as uow:
        assert await uow.comments.count_for_paragraph(s.p2) == 2


async def test_sending_the_document_again_starts_the_draft_again(make: ReplicaFactory) -> None:
    """A second upload replaces the draft (one draft consultation, asking for its title)."""
    replica = await make()
    await stage(replica)
    upload = ImportDocument(filename="plan.md", document=UPLOAD)
    first, second = await replica.twice(ORG, upload)
    assert isinstance(first, Question)
    assert second == first
    async with replica.uow() as uow:
        draft = await uow.drafts.get(ORG.ref)
        assert draft is not None
        assert draft.consultation_id is not None
        assert await uow.consultations.get_by_slug("plan") is not None
        assert await uow.consultations.get_by_slug("plan-2") is None
