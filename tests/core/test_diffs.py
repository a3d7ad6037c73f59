"""The word-level diff of a paragraph against suggested wording reads naturally once marked."""

from collections.abc import Sequence

from core.diffs import Diff, DiffKind, DiffToken, changed, count_words, diff_words, split_diff


def marked(runs: Sequence[DiffToken]) -> str:
    """The runs as the terminal shows them: `[-removed-]{+added+}`."""
    shapes = {DiffKind.SAME: "{}", DiffKind.REMOVED: "[-{}-]", DiffKind.ADDED: "{{+{}+}}"}
    return "".join(run.space + shapes[run.kind].format(run.text) for run in runs)


def test_a_replaced_word_is_struck_out_then_added_with_the_sentence_around_it() -> None:
    assert marked(diff_words("The cat sat.", "The dog sat.")) == "The [-cat-] {+dog+} sat."


def test_punctuation_is_its_own_token_so_the_full_stop_stays_unchanged() -> None:
    assert marked(diff_words("The cat sat.", "The cat sat down.")) == "The cat sat {+down+}."
    assert marked(diff_words("a, b", "a; b")) == "a[-,-]{+;+} b"


def test_a_word_with_an_apostrophe_is_one_word() -> None:
    assert marked(diff_words("don't stop", "do not stop")) == "[-don't-] {+do not+} stop"


def test_a_change_inside_a_hyphenated_word_keeps_the_hyphen_and_no_stray_space() -> None:
    diff = diff_words("well-known fact", "well-established fact")
    assert marked(diff) == "well-[-known-]{+established+} fact"


def test_repeated_words_lose_only_the_repetitions() -> None:
    diff = diff_words("the the the cat", "the cat")
    assert marked(diff) == "the [-the the-] cat"
    assert count_words(diff, DiffKind.REMOVED) == 2
    assert count_words(diff, DiffKind.ADDED) == 0


def test_a_word_removed_in_the_middle_leaves_one_space_on_each_side() -> None:
    assert marked(diff_words("a b c", "a c")) == "a [-b-] c"


def test_a_removed_opening_is_kept_apart_from_what_follows() -> None:
    assert marked(diff_words("Firstly the rule", "the rule")) == "[-Firstly-] the rule"
    assert marked(diff_words("the rule", "Now the rule")) == "{+Now+} the rule"


def test_a_full_rewrite_is_one_removed_run_and_one_added_run_kept_apart() -> None:
    diff = diff_words("hello world", "goodbye moon")
    assert diff == (
        DiffToken(kind=DiffKind.REMOVED, text="hello world"),
        DiffToken(kind=DiffKind.ADDED, text="goodbye moon", space=" "),
    )
    assert marked(diff) == "[-hello world-] {+goodbye moon+}"


def test_spacing_alone_is_no_change_and_the_new_spacing_is_kept() -> None:
    diff = diff_words("a  b   c", "a b\nc")
    assert not changed(diff)
    assert marked(diff) == "a b\nc"


def test_line_breaks_inside_the_text_are_kept() -> None:
    diff = diff_words("Line one\nline two", "Line one\nline three")
    assert marked(diff) == "Line one\nline [-two-] {+three+}"


def test_leading_and_trailing_whitespace_is_dropped() -> None:
    assert marked(diff_words("  a b  ", "\na c\n")) == "a [-b-] {+c+}"


def test_empty_old_text_is_all_added_and_empty_new_text_all_removed() -> None:
    assert diff_words("", "new words") == (DiffToken(kind=DiffKind.ADDED, text="new words"),)
    assert diff_words("old words", "") == (DiffToken(kind=DiffKind.REMOVED, text="old words"),)
    assert diff_words("", " \n") == ()
    assert not changed(diff_words("", ""))


def test_identical_text_has_no_changes() -> None:
    diff = diff_words("Same text.", "Same text.")
    assert diff == (DiffToken(kind=DiffKind.SAME, text="Same text."),)
    assert not changed(diff)


def test_accents_typed_either_way_are_the_same_word() -> None:
    composed, decomposed = "caf\u00e9 ouvert", "cafe\u0301 ouvert"
    assert not changed(diff_words(composed, decomposed))


def test_an_accent_or_an_emoji_sequence_is_never_cut_in_two() -> None:
    family_girl = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    family_boy = "\U0001f468\u200d\U0001f469\u200d\U0001f466"
    diff = diff_words(f"we {family_girl} ok", f"we {family_boy} ok")
    assert marked(diff) == f"we [-{family_girl}-] {{+{family_boy}+}} ok"
    thumbs = "\U0001f44d\U0001f3fd"
    assert marked(diff_words(f"yes {thumbs}", "yes")) == f"yes [-{thumbs}-]"
    assert (
        marked(diff_words("re\u0301sume\u0301", "resume")) == "[-re\u0301sume\u0301-] {+resume+}"
    )


