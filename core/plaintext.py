"""Plain text and Markdown drafts read into typed blocks (headings, paragraphs, list items).

Blocks are runs of lines separated by blank lines. Lines of one block are soft-wrapped
prose and are joined with a single space; list items keep one line each. A line holding
only a paragraph number ("P22") is a block of its own wherever it stands. In Markdown,
ATX (`## Title`) and setext (`Title` over `===`/`---`) headings count; comments, front
matter and horizontal rules are dropped. Everything else is kept as written: emphasis,
links and HTML stay literal, because escaping is each renderer's job. Numbered headings,
and in plain text the title line, are recognised by core.headings.
"""

import re
import unicodedata

from core.blocks import Block, HeadingBlock, number_line
from core.errors import InvalidDocument
from core.headings import Piece, is_list_item, join_lines, recognise_headings
from core.text import clean_text

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


def read_blocks(text: str, *, markdown: bool) -> list[Block]:
    """Read a plain-text (markdown=False) or Markdown draft into blocks."""
    text = normalise_text(text)
    if markdown:
        text = _drop_comments(_FRONT_MATTER.sub("", text))
    pieces = _split_chunks(text, markdown=markdown)
    return recognise_headings(pieces, first_line_title=not markdown)


def normalise_text(text: str) -> str:
    """Return text with Unix line endings, NFC unicode and no trailing spaces; refuse binary."""
    if "\x00" in text:
        raise InvalidDocument(
            "The document contains NUL characters, so it is a binary file rather than text. "
            "Export it as plain text (.txt), Markdown (.md) or Word (.docx) and try again."
        )
    text = clean_text(text.removeprefix("\ufeff"))
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


def _split_chunks(text: str, *, markdown: bool) -> list[Piece]:
    """Cut text at blank lines, rules, number lines and Markdown headings into runs of lines."""
    pieces: list[Piece] = []
    current: list[str] = []
    for line in text.split("\n"):
        if markdown and current and _SETEXT.match(line) and not _has_list_item(current):
            pieces.append(HeadingBlock(text=join_lines(current)))
            current.clear()
        elif not line.strip() or _RULE.match(line):
            _flush(pieces, current)
        elif number := number_line(line):
            _flush(pieces, current)
            pieces.append(number)
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


def _flush(pieces: list[Piece], current: list[str]) -> None:
    if current:
        pieces.append(tuple(current))
        current.clear()


def _has_list_item(lines: list[str]) -> bool:
    # A "---" under a list is a rule in Markdown, never a setext underline.
    return any(is_list_item(line) for line in lines)
