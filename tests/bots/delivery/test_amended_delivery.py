"""The "text changed" push: an accepted wording reaches the paragraph's voters in Telegram."""

from bots.chat.identities import telegram_ref
from core.amendment_intents import ConfirmWording, DecideAmendment, SubmitWording
from core.callbacks import decode
from core.intents import CastVote, ShowParagraph
from core.model import Actor, Choice
from core.screens import Notice, WordingReview
from tests.bots.delivery.conftest import Pushes
from tests.bots.delivery.test_telegram_delivery import message_buttons
from tests.organiser import add_organiser

ADA, BOB, CY, OLGA = 101, 102, 103, 109


def person(user_id: int) -> Actor:
    return Actor(ref=telegram_ref(user_id), display_name=f"User {user_id}")


async def test_accepting_a_wording_tells_its_voters_and_its_author_once_with_a_read_button(
    pushes: Pushes,
) -> None:
    await add_organiser(pushes.uow(), telegram_ref(OLGA))
    await pushes.enrol(ADA, BOB, CY)
    await pushes.app.handle(
        person(BOB), CastVote(consultation_id=1, paragraph_id=1, choice=Choice.AGREE)
    )
    wording = SubmitWording(consultation_id=1, paragraph_id=1, body="The plan says <what> & how.")
    review = await pushes.app.handle(person(ADA), wording)
    assert isinstance(review, WordingReview)
    await pushes.app.handle(person(ADA), ConfirmWording(consultation_id=1, amendment_id=1))
    decision = DecideAmendment(consultation_id=1, amendment_id=1, accept=True)
    assert isinstance(await pushes.app.handle(person(OLGA), decision), Notice)
    await pushes.app.handle(person(OLGA), decision)  # pressed twice: one version, one push

    await pushes.delivery().dispatch_due()

    for voter in (BOB, ADA):  # Ada wrote the wording
        [told] = told_of(pushes, voter)
        assert str(told["text"]).startswith("P1 of “Plan” has new wording")
        read = decode(message_buttons(told)["Read P1"])
        assert read == ShowParagraph(consultation_id=1, paragraph_id=1)
    assert not told_of(pushes, CY)  # no vote on P1, no wording: nothing to tell


def told_of(pushes: Pushes, chat_id: int) -> list[dict[str, object]]:
    return [m for m in pushes.fake.messages(chat_id) if "has new wording" in str(m["text"])]
