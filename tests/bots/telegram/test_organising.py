"""Organisers create and run consultations from Telegram; anyone else is refused."""

from bots.chat.identities import telegram_ref
from bots.chat.uploads import MAX_FILE_BYTES
from core.app import ConsultationApp
from core.intents import CastVote, Join
from core.model import Actor, Choice, Status
from tests.bots.conftest import DRAFT, create, document
from tests.bots.telegram.conftest import TelegramWorld, button_labels, text_of
from tests.bots.word_files import word_bomb
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.telegram_updates import document_message, private_message
from tests.organiser import add_organiser

ADA = 4242  # an organiser
BEN = 5151


async def organiser(telegram: TelegramWorld) -> None:
    await add_organiser(FakeUnitOfWork(telegram.memory), telegram_ref(ADA))


async def upload(telegram: TelegramWorld, user_id: int, name: str, data: bytes) -> None:
    file_id = f"file-{name}"
    telegram.fake.add_file(file_id, data, name)
    mime = "text/markdown" if name.endswith(".md") else "application/octet-stream"
    await telegram.receive(document_message(user_id, file_id, name, mime, file_size=len(data)))


async def test_an_organiser_creates_a_consultation_from_an_uploaded_markdown_file(
    telegram: TelegramWorld,
) -> None:
    await organiser(telegram)

    await telegram.receive(private_message(ADA, "/new"))
    asked = telegram.fake.calls_to("sendMessage")[-1].params
    assert text_of(asked) == "Send me the document to consult on, as a .md, .txt or .docx file."
    assert asked["reply_markup"]["force_reply"] is True  # type: ignore[index]
    await upload(telegram, ADA, "city-plan.md", DRAFT.encode())
    assert telegram.last_text(ADA).startswith("Read 3 paragraphs in 2 sections.")
    await telegram.receive(private_message(ADA, "The city plan & budget"))
    await telegram.receive(private_message(ADA, "2027-03-31"))
    review = telegram.last(ADA)
    assert text_of(review) == (
        "The city plan & budget (city-plan)\n2 sections, 3 paragraphs, closes 31 Mar 2027, "
        "75 days left.\nConfirm to keep it as a draft (open it later with /open city-plan)."
    )
    assert button_labels(review) == ["Confirm", "Discard"]
    await telegram.press(ADA, review, "Confirm")

    assert telegram.last_text(ADA).startswith("✅ Saved as a draft: city-plan.")
    [consultation] = telegram.memory.tables.consultations.values()
    assert (consultation.title, consultation.status) == ("The city plan & budget", Status.DRAFT)


async def test_a_document_and_an_answer_delivered_again_act_once(
    telegram: TelegramWorld,
) -> None:
    await organiser(telegram)
    await telegram.receive(private_message(ADA, "/new"))
    telegram.fake.add_file("plan", DRAFT.encode(), "city-plan.md")
    sent = document_message(ADA, "plan", "city-plan.md", "text/markdown", file_size=9)
    title = private_message(ADA, "2027-03-31 plan")

    for update in (sent, sent, title, title, sent):  # Telegram sending each again
        await telegram.receive(update)

    assert telegram.last_text(ADA) == "That document is read already, as city-plan."
    asked = [text_of(m) for m in telegram.fake.messages(ADA)[1:-1]]
    questions = ["Read 3 paragraphs in 2 sections"] * 2 + ["When does it close? Send a date"] * 2
    assert [text[: len(question)] for text, question in zip(asked, questions, strict=True)] == (
        questions
    )
    [consultation] = telegram.memory.tables.consultations.values()
    assert consultation.title == "2027-03-31 plan"
    [draft] = telegram.memory.tables.drafts.values()
    assert draft.step.value == "closes"


async def test_an_organiser_opens_invites_with_a_deep_link_reads_figures_and_closes(
    telegram: TelegramWorld,
) -> None:
    await organiser(telegram)
    await telegram.receive(private_message(ADA, "/new"))
    await upload(telegram, ADA, "plan.md", DRAFT.encode())
    await telegram.receive(private_message(ADA, "-"))
    await telegram.receive(private_message(ADA, "in 30 days"))
    await telegram.press(ADA, telegram.last(ADA), "Confirm")

    await telegram.receive(private_message(ADA, "/open plan"))
    assert telegram.last_text(ADA).startswith("✅ “1. Purpose” is open until")
    await telegram.receive(private_message(ADA, "/invite plan 5"))
    invitation = telegram.last_text(ADA)
    assert "(5 uses)" in invitation
    assert "https://t.me/townhall_test_bot?start=" in invitation
    await telegram.receive(private_message(ADA, "/stats plan"))
    assert telegram.last_text(ADA).startswith("📊 1. Purpose")
    assert "Level of agreement: –" in telegram.last_text(ADA)
    assert "\nP3         0        0     –        0" in telegram.last_text(ADA)
    await telegram.receive(private_message(ADA, "/close plan"))
    assert telegram.last_text(ADA) == "✅ “1. Purpose” is closed."


