"""An organiser's /stats SLUG brings the agreement chart as a photo (sendPhoto, multipart).

python-telegram-bot uploads the PNG to the fake Bot API, which checks it as Telegram checks a
photo and its caption (1,024 characters, HTML that parses).
"""

from datetime import timedelta

from bots.chat.identities import telegram_ref
from bots.reports.charts import WIDTH, bars_height
from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice, NewConsultation, Privacy, ResultsVisibility, Status
from tests.bots.conftest import THREE_PARAGRAPHS, create, document
from tests.bots.reports.pngs import png_size
from tests.bots.telegram.conftest import TelegramWorld, text_of
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import private_message
from tests.organiser import add_organiser, create_consultation

ADA = 4242  # an organiser
BEN = 5151
CY = 6262


async def votes(telegram: TelegramWorld, slug: str = "plan") -> None:
    """Ben agrees with P1 and P2, Cy disagrees with P1: 3 votes, 67% agree."""
    app = ConsultationApp(lambda: FakeUnitOfWork(telegram.memory), telegram.clock)
    for user, choices in ((BEN, (Choice.AGREE, Choice.AGREE)), (CY, (Choice.DISAGREE,))):
        person = Actor(ref=telegram_ref(user), display_name=str(user))
        await app.handle(person, Join(payload=slug))
        for paragraph_id, choice in enumerate(choices, start=1):
            intent = CastVote(consultation_id=1, paragraph_id=paragraph_id, choice=choice)
            await app.handle(person, intent)


async def test_an_organisers_stats_send_the_agreement_chart_with_the_key_figures(
    telegram: TelegramWorld,
) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await create(telegram.memory, telegram.clock, results=ResultsVisibility.AFTER_CLOSE)
    await votes(telegram)

    await telegram.receive(private_message(ADA, "/stats plan"))

    [call] = telegram.fake.calls_to("sendPhoto")
    [upload] = call.files.values()
    assert png_size(upload.data) == (WIDTH, bars_height(3))
    photo, *texts = telegram.fake.messages(ADA)
    assert [(p["width"], p["height"]) for p in photo["photo"]] == [(WIDTH, bars_height(3))]  # type: ignore[attr-defined]
    assert str(photo["caption"]).splitlines() == [
        "📊 Plan: agreement per paragraph",
        "Level of agreement: 67% · 3 votes (2 agree, 1 disagree)",
        "Comments: 0 · contributors: 2",
        "Most controversial: P1 (50% agree)",
    ]
    # Today's figures and table follow the photo as they were.
    assert text_of(texts[0]).startswith("📊 Plan")
    assert "\nP1         1        1   50%        0" in text_of(texts[0])


async def test_a_non_organisers_stats_get_no_chart(telegram: TelegramWorld) -> None:
    await create(telegram.memory, telegram.clock)
    await votes(telegram)

    await telegram.receive(private_message(BEN, "/stats plan"))
    refused = telegram.last_text(BEN)
    await telegram.receive(private_message(BEN, "/stats"))

    assert refused == "⚠️ Only the consultation's organisers can do that."
    assert telegram.last_text(BEN).startswith("📊 Plan")
    assert telegram.fake.calls_to("sendPhoto") == []


async def test_stats_without_votes_send_the_figures_and_no_chart(telegram: TelegramWorld) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    await create(telegram.memory, telegram.clock)

    await telegram.receive(private_message(ADA, "/stats plan"))

    assert telegram.fake.calls_to("sendPhoto") == []
    assert "Level of agreement: –" in telegram.last_text(ADA)


async def test_a_long_title_full_of_markup_stays_plain_text_within_the_caption_limit(
    telegram: TelegramWorld,
) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    title = "<script>alert(1)</script> & <b>" + "x" * 169  # 200 characters, the most allowed
    new = NewConsultation(
        slug="plan",
        title=title,
        description="",
        opens_at=telegram.clock.now(),
        closes_at=telegram.clock.now() + timedelta(days=10),
        status=Status.OPEN,
        privacy=Privacy.PUBLIC,
        results_visibility=ResultsVisibility.LIVE,
    )
    now = telegram.clock.now()
    await create_consultation(FakeUnitOfWork(telegram.memory), new, THREE_PARAGRAPHS, now)
    await votes(telegram)

    await telegram.receive(private_message(ADA, "/stats plan"))

    photo = telegram.fake.messages(ADA)[0]
    caption = str(photo["caption"])
    assert caption.startswith("📊 <script>alert(1)</script> & <b>xxx")
    assert len(caption) <= 1024
    # Only townhall's own bold: around the whole title, and around the level of agreement.
    entities = photo.get("caption_entities")
    assert isinstance(entities, list)
    assert [(e["type"], e["length"]) for e in entities] == [("bold", 200), ("bold", 3)]
    assert entities[0]["offset"] == 3


async def test_the_chart_of_300_paragraphs_shows_the_first_50_and_says_so(
    telegram: TelegramWorld,
) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))
    texts = tuple(f"Paragraph number {n} of the long plan." for n in range(1, 301))
    await create(telegram.memory, telegram.clock, content=document(("All", texts)))
    await votes(telegram)

    await telegram.receive(private_message(ADA, "/stats plan"))

    [call] = telegram.fake.calls_to("sendPhoto")
    assert png_size(next(iter(call.files.values())).data) == (WIDTH, bars_height(50))
    caption = str(telegram.fake.messages(ADA)[0]["caption"])
    assert caption.endswith("The chart shows P1–P50 of 300; the table lists them all.")
