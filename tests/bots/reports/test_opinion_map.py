"""The opinion map PNG: each group in its own colour and shape, fixed size, the same bytes."""

import io
from dataclasses import dataclass

import numpy
from PIL import Image

from bots.reports.charts import MARGINS, WIDTH
from bots.reports.opinion_map import (
    MAP_HEIGHT,
    draw_opinion_map,
    group_style,
    marker_size,
)
from core.simulation import SIMULATED_NOTE
from tests.bots.reports.pngs import chunks, description, png_size


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    group: int


def two_camps() -> list[Point]:
    """Twenty people left of the centre in group 1, ten right of it in group 2."""
    left = [Point(x=-2 - (n % 5) / 10, y=(n % 7) / 10 - 0.3, group=1) for n in range(20)]
    right = [Point(x=2 + (n % 3) / 10, y=(n % 4) / 10 - 0.2, group=2) for n in range(10)]
    return left + right


def pixels_of(png: bytes, colour: str) -> list[tuple[int, int]]:
    """Where the plot (below the title and legend) has `colour`, at 80% opacity over white."""
    image = numpy.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=numpy.int16)
    wanted = numpy.array([round(0.8 * int(colour[i : i + 2], 16) + 0.2 * 255) for i in (1, 3, 5)])
    near = (numpy.abs(image - wanted) <= 3).all(axis=2)
    near[: MARGINS["top"]] = False
    ys, xs = numpy.nonzero(near)
    return [(int(x), int(y)) for x, y in zip(xs, ys, strict=True)]


def test_each_group_is_drawn_in_its_own_colour_on_its_own_side() -> None:
    chart = draw_opinion_map("Plan", two_camps())
    assert chart is not None

    blue = pixels_of(chart.png, group_style(1)[0])
    orange = pixels_of(chart.png, group_style(2)[0])

    assert blue
    assert orange
    middle = WIDTH / 2
    assert max(x for x, _ in blue) < middle < min(x for x, _ in orange)


def test_groups_differ_in_marker_shape_as_well_as_colour() -> None:
    styles = [group_style(group) for group in range(1, 6)]

    assert len({colour for colour, _ in styles}) == 5
    assert len({marker for _, marker in styles}) == 5


def test_the_map_is_a_png_of_its_stated_size_with_the_same_bytes_each_time() -> None:
    first = draw_opinion_map("Plan", two_camps())
    again = draw_opinion_map("Plan", two_camps())
    assert first is not None
    assert again is not None

    assert (first.file_name, first.width, first.height) == ("opinion-map.png", WIDTH, MAP_HEIGHT)
    assert png_size(first.png) == (WIDTH, MAP_HEIGHT)
    assert first.png == again.png
    texts = [data for _, data in chunks(first.png)]
    assert all(b"Software" not in data and b"matplotlib" not in data for data in texts)


def test_a_map_of_simulated_votes_says_so_and_one_of_real_votes_does_not() -> None:
    simulated = draw_opinion_map("Plan", two_camps(), simulated=True)
    real = draw_opinion_map("Plan", two_camps())
    assert simulated is not None
    assert real is not None

    assert description(simulated.png) == SIMULATED_NOTE
    assert description(real.png) is None


def test_no_point_draws_no_map() -> None:
    assert draw_opinion_map("Plan", []) is None


def test_points_shrink_as_the_crowd_grows_but_stay_visible() -> None:
    assert marker_size(10) > marker_size(1_000) > marker_size(100_000) > 0
