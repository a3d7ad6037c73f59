"""Timings of the word diff a suggested wording gets, against bare difflib on the same words.

    .venv/bin/python -m bench.word_diffs [RUNS]

Wordings of a 4,000-character paragraph (the longest a wording may be): edited in 20 places,
rewritten throughout, and full stops against ". ," (built to make difflib's search cubic:
bare difflib is not run on 2,000 of them, it takes minutes). `townhall` is
core.diffs.diff_words (tokens, bounded matching, runs); `bare difflib` is
SequenceMatcher(autojunk=False).get_opcodes() on the same words. Prints a Markdown table
of median milliseconds.
"""

import difflib
import random
import statistics
import sys
from collections.abc import Callable
from time import perf_counter

from core.diffs import diff_words

VOCABULARY = [f"w{index}" for index in range(300)] + ["the"] * 30 + [","] * 20 + ["."] * 10


def paragraph(generator: random.Random, words: int) -> str:
    return " ".join(generator.choice(VOCABULARY) for _ in range(words))


def cases() -> dict[str, tuple[str, str]]:
    generator = random.Random(15)
    old = paragraph(generator, 800)
    edited = old.split()
    for index in range(0, 800, 40):
        edited[index] = "changed"
    return {
        "edited in 20 places": (old, " ".join(edited)),
        "rewritten throughout": (old, paragraph(generator, 800)),
        "500 full stops": (". " * 500, ". , " * 250),
        "2,000 full stops": (". " * 2000, ". , " * 1000),
    }


def median_ms(run: Callable[[], object], runs: int) -> float:
    run()
    durations = []
    for _ in range(runs):
        start = perf_counter()
        run()
        durations.append(perf_counter() - start)
    return statistics.median(durations) * 1000


def ours(old: str, new: str) -> Callable[[], object]:
    return lambda: diff_words(old, new)


def bare(old: str, new: str) -> Callable[[], object]:
    before, after = old.split(), new.split()
    return lambda: difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()


def main(runs: int) -> None:
    print("| wording | townhall diff_words | bare difflib |")
    print("|---|---|---|")
    for name, (old, new) in cases().items():
        townhall = f"{median_ms(ours(old, new), runs):.1f} ms"
        cubic = name.startswith("2,000")
        difflib_time = "not run" if cubic else f"{median_ms(bare(old, new), runs):.1f} ms"
        print(f"| {name} | {townhall} | {difflib_time} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
