"""Which words of two wordings match: difflib's opcodes, with a ceiling on the work.

The common opening and ending are matched first, in linear time, so the usual edit (a few
words somewhere in a long paragraph) costs next to nothing. The rest goes to difflib's
SequenceMatcher with autojunk off (in a long paragraph autojunk would never match "the" or
","), whose search for the longest match is replaced by the same search, in the same order
and with the same result, that looks only at a word's positions inside the stretch being
searched (difflib walks every position before it). Its cost is still (repeats in old) x
(repeats in new): a wording of 2,000 full stops against one of 1,000 took five seconds. Past
`WORK_LIMIT` steps, the longest match found so far is taken and the stretches not searched
yet are shown as replaced whole: a coarser diff of a rewrite, never a stalled event loop.
"""

import bisect
import difflib
from collections.abc import Iterator
from typing import Literal

# Steps of the search: a fraction of a second. An 800-word paragraph rewritten throughout,
# or edited in 20 places, takes under 100,000.
WORK_LIMIT = 200_000

Tag = Literal["replace", "delete", "insert", "equal"]
Opcode = tuple[Tag, int, int, int, int]


def opcodes(old: list[str], new: list[str]) -> Iterator[Opcode]:
    """The opcodes of difflib turning `old` into `new` (equal / replace / delete / insert)."""
    head = _common(old, new)
    tail = _common(old[head:][::-1], new[head:][::-1])
    if head:
        yield ("equal", 0, head, 0, head)
    matcher = BoundedMatcher(old[head : len(old) - tail], new[head : len(new) - tail])
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        yield (tag, old_start + head, old_end + head, new_start + head, new_end + head)
    if tail:
        yield ("equal", len(old) - tail, len(old), len(new) - tail, len(new))


def _common(old: list[str], new: list[str]) -> int:
    """How many words the two lists start with in common."""
    length = 0
    for old_word, new_word in zip(old, new, strict=False):
        if old_word != new_word:
            break
        length += 1
    return length


class BoundedMatcher(difflib.SequenceMatcher[str]):
    """SequenceMatcher whose longest-match search stops after `WORK_LIMIT` steps in all."""

    def __init__(self, old: list[str], new: list[str]) -> None:
        super().__init__(None, old, new, autojunk=False)
        self._old, self._new = old, new
        self._positions: dict[str, list[int]] = {}
        for index, word in enumerate(new):
            self._positions.setdefault(word, []).append(index)
        self.work_left = WORK_LIMIT

    def find_longest_match(
        self, alo: int = 0, ahi: int | None = None, blo: int = 0, bhi: int | None = None
    ) -> difflib.Match:
        ahi = len(self._old) if ahi is None else ahi
        bhi = len(self._new) if bhi is None else bhi
        best = difflib.Match(alo, blo, 0)
        lengths: dict[int, int] = {}  # match length ending at (i - 1, j), as difflib's j2len
        for i in range(alo, ahi):
            if self.work_left < 0:
                break
            positions = self._positions.get(self._old[i], [])
            start, end = bisect.bisect_left(positions, blo), bisect.bisect_left(positions, bhi)
            self.work_left -= end - start + 1
            ending: dict[int, int] = {}
            for j in positions[start:end]:
                length = ending[j] = lengths.get(j - 1, 0) + 1
                if length > best.size:
                    best = difflib.Match(i - length + 1, j - length + 1, length)
            lengths = ending
        return best
