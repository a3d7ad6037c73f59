"""Matching words stays difflib's answer, and stops early on wordings built to be slow."""

import difflib
import itertools
import random

from core.diff_matching import WORK_LIMIT, BoundedMatcher, opcodes

Opcodes = list[tuple[str, int, int, int, int]]


def random_edits(seed: int) -> list[tuple[list[str], list[str]]]:
    """Wordings of a small vocabulary (many repeats) and edits of them."""
    generator = random.Random(seed)
    vocabulary = ["the", "council", ",", "shall", "meet", ".", "of", "members", "a"]
    pairs = []
    for _ in range(200):
        old = generator.choices(vocabulary, k=generator.randint(0, 60))
        new = [word for word in old if generator.random() > 0.2]
        for _ in range(generator.randint(0, 6)):
            new.insert(generator.randint(0, len(new)), generator.choice(vocabulary))
        pairs.append((old, new))
    return pairs


def test_the_search_is_difflibs_search_with_the_same_answers() -> None:
    for old, new in random_edits(15):
        ours = BoundedMatcher(old, new).get_opcodes()
        theirs = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        assert ours == theirs


def test_the_opcodes_turn_the_old_wording_into_the_new_one() -> None:
    for old, new in random_edits(16):
        rebuilt: list[str] = []
        codes: Opcodes = list(opcodes(old, new))
        for tag, old_start, old_end, new_start, new_end in codes:
            if tag == "equal":
                assert old[old_start:old_end] == new[new_start:new_end]
            rebuilt += new[new_start:new_end]
        assert rebuilt == new
        assert [(a, b) for _, a, b, _, _ in codes] == list(
            itertools.pairwise([0, *(end for _, _, end, _, _ in codes)])
        )


def test_the_opcodes_of_empty_and_equal_wordings() -> None:
    assert list(opcodes([], [])) == []
    assert list(opcodes(["a"], ["a"])) == [("equal", 0, 1, 0, 1)]
    assert list(opcodes([], ["a", "b"])) == [("insert", 0, 0, 0, 2)]
    assert list(opcodes(["a", "b"], ["a"])) == [("equal", 0, 1, 0, 1), ("delete", 1, 2, 1, 1)]


def test_the_search_stops_near_the_work_limit_and_its_opcodes_still_cover_both_wordings() -> None:
    old, new = ["."] * 2000, [".", ","] * 1000
    matcher = BoundedMatcher(old, new)
    codes = matcher.get_opcodes()
    assert matcher.work_left < 0
    assert -matcher.work_left <= len(new) + 1
    assert (codes[0][1], codes[0][3], codes[-1][2], codes[-1][4]) == (0, 0, 2000, 2000)
    assert all(
        (a_end, b_end) == (next_a, next_b)
        for (_, _, a_end, _, b_end), (_, next_a, _, next_b, _) in itertools.pairwise(codes)
    )
    assert WORK_LIMIT >= 100_000