async def test_a_non_organiser_is_refused_and_nothing_is_stored(telegram: TelegramWorld) -> None:
    await telegram.receive(private_message(BEN, "/new", first_name="Ben"))
    refusal = telegram.last_text(BEN)
    await upload(telegram, BEN, "plan.md", DRAFT.encode())
    await telegram.receive(private_message(BEN, "/open plan", first_name="Ben"))

    assert refusal.startswith("⚠️ ")
    assert "organiser" in refusal
    assert "organiser" in telegram.last_text(BEN)
    assert telegram.memory.tables.consultations == {}


async def test_a_document_from_a_non_organiser_is_refused_before_it_is_downloaded(
    telegram: TelegramWorld,
) -> None:
    await upload(telegram, BEN, "plan.md", DRAFT.encode())

    assert telegram.last_text(BEN).startswith("⚠️ ")
    assert "organiser" in telegram.last_text(BEN)
    assert telegram.fake.calls_to("getFile") == []
    assert telegram.memory.tables.consultations == {}


async def test_a_file_that_is_not_a_document_gets_a_clear_reply(telegram: TelegramWorld) -> None:
    await organiser(telegram)
    await telegram.receive(private_message(ADA, "/new"))

    await upload(telegram, ADA, "scan.pdf", b"%PDF-1.7")
    await upload(telegram, ADA, "empty.md", b"   \n")

    first, second = (text_of(m) for m in telegram.fake.messages(ADA)[-2:])
    assert first == "❌ scan.pdf: send the document as a .md, .txt or .docx file."
    assert second == "❌ empty.md is empty: there is nothing to consult on."
    assert telegram.memory.tables.consultations == {}
    assert len(telegram.fake.calls_to("getFile")) == 1  # the PDF was never downloaded


async def test_an_uploaded_word_file_that_unpacks_past_the_limit_is_refused(
    telegram: TelegramWorld,
) -> None:
    await organiser(telegram)
    await telegram.receive(private_message(ADA, "/new"))

    await upload(telegram, ADA, "bomb.docx", word_bomb())

    assert telegram.last_text(ADA).startswith("❌ bomb.docx unpacks to ")
    assert "the limit is 50 MB" in telegram.last_text(ADA)
    assert telegram.memory.tables.consultations == {}


async def test_a_file_over_the_limit_is_refused_by_its_size_even_when_the_message_omits_it(
    telegram: TelegramWorld,
) -> None:
    await organiser(telegram)
    await telegram.receive(private_message(ADA, "/new"))
    telegram.fake.add_file("big", b"Text.\n" * (MAX_FILE_BYTES // 6 + 1), "big.md")

    await telegram.receive(document_message(ADA, "big", "big.md", "text/markdown"))

    # "larger than" is the answer given before the download; after it the reader would say
    # "big.md is 5.0 MB".
    assert telegram.last_text(ADA) == "❌ big.md is larger than 5 MB."
    assert telegram.memory.tables.consultations == {}


async def test_usage_is_explained_when_arguments_are_missing(telegram: TelegramWorld) -> None:
    await telegram.receive(private_message(ADA, "/open"))
    await telegram.receive(private_message(ADA, "/invite plan many"))
    await telegram.receive(private_message(ADA, "/link plan"))

    texts = [text_of(m) for m in telegram.fake.messages(ADA)]
    assert texts == [
        "⚠️ Usage: /open SLUG",
        "⚠️ Usage: /invite SLUG [USES], e.g. /invite budget-2027 50",
        "⚠️ Send /link SLUG in the group or channel that should follow the consultation.",
    ]


async def test_an_organisers_stats_list_every_paragraph_in_messages_within_the_limit(
    telegram: TelegramWorld,
) -> None:
    await organiser(telegram)
    texts = tuple(f"Paragraph number {n} of the long plan." for n in range(1, 301))
    await create(telegram.memory, telegram.clock, slug="long", content=document(("All", texts)))
    app = ConsultationApp(lambda: FakeUnitOfWork(telegram.memory), telegram.clock)
    ben = Actor(ref=telegram_ref(BEN), display_name="Ben")
    await app.handle(ben, Join(payload="long"))
    await app.handle(ben, CastVote(consultation_id=1, paragraph_id=7, choice=Choice.AGREE))

    await telegram.receive(private_message(ADA, "/stats long"))

    sent = [call.params for call in telegram.fake.calls_to("sendMessage")]
    assert str(sent[0]["text"]).startswith("📊 <b>Plan</b>")
    tables = [str(params["text"]) for params in sent[1:]]
    assert len(tables) > 1
    chart, *messages = telegram.fake.messages(ADA)  # the agreement chart, then the text
    assert "photo" in chart
    assert all(text_of(m) and len(text_of(m)) <= 4096 for m in messages)
    rows = [line.split() for table in tables for line in table.split("\n")]
    labels = [row[0].removeprefix("<pre>") for row in rows]
    assert [label for label in labels if label != "Para"] == [f"P{n}" for n in range(1, 301)]
    assert ["P7", "1", "0", "100%", "0"] in rows
