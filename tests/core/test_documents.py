"""Parsing plain-text and Markdown drafts into sections and numbered paragraphs."""

import pytest

from core.blocks import HeadingBlock, ListItemBlock, ParagraphBlock
from core.documents import Document, assemble_document, parse_document
from core.errors import InvalidDocument
from tests.drafts import HEADINGS, draft_text, expected_sections


def texts(document: Document) -> list[str]:
    return [paragraph.text for paragraph in document.paragraphs]


def headings(document: Document) -> list[str | None]:
    return [section.heading for section in document.sections]


def numbers(document: Document) -> list[int]:
    return [paragraph.number for paragraph in document.paragraphs]


def sections(document: Document) -> list[tuple[str | None, list[tuple[int, str]]]]:
    return [(s.heading, [(p.number, p.text) for p in s.paragraphs]) for s in document.sections]


# Paragraphs and line endings


def test_paragraphs_are_split_on_blank_lines_and_numbered_from_one() -> None:
    document = parse_document("First.\n\nSecond.\n\n\n\nThird.", markdown=False)
    assert texts(document) == ["First.", "Second.", "Third."]
    assert numbers(document) == [1, 2, 3]
    assert headings(document) == [None]


def test_soft_wrapped_lines_are_joined_with_one_space() -> None:
    document = parse_document("A sentence that\n   wraps onto\nthree lines.", markdown=False)
    assert texts(document) == ["A sentence that wraps onto three lines."]


def test_windows_line_endings_are_read_like_unix_ones() -> None:
    document = parse_document("One\r\nline.\r\n\r\nTwo.\r\n", markdown=False)
    assert texts(document) == ["One line.", "Two."]


def test_old_mac_line_endings_are_read_like_unix_ones() -> None:
    assert texts(parse_document("One\rline.\r\rTwo.", markdown=False)) == ["One line.", "Two."]


def test_a_leading_byte_order_mark_is_dropped() -> None:
    assert texts(parse_document("\ufeffHello.", markdown=True)) == ["Hello."]


def test_trailing_spaces_are_trimmed_and_tabs_inside_a_line_kept() -> None:
    assert texts(parse_document("a\tb.   \t\n\nc.  ", markdown=False)) == ["a\tb.", "c."]


def test_decomposed_accents_are_normalised_to_composed_form() -> None:
    assert texts(parse_document("Cafe\u0301.", markdown=False)) == ["Café."]


@pytest.mark.parametrize(
    "text",
    [
        "Η διαβούλευση είναι ανοιχτή σε όλους.",
        "هذه مسودة للتشاور العام.",
        "We 💚 open government 🎉.",
        "公开征求意见稿。",
    ],
)
def test_non_ascii_text_is_preserved_exactly(text: str) -> None:
    assert texts(parse_document(f"{text}\n", markdown=True)) == [text]


def test_a_page_break_separates_paragraphs() -> None:
    assert texts(parse_document("One.\fTwo.", markdown=False)) == ["One.", "Two."]


def test_a_few_stray_control_characters_are_dropped() -> None:
    assert texts(parse_document("Copied\x07 from a PDF\x1b.", markdown=False)) == [
        "Copied from a PDF."
    ]


def test_text_with_a_nul_character_is_refused_as_binary() -> None:
    with pytest.raises(InvalidDocument, match="binary"):
        parse_document("Looks fine\x00 but is not.", markdown=False)


def test_text_full_of_control_characters_is_refused_as_binary() -> None:
    with pytest.raises(InvalidDocument, match="control characters"):
        parse_document("\x01\x02\x03\x04" * 10 + "text", markdown=False)


def test_html_and_script_tags_are_kept_literally_for_the_renderer_to_escape() -> None:
    text = "<script>alert('x')</script> and <b>bold</b> & more"
    assert texts(parse_document(text, markdown=True)) == [text]


