"""The outbox's raw Bot API calls send exactly what python-telegram-bot's own methods send.

Each message is sent twice to the fake Bot API, once with `Bot.send_message` (or
`edit_message_text`) and once through bots.telegram.push_requests; the fake must receive the same
parameters, and the push must return the id Telegram gave the message.
"""

import pytest
from telegram import (
    Bot,
    CopyTextButton,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bots.telegram.layout import Markup, Outgoing, force_reply, keyboard
from bots.telegram.push_requests import edit_pushed, markup_json, prepare, send_pushed
from bots.telegram.transport import AiohttpRequest
from core.intents import CastVote, ShowComments
from core.model import Choice
from core.screens import Button
from tests.fakes.telegram import FakeBotApi

PERSON = 4242
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
VOTES = keyboard(
    (
        tuple(
            Button(label=label, intent=CastVote(consultation_id=1, paragraph_id=7, choice=choice))
            for label, choice in (("✅ Agree", Choice.AGREE), ("Disagree", Choice.DISAGREE))
        ),
        (Button(label="💬 Comments", intent=ShowComments(consultation_id=1, paragraph_id=7)),),
    ),
    [InlineKeyboardButton("Take part", url="https://t.me/townhall_test_bot?start=plan")],
)
STYLED = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Copy", copy_text=CopyTextButton("P7")),
            InlineKeyboardButton("Go", url="https://example.org"),
        ]
    ]
)
MARKUPS: list[Markup | None] = [None, VOTES, STYLED, force_reply("Your comment on P7")]


def bot_on(fake: FakeBotApi) -> Bot:
    return Bot(fake.token, base_url=fake.base_url, request=AiohttpRequest(4))


def outgoing(markup: Markup | None) -> Outgoing:
    return Outgoing(text="<b>P7</b> · 2 of 3\nFish &amp; chips &lt;3 — «ü» 🏟", markup=markup)


async def test_a_push_sends_what_send_message_sends_and_returns_the_message_id(
    fake_bot_api: FakeBotApi,
) -> None:
    async with bot_on(fake_bot_api) as bot:
        for markup in MARKUPS:
            message = outgoing(markup)
            by_ptb = await bot.send_message(
                PERSON,
                message.text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=NO_PREVIEW,
            )
            pushed = await send_pushed(bot, PERSON, prepare(message))
            assert pushed == by_ptb.message_id + 1

    calls = fake_bot_api.calls_to("sendMessage")
    assert len(calls) == 2 * len(MARKUPS)
    for ordinary, raw in zip(calls[::2], calls[1::2], strict=True):
        assert raw.params == ordinary.params


async def test_a_paid_push_is_flagged_as_send_message_flags_it(fake_bot_api: FakeBotApi) -> None:
    async with bot_on(fake_bot_api) as bot:
        await bot.send_message(
            PERSON,
            "hi",
            parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW,
            allow_paid_broadcast=True,
        )
        await send_pushed(bot, PERSON, prepare(Outgoing(text="hi")), paid=True)

    by_ptb, pushed = fake_bot_api.calls_to("sendMessage")
    assert pushed.params == by_ptb.params
    assert pushed.params["allow_paid_broadcast"] is True


async def test_an_edited_push_sends_what_edit_message_text_sends(fake_bot_api: FakeBotApi) -> None:
    async with bot_on(fake_bot_api) as bot:
        sent = await bot.send_message(PERSON, "before")
        for markup in (VOTES, None):
            message = outgoing(markup)
            await bot.edit_message_text(
                message.text,
                chat_id=PERSON,
                message_id=sent.message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=message.keyboard,
                link_preview_options=NO_PREVIEW,
            )
            with pytest.raises(BadRequest, match="not modified"):  # the same edit again
                await edit_pushed(bot, PERSON, sent.message_id, outgoing(markup))

    calls = fake_bot_api.calls_to("editMessageText")
    assert [call.status for call in calls] == [200, 400] * 2
    for by_ptb, pushed in zip(calls[::2], calls[1::2], strict=True):
        assert pushed.params == by_ptb.params


def test_only_keyboards_of_plain_buttons_are_written_here() -> None:
    assert VOTES is not None
    assert markup_json(VOTES) == VOTES.to_dict()
    assert markup_json(STYLED) is STYLED
    reply = ForceReply(selective=True)
    assert markup_json(reply) is reply
