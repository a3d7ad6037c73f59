"""A word-level diff of a paragraph's text against suggested wording, for every surface.

`diff_words(old, new)` returns tokens: runs of words that are the same, removed or added, in
reading order (removed before added); each front end wraps them in its own markup (Telegram
`<s>…</s> <u>…</u>`, Slack `~…~ *…*`, terminal `[-…-]{+…+}`) after escaping the text for its
surface.

Words are compared, not characters or whitespace: a word is a run of letters and digits (with
inner apostrophes, as in "don't"), one punctuation mark, or one CJK character (those
scripts put no spaces between words). A mark that combines with what precedes it (accents,
variation selectors, skin tones, zero-width joiners in emoji sequences) stays with it,
so a diff never cuts a letter or an emoji in two. A change of spacing alone is no change.
Matching is difflib's, bounded in time (core.diff_matching).

Each token keeps the whitespace written before it (`space`) and, inside it, the whitespace of
the text it comes from (removed words the old text's, others the new text's), so
`space + marked(text)` for every token reads like the new text with the changes marked. The
first token has no space; a removed opening and the added one replacing it are kept apart
by a space.
"""

import enum
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from core.diff_matching import opcodes

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+(?:['’](?:(?![{_CJK}])\w)+)*|\S")
_WORDS_AND_SPACES = re.compile(r"\S+\s*")
_JOINER = "\u200d"
_SKIN_TONES = range(0x1F3FB, 0x1F400)


class DiffKind(enum.StrEnum):
    """Whether a run of words is in both wordings, only the old one, or only the new one."""

    SAME = "same"
    REMOVED = "removed"
    ADDED = "added"


@dataclass(frozen=True, slots=True, kw_only=True)
class DiffToken:
    """Consecutive words with the same fate, and the whitespace written before them."""

    kind: DiffKind
    text: str
    space: str = ""


Diff = tuple[DiffToken, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Word:
    """A word of one wording, and the whitespace written before it."""

    word: str
    space: str


def diff_words(old: str, new: str) -> Diff:
    """The tokens that turn `old` into `new`, compared word by word."""
    before, after = _split(old), _split(new)
    runs: list[DiffToken] = []
    for tag, old_start, old_end, new_start, new_end in opcodes(_words(before), _words(after)):
        removed, added = before[old_start:old_end], after[new_start:new_end]
        if tag == "equal":
            runs.append(_same(added, removed[0], after_deletion=bool(runs) and not new_start))
            continue
        if removed:
            runs.append(_run(DiffKind.REMOVED, removed))
        if added:
            runs.append(_added(added, after_removal=bool(removed), at_start=new_start == 0))
    return tuple(_first_without_space(runs))


def changed(runs: Sequence[DiffToken]) -> bool:
    """Whether the diff removes or adds any word."""
    return any(run.kind is not DiffKind.SAME for run in runs)


def count_words(runs: Sequence[DiffToken], kind: DiffKind) -> int:
    """How many words the runs of one kind hold (`3 words removed`)."""
    return sum(len(_split(run.text)) for run in runs if run.kind is kind)


def _words(words: Sequence[_Word]) -> list[str]:
    # "é" typed as one character or as "e" and an accent is the same word.
    return [unicodedata.normalize("NFC", word.word) for word in words]


def _split(text: str) -> list[_Word]:
    words: list[_Word] = []
    end = 0
    for match in _TOKEN.finditer(text):
        space = text[end : match.start()]
        if words and not space and _continues(words[-1].word, match.group()):
            words[-1] = _Word(word=words[-1].word + match.group(), space=words[-1].space)
        else:
            words.append(_Word(word=match.group(), space=space))
        end = match.end()
    return words


def _continues(previous: str, word: str) -> bool:
    """True when `word` belongs to the character before it (a mark, a joined emoji)."""
    first = word[0]
    return (
        previous.endswith(_JOINER)
        or first == _JOINER
        or unicodedata.category(first) in {"Mn", "Mc", "Me"}
        or ord(first) in _SKIN_TONES
    )


def _run(kind: DiffKind, words: Sequence[_Word], space: str | None = None) -> DiffToken:
    text = "".join(_joined(words))
    return DiffToken(kind=kind, text=text, space=words[0].space if space is None else space)


def _joined(words: Sequence[_Word]) -> Iterator[str]:
    yield words[0].word
    for word in words[1:]:
        yield word.space + word.word


def _same(words: Sequence[_Word], old_first: _Word, *, after_deletion: bool) -> DiffToken:
    # The new text starts here with no space, after the struck-out opening of the old one.
    return _run(DiffKind.SAME, words, old_first.space if after_deletion else None)


def _added(words: Sequence[_Word], *, after_removal: bool, at_start: bool) -> DiffToken:
    space = words[0].space
    if after_removal and at_start and not space:
        space = " "  # a whole new opening: keep it apart from the struck-out words
    return _run(DiffKind.ADDED, words, space)


def _first_without_space(runs: list[DiffToken]) -> Iterator[DiffToken]:
    for index, run in enumerate(runs):
        yield DiffToken(kind=run.kind, text=run.text) if index == 0 else run


def split_diff(diff: Diff, limit: int, measure: Callable[[DiffToken], int]) -> list[Diff]:
    """The diff cut into consecutive parts, each measuring at most `limit`.

    `measure` is a surface's length of one token as it renders it (space, markup, escapes):
    each part then fits one message or block. A token too long for a part is cut at
    whitespace (else between characters); each part's first token loses its space.
    """
    parts: list[list[DiffToken]] = [[]]
    used = 0
    for token in diff:
        for piece in _pieces(token, limit, measure):
            if parts[-1] and used + measure(piece) > limit:
                parts.append([])
                used = 0
            if not parts[-1]:
                piece = DiffToken(kind=piece.kind, text=piece.text)
            parts[-1].append(piece)
            used += measure(piece)
    return [tuple(part) for part in parts if part]


def _pieces(
    token: DiffToken, limit: int, measure: Callable[[DiffToken], int]
) -> Iterator[DiffToken]:
    """The token whole if it fits; else cut at whitespace, a word too long between characters."""
    if measure(token) <= limit:
        yield token
        return
    for piece in _cut(token, _WORDS_AND_SPACES.findall(token.text), limit, measure):
        if measure(piece) <= limit:
            yield piece
        else:
            yield from _cut(piece, list(piece.text), limit, measure)


def _cut(
    token: DiffToken, units: list[str], limit: int, measure: Callable[[DiffToken], int]
) -> Iterator[DiffToken]:
    """The token's text in consecutive pieces of whole units, each as long as fits.

    Units are words with their spacing, or characters; a piece's space is where it was cut.
    """
    space, text = token.space, ""
    for unit in units:
        candidate = DiffToken(kind=token.kind, text=(text + unit).rstrip(), space=space)
        if text and measure(candidate) > limit:
            kept = text.rstrip()
            yield DiffToken(kind=token.kind, text=kept, space=space)
            space, text = text[len(kept) :], ""
        text += unit
    yield DiffToken(kind=token.kind, text=text.rstrip(), space=space)