def test_markdown_emphasis_is_kept_as_written() -> None:
    text = "Keep **bold**, __strong__, *em* and _em_ as written."
    assert texts(parse_document(text, markdown=True)) == [text]


# Markdown furniture


def test_markdown_atx_headings_name_sections_without_their_hashes() -> None:
    document = parse_document("# Title #\n\nIntro.\n\n## Scope\nText.", markdown=True)
    assert headings(document) == ["Title", "Scope"]
    assert texts(document) == ["Intro.", "Text."]


def test_a_hash_without_a_space_is_not_a_heading() -> None:
    assert headings(parse_document("#hashtag\n\nText.", markdown=True)) == [None]


def test_hash_lines_in_plain_text_are_text() -> None:
    assert texts(parse_document("# not a heading", markdown=False)) == ["# not a heading"]


def test_setext_headings_count_in_markdown() -> None:
    document = parse_document("Goals\n=====\n\nOne.\n\nScope\n-----\nTwo.", markdown=True)
    assert headings(document) == ["Goals", "Scope"]
    assert texts(document) == ["One.", "Two."]


def test_horizontal_rules_are_dropped() -> None:
    document = parse_document("One.\n\n---\n\nTwo.\n\n* * *\n\nThree.", markdown=True)
    assert texts(document) == ["One.", "Two.", "Three."]


def test_front_matter_at_the_top_is_dropped() -> None:
    text = "---\ntitle: Draft\nlang: en\n---\n\nBody."
    assert texts(parse_document(text, markdown=True)) == ["Body."]


def test_markdown_comments_are_dropped_even_across_lines() -> None:
    text = "<!--\nCredits: somebody\n-->\n\nBody <!-- note --> text."
    assert texts(parse_document(text, markdown=True)) == ["Body  text."]


# Numbered headings (both formats)


@pytest.mark.parametrize("markdown", [False, True])
def test_an_ogp_style_numbered_heading_names_a_section(markdown: bool) -> None:
    text = "3.2. Challenge the Partnership to Raise Ambition\n\nThe text."
    document = parse_document(text, markdown=markdown)
    assert headings(document) == ["3.2. Challenge the Partnership to Raise Ambition"]
    assert texts(document) == ["The text."]


@pytest.mark.parametrize(
    "heading",
    [
        "Strategic Goal 4: Deepen open government reforms",
        "Chapter 2 — Background",
        "Annex A: Glossary",
        "Section 3 Scope",
        "SECTION 3",
        "Article 12",
        "IV. Progress to Date",
        "3.2 Scope of the Strategy",
        "1.2.3. Deep Numbering",
    ],
)
def test_numbered_and_keyword_heading_lines_name_sections(heading: str) -> None:
    document = parse_document(f"Intro.\n\n{heading}\n\nBody.", markdown=False)
    assert headings(document) == [None, heading]


def test_numbered_chapter_headings_name_sections_when_there_are_several() -> None:
    text = "1. Introduction\n\nWhy.\n\n2. Background\n\nHow."
    document = parse_document(text, markdown=False)
    assert headings(document) == ["1. Introduction", "2. Background"]
    assert texts(document) == ["Why.", "How."]


@pytest.mark.parametrize(
    "line",
    [
        "1. We will publish the budget.",
        "3.2. The Partnership will publish the data.",
        "Section 3 of the Act applies to all members.",
        "Goal 1: reach everyone",
        "Strategic Goal 4: Deepen open government reforms.",
        "A short one-line paragraph",
        "Annex A: see below:",
        "12.5 million people took part",
    ],
)
def test_sentences_and_short_paragraphs_are_not_headings(line: str) -> None:
    document = parse_document(f"Intro.\n\n{line}\n\nBody.", markdown=False)
    assert headings(document) == [None]
    assert len(document.paragraphs) == 3


def test_a_lone_one_line_numbered_item_is_a_list_not_a_heading() -> None:
    document = parse_document("Intro.\n\n1. Buy milk\n\nMore text.", markdown=False)
    assert headings(document) == [None]
    assert texts(document) == ["Intro.", "1. Buy milk", "More text."]


