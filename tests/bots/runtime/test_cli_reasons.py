"""`townhall import --reasons off|optional|required`: stored with the consultation, shown back."""

from pathlib import Path

import pytest

from tests.bots.runtime.test_cli import FAR, PLAN, townhall


def test_import_takes_the_reasons_setting_and_show_prints_it(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR, "--reasons", "required") == 0
    imported = capsys.readouterr().out
    assert townhall("show", "plan") == 0
    shown = capsys.readouterr().out

    assert "  reasons:     required (asked after a Disagree)\n" in imported
    assert "results after-close · reasons required" in shown


def test_reasons_are_optional_unless_told(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0

    assert "  reasons:     optional (asked after a Disagree)\n" in capsys.readouterr().out


def test_an_unknown_reasons_setting_is_a_usage_error_and_stores_nothing(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        townhall("import", str(draft), *PLAN, *FAR, "--reasons", "always")
    refused = capsys.readouterr().err
    assert townhall("list") == 0

    assert exited.value.code == 2
    assert "--reasons: invalid choice: 'always'" in refused
    assert "plan" not in capsys.readouterr().out
