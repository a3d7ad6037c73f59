"""How the organiser's reports spell times and people's text: shared by every report module."""

from datetime import datetime

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_MARKDOWN_SPECIALS = str.maketrans(
    {c: f"\\{c}" for c in "\\`*_[]#|"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
)


def iso(moment: datetime) -> str:
    """An aware UTC moment as ISO 8601 with a Z, as every townhall report spells it."""
    return moment.isoformat().replace("+00:00", "Z")


def markdown_text(text: str) -> str:
    """Text shown literally by Markdown renderers: no emphasis, links, headings or raw HTML."""
    return text.translate(_MARKDOWN_SPECIALS)


def spreadsheet_cell(text: str | None) -> str:
    """A CSV cell a spreadsheet shows as text: a leading `'` where it would run a formula."""
    if text and text.startswith(_FORMULA_STARTS):
        return f"'{text}"
    return text or ""
