"""Text people type or import, cleaned before it is stored or shown to anyone else.

One place for every path (comments, replies, free text, names, imported documents, draft
titles): clean_text removes the bidirectional overrides and isolates (U+202A-U+202E,
U+2066-U+2069), with which a comment or a name could reverse the visible order of what
others read; is_blank says whether anything visible is left, so a comment made only of
zero-width or other invisible format characters counts as empty. The marks that Arabic,
Hebrew and emoji need (right-to-left mark, zero-width joiner) stay in the text.
"""

import unicodedata

_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
# Letters that render as nothing: the Hangul fillers and the blank Braille pattern.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def clean_text(text: str) -> str:
    """The text without bidirectional overrides and isolates."""
    return text.translate(_BIDI_CONTROLS)


def is_blank(text: str) -> bool:
    """True when the text holds only whitespace and invisible characters."""
    return all(_is_invisible(character) for character in text)


def clean_name(name: str, *, fallback: str) -> str:
    """A display name cleaned, on one line and trimmed; fallback when nothing visible is left."""
    name = " ".join(clean_text(name).split())
    return fallback if is_blank(name) else name


def _is_invisible(character: str) -> bool:
    # Cf holds the zero-width space, joiners, word joiner, BOM and the direction marks.
    return (
        character.isspace()
        or character in _BLANK_LETTERS
        or unicodedata.category(character) == "Cf"
    )
