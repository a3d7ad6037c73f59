"""Simulated participation for `townhall demo-votes`: people, votes, comments, made up by seed.

Pure and deterministic: the same paragraphs, seed, size and time span give the same
simulation. Each paragraph gets a leaning (most find consensus, some are split, a few are
opposed), each person a bias and an appetite (many stop before the end, as people do), and
everyone's activity is spread over the span, more of it early on, so per-day figures and
charts have a shape. The texts are a fixed bank of plain sentences: nothing here is anyone's.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.model import Choice

# What every report of a simulated consultation says (core.model.Consultation.simulated).
SIMULATED_NOTE = (
    "Simulated data: these votes and comments were made up by townhall demo-votes, "
    "not cast by real people."
)

# What a paragraph's voters lean to: (share of paragraphs, lowest and highest agree rate).
_LEANINGS = ((0.55, 0.78, 0.95), (0.3, 0.42, 0.6), (0.15, 0.15, 0.35))
_COMPLETING = 0.4  # the share of people who vote on every paragraph
_COMMENTING = {Choice.AGREE: 0.03, Choice.DISAGREE: 0.08}
_REPLYING = 0.25
_MOST_COMMENT_VOTES = 6

AGREEING = (
    "This is clear and I support it.",
    "Good: this is what the plan needs.",
    "Agreed, as long as the timeline holds.",
    "Yes. Please keep this wording.",
    "Sensible. I would only add a yearly review.",
)
DISAGREEING = (
    "Too vague: who is responsible, and by when?",
    "This needs a budget before it means anything.",
    "I would drop this paragraph; it repeats the one before.",
    "The goal is fine, but the method will not work.",
    "Say how progress will be measured.",
)
REPLIES = (
    "Good point.",
    "I read it differently: the next paragraph answers this.",
    "Agreed, a date would help.",
    "Could you say more?",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatedVote:
    """A vote by `person` (an index) on a paragraph."""

    person: int
    paragraph_id: int
    choice: Choice
    cast_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatedComment:
    """A comment by `person`; `parent` is the index of the comment it replies to."""

    person: int
    paragraph_id: int
    parent: int | None
    body: str
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class SimulatedCommentVote:
    """`person`'s +1 or -1 on the comment at index `comment`."""

    person: int
    comment: int
    value: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Simulation:
    """Everything `demo-votes` stores; people are numbered 0 to `people - 1`."""

    joined_at: tuple[datetime, ...]
    votes: tuple[SimulatedVote, ...]
    comments: tuple[SimulatedComment, ...]
    comment_votes: tuple[SimulatedCommentVote, ...]

    @property
    def people(self) -> int:
        return len(self.joined_at)


def simulate(
    paragraph_ids: Sequence[int], *, people: int, seed: int, start: datetime, end: datetime
) -> Simulation:
    """`people` simulated participants voting and commenting between `start` and `end`."""
    rng = random.Random(seed)
    rates = [_agree_rate(rng) for _ in paragraph_ids]
    joined = tuple(_moment(rng, start, end) for _ in range(people))
    votes: list[SimulatedVote] = []
    for person, joined_at in enumerate(joined):
        votes += _votes_of(rng, person, joined_at, end, paragraph_ids, rates)
    comments = _comments(rng, votes, end)
    return Simulation(
        joined_at=joined,
        votes=tuple(votes),
        comments=comments,
        comment_votes=_comment_votes(rng, comments, people),
    )


def _agree_rate(rng: random.Random) -> float:
    draw = rng.random()
    for share, low, high in _LEANINGS:
        if draw < share:
            return rng.uniform(low, high)
        draw -= share
    return rng.uniform(_LEANINGS[-1][1], _LEANINGS[-1][2])


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment in the span, more often early (people come when it is announced)."""
    return start + (end - start) * rng.betavariate(1.2, 2.2)


def _votes_of(
    rng: random.Random,
    person: int,
    joined_at: datetime,
    end: datetime,
    paragraph_ids: Sequence[int],
    rates: Sequence[float],
) -> list[SimulatedVote]:
    """The person's votes in document order, a minute or so apart, up to where they stop."""
    count = len(paragraph_ids)
    reach = count if rng.random() < _COMPLETING else rng.randint(1, count)
    bias = rng.gauss(0, 0.08)
    votes, moment = [], joined_at
    for paragraph_id, rate in zip(paragraph_ids[:reach], rates[:reach], strict=True):
        moment = min(end, moment + timedelta(seconds=rng.uniform(15, 120)))
        agree = rng.random() < rate + bias
        choice = Choice.AGREE if agree else Choice.DISAGREE
        votes.append(
            SimulatedVote(person=person, paragraph_id=paragraph_id, choice=choice, cast_at=moment)
        )
    return votes


def _comments(
    rng: random.Random, votes: Sequence[SimulatedVote], end: datetime
) -> tuple[SimulatedComment, ...]:
    """Some voters say why (disagreeing ones more often); some comments get a reply."""
    comments: list[SimulatedComment] = []
    voters: dict[int, list[int]] = {}
    for vote in votes:
        voters.setdefault(vote.paragraph_id, []).append(vote.person)
        if rng.random() < _COMMENTING[vote.choice]:
            bank = AGREEING if vote.choice is Choice.AGREE else DISAGREEING
            comments.append(
                SimulatedComment(
                    person=vote.person,
                    paragraph_id=vote.paragraph_id,
                    parent=None,
                    body=rng.choice(bank),
                    created_at=vote.cast_at,
                )
            )
    for index, comment in enumerate(list(comments)):
        others = [p for p in voters[comment.paragraph_id] if p != comment.person]
        if others and rng.random() < _REPLYING:
            later = min(end, comment.created_at + timedelta(hours=rng.uniform(0.5, 30)))
            comments.append(
                SimulatedComment(
                    person=rng.choice(others),
                    paragraph_id=comment.paragraph_id,
                    parent=index,
                    body=rng.choice(REPLIES),
                    created_at=later,
                )
            )
    return tuple(comments)


def _comment_votes(
    rng: random.Random, comments: Sequence[SimulatedComment], people: int
) -> tuple[SimulatedCommentVote, ...]:
    """A few people vote each comment up (mostly) or down; never their own."""
    votes = []
    for index, comment in enumerate(comments):
        voters = rng.sample(range(people), min(people, rng.randint(0, _MOST_COMMENT_VOTES)))
        for person in voters:
            if person != comment.person:
                value = 1 if rng.random() < 0.75 else -1
                votes.append(SimulatedCommentVote(person=person, comment=index, value=value))
    return tuple(votes)