def test_a_numbered_line_after_an_introducing_sentence_is_a_list_item() -> None:
    text = "The three goals are:\n\n1. Openness\n\n2. Participation\n\n3. Inclusion\n\nEnd."
    document = parse_document(text, markdown=False)
    assert headings(document) == [None]
    assert (
        texts(document)[0] == "The three goals are:\n1. Openness\n2. Participation\n3. Inclusion"
    )


def test_a_heading_line_at_the_very_end_is_kept_as_a_paragraph() -> None:
    assert texts(parse_document("Text.\n\n3.2. Closing Remarks", markdown=False)) == [
        "Text.",
        "3.2. Closing Remarks",
    ]


def test_an_overlong_numbered_line_is_not_a_heading() -> None:
    line = "3.2. " + "Very " * 33 + "Long"
    assert headings(parse_document(f"{line}\n\nBody.", markdown=False)) == [None]


def test_a_numbered_heading_in_greek_is_recognised() -> None:
    document = parse_document(
        "2. Στρατηγικοί στόχοι\n\nΚείμενο.\n\n3. Άλλοι\n\nΚείμενο.", markdown=False
    )
    assert headings(document) == ["2. Στρατηγικοί στόχοι", "3. Άλλοι"]


# Sections


def test_a_heading_directly_followed_by_a_heading_yields_no_empty_section() -> None:
    document = parse_document("# Draft\n\n## Introduction\n\nText.", markdown=True)
    assert headings(document) == ["Introduction"]


def test_paragraphs_before_the_first_heading_form_an_unnamed_section() -> None:
    document = parse_document("Preamble.\n\n# One\n\nText.", markdown=True)
    assert headings(document) == [None, "One"]


def test_numbering_continues_across_sections() -> None:
    document = parse_document("# A\n\nx.\n\ny.\n\n# B\n\nz.", markdown=True)
    assert [[p.number for p in s.paragraphs] for s in document.sections] == [[1, 2], [3]]


# Lists


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_list_after_an_introducing_sentence_stays_inside_its_paragraph(gap: str) -> None:
    text = f"The Partnership will:{gap}- publish data\n- hold hearings\n\nNext."
    document = parse_document(text, markdown=True)
    assert texts(document) == ["The Partnership will:\n• publish data\n• hold hearings", "Next."]


def test_bullets_become_dots_and_ordered_markers_are_kept() -> None:
    text = "Items:\n* one\n+ two\n• three\n1) four\na) five\n2. six"
    assert texts(parse_document(text, markdown=True)) == [
        "Items:\n• one\n• two\n• three\n1) four\na) five\n2. six"
    ]


def test_a_wrapped_list_item_is_joined_onto_one_line() -> None:
    text = "We will:\n- publish the\n  budget data\n- listen"
    assert texts(parse_document(text, markdown=False)) == [
        "We will:\n• publish the budget data\n• listen"
    ]


def test_a_list_without_an_introducing_sentence_is_one_paragraph_of_its_own() -> None:
    text = "A statement.\n\n- first\n- second\n\n- third"
    assert texts(parse_document(text, markdown=True)) == [
        "A statement.",
        "• first\n• second\n• third",
    ]


def test_a_paragraph_after_a_list_starts_a_new_paragraph() -> None:
    text = "Goals:\n- a\n- b\n\nAfterwards."
    assert texts(parse_document(text, markdown=True)) == ["Goals:\n• a\n• b", "Afterwards."]


# The document's own paragraph numbers


@pytest.mark.parametrize("marker", ["P22", "P22.", "¶22", "[P22]"])
def test_a_number_on_its_own_line_before_a_paragraph_is_kept(marker: str) -> None:
    document = parse_document(f"{marker}\n\nThe Partnership will act.", markdown=True)
    assert numbers(document) == [22]
    assert texts(document) == ["The Partnership will act."]


