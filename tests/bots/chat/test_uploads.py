"""Reading uploaded drafts into documents, and refusing bad ones with a clear message."""

import io
import os
import re
import tracemalloc
import zipfile
import zlib

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.styles.style import BaseStyle
from docx.styles.styles import Styles

from bots.chat.archives import MAX_UNPACKED_BYTES
from bots.chat.uploads import MAX_FILE_BYTES, read_document_bytes
from core.documents import Document
from core.errors import InvalidDocument
from tests.bots.word_files import word_bomb
from tests.drafts import draft_word, expected_sections

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    + zlib.compress(b"\x00\x00\x00\x00\x00")
)


def texts(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def headings(document: Document) -> list[str | None]:
    return [section.heading for section in document.sections]


def word_file() -> bytes:
    word = docx.Document()
    word.add_paragraph("Draft Strategy", style="Title")
    word.add_heading("1. Introduction", level=1)
    word.add_paragraph("The Partnership will:")
    word.add_paragraph("publish data", style="List Bullet")
    word.add_paragraph("hold hearings", style="List Bullet")
    word.add_paragraph("")
    word.add_heading("Strategic Goal 4: Deepen reforms", level=2)
    word.add_paragraph("P22 Members commit to reforms.")
    word.add_paragraph("first step", style="List Number")
    word.add_paragraph("second step", style="List Number")
    table = word.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, [("Goal", "Year"), ("Open data", "2024")], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# Text formats


@pytest.mark.parametrize(
    ("suffix", "headed"), [(".md", True), (".MARKDOWN", True), (".txt", False)]
)
def test_text_files_are_read_by_suffix_case_insensitively(suffix: str, headed: bool) -> None:
    document = read_document_bytes(b"Intro.\n\n# Goals\n\nOpen up.", f"draft{suffix}")
    assert headings(document) == ([None, "Goals"] if headed else [None])


def test_utf8_with_a_byte_order_mark_is_read() -> None:
    assert texts(read_document_bytes("\ufeffHello.".encode(), "a.txt")) == ["Hello."]


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    assert texts(read_document_bytes("Γειά σου.".encode("utf-16"), "a.txt")) == ["Γειά σου."]


def test_html_in_a_text_file_is_kept_literally() -> None:
    data = b"<script>alert(1)</script><img src=x onerror=alert(2)>"
    assert texts(read_document_bytes(data, "a.md")) == [data.decode()]


# Word files


def test_a_word_file_becomes_sections_paragraphs_and_lists() -> None:
    document = read_document_bytes(word_file(), "draft.docx")
    assert headings(document) == ["1. Introduction", "Strategic Goal 4: Deepen reforms"]
    assert [(p.number, p.text) for p in document.paragraphs] == [
        (1, "The Partnership will:\n• publish data\n• hold hearings"),
        (22, "Members commit to reforms."),
        (23, "1. first step\n2. second step"),
        (24, "Goal | Year\nOpen data | 2024"),
    ]


def test_a_word_file_looks_its_styles_up_once_not_once_per_paragraph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # python-docx's Paragraph.style scans every style of the file on each call: 2.5 ms a
    # paragraph, so a 49 KB file of 5,000 short paragraphs took 12 s (bench/word_import.py).
    lookups = 0
    default = Styles.default

    def counted(styles: Styles, style_type: WD_STYLE_TYPE) -> BaseStyle | None:
        nonlocal lookups
        lookups += 1
        found: BaseStyle | None = default(styles, style_type)
        return found

    word = docx.Document()
    for number in range(1, 51):
        word.add_paragraph(f"Paragraph {number}.")
    buffer = io.BytesIO()
    word.save(buffer)
    monkeypatch.setattr(Styles, "default", counted)

    assert len(read_document_bytes(buffer.getvalue(), "many.docx").paragraphs) == 50
    assert lookups <= 1


def test_a_word_file_with_only_a_title_is_refused() -> None:
    word = docx.Document()
    word.add_paragraph("Only a title", style="Title")
    buffer = io.BytesIO()
    word.save(buffer)
    with pytest.raises(InvalidDocument, match="contains no paragraphs"):
        read_document_bytes(buffer.getvalue(), "title.docx")


def test_random_bytes_named_docx_are_refused_as_not_a_word_document() -> None:
    with pytest.raises(InvalidDocument, match="not a valid Word document"):
        read_document_bytes(os.urandom(2048), "fake.docx")


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(InvalidDocument, match="not a valid Word document"):
        read_document_bytes(buffer.getvalue(), "fake.docx")


def sections(document: Document) -> list[tuple[str | None, list[tuple[int, str]]]]:
    return [(s.heading, [(p.number, p.text) for p in s.paragraphs]) for s in document.sections]


@pytest.mark.parametrize("styled", [True, False], ids=["heading-styles", "plain-paragraphs"])
@pytest.mark.parametrize("numbered", [True, False], ids=["number-lines", "no-number-lines"])
def test_a_discuto_draft_in_word_is_read_like_the_same_draft_in_text(
    numbered: bool, styled: bool
) -> None:
    document = read_document_bytes(draft_word(numbered=numbered, styled=styled), "draft.docx")
    assert sections(document) == expected_sections(numbered=numbered)


# Word files that unpack past the limit


def peak_memory_reading(data: bytes) -> tuple[int, str]:
    """Read data as a .docx; return the peak of memory allocated meanwhile and the refusal."""
    tracemalloc.start()
    try:
        with pytest.raises(InvalidDocument) as refusal:
            read_document_bytes(data, "bomb.docx")
        return tracemalloc.get_traced_memory()[1], refusal.value.message
    finally:
        tracemalloc.stop()


def test_a_word_file_that_unpacks_past_the_limit_is_refused_without_unpacking_it() -> None:
    data = word_bomb()
    assert len(data) < MAX_FILE_BYTES // 10

    peak, message = peak_memory_reading(data)

    assert re.match(r"bomb\.docx unpacks to 6\d MB; the limit is 50 MB\.", message)
    assert peak < MAX_UNPACKED_BYTES // 10


def test_a_part_larger_than_its_header_says_is_caught_while_it_is_inflated() -> None:
    peak, message = peak_memory_reading(word_bomb(understated=True))

    assert message.startswith(
        "bomb.docx is damaged: its part word/document.xml holds more than the archive says"
    )
    assert peak < MAX_UNPACKED_BYTES // 10


# Refusals


@pytest.mark.parametrize("filename", ["draft.pdf", "draft.doc", "README", "notes.md.exe"])
def test_unsupported_suffixes_are_refused_naming_the_supported_ones(filename: str) -> None:
    with pytest.raises(InvalidDocument, match=r"\.md, \.markdown, \.txt, \.docx"):
        read_document_bytes(b"%PDF-1.7 text", filename)


def test_a_png_renamed_to_md_is_refused_as_binary() -> None:
    with pytest.raises(InvalidDocument, match="binary"):
        read_document_bytes(PNG_BYTES, "picture.md")


def test_latin1_text_is_refused_with_advice_to_save_as_utf8() -> None:
    with pytest.raises(InvalidDocument, match=r"not UTF-8 text.*Save it as UTF-8"):
        read_document_bytes("Café crème à la française.".encode("latin-1"), "draft.txt")


def test_an_upload_over_five_megabytes_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="limit is 5 MB"):
        read_document_bytes(b"a" * (MAX_FILE_BYTES + 1), "big.txt")


def test_an_oversized_paragraph_in_a_file_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="20,000"):
        read_document_bytes(b"word " * 5000, "long.txt")
