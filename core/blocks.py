"""The typed blocks every document reader produces: headings, paragraphs and list items.

Readers (plain text and Markdown in core.plaintext, Word files in bots.importing) only
recognise blocks; core.documents.assemble_document turns a sequence of blocks into a
Document, so list merging, paragraph numbering and the size rules live in one place.
"""

from dataclasses import dataclass


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


Block = HeadingBlock | ParagraphBlock | ListItemBlock
