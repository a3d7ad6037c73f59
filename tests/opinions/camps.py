"""Synthetic consultations for the opinion-groups tests: planted camps, seeded noise."""

import random

from bots.opinions.matrix import VoteMatrix
from core.model import Choice

FIRST_PARAGRAPH = 100


def paragraph_ids(paragraphs: int) -> list[int]:
    return list(range(FIRST_PARAGRAPH, FIRST_PARAGRAPH + paragraphs))


def contested(paragraph_id: int) -> bool:
    """Odd paragraphs split the camps; even ones every camp agrees with."""
    return (paragraph_id - FIRST_PARAGRAPH) % 2 == 1


def planted_votes(
    *, people: int, paragraphs: int, camps: int, noise: float, seed: int = 1
) -> list[tuple[int, int, Choice]]:
    """Every vote of `people` on `paragraphs`, each flipped with probability `noise`.

    Participant p is in camp p % camps; camp 0 agrees with everything, the other camps
    disagree with the contested paragraphs.
    """
    draw = random.Random(seed)
    votes = []
    for person in range(1, people + 1):
        camp = person % camps
        for paragraph_id in paragraph_ids(paragraphs):
            agrees = camp == 0 or not contested(paragraph_id)
            if draw.random() < noise:
                agrees = not agrees
            votes.append((person, paragraph_id, Choice.AGREE if agrees else Choice.DISAGREE))
    return votes


def planted(*, people: int, paragraphs: int, camps: int, noise: float) -> VoteMatrix:
    matrix = VoteMatrix(paragraph_ids(paragraphs))
    matrix.add_all(planted_votes(people=people, paragraphs=paragraphs, camps=camps, noise=noise))
    return matrix
