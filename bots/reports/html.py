"""The self-contained HTML report of a consultation, rendered with Jinja2 (autoescaping on).

One file with everything inline (CSS, SVG), no script and no external asset, so it can be
mailed, archived or opened offline. `templates/report.html.j2` lays it out; other templates
(the live dashboard) extend it through its `head_extra` and `live` blocks and render it with
`report_environment` and `report_context`, so that both show the same figures.
"""

import functools
from datetime import date, datetime

import jinja2

from bots.reports.amendments import amendment_groups
from bots.reports.figures import Bar, discussions, reason_groups, section_groups
from bots.reports.participation import CHART_HEIGHT, participation
from core.model import Reasons
from core.orders import ConsultationExport
from core.simulation import SIMULATED_NOTE
from core.wording import format_moment

TEMPLATE = "report.html.j2"

# The report's colours, as CSS custom properties. Text colours pass WCAG AA (4.5:1) on both
# backgrounds, the bars' fills 3:1 (non-text contrast). Agree and disagree never differ by
# colour alone: disagree is hatched, on the left, and labelled; agree solid, on the right.
PALETTE = {
    "background": "#ffffff",
    "panel": "#f2f4f7",
    "text": "#1b1f24",
    "muted": "#4a5260",
    "border": "#77808f",
    "agree": "#1f5fa8",
    "agree-text": "#184d8a",
    "disagree": "#b54d00",
    "disagree-text": "#8f3d00",
    "link": "#184d8a",
}
# The pairs checked: (foreground, background, minimum contrast ratio).
CONTRASTS = tuple(
    (foreground, background, 4.5)
    for foreground in ("text", "muted", "agree-text", "disagree-text", "link")
    for background in ("background", "panel")
) + tuple(
    (fill, background, 3.0)
    for fill in ("agree", "disagree", "border")
    for background in ("background", "panel")
)


def report_environment(*loaders: jinja2.BaseLoader) -> jinja2.Environment:
    """Jinja2 with autoescaping, finding `loaders`' templates first, then the report's."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([*loaders, jinja2.PackageLoader("bots.reports")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def report_context(export: ConsultationExport, *, now: datetime) -> dict[str, object]:
    """What the report's template reads; the phase is the consultation's at `now`."""
    consultation = export.consultation
    return {
        "export": export,
        "consultation": consultation,
        "phase": consultation.phase(now),
        "totals": export.statistics.totals,
        "overall_bar": Bar(
            agree=export.statistics.totals.agree, disagree=export.statistics.totals.disagree
        ),
        "statistics": export.statistics,
        "sections": section_groups(export),
        "discussions": discussions(export),
        "collects_reasons": consultation.reasons is not Reasons.OFF,
        "reasons": reason_groups(export),
        "amendments": amendment_groups(export),
        "participation": participation(export.statistics),
        "chart_height": CHART_HEIGHT,
        "palette": PALETTE,
        "simulated_note": SIMULATED_NOTE,
        "moment": format_moment,
        "day": _day,
    }


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@functools.cache
def _report_template() -> jinja2.Template:
    return report_environment().get_template(TEMPLATE)  # compiled once per process


def render_report(export: ConsultationExport, *, now: datetime) -> str:
    """The report as one HTML document."""
    return _report_template().render(report_context(export, now=now))
