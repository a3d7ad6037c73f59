"""A draft built the way real ones arrive: a Discuto export, as text, Markdown and Word.

Discuto writes each paragraph's number on a line of its own ("P22"), followed by one or more
blocks (text, a box title, a list) up to the next number. Its headings are numbered the way
the drafts write them: a trailing dot and several spaces, a long "Strategic Goal" line.
"""

import io
from dataclasses import dataclass

import docx

TITLE = "Open Government Partnership Strategy 2023-2028"
HEADINGS = (
    "1.    Introduction",
    "2.    Where the Partnership stands",
    "3.1.    Deepen the commitment of members to reforms that last beyond one action plan",
    "3.2.    Challenge the Partnership to advance key open government policy areas",
    "Strategic Goal 4: Become the home of reformers who want to build more open, "
    "transparent and participatory institutions that deliver for citizens",
    "4.1 Showcase the impact of open government on the lives of people",
)


@dataclass(frozen=True)
class Numbered:
    """One numbered paragraph: its section, its number and its blocks (a list is a tuple)."""

    section: int
    number: int
    blocks: tuple[str | tuple[str, ...], ...]


PARAGRAPHS = (
    Numbered(0, 1, ("The Partnership brings governments and civil society together.",)),
    Numbered(1, 2, ("Ten years on, seventy-five countries take part.", "Most renewed plans.")),
    Numbered(
        1,
        3,
        ("Members said three things.", "Box 1: What members told us", ("Reforms", "Peers")),
    ),
    Numbered(2, 7, ("Commitments should outlive the government that made them.",)),
    Numbered(
        3,
        22,
        (
            "The Partnership will choose policy areas with its members.",
            "Box 3: Policy areas",
            ("Anti-corruption", "Civic space", "Digital governance"),
        ),
    ),
    Numbered(3, 23, ("Progress is reviewed every two years.",)),
    Numbered(4, 24, ("Reformers in government need allies.", "The Partnership connects them.")),
    Numbered(5, 30, ("Stories of change are collected and published.",)),
)


def shown(block: str | tuple[str, ...]) -> str:
    """A block as townhall keeps it: a list one "• item" per line."""
    return block if isinstance(block, str) else "\n".join(f"• {item}" for item in block)


def expected_sections(*, numbered: bool) -> list[tuple[str, list[tuple[int, str]]]]:
    """Headings with their (number, text) paragraphs, as the import should give them."""
    sections: list[tuple[str, list[tuple[int, str]]]] = [(h, []) for h in HEADINGS]
    position = 0
    for paragraph in PARAGRAPHS:
        texts = [shown(block) for block in paragraph.blocks]
        if numbered:
            sections[paragraph.section][1].append((paragraph.number, "\n\n".join(texts)))
            continue
        for text in texts:
            position += 1
            sections[paragraph.section][1].append((position, text))
    return sections


def draft_text(*, numbered: bool, markdown: bool) -> str:
    """The draft as a .txt (title on the first line) or .md ("#" title, "##" headings)."""
    lines = [f"# {TITLE}" if markdown else TITLE]
    for heading, paragraph in _with_headings():
        if heading is not None:
            lines.append(f"## {heading}" if markdown else heading)
        if numbered:
            lines.append(f"P{paragraph.number}")
        for block in paragraph.blocks:
            lines.append(block if isinstance(block, str) else "\n".join(f"- {i}" for i in block))
    return "\n\n".join(lines) + "\n"


def draft_word(*, numbered: bool, styled: bool) -> bytes:
    """The draft as a .docx; styled uses Title and Heading styles, else plain paragraphs."""
    word = docx.Document()
    word.add_paragraph(TITLE, style="Title" if styled else None)
    for heading, paragraph in _with_headings():
        if heading is not None:
            word.add_paragraph(heading, style="Heading 1" if styled else None)
        if numbered:
            word.add_paragraph(f"P{paragraph.number}")
        for block in paragraph.blocks:
            if isinstance(block, str):
                word.add_paragraph(block)
            for item in block if isinstance(block, tuple) else ():
                word.add_paragraph(item, style="List Bullet")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _with_headings() -> list[tuple[str | None, Numbered]]:
    """Each paragraph with the heading that opens its section, if it is the first in it."""
    seen: set[int] = set()
    pairs: list[tuple[str | None, Numbered]] = []
    for paragraph in PARAGRAPHS:
        first = paragraph.section not in seen
        seen.add(paragraph.section)
        pairs.append((HEADINGS[paragraph.section] if first else None, paragraph))
    return pairs
