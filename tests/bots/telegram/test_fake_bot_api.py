"""The fake Bot API, driven by the real python-telegram-bot stack (HTTPXRequest) over 127.0.0.1.

PTB drops "Bad Request: " from a description and lower-cases the rest, hence the `(?i)`s.
"""

from datetime import timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.bots.telegram.conftest import build_application
from tests.fakes.telegram import FakeBotApi
from tests.fakes.telegram_updates import (
    callback_query,
    document_message,
    group_message,
    private_message,
)
from tests.fakes.telegram_wire import BotApiError, parse_html

PERSON = 4242
KEYBOARD = InlineKeyboardMarkup(
    [
        [InlineKeyboardButton("Agree", callback_data="v1:vt:7:a")],
        [InlineKeyboardButton("Disagree", callback_data="v1:vt:7:d")],
    ]
)


async def send(
    fake: FakeBotApi,
    text: str,
    parse_mode: str | None = None,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> Message:
    async with build_application(fake) as app:
        return await app.bot.send_message(
            PERSON, text, parse_mode=parse_mode, reply_markup=reply_markup
        )


async def test_initialize_calls_get_me_and_the_bot_learns_its_username(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api) as app:
        assert app.bot.username == "townhall_test_bot"
    assert fake_bot_api.calls[0].method == "getMe"


async def test_a_wrong_token_is_refused_as_unauthorized(fake_bot_api: FakeBotApi) -> None:
    app = ApplicationBuilder().token("999:other").base_url(fake_bot_api.base_url).build()

    with pytest.raises(InvalidToken):
        await app.initialize()
    await app.bot.shutdown()  # initialize() failed, so the app itself holds nothing to close
    assert fake_bot_api.calls == []


async def test_html_text_and_an_inline_keyboard_round_trip(fake_bot_api: FakeBotApi) -> None:
    html = "<b>P3</b> · 1 of 2\nFish &amp; chips &lt;3"
    message = await send(fake_bot_api, html, parse_mode=ParseMode.HTML, reply_markup=KEYBOARD)

    assert message.text == "P3 · 1 of 2\nFish & chips <3"
    assert message.entities[0].type == "bold"
    assert message.reply_markup == KEYBOARD
    assert message.from_user is not None
    assert message.from_user.username == "townhall_test_bot"
    [call] = fake_bot_api.calls_to("sendMessage")
    assert call.params["text"] == html
    assert call.params["chat_id"] == PERSON
    assert call.params["reply_markup"] == KEYBOARD.to_dict()


async def test_text_that_looks_like_json_stays_text(fake_bot_api: FakeBotApi) -> None:
    message = await send(fake_bot_api, "123")

    assert message.text == "123"
    assert fake_bot_api.calls_to("sendMessage")[0].params["text"] == "123"


async def test_message_ids_increase_per_chat(fake_bot_api: FakeBotApi) -> None:
    async with build_application(fake_bot_api) as app:
        first = await app.bot.send_message(PERSON, "one")
        second = await app.bot.send_message(PERSON, "two")
        elsewhere = await app.bot.send_message(-1001234567890, "three")

    assert (first.message_id, second.message_id, elsewhere.message_id) == (1, 2, 1)
    assert elsewhere.chat.type == "supergroup"


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<b>never closed", 'Can\'t find end tag corresponding to start tag "b"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("Fish & chips", 'bare "&" at byte offset 5'),
    ],
)
async def test_malformed_html_is_refused_as_telegram_refuses_it(
    fake_bot_api: FakeBotApi, html: str, detail: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as refused:
        await send(fake_bot_api, html, parse_mode=ParseMode.HTML)
    assert detail.lower() in refused.value.message.lower()


def test_html_entities_are_placed_in_utf16_code_units() -> None:
    text, entities = parse_html('🏟 <b>x&#x27;y</b> <a href="https://t.me/x?a=1&amp;b=2">link</a>')

    assert text == "🏟 x'y link"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 3},
        {"type": "text_link", "url": "https://t.me/x?a=1&b=2", "offset": 7, "length": 4},
    ]


