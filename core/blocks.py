"""The typed blocks every document reader produces: headings, paragraphs, list items, numbers.

Readers (plain text and Markdown in core.plaintext, Word files in bots.chat.word) only
recognise blocks; core.documents.assemble_document turns a sequence of blocks into a
Document, so list merging, paragraph numbering and the size rules live in one place.
"""

import re
from dataclasses import dataclass

# "P22", "P22.", "¶22", "¶ 22" or "[P22]" opening a paragraph or standing on a line of its own.
_OWN_NUMBER = re.compile(
    r"^(?:\[(?:P|¶)\s?(?P<bracketed>\d{1,6})\]\.?(?:\s+|$)|(?:P|¶\s?)(?P<bare>\d{1,6})\.?(?:\s+|$))"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class HeadingBlock:
    """A heading that names the section of the paragraphs after it."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphBlock:
    """A paragraph of running text, already joined into one line."""

    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ListItemBlock:
    """One list item; marker is "•" for bullets or the item's own number such as "2." or "b)"."""

    marker: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class NumberBlock:
    """The document's own paragraph number on a line of its own, as Discuto exports write it.

    Everything after it up to the next number or heading is that one paragraph.
    """

    number: int


Block = HeadingBlock | ParagraphBlock | ListItemBlock | NumberBlock


def split_own_number(text: str) -> tuple[int | None, str]:
    """Take the document's own paragraph number ("P22", "[P22]", "¶22") off the text."""
    match = _OWN_NUMBER.match(text)
    if match is None:
        return None, text
    return int(match.group("bracketed") or match.group("bare")), text[match.end() :].strip()


def number_line(line: str) -> NumberBlock | None:
    """The NumberBlock of a line that holds only a paragraph number, else None."""
    number, rest = split_own_number(line.strip())
    return NumberBlock(number=number) if number is not None and not rest else None
