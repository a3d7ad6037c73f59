"""The report's colours pass WCAG AA, and the page uses no colour outside its palette."""

import re

import pytest

from bots.reports.html import CONTRASTS, PALETTE
from tests.bots.reports.conftest import MakeConsultation
from tests.bots.reports.test_html_report import rendered, voted


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_matches_wcags_reference_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("foreground", "background", "minimum"), CONTRASTS)
def test_each_colour_pair_passes_wcag_aa(foreground: str, background: str, minimum: float) -> None:
    assert contrast(PALETTE[foreground], PALETTE[background]) >= minimum


def test_every_text_and_fill_colour_is_checked() -> None:
    checked = {pair[0] for pair in CONTRASTS} | {pair[1] for pair in CONTRASTS}
    assert checked == set(PALETTE)


async def test_the_page_names_colours_only_through_the_palette(
    make_consultation: MakeConsultation,
) -> None:
    html = rendered(await (await voted(make_consultation)).export())

    assert set(re.findall(r"#[0-9a-fA-F]{6}\b", html)) == set(PALETTE.values())
    assert re.search(r"\b(rgb|hsl)a?\(", html) is None
