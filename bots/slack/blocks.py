"""Block Kit pieces: escaping, text objects, split sections and the core's buttons; pure.

How untrusted text is shown (a document's paragraphs, comments, people's names): as
`plain_text`, which Slack displays as written: `*bold*`, `_italic_`, `~strike~`, `<!channel>`,
`<@U123>` and `<https://…|links>` stay literal characters, and nothing in them can notify or
link. Wherever text goes into `mrkdwn` (titles in a line of text, the top-level `text` fallback
that notifications show), `escape` turns `&`, `<` and `>` into entities, so no mention or link
can be formed there either; formatting characters may then still style a title, which is
harmless.

Buttons carry the core's payload (core.callbacks) as their `value`. Their `action_id` is the
kind of action (`vote`, `comment`, `comments`, `comment_vote`, `comment_menu`, `moderate`,
`suggest`, `press`) followed by the button's
place in its block (`vote.0`, `vote.1`): Slack wants action ids unique within a block, and the
listeners match the kind.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from core.amendment_intents import SuggestWording
from core.callbacks import encode
from core.intents import (
    CastVote,
    DeleteComment,
    Intent,
    ModerateComment,
    OpenCommentMenu,
    ReportComment,
    ShowComments,
    ShowReviewQueue,
    StartComment,
    VoteOnComment,
)
from core.screens import Button, ButtonRows, ButtonStyle

Block = dict[str, object]

SECTION_TEXT = 3000
HEADER_TEXT = 150
BUTTON_TEXT = 75
CONTEXT_TEXT = 2000
MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100  # a modal or the App Home tab
FALLBACK_TEXT = 300  # the top-level text: a notification's preview, not the whole paragraph

VOTE, COMMENT, COMMENTS, COMMENT_VOTE, PRESS = (
    "vote",
    "comment",
    "comments",
    "comment_vote",
    "press",
)
COMMENT_MENU, MODERATE = "comment_menu", "moderate"  # Report / Delete; the review queue
SUGGEST = "suggest"  # Suggest wording: opens the wording modal
KINDS = (VOTE, COMMENT, COMMENTS, COMMENT_VOTE, PRESS, COMMENT_MENU, MODERATE, SUGGEST)


@dataclass(frozen=True, slots=True, kw_only=True)
class SlackMessage:
    """A message: the top-level `text` (notifications, screen readers) and its blocks."""

    text: str
    blocks: tuple[Block, ...] = ()


def escape(text: str) -> str:
    """Text safe inside mrkdwn: `&`, `<` and `>` as entities (Slack decodes exactly these)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int) -> str:
    """The text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def plain(text: str) -> dict[str, object]:
    return {"type": "plain_text", "text": text, "emoji": True}


def mrkdwn(text: str) -> dict[str, object]:
    """A mrkdwn text object; callers escape what came from documents or people."""
    return {"type": "mrkdwn", "text": text}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(shorten(text, HEADER_TEXT))}


def context(*elements: dict[str, object]) -> Block:
    return {"type": "context", "elements": list(elements)}


def note(text: str) -> Block:
    """A context line of mrkdwn (already escaped)."""
    return context(mrkdwn(shorten(text, CONTEXT_TEXT)))


def section(text: str) -> Block:
    """A section of mrkdwn (already escaped, at most 3000 characters)."""
    return {"type": "section", "text": mrkdwn(text)}


def plain_sections(text: str) -> list[Block]:
    """Untrusted text as literal plain_text sections of at most 3000 characters each."""
    return [{"type": "section", "text": plain(part)} for part in split_text(text, SECTION_TEXT)]


_BREAKS = (re.compile(r"\n\s*"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most `limit` characters, cut at a line, sentence or word where possible."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = _cut(rest, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return [*parts, rest] if rest or not parts else parts


def _cut(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for pattern in _BREAKS:
        ends = [match.end() for match in pattern.finditer(window) if limit // 2 < match.start()]
        if ends:
            return min(ends[-1], limit)
    return limit


def action_kind(intent: Intent) -> str:
    match intent:
        case CastVote():
            return VOTE
        case StartComment():
            return COMMENT
        case ShowComments():
            return COMMENTS
        case VoteOnComment():
            return COMMENT_VOTE
        case OpenCommentMenu() | ReportComment() | DeleteComment():
            return COMMENT_MENU
        case ModerateComment() | ShowReviewQueue():
            return MODERATE
        case SuggestWording():
            return SUGGEST
        case _:
            return PRESS


def action_pattern(kind: str) -> re.Pattern[str]:
    """What the listener for one kind of button matches (`vote.0`, `vote.1`, ...)."""
    return re.compile(rf"^{re.escape(kind)}\.\d+$")


def button(item: Button, index: int) -> dict[str, object]:
    element: dict[str, object] = {
        "type": "button",
        "text": plain(shorten(item.label, BUTTON_TEXT)),
        "action_id": f"{action_kind(item.intent)}.{index}",
        "value": encode(item.intent),
    }
    if item.style is not ButtonStyle.DEFAULT:
        element["style"] = str(item.style)
    return element


def actions(row: Iterable[Button]) -> Block | None:
    elements = [button(item, index) for index, item in enumerate(row)]
    return {"type": "actions", "elements": elements} if elements else None


def button_rows(rows: ButtonRows) -> list[Block]:
    """One actions block per row of the core's buttons."""
    return [block for row in rows if (block := actions(row)) is not None]


def payloads(blocks: object) -> Iterator[str]:
    """The button values in blocks as the Web API returns them (for reading a parent message)."""
    for block in blocks if isinstance(blocks, list) else ():
        elements = block.get("elements") if isinstance(block, dict) else None
        for element in elements if isinstance(elements, list) else ():
            value = element.get("value") if isinstance(element, dict) else None
            if isinstance(value, str):
                yield value


def within(blocks: list[Block], limit: int, overflow: str) -> list[Block]:
    """At most `limit` blocks; when cut, the last one says what was left out."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], note(overflow)]


TOO_LONG = "This message is cut short here; the rest is in the full text."


def message(fallback: str, blocks: list[Block]) -> SlackMessage:
    """A message with its blocks (cut to Slack's 50) and `fallback`, escaped, as its text."""
    text = escape(shorten(fallback, FALLBACK_TEXT))
    return SlackMessage(text=text, blocks=tuple(within(blocks, MESSAGE_BLOCKS, TOO_LONG)))