@pytest.mark.parametrize(
    ("html", "detail"),
    [
        ("<br>", 'Unsupported start tag "br" at byte offset 0'),
        ("x <b", "Unclosed start tag at byte offset 2"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a&nbsp;b", 'bare "&" at byte offset 1'),
    ],
)
def test_more_html_mistakes_are_refused_with_telegrams_wording(html: str, detail: str) -> None:
    with pytest.raises(BotApiError) as refused:
        parse_html(html)

    assert refused.value.status == 400
    assert refused.value.description.startswith("Bad Request: can't parse entities: ")
    assert detail in refused.value.description


async def test_callback_data_of_65_bytes_is_refused(fake_bot_api: FakeBotApi) -> None:
    too_long = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Agree", callback_data="é" * 32 + "x")]]
    )

    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await send(fake_bot_api, "Vote", reply_markup=too_long)


async def test_callback_data_of_exactly_64_bytes_is_accepted(fake_bot_api: FakeBotApi) -> None:
    just_fits = InlineKeyboardMarkup([[InlineKeyboardButton("Agree", callback_data="é" * 32)]])

    message = await send(fake_bot_api, "Vote", reply_markup=just_fits)

    assert message.reply_markup == just_fits


async def test_a_message_of_4097_characters_is_too_long(fake_bot_api: FakeBotApi) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await send(fake_bot_api, "x" * 4097)


async def test_the_length_limit_counts_text_without_html_tags(fake_bot_api: FakeBotApi) -> None:
    message = await send(fake_bot_api, "<b>" + "&amp;" * 4096 + "</b>", parse_mode=ParseMode.HTML)

    assert message.text == "&" * 4096


