"""Plain text and Markdown drafts read into typed blocks (headings, paragraphs, list items).

Blocks are runs of lines separated by blank lines. Lines of one block are soft-wrapped
prose and are joined with a single space; list items keep one line each. In Markdown,
ATX (`## Title`) and setext (`Title` over `===`/`---`) headings count; comments, front
matter and horizontal rules are dropped. Everything else is kept as written: emphasis,
links and HTML stay literal, because escaping is each renderer's job.

The heading heuristic, used for .txt and .md alike: a block of exactly one line, at most
120 characters, is a heading when it starts with document numbering ("3.2.", "3.2", "IV.",
"A.", "1.", or a keyword with a number such as "Strategic Goal 4:", "Chapter 2 —",
"Annex A:", "Section 3"), its title does not begin in lower case nor end like a sentence
(".", ",", ";", ":", "!"; the dot closing "3.2." is numbering, not a full stop), and some
block follows it. A bare "1. Title" is the weakest signal, because it is also how a
one-item numbered list looks: it is a list item after an introducing sentence (ending
":") or another list item, before a one-line "2. ..." sibling, and whenever the document
has no second such heading with another number.
"""

import re
import unicodedata

from core.blocks import Block, HeadingBlock, ListItemBlock, ParagraphBlock
from core.errors import InvalidDocument

Chunk = tuple[str, ...]

_NUMBERED_HEADING_CHARS = 120
# A few stray control characters come from copy-paste out of PDFs and terminals and are
# dropped; more than this (or than one per 1,000 characters) means binary data.
_CONTROL_ALLOWANCE = 8

_LINE_BREAKS = (
    ("\r\n", "\n"),
    ("\r", "\n"),
    ("\x85", "\n"),
    ("\u2028", "\n"),
    ("\v", "\n"),
    ("\u2029", "\n\n"),
    ("\f", "\n\n"),  # a page break separates paragraphs
)
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")

# YAML front matter opens with "key:", so a leading horizontal rule is not mistaken for it.
_FRONT_MATTER = re.compile(r"\A---\n(?=[\w-]+:).*?\n(?:---|\.\.\.)(?:\n|\Z)", re.DOTALL)
# The heading text is cut out by _atx_title, not by a regex group: a backtracking regex on
# a long line of spaces would be quadratic.
_ATX = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(?:={2,}|-{2,})[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_=~])(?:[ \t]*\1){2,}[ \t]*$")

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


def read_blocks(text: str, *, markdown: bool) -> list[Block]:
    """Read a plain-text (markdown=False) or Markdown draft into blocks."""
    text = normalise_text(text)
    if markdown:
        text = _drop_comments(_FRONT_MATTER.sub("", text))
    pieces = _split_chunks(text, markdown=markdown)
    blocks, weak_numbers = _classify(pieces, allow_weak=True)
    if len(weak_numbers) < 2:
        # A lone "1. Title" is far likelier a one-item list than the only numbered heading.
        blocks, _ = _classify(pieces, allow_weak=False)
    return blocks


def _classify(
    pieces: list[HeadingBlock | Chunk], *, allow_weak: bool
) -> tuple[list[Block], set[str]]:
    """Turn runs of lines into blocks; also return the numbers of the weak headings taken."""
    blocks: list[Block] = []
    weak_numbers: set[str] = set()
    for index, piece in enumerate(pieces):
        if isinstance(piece, HeadingBlock):
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


def normalise_text(text: str) -> str:
    """Return text with Unix line endings, NFC unicode and no trailing spaces; refuse binary."""
    if "\x00" in text:
        raise InvalidDocument(
            "The document contains NUL characters, so it is a binary file rather than text. "
            "Export it as plain text (.txt), Markdown (.md) or Word (.docx) and try again."
        )
    text = text.removeprefix("\ufeff")
    for old, new in _LINE_BREAKS:
        text = text.replace(old, new)
    text, controls = _CONTROL.subn("", text)
    if controls > max(_CONTROL_ALLOWANCE, len(text) // 1000):
        raise InvalidDocument(
            f"The document contains {controls} control characters, so it looks like a binary "
            "file rather than text. Export it as plain text (.txt), Markdown (.md) or Word "
            "(.docx) and try again."
        )
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _split_chunks(text: str, *, markdown: bool) -> list[HeadingBlock | Chunk]:
    """Cut text at blank lines, rules and Markdown headings into runs of lines."""
    pieces: list[HeadingBlock | Chunk] = []
    current: list[str] = []
    for line in text.split("\n"):
        if markdown and current and _SETEXT.match(line) and not _has_list_item(current):
            pieces.append(HeadingBlock(text=_join(current)))
            current.clear()
        elif not line.strip() or _RULE.match(line):
            _flush(pieces, current)
        elif markdown and _ATX.match(line):
            _flush(pieces, current)
            if title := _atx_title(line):
                pieces.append(HeadingBlock(text=title))
        else:
            current.append(line)
    _flush(pieces, current)
    return pieces


def _drop_comments(text: str) -> str:
    """Remove <!-- --> comments; a scan with find() stays linear on hostile input."""
    kept: list[str] = []
    start = 0
    while (opening := text.find("<!--", start)) != -1:
        closing = text.find("-->", opening + 4)
        if closing == -1:
            break  # an unclosed comment is left as text, like Markdown does
        kept.append(text[start:opening])
        start = closing + 3
    kept.append(text[start:])
    return "".join(kept)


def _atx_title(line: str) -> str:
    title = line.lstrip(" ").lstrip("#").strip()
    without_closing = title.rstrip("#")
    # "## Title ##" loses its closing hashes; "## C#" keeps its own.
    if without_closing != title and (not without_closing or without_closing[-1] in " \t"):
        title = without_closing.strip()
    return title


def _flush(pieces: list[HeadingBlock | Chunk], current: list[str]) -> None:
    if current:
        pieces.append(tuple(current))
        current.clear()


def _has_list_item(lines: list[str]) -> bool:
    # A "---" under a list is a rule in Markdown, never a setext underline.
    return any(_LIST_ITEM.match(line) for line in lines)


def _heading_strength(
    chunk: Chunk, *, previous: Block | None, following: HeadingBlock | Chunk | None
) -> str | None:
    """Rate a block as a "strong" or "weak" heading in its context, or None for no heading."""
    if len(chunk) != 1 or following is None:
        return None
    strength = _line_strength(chunk[0].strip())
    if strength == "weak" and (_continues_list(previous) or _is_numbered_one_liner(following)):
        return None
    return strength


def _line_strength(line: str) -> str | None:
    """Return "strong", "weak" (a bare "1. Title") or None when the line is no heading."""
    if len(line) > _NUMBERED_HEADING_CHARS:
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


def _is_numbered_one_liner(piece: HeadingBlock | Chunk) -> bool:
    if isinstance(piece, HeadingBlock) or len(piece) != 1:
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
    blocks: list[Block] = [ParagraphBlock(text=_join(prose))] if prose else []
    for marker, lines in items:
        shown = "•" if marker in _BULLETS else marker
        blocks.append(ListItemBlock(marker=shown, text=_join(lines)))
    return blocks


def _join(lines: list[str] | Chunk) -> str:
    return " ".join(line.strip() for line in lines)
