"""A draft document split into sections and numbered paragraphs, ready to consult on."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from core.blocks import (
    Block,
    HeadingBlock,
    ListItemBlock,
    NumberBlock,
    ParagraphBlock,
    split_own_number,
)
from core.errors import InvalidDocument
from core.plaintext import read_blocks
from core.text import clean_text, is_blank


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentParagraph:
    """A paragraph as imported: its number (the document's own, or its place) and text."""

    number: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentSection:
    """A heading and the paragraphs under it; the heading is None before the first heading."""

    heading: str | None
    paragraphs: tuple[DocumentParagraph, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Document:
    """The parsed document, sections in order."""

    sections: tuple[DocumentSection, ...]

    @property
    def paragraphs(self) -> tuple[DocumentParagraph, ...]:
        return tuple(p for section in self.sections for p in section.paragraphs)

    @property
    def headings(self) -> tuple[str, ...]:
        """The named sections: what every front end counts as the document's sections."""
        return tuple(section.heading for section in self.sections if section.heading)


MAX_PARAGRAPH_CHARS = 20_000
MAX_HEADING_CHARS = 1_000
_PREVIEW_CHARS = 40


def parse_document(text: str, *, markdown: bool) -> Document:
    """Parse a plain-text or Markdown draft; raise InvalidDocument if it cannot be consulted on."""
    return assemble_document(read_blocks(text, markdown=markdown))


def assemble_document(blocks: Iterable[Block]) -> Document:
    """Build a Document from any reader's blocks: one seam for .txt, .md and .docx.

    Rules: list items join the paragraph before them when it introduces them (ends with
    ":"), else consecutive items form one paragraph of their own, one item per line. A
    paragraph keeps the document's own number ("P22" opening it) and otherwise follows the
    previous one; numbers must increase. A number on a line of its own (a NumberBlock, as
    Discuto exports write them) opens a paragraph that takes every block up to the next
    number or heading, joined with blank lines. A heading followed by another heading
    yields no empty section.
    """
    builder = _SectionBuilder()
    for element in _merge_lists(_cleaned(blocks)):
        if isinstance(element, HeadingBlock):
            builder.start_section(element.text)
        elif isinstance(element, NumberBlock):
            builder.open_numbered(element.number)
        else:
            builder.add_paragraph(element.text)
    sections = builder.finish()
    if not sections:
        raise InvalidDocument(
            "The document contains no paragraphs to consult on: it is empty or has only "
            "headings. Add the text people should vote on and import it again."
        )
    return Document(sections=sections)


def _cleaned(blocks: Iterable[Block]) -> Iterator[Block]:
    """Blocks without bidirectional overrides (core.text); blocks left blank are dropped."""
    for block in blocks:
        if isinstance(block, NumberBlock):
            yield block
        elif not is_blank(text := clean_text(block.text)):
            yield replace(block, text=text)


def _merge_lists(blocks: Iterable[Block]) -> list[HeadingBlock | NumberBlock | ParagraphBlock]:
    """Fold list items into the paragraph that introduces them, one item per line."""
    merged: list[HeadingBlock | NumberBlock | ParagraphBlock] = []
    lines: list[str] = []  # the paragraph being built, empty when there is none
    takes_items = False
    for block in blocks:
        if isinstance(block, ListItemBlock) and lines and takes_items:
            lines.append(f"{block.marker} {block.text}")
            continue
        if lines:
            merged.append(ParagraphBlock(text="\n".join(lines)))
        lines = []
        if isinstance(block, HeadingBlock | NumberBlock):
            merged.append(block)
        elif isinstance(block, ListItemBlock):
            lines, takes_items = [f"{block.marker} {block.text}"], True
        elif block.text:
            lines, takes_items = [block.text], block.text.endswith((":", "："))
    if lines:
        merged.append(ParagraphBlock(text="\n".join(lines)))
    return merged


class _SectionBuilder:
    """Collects numbered paragraphs under their headings, dropping sections left empty."""

    def __init__(self) -> None:
        self._sections: list[DocumentSection] = []
        self._heading: str | None = None
        self._paragraphs: list[DocumentParagraph] = []
        self._previous = 0
        self._pending: int | None = None  # a number line not yet followed by any text
        self._group: list[str] = []  # the blocks of the paragraph a number line opened
        self._position = 0

    def start_section(self, heading: str) -> None:
        if len(heading) > MAX_HEADING_CHARS:
            raise InvalidDocument(
                f"A heading is {len(heading):,} characters long (“{heading[:_PREVIEW_CHARS]}…”); "
                f"the limit is {MAX_HEADING_CHARS:,}. Shorten it and import the document again."
            )
        self._close_section()
        self._heading = heading

    def open_numbered(self, number: int) -> None:
        self._close_group()
        self._pending = number

    def add_paragraph(self, text: str) -> None:
        own, rest = split_own_number(text)
        if own is None and self._group:
            self._group.append(text)
            return
        self._close_group()
        if not rest:  # a number alone, from a reader that did not make it a NumberBlock
            self._pending = own
            return
        if own is None and self._pending is not None:
            self._group = [rest]  # the number line's paragraph takes the blocks that follow
            return
        self._add(own if own is not None else self._pending, rest)
        self._pending = None

    def finish(self) -> tuple[DocumentSection, ...]:
        self._close_section()
        return tuple(self._sections)

    def _add(self, own: int | None, text: str) -> None:
        self._position += 1
        number = self._next_number(own, text)
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise InvalidDocument(
                f"Paragraph P{number} is {len(text):,} characters long; the limit is "
                f"{MAX_PARAGRAPH_CHARS:,}, because nobody can read that much in a chat "
                "message. Split it into shorter paragraphs and import it again."
            )
        self._paragraphs.append(DocumentParagraph(number=number, text=text))

    def _close_group(self) -> None:
        if self._group:
            self._add(self._pending, "\n\n".join(self._group))
            self._group, self._pending = [], None

    def _next_number(self, own: int | None, text: str) -> int:
        if own is None:
            self._previous += 1
            return self._previous
        if own <= self._previous:
            preview = text[:_PREVIEW_CHARS] + ("…" if len(text) > _PREVIEW_CHARS else "")
            raise InvalidDocument(
                f"Paragraph {self._position} (“{preview}”) is numbered P{own}, but it comes "
                f"after P{self._previous}: the document's own paragraph numbers must increase. "
                "Fix the numbering and import the document again."
            )
        self._previous = own
        return own

    def _close_section(self) -> None:
        self._close_group()
        if self._paragraphs:
            section = DocumentSection(heading=self._heading, paragraphs=tuple(self._paragraphs))
            self._sections.append(section)
        self._paragraphs = []
