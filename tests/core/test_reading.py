"""`/next voted|commented|controversial|supported|decided|mine`: what a participant reads next."""

from core.app import ConsultationApp
from core.documents import Document, DocumentParagraph, DocumentSection
from core.intents import CastVote, ShowParagraph, ShowReading, SubmitComment
from core.model import (
    CLI_ACTOR,
    Actor,
    Choice,
    Consultation,
    ParagraphStatus,
    ReadingFilter,
    ResultsVisibility,
)
from core.paragraph_status import SetParagraphStatus, SupportRule
from core.screens import Notice, ParagraphCard, ParagraphList, Tone
from tests.core.conftest import ANA, BEN, CLOSES, World, actor

CAL = actor("cal")


async def paragraph_ids(world: World, c: Consultation) -> list[int]:
    async with world.uow() as uow:
        return [p.id for p in await uow.paragraphs.list(c.id)]


async def cast(world: World, who: Actor, c: Consultation, pid: int, choice: Choice) -> None:
    await world.app.handle(who, CastVote(consultation_id=c.id, paragraph_id=pid, choice=choice))


async def reading(world: World, who: Actor, c: Consultation, kind: ReadingFilter) -> ParagraphList:
    shown = await world.app.handle(who, ShowReading(consultation_id=c.id, kind=kind))
    assert isinstance(shown, ParagraphList), shown
    return shown


def labels(screen: ParagraphList) -> list[str]:
    return [entry.label for entry in screen.entries]


async def three_voters(world: World, c: Consultation) -> list[int]:
    """P1: 3 agree; P22: 1 agree 2 disagree; P23: nobody, but two comments."""
    p1, p22, p23 = await paragraph_ids(world, c)
    for who in (ANA, BEN, CAL):
        await cast(world, who, c, p1, Choice.AGREE)
    await cast(world, ANA, c, p22, Choice.AGREE)
    await cast(world, BEN, c, p22, Choice.DISAGREE)
    await cast(world, CAL, c, p22, Choice.DISAGREE)
    for n, who in enumerate((BEN, CAL)):
        body = f"Comment {n} on P23"
        await world.app.handle(
            who, SubmitComment(consultation_id=c.id, paragraph_id=p23, body=body)
        )
    return [p1, p22, p23]


async def test_most_voted_commented_and_controversial_rank_by_their_figures(world: World) -> None:
    c = await world.consultation()
    await three_voters(world, c)
    voted = await reading(world, ANA, c, ReadingFilter.VOTED)
    assert voted.heading == "Most voted"
    assert labels(voted) == ["P1", "P22"]  # ties go to the earlier paragraph
    assert voted.entries[1].tally is not None
    assert (voted.entries[1].tally.agree, voted.entries[1].tally.disagree) == (1, 2)
    assert labels(await reading(world, ANA, c, ReadingFilter.COMMENTED)) == ["P23"]
    assert labels(await reading(world, ANA, c, ReadingFilter.CONTROVERSIAL)) == ["P22"]


async def test_each_entry_opens_its_card(world: World) -> None:
    c = await world.consultation()
    p1, *_ = await three_voters(world, c)
    voted = await reading(world, ANA, c, ReadingFilter.VOTED)
    first = voted.buttons[0][0]
    assert first.label == "P1"
    assert first.intent == ShowParagraph(consultation_id=c.id, paragraph_id=p1)
    card = await world.app.handle(ANA, first.intent)
    assert isinstance(card, ParagraphCard)
    assert card.label == "P1"


