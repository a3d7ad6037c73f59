"""A Messenger that records what it was asked to send and answers with scripted outcomes."""

from collections import deque
from dataclasses import dataclass, field

from core.delivery import Outcome, OutcomeKind, Recipient
from core.screens import Screen

SENT = Outcome(kind=OutcomeKind.SENT)


@dataclass
class FakeMessenger:
    """Every send succeeds unless an outcome was scripted for that address."""

    sent: list[tuple[Recipient, Screen]] = field(default_factory=list)
    scripted: dict[str, deque[Outcome]] = field(default_factory=dict)

    def script(self, address: str, *outcomes: Outcome) -> None:
        """The next sends to `address` get these outcomes, in order, then success again."""
        self.scripted.setdefault(address, deque()).extend(outcomes)

    async def deliver(self, recipient: Recipient, screen: Screen) -> Outcome:
        """Success names the message as the platform would: `m1`, `m2`, ... in sending order."""
        queue = self.scripted.get(recipient.address)
        outcome = queue.popleft() if queue else SENT
        if outcome.kind is OutcomeKind.SENT:
            self.sent.append((recipient, screen))
            return Outcome(kind=OutcomeKind.SENT, message_ref=f"m{len(self.sent)}")
        return outcome

    def addresses(self) -> list[str]:
        """Where successful sends went, in order."""
        return [recipient.address for recipient, _ in self.sent]
