"""`/dashboard/SLUG` and its figures.json over HTTP, and the command line that gives links."""

import asyncio
import json
import signal
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bots.runtime.bootstrap import open_configured
from bots.runtime.clock import SystemClock
from bots.runtime.config import load_config
from bots.runtime.dashboard_routes import dashboard_routes
from bots.runtime.server import build_server
from tests.bots.runtime.test_cli import import_plan, townhall
from tests.bots.townhall_process import DEADLINE, child_environment, free_port, wait_until

PUBLIC = "https://th.example.org/base"
HOSTILE = "</script><img src=x onerror=alert(1)>{{ 7*7 }}"


async def no_check() -> None:
    return None


def configure(scratch: Path, public_url: str = PUBLIC) -> Path:
    path = scratch / "townhall.toml"
    path.write_text(f'[server]\npublic_url = "{public_url}"\n', encoding="utf-8")
    return path


def printed_link(config: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    capsys.readouterr()
    assert townhall("--config", str(config), "dashboard", "plan", *extra) == 0
    return capsys.readouterr().out.splitlines()[0]


async def fetch(config: Path, *paths: str) -> list[httpx.Response]:
    """GET each path (PUBLIC stripped) from the dashboard routes of a townhall so configured."""
    async with open_configured(load_config(config, {}), SystemClock()) as wired:
        app = build_server(no_check, dashboard_routes(wired.app, wired.clock))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            return [await client.get(path.removeprefix(PUBLIC)) for path in paths]


def figures_of(url: str) -> str:
    path, query = url.split("?", 1)
    return f"{path}/figures.json?{query}"


def test_a_printed_link_opens_the_page_and_its_figures_with_security_headers(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--title", HOSTILE)
    config = configure(scratch)
    url = printed_link(config, capsys)
    assert url.startswith(f"{PUBLIC}/dashboard/plan?expires=")
    page, figures = asyncio.run(fetch(config, url, figures_of(url)))
    assert (page.status_code, figures.status_code) == (200, 200)
    for response in (page, figures):
        assert response.headers["cache-control"] == "no-store"
        assert response.headers["referrer-policy"] == "no-referrer"
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "connect-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "script-src 'sha256-" in policy
    assert HOSTILE not in page.text
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;{{ 7*7 }}" in page.text
    assert townhall("stats", "plan", "--json") == 0
    stats = json.loads(capsys.readouterr().out)
    assert figures.json() == stats


@pytest.mark.parametrize(
    "spoil",
    [
        lambda url: url.replace("signature=", "signature=0"),
        lambda url: url.replace("expires=", "expires=9"),
        lambda url: url.replace("/plan?", "/other?"),
        lambda url: url.split("?")[0],
    ],
    ids=["tampered signature", "longer expiry", "another slug", "no key"],
)
def test_a_bad_link_gets_the_same_short_403_page(
    spoil: Callable[[str], str], scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    config = configure(scratch)
    url = printed_link(config, capsys)
    bad = spoil(url)
    json_url = figures_of(bad) if "?" in bad else f"{bad}/figures.json"
    page, figures, unknown = asyncio.run(
        fetch(config, bad, json_url, f"{PUBLIC}/dashboard/nowhere?expires=9&signature=0")
    )
    assert {page.status_code, figures.status_code, unknown.status_code} == {403}
    assert page.text == unknown.text == figures.text
    assert "not valid" in page.text
    assert "Plan" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"


def test_revoking_stops_printed_links_and_a_new_one_works(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    config = configure(scratch)
    old = printed_link(config, capsys)
    assert townhall("--config", str(config), "dashboard", "plan", "--revoke") == 0
    assert "no longer works" in capsys.readouterr().out
    new = printed_link(config, capsys, "--expires", "30m")
    before, after = asyncio.run(fetch(config, old, new))
    assert (before.status_code, after.status_code) == (403, 200)


def test_a_bad_expiry_is_refused_and_prints_no_link(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    capsys.readouterr()
    assert townhall("dashboard", "plan", "--expires", "400d") == 1
    assert townhall("dashboard", "nowhere") == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "between a minute and 366 days" in captured.err
    assert "There is no consultation “nowhere”" in captured.err


def test_publishing_opens_a_live_dashboard_without_a_link_until_turned_off(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--results", "live")
    config = configure(scratch)
    capsys.readouterr()
    assert townhall("--config", str(config), "publish", "plan") == 0
    assert capsys.readouterr().out == (
        f"The dashboard of plan is published: anyone can read it at {PUBLIC}/dashboard/plan\n"
    )
    [opened] = asyncio.run(fetch(config, f"{PUBLIC}/dashboard/plan"))
    assert townhall("--config", str(config), "publish", "plan", "--off") == 0
    assert "no longer published" in capsys.readouterr().out
    [closed] = asyncio.run(fetch(config, f"{PUBLIC}/dashboard/plan"))
    assert (opened.status_code, closed.status_code) == (200, 403)


def test_publishing_results_shown_after_close_waits_for_the_close(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft)
    assert townhall("publish", "plan") == 0
    assert (
        "opens to everyone at http://127.0.0.1:8080/dashboard/plan once the consultation closes"
        in capsys.readouterr().out
    )
    [before] = asyncio.run(fetch(configure(scratch), f"{PUBLIC}/dashboard/plan"))
    assert townhall("close", "plan") == 0
    [after] = asyncio.run(fetch(configure(scratch), f"{PUBLIC}/dashboard/plan"))
    assert (before.status_code, after.status_code) == (403, 200)


def test_a_private_consultation_cannot_be_published(
    scratch: Path, draft: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import_plan(draft, "--private", "--results", "live")
    capsys.readouterr()
    assert townhall("publish", "plan") == 1
    assert "is private (by invitation): its dashboard cannot be published" in (
        capsys.readouterr().err
    )
    [page] = asyncio.run(fetch(configure(scratch), f"{PUBLIC}/dashboard/plan"))
    assert page.status_code == 403


async def test_townhall_serve_answers_links_another_process_printed_until_sigterm(
    scratch: Path, draft: Path, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await asyncio.to_thread(import_plan, draft)
    port = free_port()
    config = scratch / "serve.toml"
    config.write_text(f"[server]\nport = {port}\n", encoding="utf-8")
    url = await asyncio.to_thread(printed_link, config, capsys)
    assert url.startswith(f"http://127.0.0.1:{port}/dashboard/plan?expires=")
    log = scratch / "serve.log"
    environment = child_environment({"TOWNHALL_DATABASE_URL": database_url})
    with log.open("w", encoding="utf-8") as output:
        child = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bots", "--config", str(config), "serve"),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=output,
            stderr=output,
            env=environment,
        )
    try:
        # The child renders its first page from a cold start: as slow as the machine is busy.
        async with httpx.AsyncClient(timeout=DEADLINE) as client:

            async def healthy() -> bool:
                try:
                    return (await client.get(f"http://127.0.0.1:{port}/healthz")).is_success
                except httpx.TransportError:
                    return False

            await wait_until(healthy, "townhall serve answers /healthz")
            page = await client.get(url)
            refused = await client.get(url.replace("signature=", "signature=0"))
        child.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(child.wait(), 60) == 0
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    assert (page.status_code, refused.status_code) == (200, 403)
    assert "Serving the live dashboard at" in log.read_text(encoding="utf-8")
