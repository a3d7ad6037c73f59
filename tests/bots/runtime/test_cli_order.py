"""`townhall import --order document|smart`: stored with the consultation, shown back."""

from pathlib import Path

import pytest

from tests.bots.runtime.test_cli import FAR, PLAN, townhall


def test_import_takes_the_smart_order_and_show_prints_it(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR, "--order", "smart") == 0
    imported = capsys.readouterr().out
    assert townhall("show", "plan") == 0
    shown = capsys.readouterr().out

    assert "  order:       smart\n" in imported
    assert "reasons optional · smart order" in shown


def test_the_order_is_the_document_s_unless_told(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0

    assert "  order:       document\n" in capsys.readouterr().out


def test_an_unknown_order_is_a_usage_error_and_stores_nothing(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        townhall("import", str(draft), *PLAN, *FAR, "--order", "random")
    refused = capsys.readouterr().err
    assert townhall("list") == 0

    assert exited.value.code == 2
    assert "--order: invalid choice: 'random'" in refused
    assert "plan" not in capsys.readouterr().out


def test_order_switches_a_consultation_to_smart_and_back(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    capsys.readouterr()

    assert townhall("order", "plan", "smart") == 0
    switched = capsys.readouterr().out
    assert townhall("show", "plan") == 0
    shown = capsys.readouterr().out
    assert townhall("order", "plan", "document") == 0
    back = capsys.readouterr().out

    assert switched.startswith("“Plan” is in smart order: each next paragraph is drawn")
    assert "reasons optional · smart order" in shown
    assert back.startswith("“Plan” is in document order")


def test_order_of_an_unknown_consultation_or_order_changes_nothing(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    capsys.readouterr()

    assert townhall("order", "nothing", "smart") == 1
    unknown = capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        townhall("order", "plan", "random")
    refused = capsys.readouterr().err
    assert townhall("show", "plan") == 0

    assert unknown == "townhall: error: There is no consultation “nothing”.\n"
    assert exited.value.code == 2
    assert "invalid choice: 'random'" in refused
    assert "document order" in capsys.readouterr().out


def test_a_closed_consultation_keeps_its_order(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert townhall("import", str(draft), *PLAN, *FAR) == 0
    assert townhall("close", "plan") == 0
    capsys.readouterr()

    assert townhall("order", "plan", "smart") == 1

    assert "is closed; nobody is shown a next paragraph" in capsys.readouterr().err
    assert townhall("show", "plan") == 0
    assert "document order" in capsys.readouterr().out