def test_unicode_words_are_compared_whole() -> None:
    diff = diff_words("Привет мир, добрый день", "Привет мир, злой день")
    assert marked(diff) == "Привет мир, [-добрый-] {+злой+} день"


def test_chinese_and_japanese_are_compared_character_by_character() -> None:
    assert marked(diff_words("我喜欢猫", "我喜欢狗")) == "我喜欢[-猫-]{+狗+}"
    assert marked(diff_words("ねこがすき", "いぬがすき")) == "[-ねこ-] {+いぬ+}がすき"


def test_markup_in_the_text_is_just_words_to_the_diff() -> None:
    diff = diff_words("x *bold* <b>", "x *bolder* </s><b>")
    assert marked(diff) == "x *[-bold-]{+bolder+}* {+</s>+}<b>"


def test_a_long_paragraph_diff_keeps_common_words_as_anchors() -> None:
    words = [f"w{index} the ," for index in range(400)]
    old = " ".join(words)
    new = old.replace("w200 ", "changed ", 1)
    diff = diff_words(old, new)
    assert [run.kind for run in diff] == [
        DiffKind.SAME,
        DiffKind.REMOVED,
        DiffKind.ADDED,
        DiffKind.SAME,
    ]
    assert (diff[1].text, diff[2].text) == ("w200", "changed")


def test_the_runs_read_back_as_the_new_text_without_the_removed_words() -> None:
    old = "Members shall meet, each year, in the town hall."
    new = "Members must meet twice each year in the new town hall!"
    diff = diff_words(old, new)
    kept = "".join(run.space + run.text for run in diff if run.kind is not DiffKind.REMOVED)
    assert kept.split() == new.split()
    dropped = "".join(run.space + run.text for run in diff if run.kind is not DiffKind.ADDED)
    assert dropped.split() == old.split()


def marked_length(token: DiffToken) -> int:
    """The length of a token as `marked` writes it."""
    return len(marked([token]))


def words_of(parts: list[Diff], kind: DiffKind) -> list[str]:
    return " ".join(t.text for part in parts for t in part if t.kind is kind).split()


def test_a_diff_that_fits_is_one_part_as_it_was() -> None:
    diff = diff_words("The cat sat.", "The dog sat.")
    assert split_diff(diff, 100, marked_length) == [diff]


def test_a_long_diff_is_cut_into_parts_that_each_fit_and_lose_no_word() -> None:
    old = " ".join(f"old{index}" for index in range(300))
    new = " ".join(f"new{index}" for index in range(300))
    diff = diff_words("Keep this. " + old, "Keep this. " + new)
    parts = split_diff(diff, 200, marked_length)
    assert len(parts) > 10
    assert all(len(marked(part)) <= 200 for part in parts)
    assert all(part[0].space == "" for part in parts)
    assert words_of(parts, DiffKind.REMOVED) == old.split()
    assert words_of(parts, DiffKind.ADDED) == new.split()
    assert words_of(parts, DiffKind.SAME) == ["Keep", "this."]


def test_a_word_longer_than_a_part_is_cut_between_characters() -> None:
    diff = diff_words("short", "x" * 50)
    parts = split_diff(diff, 20, marked_length)
    assert all(len(marked(part)) <= 20 for part in parts)
    assert "".join(t.text for part in parts for t in part if t.kind is DiffKind.ADDED) == "x" * 50


def test_a_wording_of_repeated_marks_is_diffed_within_the_work_limit_and_loses_nothing() -> None:
    old, new = ". " * 2000, ". , " * 1000
    diff = diff_words(old, new)
    removed, added = count_words(diff, DiffKind.REMOVED), count_words(diff, DiffKind.ADDED)
    kept = count_words(diff, DiffKind.SAME)
    assert (kept + removed, kept + added) == (2000, 2000)


def test_a_long_paragraph_edited_in_twenty_places_is_diffed_word_for_word() -> None:
    words = [f"w{index} the , of" if index % 16 == 0 else f"w{index}" for index in range(800)]
    new = ["changed" if index % 40 == 1 else word for index, word in enumerate(words)]
    diff = diff_words(" ".join(words), " ".join(new))
    assert count_words(diff, DiffKind.REMOVED) == count_words(diff, DiffKind.ADDED) == 20
    assert sum(token.kind is DiffKind.SAME for token in diff) == 21