@pytest.mark.parametrize("marker", ["P22 ", "P22. ", "[P22] ", "¶ 22 "])
def test_a_number_opening_a_paragraph_is_kept_and_removed_from_the_text(marker: str) -> None:
    document = parse_document(f"{marker}The Partnership will act.", markdown=False)
    assert numbers(document) == [22]
    assert texts(document) == ["The Partnership will act."]


def test_paragraphs_without_a_number_continue_from_the_previous_one() -> None:
    text = "Intro.\n\nP22 Twenty-two.\n\nNext.\n\nP30 Thirty.\n\nLast."
    assert numbers(parse_document(text, markdown=False)) == [1, 22, 23, 30, 31]


def test_words_that_merely_start_like_a_number_are_not_taken_for_one() -> None:
    document = parse_document("P2P networks matter.", markdown=False)
    assert numbers(document) == [1]
    assert texts(document) == ["P2P networks matter."]


def test_a_numbered_introducing_sentence_still_takes_its_list() -> None:
    document = parse_document("P24 The Partnership will:\n\n- act\n- report", markdown=True)
    assert numbers(document) == [24]
    assert texts(document) == ["The Partnership will:\n• act\n• report"]


def test_numbers_going_backwards_are_refused_naming_number_and_position() -> None:
    text = "P22 One.\n\nP23 Two.\n\nP21 Three."
    with pytest.raises(InvalidDocument, match=r"Paragraph 3 .*P21.*after P23"):
        parse_document(text, markdown=False)


def test_a_repeated_number_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="P5"):
        parse_document("P5 One.\n\nP5 Two.", markdown=False)


def test_an_own_number_below_the_running_count_is_refused() -> None:
    with pytest.raises(InvalidDocument, match=r"Paragraph 3 .*P2.*after P2"):
        parse_document("One.\n\nTwo.\n\nP2 Three.", markdown=False)


# Drafts as they come from Discuto: number lines and real numbered headings


@pytest.mark.parametrize("markdown", [False, True])
def test_a_discuto_export_keeps_each_number_with_every_block_up_to_the_next(
    markdown: bool,
) -> None:
    document = parse_document(draft_text(numbered=True, markdown=markdown), markdown=markdown)
    assert sections(document) == expected_sections(numbered=True)


def test_a_discuto_draft_without_number_lines_has_a_section_per_numbered_heading() -> None:
    document = parse_document(draft_text(numbered=False, markdown=False), markdown=False)
    assert headings(document) == list(HEADINGS)
    assert sections(document) == expected_sections(numbered=False)


def test_a_number_line_takes_the_lines_under_it_and_the_blocks_up_to_the_next_number() -> None:
    text = "P22\nFirst block\nwraps.\n\n\nSecond block.\n\n- a\n- b\n\nP23\n\nNext."
    document = parse_document(text, markdown=False)
    assert [(p.number, p.text) for p in document.paragraphs] == [
        (22, "First block wraps.\n\nSecond block.\n\n• a\n• b"),
        (23, "Next."),
    ]


def test_a_heading_or_a_number_opening_a_paragraph_ends_a_number_lines_paragraph() -> None:
    text = "Intro.\n\nP5\n\nFive.\n\n3.2.  Next Part\n\nSix.\n\nP9\n\nNine.\n\nP12 Twelve."
    document = parse_document(text, markdown=False)
    assert sections(document) == [
        (None, [(1, "Intro."), (5, "Five.")]),
        ("3.2.  Next Part", [(6, "Six."), (9, "Nine."), (12, "Twelve.")]),
    ]


def test_a_number_line_whose_paragraph_would_be_too_long_is_refused() -> None:
    text = "P3\n\n" + "\n\n".join(["word " * 1000] * 5)
    with pytest.raises(InvalidDocument, match="Paragraph P3 is 25,0"):
        parse_document(text, markdown=False)


