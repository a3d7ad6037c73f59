"""The command line's dates: `import --closes/--opens` and `deadline --closes`, read by core."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bots.runtime.cli import main
from core.dates import parse_closing

PLAN = ["--slug", "plan", "--title", "Plan"]
BERLIN = '[consultation]\ntimezone = "Europe/Berlin"\n'


def townhall(*argv: str) -> int:
    return main(list(argv))


def closes_line(out: str) -> str:
    """`31 Mar 2099, 23:59 UTC` from the import summary's `closes:` line."""
    [line] = [line for line in out.splitlines() if line.strip().startswith("closes:")]
    return line.split(":", 1)[1].split("(")[0].strip()


def day_in(days: int) -> str:
    moment = datetime.now(UTC) + timedelta(days=days)
    return f"{moment.day} {moment:%b %Y}"


@pytest.mark.parametrize(
    ("closes", "shown"),
    [
        ("2099-03-31", "31 Mar 2099, 23:59 UTC"),
        ("2099-03-31T17:00+01:00", "31 Mar 2099, 16:00 UTC"),
        ("15 Feb 2099", "15 Feb 2099, 23:59 UTC"),
        ("Feb 15, 2099", "15 Feb 2099, 23:59 UTC"),
    ],
)
def test_import_takes_each_form_of_closing_date(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str], closes: str, shown: str
) -> None:
    assert townhall("import", str(draft), *PLAN, "--closes", closes) == 0

    assert closes_line(capsys.readouterr().out) == shown


def test_import_takes_a_closing_date_in_so_many_days(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = day_in(30)
    assert townhall("import", str(draft), *PLAN, "--closes", "in 30 days") == 0

    assert closes_line(capsys.readouterr().out).startswith((before, day_in(30)))


def test_dates_without_an_offset_are_read_in_the_configured_time_zone(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = scratch / "townhall.toml"
    config.write_text(BERLIN, encoding="utf-8")

    dates = ["--closes", "2099-03-31", "--opens", "2099-01-10T09:00"]
    assert townhall("--config", str(config), "import", str(draft), *PLAN, *dates) == 0
    out = capsys.readouterr().out
    assert townhall("--config", str(config), "deadline", "plan", "--closes", "15 Feb 2099") == 0

    # Berlin is UTC+2 in summer (31 March 2099) and UTC+1 in winter.
    assert closes_line(out) == "31 Mar 2099, 21:59 UTC"
    assert "opens:       10 Jan 2099, 08:00 UTC" in out
    assert "now closes 15 Feb 2099, 22:59 UTC" in capsys.readouterr().out


@pytest.mark.parametrize("closes", ["soon", "31/03/2099", "2099-02-30"])
def test_an_unreadable_closing_date_is_refused_with_examples_and_nothing_is_made(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str], closes: str
) -> None:
    assert townhall("import", str(draft), *PLAN, "--closes", closes) == 1

    err = capsys.readouterr().err
    assert err.startswith(f"townhall: error: “{closes}” is not a date townhall understands.")
    assert "(the end of that day, UTC)" in err
    assert "“in 30 days”" in err
    assert not (scratch / "townhall.db").exists()


def test_a_closing_or_opening_date_in_the_past_is_refused_with_examples(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, "--closes", "2020-01-01") == 1
    closing = capsys.readouterr().err
    dates = ["--closes", "in 9 days", "--opens", "1 Jan 2020, 09:00"]
    assert townhall("import", str(draft), *PLAN, *dates) == 1
    opening = capsys.readouterr().err

    assert closing.startswith(
        "townhall: error: The closing time 1 Jan 2020, 23:59 UTC is in the past. "
        "Write a later one, e.g. "
    )
    assert opening.startswith(
        "townhall: error: The opening time 1 Jan 2020, 09:00 UTC is in the past. "
        "Leave it out to open at once, or write a later one, e.g. "
    )
    assert not (scratch / "townhall.db").exists()


def test_deadline_refuses_an_unreadable_or_past_date_and_keeps_the_old_one(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, "--closes", "2099-01-01T00:00Z") == 0
    capsys.readouterr()

    assert townhall("deadline", "plan", "--closes", "next week") == 1
    assert "“next week” is not a date townhall understands" in capsys.readouterr().err
    assert townhall("deadline", "plan", "--closes", "2020-01-01T12:00Z") == 1
    assert "is in the past. Write a later one" in capsys.readouterr().err
    assert townhall("show", "plan") == 0
    assert "closes: 1 Jan 2099, 00:00 UTC" in capsys.readouterr().out


def test_the_hint_to_import_offers_a_closing_date_that_never_goes_stale(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("list") == 0
    hint = capsys.readouterr().out
    [closes] = re.findall(r'--closes "([^"]+)"', hint)
    years_later = datetime(2031, 1, 1, tzinfo=UTC)

    assert parse_closing(closes, now=years_later, zone=UTC) > years_later
