"""Headings recognised in running text: numbered headings, keyword headings and a title line.

Readers hand over pieces: blocks they already know (a Markdown or Word heading, a list item,
a table, a paragraph number) and chunks, the runs of lines a blank line separates (in Word,
each plain paragraph is a chunk of one line). recognise_headings turns each chunk into a
heading or into paragraph and list blocks, with one rule for .txt, .md and .docx:

A chunk of exactly one line, at most 160 characters, is a heading when it starts with
document numbering ("3.2.", "3.2", "IV.", "A.", "1.", or a keyword with a number such as
"Strategic Goal 4:", "Chapter 2 —", "Annex A:", "Section 3"), its title does not begin in
lower case nor end like a sentence (".", ",", ";", ":", "!"; the dot closing "3.2." is
numbering, not a full stop), and some piece follows it. A bare "1. Title" is the weakest
signal, because it is also how a one-item numbered list looks: it is a list item after an
introducing sentence (ending ":") or another list item, before a one-line "2. ..." sibling,
and whenever the document has no second such heading with another number.

With first_line_title (plain text and Word), a short first line that does not end like a
sentence and has more after it is the document's title, a heading as "# Title" is in
Markdown, not paragraph 1.
"""

import re
from collections.abc import Sequence

from core.blocks import Block, HeadingBlock, ListItemBlock, ParagraphBlock

Chunk = tuple[str, ...]
Piece = Block | Chunk

HEADING_LINE_CHARS = 160

_LIST_ITEM = re.compile(
    r"^[ \t]*(?P<marker>[-*+•]|\d{1,3}[.)]|[a-zA-Z]\)|[ivx]{2,4}\)|\([a-zA-Z0-9]{1,3}\))"
    r"[ \t]+(?P<text>\S.*)$"
)
_BULLETS = frozenset("-*+•")

_KEYWORDS = (
    "Strategic Goal",
    "Goal",
    "Objective",
    "Pillar",
    "Priority",
    "Principle",
    "Chapter",
    "Section",
    "Part",
    "Article",
    "Annex",
    "Appendix",
    "Schedule",
)
_KEYWORD_HEADING = re.compile(
    "^(?:" + "|".join(f"{word}|{word.upper()}" for word in _KEYWORDS) + r")[ \t]+"
    r"(?:\d{1,3}(?:\.\d{1,3})*|[IVXLCDM]{1,6}|[A-Z])\b"
    r"(?:[.:)]?[ \t]*(?:[—–-][ \t]*)?(?P<title>\S.*)|[.:)]?)$"
)
_MULTI_LEVEL = re.compile(r"^\d{1,3}(?:\.\d{1,3})+\.?[ \t]+(?P<title>\S.*)$")
_LETTERED = re.compile(r"^(?:[IVXLCDM]{1,6}|[A-Z])\.[ \t]+(?P<title>\S.*)$")
_SINGLE_LEVEL = re.compile(r"^\d{1,3}\.[ \t]+(?P<title>\S.*)$")
_SENTENCE_END = frozenset(".,;:!…。，；：！")


def is_list_item(line: str) -> bool:
    return _LIST_ITEM.match(line) is not None


def recognise_headings(pieces: Sequence[Piece], *, first_line_title: bool) -> list[Block]:
    """Turn chunks into headings, paragraphs and list items; known blocks pass unchanged."""
    pieces = list(pieces)
    if first_line_title and len(pieces) > 1 and (title := _title_line(pieces[0])):
        pieces[0] = HeadingBlock(text=title)
    blocks, weak_numbers = _classify(pieces, allow_weak=True)
    if len(weak_numbers) < 2:
        # A lone "1. Title" is far likelier a one-item list than the only numbered heading.
        blocks, _ = _classify(pieces, allow_weak=False)
    return blocks


