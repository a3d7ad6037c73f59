"""The HTML report's comments: threaded, with their votes, anonymous where the consultation is."""

import dataclasses
import xml.etree.ElementTree as ET

from bots.reports.html import render_report
from core.model import Choice, CommentVote, Reasons
from core.orders import ConsultationExport
from tests.bots.reports.conftest import MakeConsultation
from tests.bots.reports.html_reading import by_id, parse, text


def rendered(export: ConsultationExport) -> ET.Element:
    return parse(render_report(export, now=export.exported_at))


def comment_items(root: ET.Element) -> dict[int, ET.Element]:
    return {
        int(e.attrib["data-comment"]): e for e in root.iter("li") if "data-comment" in e.attrib
    }


def replies_of(item: ET.Element) -> list[int]:
    """The comments listed directly under this one, as its replies."""
    replies = item.find("ul[@class='replies']")
    return [] if replies is None else [int(li.attrib["data-comment"]) for li in replies]


async def test_replies_are_listed_under_their_parent_with_every_comments_votes(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation()
    await plan.join("ana", "ben", "cy")
    first = await plan.comment("ana", 1, "Too vague.")
    reply = await plan.comment("ben", 1, "Agreed.", reply_to=first)
    deeper = await plan.comment("cy", 1, "How?", reply_to=reply)
    second = await plan.comment("cy", 1, "Fine by me.")
    await plan.rate("ben", first, CommentVote.UP)
    await plan.rate("cy", first, CommentVote.UP)
    await plan.rate("ana", second, CommentVote.DOWN)

    root = rendered(await plan.export())

    discussion = next(e for e in root.iter("section") if e.attrib.get("data-discussion") == "1")
    thread = discussion.find("ul[@class='thread']")
    assert thread is not None
    assert [int(li.attrib["data-comment"]) for li in thread] == [first, second]
    items = comment_items(root)
    assert (replies_of(items[first]), replies_of(items[reply]), replies_of(items[deeper])) == (
        [reply],
        [deeper],
        [],
    )
    heads = {cid: text(item.find("p")) for cid, item in items.items()}  # type: ignore[arg-type]
    assert heads[first].startswith(f"#{first} ana · 15 Jan 2027, 12:00 UTC")
    assert heads[first].endswith("▲ 2 ▼ 0")
    assert heads[second].endswith("▲ 0 ▼ 1")


async def test_a_chain_of_two_thousand_replies_renders_nested_without_recursion(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation()
    await plan.join("ana")
    top = await plan.comment("ana", 1, "Start.")
    export = await plan.export()
    [comment] = export.comments
    chain = [
        dataclasses.replace(comment, id=top + n, parent_id=top + n - 1 if n else None)
        for n in range(2000)
    ]

    root = rendered(dataclasses.replace(export, comments=tuple(chain)))

    items = comment_items(root)
    assert len(items) == 2000
    assert all(replies_of(items[top + n]) == [top + n + 1] for n in range(1999))


async def test_an_anonymous_consultation_shows_no_author_name_anywhere(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation(anonymous=True, reasons=Reasons.OPTIONAL)
    await plan.join("ana-lovelace", "ben-bitdiddle")
    first = await plan.comment("ana-lovelace", 1, "Too vague.")
    await plan.comment("ben-bitdiddle", 1, "Agreed.", reply_to=first)
    await plan.vote("ben-bitdiddle", 2, Choice.DISAGREE)
    await plan.give_reason("ben-bitdiddle", "Say who pays.")

    html = render_report(await plan.export(), now=plan.clock.now())

    assert "ana-lovelace" not in html
    assert "ben-bitdiddle" not in html
    assert "Say who pays." in text(by_id(parse(html), "reasons"))
    assert "Comments are anonymous" in text(by_id(parse(html), "method"))


async def test_the_reasons_for_disagreeing_are_listed_by_paragraph_where_collected(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation(reasons=Reasons.OPTIONAL)
    await plan.join("ana", "ben")
    for name in ("ana", "ben"):
        await plan.vote(name, 2, Choice.DISAGREE)
        await plan.give_reason(name, f"{name}: <b>who</b> pays?")

    reasons = by_id(rendered(await plan.export()), "reasons")

    assert [text(h) for h in reasons.iter("h3")] == ["P2"]
    listed = [text(p) for p in reasons.iter("p")]
    assert listed == ["ana: <b>who</b> pays?", "ben: <b>who</b> pays?"]


async def test_a_consultation_that_collects_no_reasons_has_no_reasons_section(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation(reasons=Reasons.OFF)
    await plan.join("ana")
    await plan.vote("ana", 2, Choice.DISAGREE)

    root = rendered(await plan.export())

    assert root.find(".//*[@id='reasons']") is None
    assert root.find(".//*[@id='method']") is not None


async def test_a_consultation_without_comments_says_so(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation(reasons=Reasons.OPTIONAL)

    root = rendered(await plan.export())

    assert text(by_id(root, "comments")).strip().endswith("No comments yet.")
    assert text(by_id(root, "reasons")).strip().endswith("None given yet.")
