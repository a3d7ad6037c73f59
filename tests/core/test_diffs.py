"""The word-level diff of a paragraph against suggested wording reads naturally once marked."""

from collections.abc import Sequence

from core.diffs import DiffKind, DiffToken, changed, count_words, diff_words


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
    assert marked(diff) == "[-the the-] the cat"
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
