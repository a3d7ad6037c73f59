"""A word-level diff as Slack mrkdwn: removed words `~struck out~`, added ones `*bold*`.

The words come from the paragraph and from the person who suggested the wording, and mrkdwn
has no escape for its formatting characters: `&`, `<` and `>` become entities (so no
`<!channel>` or link forms) and `*`, `_`, `~` and the backtick become look-alikes (∗ ˍ ∼ ˋ),
so a `*` typed in a wording can neither open bold nor close the diff's own. Slack formats
within one line only and wants a delimiter next to a space or punctuation, so each line of a
token is wrapped on its own, and a token glued to a word on the side of a delimiter is
kept apart by a space. A diff longer than a section is cut between tokens
(core.diffs.split_diff) into sections of at most 3,000 characters.
"""

from bots.slack.blocks import SECTION_TEXT, Block, escape, section
from core.diffs import Diff, DiffKind, DiffToken, split_diff

LEGEND = "~struck out~: removed · *bold*: added"
_DELIMITERS = {DiffKind.SAME: "", DiffKind.REMOVED: "~", DiffKind.ADDED: "*"}
_LOOK_ALIKES = str.maketrans({"*": "\u2217", "_": "\u02cd", "~": "\u223c", "`": "\u02cb"})


def literal(text: str) -> str:
    """Text from a document or a person, shown as typed inside mrkdwn (no formatting, no links)."""
    return escape(text).translate(_LOOK_ALIKES)


def render_diff(diff: Diff) -> str:
    """The whole diff as one mrkdwn text."""
    return "".join(_token(token, before) for token, before in _with_previous(diff))


def diff_sections(diff: Diff) -> list[Block]:
    """The diff as mrkdwn sections, each within Slack's 3,000 characters."""
    parts = split_diff(diff, SECTION_TEXT, _measure)
    return [section(render_diff(part)) for part in parts]


def _with_previous(diff: Diff) -> list[tuple[DiffToken, DiffToken | None]]:
    return list(zip(diff, (None, *diff[:-1]), strict=True))


def _token(token: DiffToken, before: DiffToken | None) -> str:
    delimiter = _DELIMITERS[token.kind]
    lines = literal(token.text).split("\n")
    text = "\n".join(f"{delimiter}{line}{delimiter}" if line else line for line in lines)
    return _space(token, before) + text


def _space(token: DiffToken, before: DiffToken | None) -> str:
    if token.space or before is None:
        return literal(token.space)
    glued_opening = token.kind is not DiffKind.SAME and (
        before.kind is not DiffKind.SAME or before.text[-1].isalnum()
    )
    glued_closing = before.kind is not DiffKind.SAME and token.text[0].isalnum()
    return " " if glued_opening or glued_closing else ""


def _measure(token: DiffToken) -> int:
    # A part's first token is measured without what precedes it: at most one space more.
    return len(_token(token, None)) + 1