# The title line of a plain-text file


def test_a_short_first_line_of_a_text_file_is_its_title_not_paragraph_one() -> None:
    document = parse_document("Draft housing plan 2027\n\nFirst.\n\nSecond.", markdown=False)
    assert sections(document) == [("Draft housing plan 2027", [(1, "First."), (2, "Second.")])]


@pytest.mark.parametrize(
    "first", ["This draft is short.", "Dear members,", "- a list item", "A line\nthat wraps"]
)
def test_a_first_line_that_reads_as_text_stays_paragraph_one(first: str) -> None:
    document = parse_document(f"{first}\n\nSecond.", markdown=False)
    assert headings(document) == [None]
    assert len(document.paragraphs) == 2


def test_the_first_line_of_markdown_is_a_paragraph_unless_it_has_a_hash() -> None:
    assert headings(parse_document("Draft plan\n\nFirst.", markdown=True)) == [None]


def test_a_text_file_of_one_short_line_is_that_paragraph() -> None:
    assert texts(parse_document("Draft housing plan", markdown=False)) == ["Draft housing plan"]


def test_imported_text_loses_direction_overrides_and_blocks_that_show_nothing() -> None:
    text = (
        "# Plan\u202e\n\nText \u2066with\u2069 isolates.\n\n\u200b\u2060\n\n- \u200b\n\n"
        "Last \u202dword."
    )
    document = parse_document(text, markdown=True)
    assert headings(document) == ["Plan"]
    assert texts(document) == ["Text with isolates.", "Last word."]


# Hostile and empty documents


@pytest.mark.parametrize("text", ["", "   \n\t\n  ", "\ufeff", "<!-- only a comment -->"])
def test_a_document_without_text_is_refused(text: str) -> None:
    with pytest.raises(InvalidDocument, match="contains no paragraphs"):
        parse_document(text, markdown=True)


def test_a_document_with_only_headings_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="contains no paragraphs"):
        parse_document("# One\n\n## Two\n\nThree\n=====", markdown=True)


def test_a_paragraph_over_twenty_thousand_characters_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="20,000"):
        parse_document("word " * 4001, markdown=False)


def test_a_paragraph_of_exactly_twenty_thousand_characters_is_accepted() -> None:
    assert len(texts(parse_document("x" * 20_000, markdown=False))[0]) == 20_000


# The shared seam


def test_assembled_blocks_follow_the_same_rules_as_text() -> None:
    document = assemble_document(
        [
            HeadingBlock(text="Goals"),
            ParagraphBlock(text="P7 We will:"),
            ListItemBlock(marker="•", text="act"),
            ListItemBlock(marker="•", text="report"),
            ParagraphBlock(text="Done."),
        ]
    )
    assert headings(document) == ["Goals"]
    assert numbers(document) == [7, 8]
    assert texts(document) == ["We will:\n• act\n• report", "Done."]


def test_a_heading_over_a_thousand_characters_is_refused() -> None:
    with pytest.raises(InvalidDocument, match="heading is 1,001 characters"):
        parse_document("# " + "h" * 1001 + "\n\nText.", markdown=True)


def test_an_unclosed_comment_is_kept_as_text() -> None:
    assert texts(parse_document("Text <!-- never closed", markdown=True)) == [
        "Text <!-- never closed"
    ]


@pytest.mark.parametrize(
    ("line", "heading"), [("## Title ##", "Title"), ("## C#", "C#"), ("###   Spaced   ", "Spaced")]
)
def test_closing_hashes_of_a_markdown_heading_are_dropped(line: str, heading: str) -> None:
    assert headings(parse_document(f"{line}\n\nText.", markdown=True)) == [heading]


def test_a_leading_horizontal_rule_is_not_taken_for_front_matter() -> None:
    text = "---\n\nIntro.\n\n---\n\nText."
    assert texts(parse_document(text, markdown=True)) == ["Intro.", "Text."]
