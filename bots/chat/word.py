"""Word files (.docx) read into the typed blocks the text reader produces.

The package is measured by bots.chat.archives before python-docx unpacks it. "Title" and
"Heading 1".."Heading 9" paragraphs are headings; list-styled or numbered paragraphs are
list items; a table becomes one paragraph in its place, a row per line and cells joined by
" | ", so its text is neither lost nor moved. Other paragraphs are read like lines of a
.txt file (core.headings), so a numbered heading typed as plain text, the title line and a
"P22" number line count as they do there.
"""

import io
import unicodedata
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table
from docx.text.paragraph import Paragraph

from bots.chat.archives import check_package
from core.blocks import Block, HeadingBlock, ListItemBlock, ParagraphBlock, number_line
from core.errors import InvalidDocument
from core.headings import Piece, recognise_headings
from core.text import clean_text

_HEADING_STYLES = frozenset({"Title", *(f"Heading {level}" for level in range(1, 10))})


def read_word(data: bytes, filename: str) -> list[Block]:
    """The blocks of a .docx, or InvalidDocument; the package is measured before it is read."""
    check_package(data, filename)  # before python-docx unpacks anything
    try:
        word = docx.Document(io.BytesIO(data))
        pieces = list(_word_pieces(word.iter_inner_content(), _style_names(word)))
    except Exception as error:
        # python-docx reports a damaged package with many exception types (BadZipFile,
        # KeyError, PackageNotFoundError, XML syntax errors...); all mean the same here.
        raise InvalidDocument(
            f"{filename} is not a valid Word document (.docx), or it is damaged. Open it in "
            "a word processor, save it again as .docx, and import it again."
        ) from error
    return recognise_headings(pieces, first_line_title=True)


def _style_names(word: WordDocument) -> dict[str | None, str]:
    """Style names by id, looked up once: Paragraph.style scans every style on each call."""
    names = {style.style_id: style.name or "" for style in word.styles}
    default = word.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    names[None] = default.name or "" if default is not None else ""
    return names


def _word_pieces(
    content: Iterator[Paragraph | Table], styles: dict[str | None, str]
) -> Iterator[Piece]:
    """Styled paragraphs, lists and tables as blocks; plain paragraphs as one-line chunks."""
    numbered = 0  # position in the current numbered list, for "1.", "2.", ...
    for item in content:
        if isinstance(item, Table):
            numbered = 0
            if text := _table_text(item):
                yield ParagraphBlock(text=text)
            continue
        text = _clean(item.text)
        style = styles.get(item._p.style, "")  # the paragraph's style id, or None
        if not text:
            continue
        if style in _HEADING_STYLES:
            numbered = 0
            yield HeadingBlock(text=text)
        elif _is_list_paragraph(item, style):
            numbered = numbered + 1 if "Number" in style else 0
            yield ListItemBlock(marker=f"{numbered}." if numbered else "•", text=text)
        else:
            numbered = 0
            yield number_line(text) or (text,)  # for core.headings to read like text


def _is_list_paragraph(paragraph: Paragraph, style: str) -> bool:
    # List styles ("List Paragraph", "List Bullet 2", "List Number") or direct numbering.
    properties = paragraph._p.pPr  # python-docx has no public accessor for w:numPr
    return style.startswith("List") or (properties is not None and properties.numPr is not None)


def _table_text(table: Table) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = _clean(cell.text)
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _clean(text: str) -> str:
    # Word's manual line breaks are soft wraps here, as in the text formats.
    lines = (line.strip() for line in text.splitlines())
    return unicodedata.normalize("NFC", clean_text(" ".join(line for line in lines if line)))
