"""Text people type or import, cleaned before it is stored or shown to anyone else.

One place for every path (comments, replies, free text, names, imported documents, draft
titles): clean_text removes the bidirectional overrides and isolates (U+202A-U+202E,
U+2066-U+2069), with which a comment or a name could reverse the visible order of what
others read; is_blank says whether anything visible is left, so a comment made only of
zero-width or other invisible format characters counts as empty. The marks that Arabic,
Hebrew and emoji need (right-to-left mark, zero-width joiner) stay in the text.
"""

import unicodedata

from core.errors import InvalidComment

MAX_COMMENT_LENGTH = 4000

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


# Cc are the C0/C1 control codes, Cs lone surrogates; format characters (Cf) such as the
# right-to-left mark and the zero-width joiner are legitimate in Arabic, Hebrew and emoji.
_CONTROL_CATEGORIES = {"Cc", "Cs"}
_ALLOWED_CONTROLS = {"\n", "\t"}


def clean_comment(text: str) -> str:
    """Return the comment as it will be stored, or raise InvalidComment.

    Bidirectional overrides are removed, line endings normalised and the text
    trimmed; it must then hold something visible, at most 4000 characters and no control
    characters other than newline and tab.
    """
    body = clean_text(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    if is_blank(body):
        raise InvalidComment("A comment cannot be empty.")
    if len(body) > MAX_COMMENT_LENGTH:
        raise InvalidComment(
            f"A comment can be at most {MAX_COMMENT_LENGTH} characters; this one has {len(body)}."
        )
    for char in body:
        if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in _CONTROL_CATEGORIES:
            raise InvalidComment("A comment cannot contain control characters.")
    return body
