"""Moderation in Slack: Report in the Comments modal, the review queue, Delete, forged buttons."""

from collections.abc import Mapping
from datetime import UTC, datetime

from bots.slack.messenger import SlackMessenger, open_push_session
from bots.slack.pacing import SlackPacing
from bots.slack.surfaces import comment_list_modal
from bots.slack.tokens import SingleWorkspaceToken
from core.callbacks import encode
from core.intents import ModerateComment, ShowHelp
from core.model import CommentState
from core.moderation import ModerationAction
from core.screens import Button, CommentItem, CommentList, CommentShown
from core.services.dispatching import Dispatcher
from tests.bots.delivery.slack_pushes import UNPACED
from tests.bots.slack.conftest import (
    HOSTILE,
    ORGANISER,
    PERSON,
    SECRET,
    SlackWorld,
    buttons,
    texts,
)
from tests.bots.slack.test_commenting import comment_modal, submit
from tests.fakes.memory import FakeUnitOfWork
from tests.fakes.memory_state import StoredComment
from tests.fakes.slack_payloads import block_actions

View = Mapping[str, object]
REPORTERS = ("U0002", "U0003", "U0004")


def comment(slack: SlackWorld) -> StoredComment:
    return min(slack.tables().comments.values(), key=lambda stored: stored.id)


def labels(blocks: object) -> list[str]:
    return [text for text, *_ in buttons(blocks)]


async def joined(slack: SlackWorld, user: str) -> Mapping[str, object]:
    """The person joined "plan" by slash command; their first card."""
    await slack.command("join plan", user=user)
    await slack.settled()
    return slack.dm(user)[-1]


async def commented(slack: SlackWorld) -> Mapping[str, object]:
    """PERSON commented HOSTILE on P1; their card."""
    card = await joined(slack, PERSON)
    await submit(slack, await comment_modal(slack, card, "Comment"), HOSTILE)
    await slack.settled()
    return card


async def comments_view(slack: SlackWorld, card: Mapping[str, object], user: str) -> View:
    """The person's Comments modal of P1, as it is once filled."""
    await slack.press(card, "Comments", user=user)
    await slack.settled()
    [*_, filled] = slack.fake.calls_to("views.update")
    return slack.fake.views.views[str(filled.params["view_id"])]


async def pressed_in_view(slack: SlackWorld, view: View, label: str, user: str) -> View:
    """Press a button in the modal; the modal as it is redrawn."""
    await slack.press_in_view(view, label, user=user)
    await slack.settled()
    return slack.fake.views.views[str(view["id"])]


async def pushed(slack: SlackWorld) -> None:
    """The worker sends what the outbox holds through the Slack messenger, to the fake."""
    async with open_push_session() as session:
        messenger = SlackMessenger(
            SingleWorkspaceToken(slack.fake.token),
            SlackPacing(UNPACED),
            session,
            base_url=slack.fake.base_url,
            command="/townhall",
        )
        dispatcher = Dispatcher(
            uow_factory=lambda: FakeUnitOfWork(slack.memory),
            messenger=messenger,
            clock=slack.clock,
            worker="w1",
            jitter=lambda: 0.0,
        )
        await dispatcher.dispatch_due()


async def reported_three_times(slack: SlackWorld) -> None:
    for user in REPORTERS:
        view = await comments_view(slack, await joined(slack, user), user)
        assert labels(view["blocks"])[:4] == ["👍 0", "👎 0", "Reply", "Report"]
        menu = await pressed_in_view(slack, view, "Report", user)
        assert labels(menu["blocks"])[4:9] == ["Spam", "Offensive", "Off-topic", "Other", "Cancel"]
        done = await pressed_in_view(slack, menu, "Offensive", user)
        assert "is reported to the moderators (offensive)" in texts(done["blocks"])[0]


async def review(slack: SlackWorld, response_id: str) -> Mapping[str, object]:
    """The organiser's `/townhall review plan`, as the response_url received it."""
    await slack.command("review plan", user=ORGANISER, response_id=response_id)
    await slack.settled()
    return slack.fake.responses(response_id)[-1]


async def test_three_reports_hide_a_comment_until_a_moderator_restores_it_from_the_queue(
    slack: SlackWorld,
) -> None:
    await commented(slack)
    await reported_three_times(slack)

    assert comment(slack).state is CommentState.HIDDEN
    newcomer = await joined(slack, "U0005")
    assert "Comments (0)" in labels(newcomer["blocks"])
    await pushed(slack)
    [*_, hidden] = slack.dm(PERSON)
    assert str(hidden["text"]) == (
        "⚠️ Your comment on P1 in “Plan” is hidden while the moderators review it: people "
        "reported it as offensive (3)."
    )
    [*_, notice] = slack.dm(ORGANISER)
    assert str(notice["text"]).endswith("review in “Plan”.")

    await slack.press(notice, "Review", user=ORGANISER, channel="D" + ORGANISER, response_id="q")
    await slack.settled()
    [item] = slack.fake.responses("q")  # the notice is replaced by the first comment waiting
    assert item["replace_original"] is True
    assert HOSTILE in texts(item["blocks"])  # plain_text: literal, no mention or link
    assert any("offensive ×3" in text for text in texts(item["blocks"]))
    assert labels(item["blocks"]) == ["Restore", "Hide", "Hide and block author"]
    await slack.press(item, "Restore", user=ORGANISER, channel="D" + ORGANISER, response_id="r")
    await slack.settled()

    [decided] = slack.fake.responses("r")
    assert decided["replace_original"] is True
    assert "Comment #1 is restored: everyone sees it." in str(decided["text"])
    assert comment(slack).state is CommentState.PUBLISHED
    back = await comments_view(slack, newcomer, "U0005")
    assert HOSTILE in texts(back["blocks"])