async def test_an_edit_that_changes_nothing_is_refused_as_not_modified(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api) as app:
        sent = await app.bot.send_message(
            PERSON, "<b>P1</b>", parse_mode="HTML", reply_markup=KEYBOARD
        )
        with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
            await sent.edit_text("<b>P1</b>", parse_mode="HTML", reply_markup=KEYBOARD)
        edited = await sent.edit_text("<b>P1</b> ✓ Agree", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await app.bot.edit_message_text("late", chat_id=PERSON, message_id=99)

    assert isinstance(edited, Message)  # True only for inline messages
    assert edited.text == "P1 ✓ Agree"
    assert edited.edit_date is not None
    [stored] = fake_bot_api.messages(PERSON)
    assert stored["text"] == "P1 ✓ Agree"
    assert "reply_markup" not in stored  # an edit without a keyboard removes it


async def test_a_keyboard_edit_and_a_delete_change_the_stored_messages(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api) as app:
        sent = await app.bot.send_message(PERSON, "P1", reply_markup=KEYBOARD)
        await sent.edit_reply_markup(None)
        assert fake_bot_api.messages(PERSON)[0].get("reply_markup") is None
        assert await sent.delete()
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await sent.delete()

    assert fake_bot_api.messages(PERSON) == []


async def test_a_person_who_blocked_the_bot_gives_forbidden_until_unblocked(
    fake_bot_api: FakeBotApi,
) -> None:
    fake_bot_api.block_chat(PERSON)
    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await send(fake_bot_api, "Reminder")

    fake_bot_api.unblock_chat(PERSON)
    assert (await send(fake_bot_api, "Reminder")).text == "Reminder"


async def test_an_injected_403_gives_forbidden_once(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", status=403)

    with pytest.raises(Forbidden, match=r"(?i)bot was blocked by the user"):
        await send(fake_bot_api, "one")
    assert (await send(fake_bot_api, "two")).text == "two"
    assert [call.status for call in fake_bot_api.calls_to("sendMessage")] == [403, 200]


async def test_an_injected_429_gives_retry_after_with_its_delay(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("sendMessage", status=429, retry_after=7)

    with pytest.raises(RetryAfter) as refused:
        await send(fake_bot_api, "Broadcast")

    assert refused.value.retry_after == timedelta(seconds=7)


async def test_a_migrated_group_gives_chat_migrated_with_the_new_id(
    fake_bot_api: FakeBotApi,
) -> None:
    fake_bot_api.fail_next("sendMessage", status=400, migrate_to_chat_id=-1001234567890)

    with pytest.raises(ChatMigrated) as refused:
        await send(fake_bot_api, "Paragraph")

    assert refused.value.new_chat_id == -1001234567890


async def test_a_server_error_gives_network_error(fake_bot_api: FakeBotApi) -> None:
    fake_bot_api.fail_next("SENDMESSAGE", status=502, times=2)

    for _ in range(2):
        with pytest.raises(NetworkError, match=r"(?i)Bad Gateway"):
            await send(fake_bot_api, "Paragraph")


async def test_an_unknown_method_is_a_bad_request_not_an_invalid_token(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api) as app:
        with pytest.raises(BadRequest, match=r"(?i)method not found"):
            await app.bot.do_api_request("notAMethod")


async def test_method_names_are_case_insensitive(fake_bot_api: FakeBotApi) -> None:
    async with build_application(fake_bot_api) as app:
        me = await app.bot.do_api_request("GETME")

    assert isinstance(me, dict)
    assert me["username"] == "townhall_test_bot"
    assert fake_bot_api.calls[-1].method == "getMe"


async def test_a_start_command_with_a_payload_reaches_the_command_handler(
    fake_bot_api: FakeBotApi,
) -> None:
    seen: list[list[str]] = []

    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(list(context.args or []))

    app = build_application(fake_bot_api)
    app.add_handler(CommandHandler("start", on_start))
    async with app:
        await app.process_update(Update.de_json(private_message(PERSON, "/start abc"), app.bot))

    assert seen == [["abc"]]


async def test_a_group_command_addressed_to_the_bot_reaches_its_handler(
    fake_bot_api: FakeBotApi,
) -> None:
    seen: list[list[str]] = []

    async def on_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        seen.append(list(context.args or []))

    app = build_application(fake_bot_api)
    app.add_handler(CommandHandler("link", on_link))
    async with app:
        command = group_message(-1001234567890, PERSON, "/link@townhall_test_bot budget-2027")
        await app.process_update(Update.de_json(command, app.bot))
        other_bot = group_message(-1001234567890, PERSON, "/link@some_other_bot budget-2027")
        await app.process_update(Update.de_json(other_bot, app.bot))

    assert seen == [["budget-2027"]]


async def test_a_button_press_is_answered_and_its_message_edited(
    fake_bot_api: FakeBotApi,
) -> None:
    async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Noted")
        await query.edit_message_text(f"You chose {query.data}")

    app = build_application(fake_bot_api)
    app.add_handler(CallbackQueryHandler(on_press))
    async with app:
        card = await app.bot.send_message(PERSON, "P7", reply_markup=KEYBOARD)
        press = callback_query(PERSON, "v1:vt:7:a", card.to_dict())
        await app.process_update(Update.de_json(press, app.bot))
        with pytest.raises(BadRequest, match=r"(?i)query is too old"):
            await app.bot.answer_callback_query(press["callback_query"]["id"])  # type: ignore[index]

    assert fake_bot_api.calls_to("answerCallbackQuery")[0].params["text"] == "Noted"
    assert fake_bot_api.messages(PERSON)[0]["text"] == "You chose v1:vt:7:a"


async def test_long_polling_delivers_a_pushed_update_and_the_reply_is_seen(
    fake_bot_api: FakeBotApi,
) -> None:
    async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Welcome to the consultation")

    app = build_application(fake_bot_api)
    app.add_handler(CommandHandler("start", on_start))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(timeout=1, poll_interval=0)
        await app.start()
        await fake_bot_api.push_update(private_message(PERSON, "/start"))
        [reply] = await fake_bot_api.wait_for("sendMessage")
        await app.updater.stop()
        await app.stop()

    assert reply.params["text"] == "Welcome to the consultation"
    assert fake_bot_api.calls_to("deleteWebhook")
    assert fake_bot_api.pending_updates == []  # PTB confirmed the update on stopping


async def test_get_updates_confirms_updates_below_the_offset(fake_bot_api: FakeBotApi) -> None:
    first = await fake_bot_api.push_update({"message": private_message(PERSON, "hi")["message"]})
    second = await fake_bot_api.push_update(private_message(PERSON, "again"))
    async with build_application(fake_bot_api) as app:
        both = await app.bot.get_updates(timeout=0)
        rest = await app.bot.get_updates(offset=both[0].update_id + 1, timeout=0)

    assert [u.update_id for u in both] == [first["update_id"], second["update_id"]]
    assert [u.update_id for u in rest] == [second["update_id"]]


async def test_get_updates_is_a_conflict_while_a_webhook_is_set(fake_bot_api: FakeBotApi) -> None:
    async with build_application(fake_bot_api) as app:
        await app.bot.set_webhook("https://example.invalid/tg", secret_token="s3cret")
        info = await app.bot.get_webhook_info()
        with pytest.raises(Conflict, match=r"(?i)webhook is active"):
            await app.bot.get_updates(timeout=0)
        with pytest.raises(BadRequest, match=r"(?i)HTTPS URL must be provided"):
            await app.bot.set_webhook("http://example.invalid/tg")

    assert info.url == "https://example.invalid/tg"
    assert fake_bot_api.webhook["secret_token"] == "s3cret"


async def test_an_uploaded_document_is_recorded_and_can_be_downloaded_again(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api) as app:
        sent = await app.bot.send_document(
            PERSON,
            b"# Results\n",
            filename="results.md",
            caption="<b>Results</b>",
            parse_mode="HTML",
        )
        assert sent.document is not None
        again = await (await app.bot.get_file(sent.document.file_id)).download_as_bytearray()

    [call] = fake_bot_api.calls_to("sendDocument")
    upload = next(iter(call.files.values()))
    assert (upload.filename, upload.data) == ("results.md", b"# Results\n")
    assert sent.caption == "Results"
    assert again == bytearray(b"# Results\n")


async def test_a_registered_file_downloads_through_get_file(fake_bot_api: FakeBotApi) -> None:
    draft = b"PK\x03\x04 a .docx archive"
    fake_bot_api.add_file("doc-1", draft, "draft.docx")
    received: list[bytearray] = []

    async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        assert update.message.document is not None
        file = await update.message.document.get_file()
        received.append(await file.download_as_bytearray())

    app = build_application(fake_bot_api)
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    upload = document_message(PERSON, "doc-1", "draft.docx", "application/octet-stream")
    async with app:
        await app.process_update(Update.de_json(upload, app.bot))
        with pytest.raises(BadRequest, match=r"(?i)invalid file_id"):
            await app.bot.get_file("unknown")

    assert received == [bytearray(draft)]


async def test_chats_members_and_commands_answer_as_telegram_does(
    fake_bot_api: FakeBotApi,
) -> None:
    fake_bot_api.register_chat(-100777, "channel", "Announcements")
    fake_bot_api.set_member_status(-4001, PERSON, "administrator")
    async with build_application(fake_bot_api) as app:
        channel = await app.bot.get_chat(-100777)
        member = await app.bot.get_chat_member(-4001, PERSON)
        await app.bot.set_my_commands([("progress", "How far you are")])
        commands = await app.bot.get_my_commands()
        assert await app.bot.leave_chat(-4001)
        with pytest.raises(Forbidden, match=r"(?i)not a member of the group chat"):
            await app.bot.send_message(-4001, "still here?")

    assert (channel.type, channel.title) == ("channel", "Announcements")
    assert member.status == "administrator"
    assert [command.command for command in commands] == ["progress"]


async def test_calls_record_their_arrival_in_order(fake_bot_api: FakeBotApi) -> None:
    async with build_application(fake_bot_api) as app:
        for number in range(3):
            await app.bot.send_message(PERSON, f"message {number}")

    times = [call.at for call in fake_bot_api.calls_to("sendMessage")]
    assert times == sorted(times)


async def test_waiting_for_a_call_that_never_comes_times_out_naming_what_was_seen(
    fake_bot_api: FakeBotApi,
) -> None:
    async with build_application(fake_bot_api):
        with pytest.raises(TimeoutError, match=r"sendMessage.*getMe"):
            await fake_bot_api.wait_for("sendMessage", timeout=0.1)
    fake_bot_api.clear()
    assert fake_bot_api.calls == []
