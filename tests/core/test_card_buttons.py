"""A card's buttons are built once and shared, and never outlive what they show.

core/services/cards.py keeps each button it builds (they are frozen values), keyed by
everything it shows and does: a new label, count or choice is a new button, not an old one.
"""

from datetime import datetime

from core.content import ConsultationContent
from core.intents import Join, Resume, ShowParagraph, SubmitComment
from core.model import Paragraph
from core.screens import Button, ParagraphCard
from core.services.cards import _navigation
from core.services.releasing import Holds
from tests.core.conftest import ANA, BEN, World


def card(screen: object) -> ParagraphCard:
    assert isinstance(screen, ParagraphCard), screen
    return screen


def buttons(screen: ParagraphCard) -> list[Button]:
    return [button for row in screen.buttons for button in row]


async def test_two_readers_of_one_paragraph_share_its_buttons(world: World) -> None:
    c = await world.consultation()
    for person in (ANA, BEN):
        await world.app.handle(person, Join(payload=c.slug))

    ana = card(await world.app.handle(ANA, Resume(consultation_id=c.id)))
    ben = card(await world.app.handle(BEN, Resume(consultation_id=c.id)))

    assert buttons(ana) == buttons(ben)
    assert all(mine is theirs for mine, theirs in zip(buttons(ana), buttons(ben), strict=True))


async def test_the_comments_button_shows_the_count_of_the_moment(world: World) -> None:
    c = await world.consultation()
    for person in (ANA, BEN):
        await world.app.handle(person, Join(payload=c.slug))
    before = card(await world.app.handle(BEN, Resume(consultation_id=c.id)))
    comment = SubmitComment(consultation_id=c.id, paragraph_id=before.paragraph_id, body="Yes.")
    await world.app.handle(ANA, comment)

    after = card(await world.app.handle(BEN, Resume(consultation_id=c.id)))

    counts = [b.label for b in buttons(before) + buttons(after) if b.label.startswith("Comments")]
    assert counts[0] != counts[1]
    assert counts[1] == f"Comments ({after.comment_count})"


def content(revision: str, numbers: tuple[int, ...]) -> ConsultationContent:
    paragraphs = tuple(
        Paragraph(
            id=10 + position,
            consultation_id=1,
            section_id=None,
            position=position,
            number=number,
            text="text",
        )
        for position, number in enumerate(numbers, start=1)
    )
    return ConsultationContent(
        consultation_id=1, revision=revision, paragraphs=paragraphs, headings={}
    )


def test_back_and_next_show_the_labels_of_the_content_revision_they_are_built_for() -> None:
    first, renumbered = content("r1", (1, 2, 3)), content("r2", (1, 5, 9))
    held: dict[int, datetime] = {}

    old = _navigation(first, first.paragraphs[1], Holds(opens=held))
    new = _navigation(renumbered, renumbered.paragraphs[1], Holds(opens=held))

    assert [b.label for b in old] == ["◀ Back (P1)", "Next (P3) ▶"]
    assert [b.label for b in new] == ["◀ Back (P1)", "Next (P9) ▶"]
    assert new[1].intent == ShowParagraph(consultation_id=1, paragraph_id=13)
    assert new[0] is old[0]  # the same label and target: the same button
