"""The HTML report: well-formed, self-contained, its figures the export's, people's text inert."""

from dataclasses import replace
from datetime import datetime

import pytest

from bots.reports.html import render_report
from core.model import Choice
from core.orders import ConsultationExport
from core.simulation import SIMULATED_NOTE
from tests.bots.conftest import document
from tests.bots.reports.conftest import Consultation, MakeConsultation
from tests.bots.reports.html_reading import (
    by_id,
    figures,
    paragraph_rows,
    parse,
    remote_references,
    text,
)

HOSTILE = (
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://x")',
    "{{ 7*7 }} {% raw %}",
    "<style>@import url(https://evil.example/x.css);</style>",
)


async def voted(make_consultation: MakeConsultation) -> Consultation:
    """P1: 2 agree, 1 disagree, 2 comments; P2: 1 disagree; P3: 1 comment, no votes."""
    plan = await make_consultation()
    await plan.join("ana", "ben", "cy")
    for name, paragraph, choice in (
        ("ana", 1, Choice.AGREE),
        ("ben", 1, Choice.AGREE),
        ("cy", 1, Choice.DISAGREE),
        ("cy", 2, Choice.DISAGREE),
    ):
        await plan.vote(name, paragraph, choice)
    first = await plan.comment("ana", 1, "Too vague.")
    await plan.comment("ben", 1, "Agreed.", reply_to=first)
    await plan.comment("cy", 3, "Who pays?")
    return plan


def rendered(export: ConsultationExport) -> str:
    return render_report(export, now=export.exported_at)


async def test_the_report_is_one_well_formed_page_for_phones_without_scripts(
    make_consultation: MakeConsultation,
) -> None:
    root = parse(rendered(await (await voted(make_consultation)).export()))

    assert root.tag == "html"
    assert root.find("./head/meta[@name='viewport']") is not None
    tags = {element.tag for element in root.iter()}
    assert tags & {"script", "link", "img", "iframe", "object", "embed", "base"} == set()
    assert "@media (max-width" in text(root.find("./head/style"))  # type: ignore[arg-type]


async def test_the_page_itself_names_no_url_at_all(make_consultation: MakeConsultation) -> None:
    html = rendered(await (await voted(make_consultation)).export())

    assert "http://" not in html
    assert "https://" not in html
    assert remote_references(parse(html)) == []


async def test_urls_in_comments_are_text_and_never_resources(
    make_consultation: MakeConsultation,
) -> None:
    plan = await voted(make_consultation)
    for body in HOSTILE:
        await plan.comment("ana", 2, body)

    root = parse(rendered(await plan.export()))

    assert remote_references(root) == []
    bodies = [text(p) for p in root.iter("p") if p.attrib.get("class") == "body"]
    assert set(HOSTILE) <= set(bodies)


async def test_hostile_titles_and_comments_come_out_escaped_and_inert(
    make_consultation: MakeConsultation,
) -> None:
    title = "".join(HOSTILE)
    plan = await make_consultation(title=title)
    await plan.join("ana")
    for body in HOSTILE:
        await plan.comment("ana", 1, body)

    html = rendered(await plan.export())
    root = parse(html)

    assert text(root.find("./head/title")).startswith(title)  # type: ignore[arg-type]
    assert text(root.find(".//h1")) == title  # type: ignore[arg-type]
    tags = [element.tag for element in root.iter()]
    assert tags.count("script") == 0
    assert tags.count("img") == 0
    assert tags.count("style") == 1
    assert "<img" not in html
    assert "</script><script>" not in html
    assert "49" not in html  # {{ 7*7 }} is text, never evaluated


async def test_the_overall_figures_are_the_consultations_totals(
    make_consultation: MakeConsultation,
) -> None:
    export = await (await voted(make_consultation)).export()

    overall = figures(by_id(parse(rendered(export)), "overall"))

    totals = export.statistics.totals
    assert overall == {
        "agreement": totals.agreement_pct,
        "agree": totals.agree,
        "disagree": totals.disagree,
        "votes": totals.votes,
        "comments": totals.comments,
        "contributors": totals.contributors,
        "in-voting": 3,  # the paragraphs per status (core.paragraph_status)
        "supported": 0,
        "decided": 0,
    }
    assert overall == {
        "agreement": 50,
        "agree": 2,
        "disagree": 2,
        "votes": 4,
        "comments": 3,
        "contributors": 3,
        "in-voting": 3,
        "supported": 0,
        "decided": 0,
    }


async def test_each_paragraph_has_a_row_in_document_order_with_its_figures_and_text(
    make_consultation: MakeConsultation,
) -> None:
    root = parse(rendered(await (await voted(make_consultation)).export()))

    rows = paragraph_rows(root)
    assert [row.attrib["data-paragraph"] for row in rows] == ["1", "2", "3"]
    assert [figures(row) for row in rows] == [
        {"agreement": 67, "agree": 2, "disagree": 1, "comments": 2},
        {"agreement": 0, "agree": 0, "disagree": 1, "comments": 0},
        {"agreement": None, "agree": 0, "disagree": 0, "comments": 1},
    ]
    first = rows[0].attrib
    assert (first["data-votes"], first["data-comments"], first["data-section"]) == (
        "3",
        "2",
        "1. Purpose",
    )
    assert float(first["data-controversy"]) == pytest.approx(3**0.5, abs=1e-4)
    details = rows[2].find("details")
    assert details is not None
    assert text(details).endswith("Money comes from the general budget.")