def _title_line(piece: Piece) -> str | None:
    """The line of a one-line chunk that reads as a title rather than as a sentence."""
    if not isinstance(piece, tuple) or len(piece) != 1:
        return None
    line = piece[0].strip()
    if (
        len(line) > HEADING_LINE_CHARS
        or line[-1] in _SENTENCE_END
        or not any(character.isalpha() for character in line)
        or is_list_item(line)
    ):
        return None
    return line


def _classify(pieces: list[Piece], *, allow_weak: bool) -> tuple[list[Block], set[str]]:
    """Turn chunks into blocks; also return the numbers of the weak headings taken."""
    blocks: list[Block] = []
    weak_numbers: set[str] = set()
    for index, piece in enumerate(pieces):
        if not isinstance(piece, tuple):
            blocks.append(piece)
            continue
        following = pieces[index + 1] if index + 1 < len(pieces) else None
        strength = _heading_strength(
            piece, previous=blocks[-1] if blocks else None, following=following
        )
        if strength == "strong" or (strength == "weak" and allow_weak):
            blocks.append(HeadingBlock(text=piece[0].strip()))
            if strength == "weak":
                weak_numbers.add(piece[0].strip().split(".")[0])
        else:
            blocks.extend(_chunk_blocks(piece))
    return blocks, weak_numbers


def _heading_strength(
    chunk: Chunk, *, previous: Block | None, following: Piece | None
) -> str | None:
    """Rate a chunk as a "strong" or "weak" heading in its context, or None for no heading."""
    if len(chunk) != 1 or following is None:
        return None
    strength = _line_strength(chunk[0].strip())
    if strength == "weak" and (_continues_list(previous) or _is_numbered_one_liner(following)):
        return None
    return strength


def _line_strength(line: str) -> str | None:
    """Return "strong", "weak" (a bare "1. Title") or None when the line is no heading."""
    if len(line) > HEADING_LINE_CHARS:
        return None
    if keyword := _KEYWORD_HEADING.match(line):
        title = keyword.group("title")
        return "strong" if title is None or _looks_like_title(title) else None
    for pattern, strength in ((_MULTI_LEVEL, "strong"), (_LETTERED, "strong")):
        if (match := pattern.match(line)) and _looks_like_title(match.group("title")):
            return strength
    if (match := _SINGLE_LEVEL.match(line)) and _looks_like_title(match.group("title")):
        return "weak"
    return None


def _looks_like_title(title: str) -> bool:
    # Checked on the title only, so the dot closing "3.2." is never taken for a full stop.
    return (
        not title[0].islower()
        and title[-1] not in _SENTENCE_END
        and any(character.isalpha() for character in title)
    )


def _continues_list(previous: Block | None) -> bool:
    if isinstance(previous, ListItemBlock):
        return True
    return isinstance(previous, ParagraphBlock) and previous.text.endswith((":", "："))


def _is_numbered_one_liner(piece: Piece) -> bool:
    if not isinstance(piece, tuple) or len(piece) != 1:
        return False
    return bool(_SINGLE_LEVEL.match(piece[0].strip()))


def _chunk_blocks(chunk: Chunk) -> list[Block]:
    """Split a run of lines into its leading prose and the list items that follow it."""
    prose: list[str] = []
    items: list[tuple[str, list[str]]] = []
    for line in chunk:
        if item := _LIST_ITEM.match(line):
            items.append((item.group("marker"), [item.group("text")]))
        elif items:
            items[-1][1].append(line)  # a wrapped item continues on the next line
        else:
            prose.append(line)
    blocks: list[Block] = [ParagraphBlock(text=join_lines(prose))] if prose else []
    for marker, lines in items:
        shown = "•" if marker in _BULLETS else marker
        blocks.append(ListItemBlock(marker=shown, text=join_lines(lines)))
    return blocks


def join_lines(lines: Sequence[str]) -> str:
    """Soft-wrapped lines of one block joined into one line."""
    return " ".join(line.strip() for line in lines)
