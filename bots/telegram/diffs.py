"""A word-level diff as Telegram HTML: removed words <s>struck out</s>, added <u>underlined</u>.

The words come from the paragraph and from the person who suggested the wording: each token
is HTML-escaped before it is wrapped, so `</s><b>` in a wording is shown as typed. A diff
longer than a message is cut between tokens (core.diffs.split_diff), each part carrying its
own tags so that no tag spans two messages; the keyboard goes on the last part.
"""

from bots.telegram.layout import (
    MESSAGE_LIMIT,
    Markup,
    Outgoing,
    body_budget,
    escape,
    spread,
    visible_length,
)
from core.diffs import Diff, DiffKind, DiffToken, split_diff

LEGEND = "<s>struck out</s>: removed · <u>underlined</u>: added"
_TAGS = {
    DiffKind.SAME: ("", ""),
    DiffKind.REMOVED: ("<s>", "</s>"),
    DiffKind.ADDED: ("<u>", "</u>"),
}


def render_diff(diff: Diff) -> str:
    """The whole diff as one HTML text."""
    return "".join(_token(token) for token in diff)


def fit_diff(head: str, diff: Diff, tail: str, markup: Markup | None = None) -> list[Outgoing]:
    """`head`, the diff and `tail` (both HTML) as one message, or as parts that fit the limit."""
    whole = "\n\n".join(part for part in (head, render_diff(diff), tail) if part)
    if visible_length(whole) <= MESSAGE_LIMIT:
        return [Outgoing(text=whole, markup=markup)]
    parts = split_diff(diff, body_budget(head, tail), _measure)
    return spread(head, [render_diff(part) for part in parts], tail, markup)


def _token(token: DiffToken) -> str:
    opening, closing = _TAGS[token.kind]
    return f"{escape(token.space)}{opening}{escape(token.text)}{closing}"


def _measure(token: DiffToken) -> int:
    # What Telegram counts: the characters shown, in UTF-16 units, spaces included.
    return len((token.space + token.text).encode("utf-16-le")) // 2
