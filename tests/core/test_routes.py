"""Every intent reaches exactly one use case, through the table ConsultationApp looks up."""

from collections import Counter
from datetime import UTC
from typing import get_args

from core.intents import Intent
from core.routes import route_table


def test_every_intent_has_exactly_one_use_case() -> None:
    rows = Counter(kind for kind, _ in route_table(UTC))
    intents = set(get_args(Intent))
    assert set(rows) - intents == set(), "a row for something that is not an intent"
    assert intents - set(rows) == set(), "an intent without a use case"
    assert [kind for kind, count in rows.items() if count > 1] == []


def test_every_use_case_takes_the_one_shape() -> None:
    for kind, use_case in route_table(UTC):
        code = getattr(use_case, "func", use_case).__code__
        parameters = code.co_varnames[: code.co_argcount]
        assert parameters == ("uow", "actor", "intent", "now"), kind.__name__
