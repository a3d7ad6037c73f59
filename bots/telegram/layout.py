"""Telegram messages as the renderer builds them: HTML text, keyboards, and the 4096 limit.

Telegram counts a message's length on the text people see, after the HTML is parsed, so long
texts are split before they are formatted: `fit` takes escaped HTML for the head and tail of a
message and the raw text of its body, cuts the body at sentence boundaries (else at whitespace,
else anywhere) and escapes each part. The keyboard goes on the last part only.
"""

import functools
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from core.callbacks import encode
from core.screens import Button, ButtonRows

MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024  # a photo's or document's caption, as Telegram counts it
PLACEHOLDER_LIMIT = 64
BUTTONS_KEPT = 4096  # the distinct buttons kept built (label and payload), least recent go
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WHITESPACE = re.compile(r"(\s+)")

Markup = InlineKeyboardMarkup | ForceReply


@dataclass(frozen=True, slots=True, kw_only=True)
class Outgoing:
    """One message to send: HTML text and an optional inline keyboard or ForceReply.

    With a `document` (its file name and bytes) the message is that file, the text its caption;
    with a `photo` (PNG bytes), that picture, the text its caption.
    """

    text: str
    markup: Markup | None = None
    document: tuple[str, bytes] | None = None
    photo: bytes | None = None

    @property
    def keyboard(self) -> InlineKeyboardMarkup | None:
        return self.markup if isinstance(self.markup, InlineKeyboardMarkup) else None


def escape(text: str) -> str:
    """Document and user text made safe for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def visible_length(markup: str) -> int:
    """The length Telegram measures: tags dropped, entities decoded, in UTF-16 code units."""
    return _utf16(html.unescape(_TAG.sub("", markup)).strip())


def keyboard(
    rows: ButtonRows, *extra: Sequence[InlineKeyboardButton]
) -> InlineKeyboardMarkup | None:
    """The core's buttons as callback buttons (payloads from core.callbacks), then `extra` rows."""
    built = [[callback_button(button) for button in row] for row in rows if row]
    built += [list(row) for row in extra if row]
    return InlineKeyboardMarkup(built) if built else None


def callback_button(button: Button) -> InlineKeyboardButton:
    return _button(button.label, encode(button.intent))


@functools.lru_cache(maxsize=BUTTONS_KEPT)
def _button(label: str, payload: str) -> InlineKeyboardButton:
    """Each distinct button built once: PTB's objects are immutable, so messages share them.

    Building a card's ten or so buttons was a tenth of the CPU of a press outside the core;
    everyone voting on the same paragraphs is shown the same buttons.
    """
    return InlineKeyboardButton(label, callback_data=payload)


def force_reply(placeholder: str) -> ForceReply:
    """Open the person's reply box; the placeholder is cut to Telegram's 64 characters."""
    shown = placeholder.strip()[:PLACEHOLDER_LIMIT] or None
    return ForceReply(selective=True, input_field_placeholder=shown)


def fit(head: str, body: str, tail: str, markup: Markup | None = None) -> list[Outgoing]:
    """`head` + escaped `body` + `tail` as one message, or as parts that each fit the limit.

    `head` and `tail` are HTML already; `body` is raw text. Parts are joined by blank lines.
    """
    whole = _join(head, escape(body), tail)
    if visible_length(whole) <= MESSAGE_LIMIT:
        return [Outgoing(text=whole, markup=markup)]
    # Room left for the body once the longer of head and tail (and the blank lines) is counted.
    chunks = split_text(body, body_budget(head, tail))
    return spread(head, [escape(chunk) for chunk in chunks], tail, markup)


def body_budget(head: str, tail: str) -> int:
    """Room left in a message for a part of the body beside the longer of head and tail."""
    return max(MESSAGE_LIMIT - max(visible_length(head), visible_length(tail)) - 4, 1)


def spread(head: str, bodies: list[str], tail: str, markup: Markup | None) -> list[Outgoing]:
    """One message per part of the body (HTML): `head` on the first, `tail` and `markup` last."""
    texts = list(bodies) or [""]
    texts[0] = _join(head, texts[0], "")
    texts[-1] = _join("", texts[-1], tail)
    return [
        Outgoing(text=text, markup=markup if index == len(texts) - 1 else None)
        for index, text in enumerate(texts)
    ]


def split_text(text: str, limit: int) -> list[str]:
    """Cut text into pieces of at most `limit` UTF-16 units: sentences, then words, then hard."""
    pieces: list[str] = []
    current = ""
    for sentence in _units(text, limit):
        candidate = f"{current} {sentence}" if current else sentence
        if _utf16(candidate) <= limit:
            current = candidate
        else:
            pieces.append(current)
            current = sentence
    if current or not pieces:
        pieces.append(current)
    return [piece for piece in pieces if piece] or [""]


def _units(text: str, limit: int) -> list[str]:
    """Sentences no longer than `limit`; a longer one is broken at whitespace, then hard."""
    units: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        if _utf16(sentence) <= limit:
            units.append(sentence)
            continue
        for word in _words(sentence, limit):
            units.extend(_hard(word, limit) if _utf16(word) > limit else [word])
    return units


def _words(sentence: str, limit: int) -> list[str]:
    pieces: list[str] = []
    current = ""
    for token in _WHITESPACE.split(sentence):
        if _utf16(current + token) <= limit:
            current += token
        else:
            pieces.append(current.strip())
            current = token.strip() and token
    pieces.append(current.strip())
    return [piece for piece in pieces if piece]


def _hard(word: str, limit: int) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if _utf16(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def _join(head: str, body: str, tail: str) -> str:
    return "\n\n".join(part for part in (head, body, tail) if part)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
