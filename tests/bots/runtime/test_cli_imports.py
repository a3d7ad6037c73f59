"""What the command line imports: only what the command it runs needs (a fast `--help`).

Each case runs in a fresh interpreter, so what earlier tests imported does not count.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bots.runtime.cli import EXPORT_FORMATS, ORDERS, RESULTS
from bots.runtime.commands.folder_exports import FOLDER_FORMATS
from bots.runtime.exporting import FORMATS
from core.model import ParagraphOrder, ResultsVisibility
from tests.bots.conftest import DRAFT

FRONT_ENDS = {"telegram", "slack_bolt", "slack_sdk", "aiohttp", "apscheduler"}
DATABASE = {"sqlalchemy", "aiosqlite", "alembic"}
CHARTS = {"matplotlib", "numpy", "PIL", "sklearn", "scipy", "threadpoolctl"}


def imported_by(code: str, cwd: Path | None = None, *, whole: bool = False) -> set[str]:
    """The top-level packages (or `whole` module names) loaded after running `code`.

    `code` may exit through argparse.
    """
    script = textwrap.dedent(
        """
        import json, sys
        try:
        {code}
        except SystemExit:
            pass
        sys.__stdout__.write("\\n" + json.dumps(sorted({{n{part} for n in sys.modules}})))
        """
    ).format(
        code=textwrap.indent(textwrap.dedent(code), "    "),
        part="" if whole else '.split(".")[0]',
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize(
    "argv", [["--help"], ["import", "--help"], ["broadcast", "--help"], ["groups", "--help"]]
)
def test_help_imports_neither_a_front_end_nor_the_database(argv: list[str]) -> None:
    loaded = imported_by(f"from bots.runtime.cli import main\nmain({argv!r})")

    assert "argparse" in loaded
    assert loaded & (FRONT_ENDS | DATABASE | CHARTS) == set()


def test_help_imports_none_of_the_cores_rules() -> None:
    loaded = imported_by("from bots.runtime.cli import main\nmain(['--help'])", whole=True)

    assert {name for name in loaded if name.startswith("core.")} <= {"core.ids"}


def test_building_the_command_table_imports_no_command() -> None:
    loaded = imported_by("from bots.runtime.cli import build_parser\nbuild_parser()")

    assert loaded & (FRONT_ENDS | DATABASE | {"docx"}) == set()


def test_stats_imports_no_front_end_scheduler_or_migrations(tmp_path: Path) -> None:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    url = f"sqlite+aiosqlite:///{tmp_path / 'townhall.db'}"
    setup = (
        f"import os\nos.environ['TOWNHALL_DATABASE_URL'] = {url!r}\n"
        "from bots.runtime.cli import main\n"
    )
    imported_by(
        setup + "main(['import', 'draft.md', '--slug', 'plan', '--title', 'Plan', "
        "'--closes', '2099-01-01T00:00Z'])",
        cwd=tmp_path,
    )

    loaded = imported_by(setup + "assert main(['stats', 'plan']) == 0", cwd=tmp_path)

    assert {"sqlalchemy", "aiosqlite"} <= loaded
    assert loaded & (FRONT_ENDS | CHARTS | {"alembic", "docx", "jinja2"}) == set()


def test_the_table_offers_every_export_format_and_results_setting_there_is() -> None:
    assert list(EXPORT_FORMATS) == sorted([*FORMATS, *FOLDER_FORMATS])
    assert list(RESULTS) == [visibility.value for visibility in ResultsVisibility]
    assert list(ORDERS) == [order.value for order in ParagraphOrder]


def test_the_front_ends_registry_loads_no_platform_library_until_one_serves() -> None:
    loaded = imported_by(
        "from bots.runtime.commands.running import run\n"
        "from bots.runtime.config import parse_config\n"
        "from bots.runtime.front_ends import enabled_front_ends\n"
        "enabled_front_ends(parse_config({}, {'TELEGRAM_BOT_TOKEN': '1:x'}))"
    )

    assert loaded & FRONT_ENDS == set()