async def test_supported_follows_the_configured_rule_and_decided_the_organisers(
    world: World,
) -> None:
    c = await world.consultation()
    await three_voters(world, c)
    strict = ConsultationApp(world.uow, world.clock, support=SupportRule(min_votes=3))
    lenient = ConsultationApp(world.uow, world.clock, support=SupportRule(min_votes=1))
    supported = ShowReading(consultation_id=c.id, kind=ReadingFilter.SUPPORTED)
    strict_list = await strict.handle(ANA, supported)
    assert isinstance(strict_list, ParagraphList)
    assert labels(strict_list) == ["P1"]
    assert strict_list.entries[0].status == "supported"
    default = await reading(world, ANA, c, ReadingFilter.SUPPORTED)
    assert default.entries == ()
    assert default.empty == "No paragraph has reached 10 votes with 75% agreement yet."
    order = SetParagraphStatus(slug=c.slug, paragraph="P1", status=ParagraphStatus.DECIDED)
    await world.app.handle(CLI_ACTOR, order)
    lenient_list = await lenient.handle(ANA, supported)
    assert isinstance(lenient_list, ParagraphList)
    assert labels(lenient_list) == []  # decided wins over supported
    decided = await reading(world, ANA, c, ReadingFilter.DECIDED)
    assert labels(decided) == ["P1"]
    assert decided.entries[0].status == "decided"


async def test_my_contributions_are_the_paragraphs_i_voted_on_or_commented(world: World) -> None:
    c = await world.consultation()
    p1, p22, p23 = await paragraph_ids(world, c)
    assert (await reading(world, ANA, c, ReadingFilter.MINE)).entries == ()
    await cast(world, ANA, c, p22, Choice.DISAGREE)
    await world.app.handle(ANA, SubmitComment(consultation_id=c.id, paragraph_id=p23, body="Hm."))
    await cast(world, BEN, c, p1, Choice.AGREE)
    mine = await reading(world, ANA, c, ReadingFilter.MINE)
    assert mine.heading == "My contributions"
    assert labels(mine) == ["P22", "P23"]


async def test_while_results_are_hidden_vote_filters_are_refused_and_others_show_no_votes(
    world: World,
) -> None:
    c = await world.consultation(visibility=ResultsVisibility.AFTER_CLOSE)
    await three_voters(world, c)
    for kind in (ReadingFilter.VOTED, ReadingFilter.CONTROVERSIAL, ReadingFilter.SUPPORTED):
        refused = await world.app.handle(ANA, ShowReading(consultation_id=c.id, kind=kind))
        assert isinstance(refused, Notice), kind
        assert refused.tone is Tone.WARNING
        assert "published when the consultation closes" in refused.text
        assert f"“{kind.heading}” opens then." in refused.text
    commented = await reading(world, ANA, c, ReadingFilter.COMMENTED)
    mine = await reading(world, ANA, c, ReadingFilter.MINE)
    assert [e.tally for e in (*commented.entries, *mine.entries)] == [None, None, None]
    assert {e.status for e in mine.entries} == {"in voting"}
    world.clock.advance(CLOSES - world.clock.now())
    assert labels(await reading(world, ANA, c, ReadingFilter.VOTED)) == ["P1", "P22"]


async def test_a_long_list_comes_in_pages(world: World) -> None:
    many = Document(
        sections=(
            DocumentSection(
                heading=None,
                paragraphs=tuple(
                    DocumentParagraph(number=n, text=f"Paragraph {n}. " * 20) for n in range(1, 21)
                ),
            ),
        )
    )
    c = await world.consultation(document=many)
    for pid in await paragraph_ids(world, c):
        await cast(world, ANA, c, pid, Choice.AGREE)
    first = await reading(world, ANA, c, ReadingFilter.MINE)
    assert (first.found, first.page, first.pages, len(first.entries)) == (20, 1, 3, 8)
    assert first.entries[0].excerpt.endswith("…")
    assert len(first.entries[0].excerpt) <= 90
    more = [b for row in first.buttons for b in row if b.label == "More ▶"]
    last = await world.app.handle(
        ANA, ShowReading(consultation_id=c.id, kind=ReadingFilter.MINE, page=9)
    )
    assert isinstance(last, ParagraphList)
    assert (last.page, labels(last)) == (3, [f"P{n}" for n in range(17, 21)])
    assert more
    assert more[0].intent == ShowReading(consultation_id=c.id, kind=ReadingFilter.MINE, page=2)
