"""Every intent and order reaches exactly one use case, through the table ConsultationApp uses."""

from collections import Counter
from datetime import UTC
from typing import get_args, get_type_hints

import core.amendment_orders
import core.dashboard_orders
import core.moderation_orders
import core.open_data
import core.opinion_orders
import core.orders
import core.paragraph_status
import core.upkeep
from core.intents import Intent
from core.orders import Order
from core.routes import route_table
from core.screens import Screen

ORDERS = {
    value
    for module in (
        core.orders,
        core.moderation_orders,
        core.open_data,
        core.opinion_orders,
        core.upkeep,
        core.dashboard_orders,
        core.amendment_orders,
        core.paragraph_status,
    )
    for value in vars(module).values()
    if isinstance(value, type) and issubclass(value, Order) and value is not Order
}


def test_every_intent_and_order_has_exactly_one_use_case() -> None:
    rows = Counter(kind for kind, _ in route_table(UTC))
    requests = set(get_args(Intent)) | ORDERS
    assert set(rows) - requests == set(), "a row for something that is neither"
    assert requests - set(rows) == set(), "an intent or order without a use case"
    assert [kind for kind, count in rows.items() if count > 1] == []


def test_every_use_case_takes_the_one_shape() -> None:
    for kind, use_case in route_table(UTC):
        code = getattr(use_case, "func", use_case).__code__
        parameters = code.co_varnames[: code.co_argcount]
        assert parameters[:2] == ("uow", "actor"), kind.__name__
        assert parameters[2] in ("intent", "order"), kind.__name__
        assert parameters[3:] == ("now",), kind.__name__


def test_an_intent_gets_a_screen_and_an_order_the_result_it_names() -> None:
    for kind, use_case in route_table(UTC):
        returns = get_type_hints(getattr(use_case, "func", use_case))["return"]
        if kind in ORDERS:
            named = get_args(vars(kind)["__orig_bases__"][0])[0]  # R of Order[R]
            assert returns == named, kind.__name__
        else:
            assert set(get_args(returns) or {returns}) <= set(get_args(Screen)), kind.__name__
