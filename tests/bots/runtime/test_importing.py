"""`townhall import` reads files on disk like uploads, refusing kindly what is not a file."""

from pathlib import Path

import pytest

from bots.chat.uploads import MAX_FILE_BYTES, read_document_bytes
from bots.runtime.importing import read_document
from bots.runtime.sample import bundled_sample
from core.documents import Document
from core.errors import InvalidDocument
from tests.drafts import draft_text, draft_word, expected_sections

REPOSITORY = Path(__file__).resolve().parents[3]


def headings(document: Document) -> list[str | None]:
    return [section.heading for section in document.sections]


def sections(document: Document) -> list[tuple[str | None, list[tuple[int, str]]]]:
    return [(s.heading, [(p.number, p.text) for p in s.paragraphs]) for s in document.sections]


def test_a_file_on_disk_is_read_through_the_same_path_as_an_upload(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_bytes("## Σκοπός\r\n\r\nΚείμενο με ελληνικά.".encode())
    document = read_document(path)
    assert document == read_document_bytes(path.read_bytes(), "draft.md")
    assert headings(document) == ["Σκοπός"]


@pytest.mark.parametrize("numbered", [True, False], ids=["number-lines", "no-number-lines"])
def test_one_draft_as_md_txt_and_docx_gives_the_same_sections_and_paragraphs(
    tmp_path: Path, numbered: bool
) -> None:
    files = {
        "draft.md": draft_text(numbered=numbered, markdown=True).encode(),
        "draft.txt": draft_text(numbered=numbered, markdown=False).encode(),
        "draft.docx": draft_word(numbered=numbered, styled=True),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)

    markdown, text, word = (read_document(tmp_path / name) for name in files)

    assert markdown == text == word
    assert sections(text) == expected_sections(numbered=numbered)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocument, match="no file"):
        read_document(tmp_path / "nowhere.md")


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidDocument, match="is a folder"):
        read_document(tmp_path)


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n"])
def test_an_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(data)
    with pytest.raises(InvalidDocument, match="is empty"):
        read_document(path)


def test_a_file_over_five_megabytes_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    with path.open("wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InvalidDocument, match="limit is 5 MB"):
        read_document(path)


# The bundled sample


def test_the_bundled_sample_parses_into_its_known_sections_and_paragraphs() -> None:
    document = read_document(bundled_sample())
    counts = [len(section.paragraphs) for section in document.sections]
    assert counts == [5, 10, 1, 3, 1, 1, 2, 1]
    assert len(document.paragraphs) == 24
    assert [p.number for p in document.paragraphs] == list(range(1, 25))
    assert document.sections[0].heading == "Introduction"
    themes = document.sections[2].paragraphs[0].text.split("\n")
    assert themes[0].endswith("five themes:")
    assert len(themes) == 6
    assert all(line.startswith("• ") for line in themes[1:])
    assert not any("<!--" in p.text or "](" in p.text for p in document.paragraphs)


def test_the_sample_in_the_repository_root_matches_the_bundled_copy() -> None:
    root_copy = REPOSITORY / "samples" / bundled_sample().name
    assert root_copy.read_bytes() == bundled_sample().read_bytes()
