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