async def test_hide_and_block_leaves_the_author_voting_but_not_commenting(
    slack: SlackWorld,
) -> None:
    card = await commented(slack)
    await reported_three_times(slack)
    item = await review(slack, "review")

    await slack.press(item, "block", user=ORGANISER, channel="D" + ORGANISER, response_id="b")
    await slack.settled()

    [decided] = slack.fake.responses("b")
    assert "Its author may no longer comment (but may still vote)." in str(decided["text"])
    await slack.press(card, "Agree")
    await slack.settled()
    assert len(slack.tables().votes) == 1
    view = await comment_modal(slack, card, "Comment")
    refused = await submit(slack, view, "Again")
    assert "block" in str(refused.body)
    assert len(slack.tables().comments) == 1


async def test_an_author_deletes_their_comment_after_confirming_and_replies_stay(
    slack: SlackWorld,
) -> None:
    card = await commented(slack)
    other = await joined(slack, "U0002")
    listed = await comments_view(slack, other, "U0002")
    await slack.press_in_view(listed, "Reply", user="U0002")
    await slack.settled()
    [pushed] = slack.fake.calls_to("views.push")
    reply_view = pushed.response["view"]
    assert isinstance(reply_view, dict)
    await submit(slack, reply_view, "A reply", user="U0002")
    await slack.settled()

    mine = await comments_view(slack, card, PERSON)
    assert labels(mine["blocks"])[:4] == ["👍 0", "👎 0", "Reply", "Delete"]
    confirm = await pressed_in_view(slack, mine, "Delete", PERSON)
    assert labels(confirm["blocks"])[4:6] == ["Delete it", "Keep it"]
    assert comment(slack).state is CommentState.PUBLISHED
    done = await pressed_in_view(slack, confirm, "Delete it", PERSON)

    shown = texts(done["blocks"])
    assert "Your comment #1 is deleted; replies to it stay." in shown[0]
    assert any("comment deleted by its author" in text for text in shown)
    assert HOSTILE not in shown
    assert "A reply" in shown


async def test_a_forged_moderation_button_is_refused_and_changes_nothing(
    slack: SlackWorld,
) -> None:
    card = await commented(slack)
    hide = ModerateComment(
        consultation_id=comment(slack).consultation_id,
        comment_id=1,
        action=ModerationAction.HIDE,
    )
    forged = encode(hide)

    for value in (forged, forged[:-2]):
        await slack.send(
            block_actions(
                SECRET,
                action_id="moderate.0",
                value=value,
                channel_id="D" + PERSON,
                message=card,
                response_url=slack.fake.response_url("forged"),
            )
        )
        await slack.settled()

    refusals = [str(call.params["text"]) for call in slack.fake.calls_to("chat.postMessage")]
    assert any("Only the moderators of “Plan” can do that." in text for text in refusals)
    assert any("This button is not valid any more" in text for text in refusals)
    assert slack.fake.responses("forged") == []
    assert comment(slack).state is CommentState.PUBLISHED
    assert slack.tables().moderation_log == []


def test_a_long_page_with_a_menu_open_stays_within_a_modals_blocks() -> None:
    when = datetime(2027, 1, 15, 12, tzinfo=UTC)
    items = tuple(
        CommentItem(
            comment_id=n,
            author="ann",
            body="word " * 1000,  # two sections each
            created_at=when,
            up=0,
            down=0,
            depth=0 if n % 10 == 1 else 1,
            parent_id=None,
            buttons=(Button(label="Report", intent=ShowHelp()),),
        )
        for n in range(1, 51)
    )
    page = CommentList(
        consultation_id=1,
        paragraph_id=1,
        label="P1",
        comments=items,
        page=1,
        page_count=2,
        total=50,
        buttons=((Button(label="More ▶", intent=ShowHelp()),),),
    )
    menu = tuple((Button(label=reason, intent=ShowHelp()),) for reason in ("Spam", "Cancel"))
    shown = CommentShown(comment=items[0], buttons=menu)

    view = comment_list_modal(page, "toast", shown)

    blocks = view["blocks"]
    assert isinstance(blocks, list)
    assert len(blocks) <= 100
    assert labels(blocks)[:3] == ["Report", "Spam", "Cancel"]
    assert labels(blocks)[-1] == "More ▶"
