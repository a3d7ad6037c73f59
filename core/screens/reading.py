"""The paragraphs a reading filter picks (most voted, decided, my contributions...)."""

from dataclasses import dataclass

from core.screens.cards import Tally
from core.screens.elements import ButtonRows


@dataclass(frozen=True, slots=True, kw_only=True)
class ListedParagraph:
    """One paragraph in a list, with the figures the person may see.

    `tally` is None where the results visibility hides the votes from them; `status` is
    `decided`, `supported` or `in voting` (never `supported` while the votes are hidden).
    """

    paragraph_id: int
    label: str
    excerpt: str
    comments: int
    tally: Tally | None
    status: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ParagraphList:
    """A page of the paragraphs one filter picks; each entry's button opens its card.

    `found` counts every paragraph the filter picks, over all pages; `empty` says why
    there is none when `found` is 0.
    """

    consultation_id: int
    title: str
    heading: str
    entries: tuple[ListedParagraph, ...]
    page: int
    pages: int
    found: int
    empty: str
    buttons: ButtonRows
