"""How many sends a worker keeps in flight: enough for its fastest rate, never more."""

from bots.chat.settings import DeliveryConfig
from bots.runtime.front_ends.telegram import push_bot
from bots.runtime.messaging import sends_in_flight
from bots.telegram.settings import TelegramConfig
from bots.telegram.transport import AiohttpRequest


def test_paid_broadcasts_keep_enough_sends_in_flight_for_a_thousand_a_second() -> None:
    assert sends_in_flight(DeliveryConfig()) == 32  # 25/s needs far fewer
    assert sends_in_flight(DeliveryConfig(allow_paid_broadcast=True)) == 100  # 1,000/s x 0.1 s
    assert sends_in_flight(DeliveryConfig(paid_rate=1000.0)) == 32  # not allowed: not counted
    assert sends_in_flight(DeliveryConfig(telegram_rate=1e6)) == 256  # the most


def test_the_push_bot_has_a_connection_for_every_send_in_flight() -> None:
    request = push_bot(TelegramConfig(token="1:x"), connections=100).request
    assert isinstance(request, AiohttpRequest)
    assert request.connection_limit == 100
