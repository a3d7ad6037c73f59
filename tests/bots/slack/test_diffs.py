"""Suggested wording diffed in Slack mrkdwn: ~removed~ *added*; nothing typed formats or pings."""

import re

from bots.slack.diffs import LEGEND, diff_sections, literal, render_diff
from core.diffs import diff_words
from tests.fakes.slack_wire import SECTION_TEXT, check_message_blocks

HOSTILE = "*bold* _it_ ~gone~ `code` <!channel> <@U123> <https://x.example|click> & done"


def formatted(mrkdwn: str) -> list[tuple[str, str]]:
    """The stretches Slack would strike out (~) or embolden (*), in order."""
    return [(match[1], match[2]) for match in re.finditer(r"([~*])([^~*\n]+)\1", mrkdwn)]


def test_removed_words_are_struck_out_and_added_words_bold() -> None:
    mrkdwn = render_diff(diff_words("The cat sat.", "The dog sat down."))
    assert mrkdwn == "The ~cat~ *dog* sat *down*."


def test_a_wording_full_of_mrkdwn_formats_nothing_and_mentions_no_one() -> None:
    mrkdwn = render_diff(diff_words("Keep this.", f"Keep {HOSTILE}."))
    assert formatted(mrkdwn) == [("~", "this"), ("*", literal(HOSTILE))]
    inside = formatted(mrkdwn)[1][1]
    assert not set("*_~`<>") & set(inside)
    assert "&lt;!channel&gt;" in inside
    assert "&amp; done" in inside
    assert "\u2217bold\u2217" in inside  # the asterisks are still there to read, as look-alikes


def test_delimiters_are_kept_apart_from_words_they_would_be_glued_to() -> None:
    assert render_diff(diff_words("我喜欢猫", "我喜欢狗")) == "我喜欢 ~猫~ *狗*"
    assert render_diff(diff_words("well-known", "well-established")) == (
        "well-~known~ *established*"
    )
    assert render_diff(diff_words("a b.", "a c.")) == "a ~b~ *c*."


def test_each_line_of_a_changed_run_is_wrapped_on_its_own() -> None:
    mrkdwn = render_diff(diff_words("one\ntwo x", "one\nthree\nfour x"))
    assert mrkdwn == "one\n~two~\n*three*\n*four* x"


def test_the_legend_shows_both_marks() -> None:
    assert formatted(LEGEND) == [("~", "struck out"), ("*", "bold")]


def test_a_long_diff_becomes_sections_slack_accepts_and_loses_no_word() -> None:
    old = " ".join(f"Old & <sentence> {index}." for index in range(400))
    new = " ".join(f"New *wording* {index}." for index in range(400))
    blocks = diff_sections(diff_words(old, new))
    assert len(blocks) > 3
    check_message_blocks(blocks)
    texts = [str(block["text"]["text"]) for block in blocks]  # type: ignore[index]
    assert all(len(text) <= SECTION_TEXT for text in texts)
    joined = " ".join(texts)
    assert joined.count("&amp;") == joined.count("&lt;sentence&gt;") == 400
    assert joined.count("\u2217wording\u2217") == 400
    for text in texts:  # every delimiter a section opens, it closes
        assert text.count("~") % 2 == 0
        assert text.count("*") % 2 == 0
