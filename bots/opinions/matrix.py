"""The participant × paragraph vote matrix, filled vote by vote from pages of votes.

One byte per cell (0 unseen, 1 agree, 2 disagree): 100,000 participants × 50 paragraphs
take 5 MB however many pages the votes arrive in.
"""

from collections.abc import Iterable, Sequence

import numpy as np

from bots.opinions.maths import AGREE, DISAGREE, Codes
from core.model import Choice

_CODES = {Choice.AGREE: AGREE, Choice.DISAGREE: DISAGREE}


class VoteMatrix:
    """Votes by participant and paragraph; paragraphs not in `paragraph_ids` are ignored."""

    def __init__(self, paragraph_ids: Sequence[int]) -> None:
        self.paragraph_ids = tuple(paragraph_ids)
        self._columns = {paragraph_id: i for i, paragraph_id in enumerate(self.paragraph_ids)}
        self._rows: dict[int, int] = {}
        self._cells = bytearray()
        self.votes = 0

    def add(self, participant_id: int, paragraph_id: int, choice: Choice) -> None:
        """Record a current vote (a later call for the same cell replaces it)."""
        column = self._columns.get(paragraph_id)
        if column is None:
            return
        row = self._rows.get(participant_id)
        if row is None:
            row = self._rows[participant_id] = len(self._rows)
            self._cells.extend(bytes(len(self.paragraph_ids)))
        cell = row * len(self.paragraph_ids) + column
        if not self._cells[cell]:
            self.votes += 1
        self._cells[cell] = _CODES[choice]

    def add_all(self, votes: Iterable[tuple[int, int, Choice]]) -> None:
        for participant_id, paragraph_id, choice in votes:
            self.add(participant_id, paragraph_id, choice)

    def codes(self) -> Codes:
        """The matrix, one row per participant in the order they first appeared."""
        flat = np.frombuffer(bytes(self._cells), dtype=np.uint8)
        return flat.reshape(len(self._rows), len(self.paragraph_ids))

    def participants(self) -> list[int]:
        """Participant ids, by row."""
        return list(self._rows)
