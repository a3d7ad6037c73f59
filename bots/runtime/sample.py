"""The sample draft shipped with townhall, for demos and first runs.

The canonical copy lives in bots/runtime/samples/ so that it is package data and an installed
townhall finds it too; samples/ at the repository root holds an identical copy for people
browsing the repository, and a test keeps the two equal.
"""

from importlib import resources
from pathlib import Path

SAMPLE_NAME = "us-open-government-nap5.md"


def bundled_sample() -> Path:
    """Return the path of the bundled sample draft (a Markdown file)."""
    sample = resources.files("bots.runtime") / "samples" / SAMPLE_NAME
    # setuptools installs packages as plain directories, so the resource is a real file.
    if not isinstance(sample, Path) or not sample.is_file():
        raise FileNotFoundError(
            f"The bundled sample {SAMPLE_NAME} is missing from bots/runtime/samples/"
        )
    return sample
