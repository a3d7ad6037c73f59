"""People's and documents' text made safe to print in a terminal: no escape sequences."""

import re

# CSI (ESC [ ... final), OSC (ESC ] ... BEL or ESC \), and any other two-character ESC sequence.
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?")
# C0 and C1 control characters other than newline and tab, and DEL.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """The text without escape sequences and control characters (newline and tab stay)."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))