async def test_each_section_sums_its_paragraphs_above_them(
    make_consultation: MakeConsultation,
) -> None:
    root = parse(rendered(await (await voted(make_consultation)).export()))

    groups = [e for e in root.iter("section") if "data-section-group" in e.attrib]
    assert [(g.attrib["data-section-group"], text(g.find("h3"))) for g in groups] == [  # type: ignore[arg-type]
        ("1. Purpose", "1. Purpose"),
        ("2. Means", "2. Means"),
    ]
    summaries = [text(g.find("p")) for g in groups]  # type: ignore[arg-type]
    assert summaries == [
        "50% agree · 4 votes · 2 comments · 2 paragraphs",
        "– agree · 0 votes · 1 comment · 1 paragraph",
    ]


async def test_the_bars_tell_agree_from_disagree_by_side_label_and_hatch(
    make_consultation: MakeConsultation,
) -> None:
    root = parse(rendered(await (await voted(make_consultation)).export()))

    row = paragraph_rows(root)[0]
    sides = [
        text(span) for span in row.iter("span") if "side" in span.attrib.get("class", "").split()
    ]
    assert sides == ["Disagree 1", "2 Agree"]
    rects = {rect.attrib["class"]: rect.attrib for rect in row.iter("rect")}
    disagree, agree = rects["disagree-fill"], rects["agree-fill"]
    assert disagree["fill"] == "url(#disagree-hatch)"
    assert by_id(root, "disagree-hatch").tag == "pattern"
    # Widths share one half each way from the middle (x=200): 1 of 3 left, 2 of 3 right.
    assert float(disagree["x"]) + float(disagree["width"]) == pytest.approx(200)
    assert float(disagree["width"]) == pytest.approx(200 / 3, abs=0.01)
    assert (float(agree["x"]), float(agree["width"])) == pytest.approx((200, 400 / 3), abs=0.01)


async def test_the_rankings_are_those_of_the_statistics(
    make_consultation: MakeConsultation,
) -> None:
    export = await (await voted(make_consultation)).export()
    root = parse(rendered(export))

    rankings = {
        ol.attrib["data-ranking"]: [int(li.attrib["data-ranked"]) for li in ol.iter("li")]
        for ol in root.iter("ol")
        if "data-ranking" in ol.attrib
    }
    statistics = export.statistics
    assert rankings == {
        "most_voted": [t.number for t in statistics.most_voted],
        "most_commented": [t.number for t in statistics.most_commented],
        "most_controversial": [t.number for t in statistics.most_controversial],
    }
    assert rankings == {"most_voted": [1, 2], "most_commented": [1, 3], "most_controversial": [1]}


async def test_three_hundred_paragraphs_render_each_with_its_row(
    make_consultation: MakeConsultation,
) -> None:
    texts = tuple(f"Paragraph {n} of the long plan." for n in range(1, 301))
    plan = await make_consultation(
        content=document(("Part one", texts[:150]), ("Part two", texts[150:]))
    )
    await plan.join("ana")
    await plan.vote("ana", 300, Choice.AGREE)

    rows = paragraph_rows(parse(rendered(await plan.export())))

    assert [int(row.attrib["data-paragraph"]) for row in rows] == list(range(1, 301))
    assert figures(rows[-1]) == {"agreement": 100, "agree": 1, "disagree": 0, "comments": 0}
    assert rows[-1].attrib["data-section"] == "Part two"


async def test_the_report_says_when_it_was_made_and_the_consultations_phase(
    make_consultation: MakeConsultation,
) -> None:
    export = await (await voted(make_consultation)).export()
    closed_later = datetime(2030, 1, 1, tzinfo=export.exported_at.tzinfo)

    root = parse(render_report(export, now=closed_later))

    status = [e for e in root.iter() if e.attrib.get("data-figure") == "phase"]
    assert [text(e) for e in status] == ["closed"]
    header = root.find(".//header")
    assert header is not None
    assert [t.attrib["datetime"] for t in header.iter("time")] == [
        export.consultation.opens_at.isoformat(),
        export.consultation.closes_at.isoformat(),
    ]


async def test_a_simulated_consultations_report_says_so_first_and_a_real_ones_does_not(
    make_consultation: MakeConsultation,
) -> None:
    export = await (await voted(make_consultation)).export()
    simulated = replace(export, consultation=replace(export.consultation, simulated=True))

    real, made_up = parse(rendered(export)), parse(rendered(simulated))

    assert [e for e in real.iter() if "data-simulated" in e.attrib] == []
    header = made_up.find("./body/main/header")
    assert header is not None
    assert header[0].attrib["data-simulated"] == "true"
    assert text(header[0]) == SIMULATED_NOTE
