"""Organiser commands sent from chat: refusals, drafts from documents, groups and posts."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.app import ConsultationApp
from core.documents import Document, DocumentParagraph, DocumentSection
from core.hints import Command, CommandHint, hints_in
from core.intents import (
    CastVote,
    CloseConsultation,
    ConfirmDraft,
    CreateConsultation,
    CreateInvitation,
    DiscardDraft,
    FreeText,
    ImportDocument,
    Join,
    LinkChannel,
    OfferDocument,
    OpenConsultation,
    PostParagraph,
    ShowFullStatistics,
    StartDraft,
)
from core.model import ChannelRef, Choice, Platform, ResultsVisibility, Status
from core.screens import (
    ChannelPost,
    DraftReview,
    InvitationCreated,
    Notice,
    Question,
    StatisticsReport,
    Tone,
    VoteRecorded,
    Welcome,
)
from tests.core.conftest import ANA, BEN, NOW, World
from tests.organiser import add_organiser

GROUP = ChannelRef(platform=Platform.TELEGRAM, tenant="telegram", chat_id="-100123")
UPLOAD = Document(
    sections=(
        DocumentSection(
            heading="Housing plan",
            paragraphs=tuple(DocumentParagraph(number=n, text=f"Point {n}.") for n in (1, 2, 3)),
        ),
    )
)


@pytest.fixture
async def organiser(world: World) -> World:
    await add_organiser(world.uow(), ANA.ref)
    return world


@pytest.mark.parametrize(
    "intent",
    [
        StartDraft(),
        OfferDocument(),
        ImportDocument(filename="plan.md", document=UPLOAD),
        CreateConsultation(title="T", closes="in 9 days", filename="a.md", document=UPLOAD),
        OpenConsultation(slug="strategy"),
        CloseConsultation(slug="strategy"),
        CreateInvitation(slug="strategy"),
        ShowFullStatistics(slug="strategy"),
        LinkChannel(slug="strategy", channel=GROUP, title="Residents"),
        PostParagraph(channel=GROUP),
    ],
    ids=lambda i: type(i).__name__,
)
async def test_anyone_but_an_organiser_is_refused(
    organiser: World, intent: OpenConsultation
) -> None:
    c = await organiser.consultation()
    refused = await organiser.app.handle(BEN, intent)
    assert isinstance(refused, Notice)
    assert refused.text == "Only the consultation's organisers can do that."
    async with organiser.uow() as uow:
        assert [x.slug for x in await uow.consultations.list()] == [c.slug]
        assert await uow.channels.get(GROUP) is None


async def test_an_organiser_may_offer_a_document_and_nothing_changes(organiser: World) -> None:
    offered = await organiser.app.handle(ANA, OfferDocument())

    assert isinstance(offered, Notice)
    assert offered.tone is Tone.INFO
    async with organiser.uow() as uow:
        assert await uow.consultations.list() == []
        assert await uow.drafts.get(ANA.ref) is None


async def test_an_organiser_creates_a_draft_from_a_document_step_by_step(
    organiser: World,
) -> None:
    app = organiser.app
    asked = await app.handle(ANA, StartDraft())
    assert isinstance(asked, Question)
    title_question = await app.handle(
        ANA, ImportDocument(filename="Housing Plan.md", document=UPLOAD)
    )
    assert isinstance(title_question, Question)
    assert "3 paragraphs in 1 section" in title_question.text
    closes_question = await app.handle(ANA, FreeText(body="Housing plan 2027"))
    assert isinstance(closes_question, Question)
    review = await app.handle(ANA, FreeText(body="2027-03-31"))
    assert isinstance(review, DraftReview)
    assert (review.slug, review.title, review.paragraphs) == (
        "housing-plan",
        "Housing plan 2027",
        3,
    )
    assert review.deadline.startswith("closes 31 Mar 2027")
    saved = await app.handle(ANA, ConfirmDraft(consultation_id=review.consultation_id))
    assert isinstance(saved, Notice)
    assert hints_in(saved.text) == [
        CommandHint(Command.OPEN, "housing-plan"),
        CommandHint(Command.INVITE, "housing-plan"),
    ]
    async with organiser.uow() as uow:
        stored = await uow.consultations.get_by_slug("housing-plan")
        assert await uow.drafts.get(ANA.ref) is None
    assert stored is not None
    assert stored.status is Status.DRAFT
    assert stored.closes_at == datetime(2027, 3, 31, 23, 59, tzinfo=UTC)
    # A draft is invisible to participants until it is opened.
    assert isinstance(await app.handle(BEN, Join(payload="housing-plan")), Notice)
    assert isinstance(await app.handle(ANA, OpenConsultation(slug="housing-plan")), Notice)
    assert isinstance(await app.handle(BEN, Join(payload="housing-plan")), Welcome)


async def test_the_chat_counts_the_named_sections_as_the_command_line_does(
    organiser: World,
) -> None:
    def section(heading: str | None, number: int) -> DocumentSection:
        paragraph = DocumentParagraph(number=number, text=f"Point {number}.")
        return DocumentSection(heading=heading, paragraphs=(paragraph,))

    preamble_and_two = Document(
        sections=(section(None, 1), section("Housing", 2), section("Transport", 3))
    )
    await organiser.app.handle(ANA, StartDraft())
    question = await organiser.app.handle(
        ANA, ImportDocument(filename="plan.md", document=preamble_and_two)
    )
    await organiser.app.handle(ANA, FreeText(body="-"))
    review = await organiser.app.handle(ANA, FreeText(body="2027-03-31"))

    assert isinstance(question, Question)
    assert question.text.startswith("Read 3 paragraphs in 2 sections.")
    assert isinstance(review, DraftReview)
    assert (review.sections, review.paragraphs) == (2, 3)


async def test_a_draft_title_loses_its_overrides_and_an_invisible_one_is_refused(
    organiser: World,
) -> None:
    await organiser.app.handle(ANA, StartDraft())
    await organiser.app.handle(ANA, ImportDocument(filename="plan.md", document=UPLOAD))
    refused = await organiser.app.handle(ANA, FreeText(body="\u200b\u2060 \u202e"))
    await organiser.app.handle(ANA, FreeText(body="Housing \u202e2027\u202c plan"))

    assert isinstance(refused, Notice)
    assert "The title must have 1 to" in refused.text
    async with organiser.uow() as uow:
        [draft] = [c for c in await uow.consultations.list() if c.slug == "plan"]
    assert draft.title == "Housing 2027 plan"


async def test_a_form_creates_a_draft_in_one_go_and_refuses_bad_fields(organiser: World) -> None:
    created = await organiser.app.handle(
        ANA,
        CreateConsultation(
            title="Housing plan 2027", closes="in 20 days", filename="plan.docx", document=UPLOAD
        ),
    )
    assert isinstance(created, Notice)
    assert "Saved as a draft: housing-plan-2027" in created.text
    for closes, title in (("yesterday", "T"), ("2020-01-01", "T"), ("in 5 days", " ")):
        refused = await organiser.app.handle(
            ANA,
            CreateConsultation(title=title, closes=closes, filename="x.md", document=UPLOAD),
        )
        assert isinstance(refused, Notice)
        assert refused.tone is Tone.ERROR
    async with organiser.uow() as uow:
        assert [c.slug for c in await uow.consultations.list()] == ["housing-plan-2027"]


async def test_a_closing_date_in_the_past_is_asked_again(organiser: World) -> None:
    app = organiser.app
    await app.handle(ANA, ImportDocument(filename="plan.txt", document=UPLOAD))
    await app.handle(ANA, FreeText(body="-"))
    refused = await app.handle(ANA, FreeText(body="2020-01-01"))
    assert isinstance(refused, Notice)
    assert "in the past" in refused.text
    assert isinstance(await app.handle(ANA, FreeText(body="in 10 days")), DraftReview)


async def test_discarding_a_draft_deletes_it_with_its_document(organiser: World) -> None:
    app = organiser.app
    await app.handle(ANA, ImportDocument(filename="plan.md", document=UPLOAD))
    await app.handle(ANA, FreeText(body="-"))
    review = await app.handle(ANA, FreeText(body="in 30 days"))
    assert isinstance(review, DraftReview)
    assert isinstance(
        await app.handle(ANA, DiscardDraft(consultation_id=review.consultation_id)), Notice
    )
    async with organiser.uow() as uow:
        assert await uow.consultations.get(review.consultation_id) is None
        assert await uow.drafts.get(ANA.ref) is None


async def test_a_forged_confirm_button_changes_nothing(organiser: World) -> None:
    c = await organiser.consultation()
    refused = await organiser.app.handle(ANA, ConfirmDraft(consultation_id=c.id))
    assert isinstance(refused, Notice)
    assert refused.tone is Tone.WARNING


async def test_a_second_upload_replaces_an_unfinished_draft(organiser: World) -> None:
    await organiser.app.handle(ANA, ImportDocument(filename="plan.md", document=UPLOAD))
    await organiser.app.handle(ANA, ImportDocument(filename="plan.md", document=UPLOAD))
    async with organiser.uow() as uow:
        assert [c.slug for c in await uow.consultations.list()] == ["plan"]


async def test_a_document_delivered_again_later_leaves_the_draft_where_it_is(
    organiser: World,
) -> None:
    app = organiser.app
    upload = ImportDocument(filename="plan.md", document=UPLOAD, idempotency_key="tg:1:5")
    first = await app.handle(ANA, upload)
    assert await app.handle(ANA, upload) == first  # at once: its title question again
    await app.handle(ANA, FreeText(body="Parks", idempotency_key="tg:1:6"))

    again = await app.handle(ANA, upload)

    assert again == Notice(text="That document is read already, as plan.", tone=Tone.INFO)
    review = await app.handle(ANA, FreeText(body="in 10 days", idempotency_key="tg:1:7"))
    assert isinstance(review, DraftReview)
    assert (review.slug, review.title) == ("plan", "Parks")
    await app.handle(ANA, ConfirmDraft(consultation_id=review.consultation_id))
    assert await app.handle(ANA, upload) == again  # kept: nothing is imported again
    async with organiser.uow() as uow:
        assert [c.title for c in await uow.consultations.list()] == ["Parks"]
        assert await uow.drafts.get(ANA.ref) is None


async def test_an_answer_delivered_again_asks_the_next_question_again_and_changes_nothing(
    organiser: World,
) -> None:
    app = organiser.app
    await app.handle(ANA, ImportDocument(filename="plan.md", document=UPLOAD))
    title = FreeText(body="31 March", idempotency_key="tg:1:8")
    closes_question = await app.handle(ANA, title)
    assert isinstance(closes_question, Question)

    assert await app.handle(ANA, title) == closes_question  # not read as the closing date
    closing = FreeText(body="in 10 days", idempotency_key="tg:1:9")
    review = await app.handle(ANA, closing)
    organiser.clock.advance(timedelta(days=1))
    replayed = await app.handle(ANA, closing)

    assert isinstance(review, DraftReview)
    assert isinstance(replayed, DraftReview)
    assert replayed.deadline == "closes 11 Feb 2027, 9 days left"
    assert (replayed.title, review.deadline) == ("31 March", "closes 11 Feb 2027, 10 days left")


async def test_a_draft_takes_a_free_slug_when_the_file_name_is_taken(organiser: World) -> None:
    await organiser.consultation("plan")
    asked = await organiser.app.handle(ANA, ImportDocument(filename="plan.md", document=UPLOAD))
    assert isinstance(asked, Question)
    async with organiser.uow() as uow:
        assert await uow.consultations.get_by_slug("plan-2") is not None


async def test_organisers_open_close_invite_and_read_full_figures_from_chat(
    organiser: World,
) -> None:
    c = await organiser.consultation(visibility=ResultsVisibility.AFTER_CLOSE)
    invitation = await organiser.app.handle(ANA, CreateInvitation(slug=c.slug, uses=3))
    assert isinstance(invitation, InvitationCreated)
    assert invitation.uses == 3
    assert isinstance(await organiser.app.handle(BEN, Join(payload=invitation.token)), Welcome)
    report = await organiser.app.handle(ANA, ShowFullStatistics(slug=c.slug))
    assert isinstance(report, StatisticsReport)
    closed = await organiser.app.handle(ANA, CloseConsultation(slug=c.slug))
    assert isinstance(closed, Notice)
    assert closed.text.endswith("is closed.")
    again = await organiser.app.handle(ANA, CloseConsultation(slug=c.slug))
    assert isinstance(again, Notice)
    assert "already closed" in again.text


async def test_a_linked_group_gets_paragraphs_in_order_and_its_members_vote(
    organiser: World,
) -> None:
    c = await organiser.consultation(visibility=ResultsVisibility.LIVE)
    linked = await organiser.app.handle(
        ANA, LinkChannel(slug=c.slug, channel=GROUP, title="Residents")
    )
    assert isinstance(linked, Notice)
    first = await organiser.app.handle(ANA, PostParagraph(channel=GROUP))
    second = await organiser.app.handle(ANA, PostParagraph(channel=GROUP))
    assert isinstance(first, ChannelPost)
    assert isinstance(second, ChannelPost)
    assert (first.card.label, second.card.label) == ("P1", "P22")
    assert first.join_payload == c.slug
    assert [b.label for row in first.card.buttons for b in row] == ["Agree", "Disagree"]
    agree = first.card.buttons[0][0].intent
    assert isinstance(agree, CastVote)
    assert agree.choice is Choice.AGREE
    assert isinstance(await organiser.app.handle(BEN, agree), VoteRecorded)
    again = await organiser.app.handle(ANA, PostParagraph(channel=GROUP, number=1))
    assert isinstance(again, ChannelPost)
    assert again.card.tally is not None
    assert again.card.tally.agree == 1


async def test_posting_to_an_unlinked_chat_or_a_missing_paragraph_is_explained(
    organiser: World,
) -> None:
    c = await organiser.consultation()
    unlinked = await organiser.app.handle(ANA, PostParagraph(channel=GROUP))
    assert isinstance(unlinked, Notice)
    assert hints_in(unlinked.text) == [CommandHint(Command.LINK, "SLUG")]
    await organiser.app.handle(ANA, LinkChannel(slug=c.slug, channel=GROUP, title="G"))
    missing = await organiser.app.handle(ANA, PostParagraph(channel=GROUP, number=99))
    assert isinstance(missing, Notice)
    assert "no paragraph P99" in missing.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-03-31", datetime(2027, 3, 31, 23, 59, tzinfo=UTC)),
        ("2027-03-31T17:00+01:00", datetime(2027, 3, 31, 16, 0, tzinfo=UTC)),
        ("in 30 days", NOW + timedelta(days=30)),
        ("15 Feb 2027", datetime(2027, 2, 15, 23, 59, tzinfo=UTC)),
    ],
)
async def test_the_draft_flow_and_the_form_take_every_form_of_closing_date(
    organiser: World, text: str, expected: datetime
) -> None:
    await organiser.app.handle(ANA, ImportDocument(filename="chat.md", document=UPLOAD))
    await organiser.app.handle(ANA, FreeText(body="-"))
    review = await organiser.app.handle(ANA, FreeText(body=text))
    form = CreateConsultation(title="Form", closes=text, filename="form.md", document=UPLOAD)
    created = await organiser.app.handle(ANA, form)

    assert isinstance(review, DraftReview)
    assert isinstance(created, Notice)
    assert created.tone is Tone.SUCCESS
    async with organiser.uow() as uow:
        stored = {c.slug: c.closes_at for c in await uow.consultations.list()}
    assert stored == {"chat": expected, "form": expected}


async def test_chat_dates_without_an_offset_are_read_in_the_configured_time_zone(
    world: World,
) -> None:
    app = ConsultationApp(world.uow, world.clock, zone=ZoneInfo("Europe/Berlin"))
    await add_organiser(world.uow(), ANA.ref)
    await app.handle(ANA, ImportDocument(filename="chat.md", document=UPLOAD))
    question = await app.handle(ANA, FreeText(body="-"))
    await app.handle(ANA, FreeText(body="2027-03-31"))
    form = CreateConsultation(title="Form", closes="15 Feb 2027", filename="f.md", document=UPLOAD)
    await app.handle(ANA, form)

    assert isinstance(question, Question)
    assert question.text.startswith(
        "When does it close? Send a date such as 2027-03-03 (the end of that day, Europe/Berlin)"
    )
    async with world.uow() as uow:
        stored = {c.slug: c.closes_at for c in await uow.consultations.list()}
    assert stored == {  # 23:59 in Berlin: summer time (UTC+2) on 31 March, winter on 15 Feb
        "chat": datetime(2027, 3, 31, 21, 59, tzinfo=UTC),
        "form": datetime(2027, 2, 15, 22, 59, tzinfo=UTC),
    }


@pytest.mark.parametrize(
    ("text", "refusal"),
    [
        ("tomorrow", "“tomorrow” is not a date townhall understands. Write e.g. 2027-03-03"),
        ("2027-13-01", "“2027-13-01” is not a date townhall understands. Write e.g. 2027-03-03"),
        ("2027-01-31", "The closing time 31 Jan 2027, 23:59 UTC is in the past. Write a later"),
    ],
)
async def test_an_unreadable_or_past_closing_date_is_refused_with_examples_in_chat(
    organiser: World, text: str, refusal: str
) -> None:
    await organiser.app.handle(ANA, ImportDocument(filename="chat.md", document=UPLOAD))
    await organiser.app.handle(ANA, FreeText(body="-"))
    asked_again = await organiser.app.handle(ANA, FreeText(body=text))
    form = CreateConsultation(title="Form", closes=text, filename="form.md", document=UPLOAD)
    refused = await organiser.app.handle(ANA, form)

    for screen in (asked_again, refused):
        assert isinstance(screen, Notice)
        assert screen.text.startswith(refusal)
        assert screen.text.endswith("3 Mar 2027 or “in 30 days”.")
    async with organiser.uow() as uow:
        assert [c.slug for c in await uow.consultations.list()] == ["chat"]  # the draft only
        assert (await uow.drafts.get(ANA.ref)) is not None
