"""The live dashboard on townhall's HTTP server: `/dashboard/SLUG` and its `figures.json`.

Both answer a signed link (`?expires=…&signature=…`, core.dashboards) or, without one, a
published consultation; anything else — a bad, tampered, expired or revoked link, an unknown
slug, a consultation not published — gets the same short 403 page. The page is the report
(bots.reports.dashboard); figures.json is `townhall stats --json`'s document without the
disagreement reasons (people's text). Every answer says `Cache-Control: no-store` and
`Referrer-Policy: no-referrer` (the link is a key); the page's Content-Security-Policy allows
its own inline script and styles by their hashes, and requests to its own server only.
"""

import asyncio

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from core.app import ConsultationApp
from core.dashboard_orders import OpenDashboard, ReadDashboardFigures
from core.dashboards import REFUSAL, DashboardKey
from core.errors import AccessDenied
from core.model import SYSTEM_ACTOR
from core.orders import ConsultationExport
from core.ports import Clock

COMMON_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
NOTHING = "'none'"
_REFUSED_PAGE = (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" />'
    f"<title>Forbidden</title></head><body><h1>Forbidden</h1><p>{REFUSAL}</p></body></html>\n"
)


def dashboard_routes(app: ConsultationApp, clock: Clock) -> list[BaseRoute]:
    """The page and its figures, read through the core with the dashboard's access check."""
    pages = DashboardPages(app, clock)
    return [
        Route("/dashboard/{slug}", pages.page, methods=["GET"]),
        Route("/dashboard/{slug}/figures.json", pages.figures, methods=["GET"]),
    ]


class DashboardPages:
    """The two endpoints, over the one door into the core."""

    def __init__(self, app: ConsultationApp, clock: Clock) -> None:
        self._app = app
        self._clock = clock

    async def page(self, request: Request) -> Response:
        from bots.reports.dashboard import read_refresh

        order = OpenDashboard(slug=request.path_params["slug"], key=_key(request))
        try:
            export = await self._app.handle(SYSTEM_ACTOR, order)
        except AccessDenied:
            return _refused()
        refresh = read_refresh(request.query_params.get("refresh"))
        text = await asyncio.to_thread(_render, export, refresh)
        return HTMLResponse(text, headers=_page_headers(text))

    async def figures(self, request: Request) -> Response:
        from bots.runtime.exporting import statistics_document

        order = ReadDashboardFigures(slug=request.path_params["slug"], key=_key(request))
        try:
            consultation, statistics = await self._app.handle(SYSTEM_ACTOR, order)
        except AccessDenied:
            return _refused()
        document = statistics_document(consultation, statistics, self._clock.now())
        return JSONResponse(document, headers=COMMON_HEADERS)


def _key(request: Request) -> DashboardKey | None:
    expires = request.query_params.get("expires")
    signature = request.query_params.get("signature")
    if expires is None and signature is None:
        return None
    return DashboardKey(expires=expires or "", signature=signature or "")


def _refused() -> Response:
    headers = COMMON_HEADERS | {"Content-Security-Policy": "default-src 'none'"}
    return HTMLResponse(_REFUSED_PAGE, status_code=403, headers=headers)


def _render(export: ConsultationExport, refresh: int) -> str:
    from bots.reports.dashboard import render_dashboard

    return render_dashboard(export, refresh=refresh)


def _page_headers(page: str) -> dict[str, str]:
    from bots.reports.dashboard import inline_hashes

    hashes = inline_hashes(page)
    scripts = " ".join(hashes.scripts) or NOTHING
    styles = " ".join(hashes.styles)
    if hashes.style_attributes:
        styles += " 'unsafe-hashes' " + " ".join(hashes.style_attributes)
    policy = (
        f"default-src 'none'; script-src {scripts}; style-src {styles.strip() or NOTHING}; "
        "connect-src 'self'; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return COMMON_HEADERS | {"Content-Security-Policy": policy}
