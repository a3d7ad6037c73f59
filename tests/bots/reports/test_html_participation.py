"""Participation over time in the HTML report: a column per day, quiet days too, and a table."""

import xml.etree.ElementTree as ET
from datetime import timedelta

from bots.reports.html import render_report
from core.model import Choice
from tests.bots.reports.conftest import MakeConsultation
from tests.bots.reports.html_reading import by_id, parse, text


def columns(root: ET.Element, chart: str) -> list[tuple[str, int, float]]:
    figure = next(e for e in root.iter("figure") if e.attrib.get("data-chart") == chart)
    return [
        (rect.attrib["data-day"], int(rect.attrib["data-value"]), float(rect.attrib["height"]))
        for rect in figure.iter("rect")
    ]


async def test_each_day_from_the_first_to_the_last_has_a_column_and_a_row(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation()  # the clock: 15 Jan 2027, 12:00 UTC
    await plan.join("ana", "ben", "cy")
    await plan.vote("ana", 1, Choice.AGREE)
    await plan.vote("ben", 1, Choice.DISAGREE)
    await plan.comment("ana", 1, "Too vague.")
    plan.clock.advance(timedelta(days=2))
    await plan.vote("cy", 2, Choice.AGREE)
    await plan.vote("ana", 1, Choice.DISAGREE)  # a changed vote stays on its first day

    export = await plan.export()
    root = parse(render_report(export, now=export.exported_at))

    assert columns(root, "votes") == [
        ("2027-01-15", 2, 100.0),
        ("2027-01-16", 0, 0.0),
        ("2027-01-17", 1, 50.0),
    ]
    assert [value for _, value, _ in columns(root, "comments")] == [1, 0, 0]
    rows = [[text(cell) for cell in row] for row in by_id(root, "participation").iter("tr")]
    assert rows == [
        ["Day (UTC)", "Votes", "Comments", "New participants"],
        ["15 Jan 2027", "2", "1", "2"],
        ["16 Jan 2027", "0", "0", "0"],
        ["17 Jan 2027", "1", "0", "1"],
    ]
    assert sum(int(row[1]) for row in rows[1:]) == export.statistics.totals.votes


async def test_a_consultation_without_activity_says_so_and_draws_no_chart(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation()

    export = await plan.export()
    section = by_id(parse(render_report(export, now=export.exported_at)), "participation")

    assert text(section).strip().endswith("No votes or comments yet.")
    assert list(section.iter("svg")) == []


async def test_participation_comes_after_the_rankings_and_before_the_comments(
    make_consultation: MakeConsultation,
) -> None:
    plan = await make_consultation()
    await plan.join("ana")
    await plan.vote("ana", 1, Choice.AGREE)

    export = await plan.export()
    root = parse(render_report(export, now=export.exported_at))

    main = root.find("./body/main")
    assert main is not None
    order = [e.attrib.get("id") for e in main if e.tag == "section"]
    assert order == ["overall", "paragraphs", "rankings", "participation", "comments", "method"]
