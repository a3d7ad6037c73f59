"""config.example.toml and the README's configuration table against what the loader reads.

(That the example loads and sets every default: tests/bots/runtime/test_config.py.)

The keys and environment variables the loader reads are recorded from the loader itself (it
is given mappings that note every name it asks for), so a key added to bots/runtime/config.py and
forgotten in the example file or the README fails here, and so does one they show that the
loader does not know.
"""

import re
import tomllib
from pathlib import Path
from typing import Any

from bots.runtime.config import load_config, parse_config

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "config.example.toml"
# A key shown commented out, such as `# webhook_url = "https://…"`: no default, an example.
_COMMENTED_KEY = re.compile(r"^#\s*([a-z_]+)\s*=\s*\S")
_SECTION = re.compile(r"^\[([a-z_]+)\]")
_TABLE_ROW = re.compile(r"^\| `\[([a-z_]+)\] ([a-z_]+)`((?:, `[a-z_]+`)*) \|")


class Asked(dict[str, Any]):
    """A mapping that notes every name it is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.asked.add(key)
        return super().__getitem__(key)


def keys_the_loader_reads() -> tuple[set[tuple[str, str]], set[str]]:
    """(section, key) pairs the loader asks the file for, and the environment's names."""
    sections = Asked()
    parse_config(sections, {})  # asks for each section it knows
    tables = Asked()
    tables.update({name: Asked() for name in sections.asked})
    environ = Asked()
    parse_config(tables, environ)  # asks each section for each key it knows
    load_config(None, environ)
    keys = {(name, key) for name, table in tables.items() for key in table.asked}
    return keys, environ.asked


def keys_the_example_shows() -> set[tuple[str, str]]:
    """Every key config.example.toml sets, and every key it shows commented out."""
    shown = {
        (section, key)
        for section, table in tomllib.loads(EXAMPLE.read_text(encoding="utf-8")).items()
        for key in table
    }
    section = ""
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        if match := _SECTION.match(line):
            section = match[1]
        elif section and (match := _COMMENTED_KEY.match(line)):
            shown.add((section, match[1]))
    return shown


def keys_the_readme_lists() -> set[tuple[str, str]]:
    """The keys in the Configuration table: `[section] key`, `another` | default | meaning."""
    listed = set()
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if match := _TABLE_ROW.match(line):
            for key in [match[2], *re.findall(r"`([a-z_]+)`", match[3])]:
                listed.add((match[1], key))
    return listed


def test_the_example_file_shows_exactly_the_keys_the_loader_reads() -> None:
    keys, _ = keys_the_loader_reads()

    assert keys_the_example_shows() == keys


def test_the_readme_table_lists_exactly_the_keys_the_loader_reads() -> None:
    keys, _ = keys_the_loader_reads()

    assert keys_the_readme_lists() == keys


def test_the_example_and_the_readme_name_every_variable_the_loader_reads() -> None:
    _, variables = keys_the_loader_reads()
    example = EXAMPLE.read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert {name for name in variables if name not in example} == set()
    assert {name for name in variables if f"`{name}`" not in readme} == set()
