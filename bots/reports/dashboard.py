"""The live dashboard's page: the HTML report with a script that reloads its figures.

`templates/dashboard.html.j2` extends the report (`report.html.j2`): the same figures, the
same escaping, plus paragraph filters (document order, most voted, most commented, most
controversial, one section) and a script that fetches `figures.json` next to the page every
`refresh` seconds and updates the figures and bars in place. The page asks for nothing
outside its own server; `inline_hashes` gives the Content-Security-Policy hashes of its inline
script and styles, so nothing else inline may run.
"""

import base64
import hashlib
import html
import re
from dataclasses import dataclass

from bots.reports.html import report_context, report_environment
from core.orders import ConsultationExport

TEMPLATE = "dashboard.html.j2"
DEFAULT_REFRESH = 30  # seconds between two reloads of the figures
MAX_REFRESH = 3600

_ELEMENT = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle="([^"]*)\"""")


@dataclass(frozen=True, slots=True, kw_only=True)
class InlineHashes:
    """CSP source expressions ('sha256-…') of a page's inline scripts, styles and style="…"."""

    scripts: tuple[str, ...]
    styles: tuple[str, ...]
    style_attributes: tuple[str, ...]


def render_dashboard(export: ConsultationExport, *, refresh: int = DEFAULT_REFRESH) -> str:
    """The page for this export (read at `export.exported_at`), reloading every `refresh` s."""
    template = report_environment().get_template(TEMPLATE)
    context = report_context(export, now=export.exported_at)
    return template.render(context | {"refresh": refresh})


def read_refresh(text: str | None) -> int:
    """The `refresh` query parameter as seconds (1 to MAX_REFRESH), else the default."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 5:
        return DEFAULT_REFRESH
    return min(max(int(text), 1), MAX_REFRESH)


def inline_hashes(page: str) -> InlineHashes:
    """The hashes of every inline <script>, <style> and style attribute of the page."""
    scripts: list[str] = []
    styles: list[str] = []
    for match in _ELEMENT.finditer(page):
        (scripts if match.group(1) == "script" else styles).append(_source(match.group(2)))
    attributes = {_source(html.unescape(value)) for value in _STYLE_ATTRIBUTE.findall(page)}
    return InlineHashes(
        scripts=tuple(scripts), styles=tuple(styles), style_attributes=tuple(sorted(attributes))
    )


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
