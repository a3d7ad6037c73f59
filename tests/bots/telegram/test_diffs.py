"""Diffs of suggested wording as Telegram HTML: struck out and underlined, escaped, within limits.

Every text is parsed with the fake Bot API's strict HTML parser, as Telegram would parse it.
"""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bots.telegram.diffs import LEGEND, fit_diff, render_diff
from bots.telegram.layout import MESSAGE_LIMIT, visible_length
from core.diffs import diff_words
from tests.fakes.telegram_wire import parse_html

CONFIRM = InlineKeyboardMarkup([[InlineKeyboardButton("Confirm", callback_data="1:x")]])


def entities_of(html: str) -> list[tuple[str, str]]:
    """Each formatted stretch as (entity type, the text it covers)."""
    text, entities = parse_html(html)
    units = text.encode("utf-16-le")
    stretches = []
    for entity in entities:
        start = 2 * int(str(entity["offset"]))
        end = start + 2 * int(str(entity["length"]))
        stretches.append((str(entity["type"]), units[start:end].decode("utf-16-le")))
    return stretches


def test_removed_words_are_struck_out_and_added_words_underlined() -> None:
    html = render_diff(diff_words("The cat sat.", "The dog sat down."))
    assert html == "The <s>cat</s> <u>dog</u> sat <u>down</u>."
    assert entities_of(html) == [
        ("strikethrough", "cat"),
        ("underline", "dog"),
        ("underline", "down"),
    ]


def test_markup_in_a_wording_is_shown_as_typed_and_opens_nothing() -> None:
    wording = "Fish & chips </s><b>bold</b> <!channel> *x*"
    html = render_diff(diff_words("Fish only", wording))
    assert parse_html(html)[0] == f"Fish only {wording.removeprefix('Fish ')}"
    assert entities_of(html) == [
        ("strikethrough", "only"),
        ("underline", "& chips </s><b>bold</b> <!channel> *x*"),
    ]


def test_the_legend_is_valid_html() -> None:
    assert parse_html(LEGEND)[0] == "struck out: removed · underlined: added"


def test_a_short_diff_is_one_message_with_its_keyboard() -> None:
    messages = fit_diff("<b>P7</b>", diff_words("a b", "a c"), LEGEND, CONFIRM)
    assert [message.markup for message in messages] == [CONFIRM]
    assert messages[0].text == f"<b>P7</b>\n\na <s>b</s> <u>c</u>\n\n{LEGEND}"


def test_a_diff_longer_than_a_message_is_split_with_whole_tags_and_the_keyboard_last() -> None:
    old = " ".join(f"Old sentence {index} & <more>." for index in range(300))
    new = " ".join(f"New wording {index} *says* more." for index in range(300))
    messages = fit_diff("<b>P7</b>", diff_words(old, new), LEGEND, CONFIRM)
    assert len(messages) > 2
    for message in messages:
        assert visible_length(message.text) <= MESSAGE_LIMIT
        parse_html(message.text)  # every part is valid HTML on its own
    assert [message.markup for message in messages] == [None] * (len(messages) - 1) + [CONFIRM]
    assert messages[0].text.startswith("<b>P7</b>\n\n")
    assert messages[-1].text.endswith(LEGEND)
    shown = " ".join(parse_html(message.text)[0] for message in messages)
    assert shown.count("&") == 300
    assert shown.count("*says*") == 300
