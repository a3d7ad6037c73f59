"""The live dashboard in a real browser: Debian's headless Chromium driven by Selenium.

The real HTTP server runs on 127.0.0.1 (a free port) over a SQLite file the command line also
uses; the page is opened with a link `townhall dashboard` would print, reloading every second.
One browser serves the module. Without Debian's `chromium` and `chromium-driver` the test is
skipped, except in CI (CI=true), where scripts/check installs them and a missing browser fails.
Selenium is pointed at /usr/bin/chromedriver and /usr/bin/chromium, so Selenium Manager never
downloads anything.
"""

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from bots.chat.identities import terminal_ref
from bots.runtime.bootstrap import Townhall, open_configured
from bots.runtime.clock import SystemClock
from bots.runtime.config import Config, DatabaseConfig, ServerConfig
from bots.runtime.server import serve_dashboard
from core.dashboard_orders import IssueDashboardLink
from core.intents import CastVote, Join, SubmitComment
from core.model import CLI_ACTOR, Actor, Choice
from tests.bots.runtime.test_cli import import_plan, townhall
from tests.bots.townhall_process import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
T = TypeVar("T")
# Who votes what, and comments where, before the page opens (paragraph ids 1-3 are P1-P3).
VOTES = [("ana", 1, Choice.AGREE), ("ben", 1, Choice.AGREE), ("cy", 1, Choice.DISAGREE)]
VOTES += [("ana", 2, Choice.DISAGREE), ("ben", 3, Choice.AGREE)]
COMMENTS = [("ana", 1, "Too vague </script><img src=x onerror=alert(1)>"), ("cy", 3, "Yes.")]


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "the dashboard's browser test needs Debian's chromium and chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; scripts/check installs them")
        pytest.skip(f"{message} (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.add_argument("--window-size=1100,1600")
    options.add_argument("--no-first-run")
    options.add_argument("--disable-background-networking")
    options.add_argument("--disable-component-update")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def person(name: str) -> Actor:
    return Actor(ref=terminal_ref(name), display_name=name)


async def in_thread(call: Callable[[], T]) -> T:
    """A blocking call (the browser, the command line) while the server keeps serving."""
    return await asyncio.to_thread(call)


async def seed(wired: Townhall) -> None:
    for name in ("ana", "ben", "cy", "dan"):
        await wired.app.handle(person(name), Join(payload="plan"))
    for name, paragraph, choice in VOTES:
        intent = CastVote(consultation_id=1, paragraph_id=paragraph, choice=choice)
        await wired.app.handle(person(name), intent)
    for name, paragraph, body in COMMENTS:
        comment = SubmitComment(consultation_id=1, paragraph_id=paragraph, body=body)
        await wired.app.handle(person(name), comment)


async def started(config: Config, wired: Townhall) -> tuple[asyncio.Task[None], asyncio.Event]:
    stop = asyncio.Event()
    task = asyncio.create_task(serve_dashboard(config, wired, stop))
    async with httpx.AsyncClient() as client:
        for _ in range(200):
            try:
                await client.get(f"http://127.0.0.1:{config.server.port}/healthz")
                return task, stop
            except httpx.TransportError:
                await asyncio.sleep(0.05)
    raise AssertionError("the dashboard server did not start")


def shown_figures(driver: WebDriver) -> dict[str, object]:
    """The page's overall figures and each paragraph's, as the reader sees them."""
    figures: dict[str, object] = driver.execute_script(
        """
        const text = (scope, name) => scope.querySelector(`[data-figure="${name}"]`).textContent;
        const overall = document.getElementById("overall");
        return {
          totals: Object.fromEntries(["agreement", "agree", "disagree", "votes", "comments",
            "contributors"].map(name => [name, text(overall, name)])),
          paragraphs: Array.from(document.querySelectorAll("li[data-paragraph]")).map(row => ({
            number: row.dataset.paragraph, votes: row.dataset.votes,
            agreement: text(row, "agreement"), agree: text(row, "agree"),
            disagree: text(row, "disagree"), comments: text(row, "comments")})),
        };
        """
    )
    return figures


def expected_figures(stats: dict[str, object]) -> dict[str, object]:
    """`townhall stats --json` as the page writes it."""

    def pct(value: object) -> str:
        return "–" if value is None else f"{value}%"

    totals = stats["totals"]
    paragraphs = stats["paragraphs"]
    assert isinstance(totals, dict)
    assert isinstance(paragraphs, list)
    return {
        "totals": {
            "agreement": pct(totals["agreement_pct"]),
            **{k: str(totals[k]) for k in ("agree", "disagree", "votes", "comments")},
            "contributors": str(totals["contributors"]),
        },
        "paragraphs": [
            {
                "number": str(p["number"]),
                "votes": str(p["votes"]),
                "agreement": pct(p["agreement_pct"]),
                "agree": str(p["agree"]),
                "disagree": str(p["disagree"]),
                "comments": str(p["comments"]),
            }
            for p in paragraphs
        ],
    }


async def stats_json(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    capsys.readouterr()
    assert await in_thread(lambda: townhall("stats", "plan", "--json")) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def visible_order(driver: WebDriver) -> list[str]:
    rows = driver.find_elements(By.CSS_SELECTOR, "li[data-paragraph]")
    return [row.get_attribute("data-paragraph") or "" for row in rows if row.is_displayed()]


def logged(driver: WebDriver, kind: str) -> list[dict[str, Any]]:
    """The browser's log of `kind` since the last read ("browser": the console)."""
    entries: list[dict[str, Any]] = driver.get_log(kind)  # type: ignore[no-untyped-call]
    return entries


def requested_urls(driver: WebDriver) -> list[str]:
    urls = []
    for entry in logged(driver, "performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def document_statuses(driver: WebDriver) -> list[int]:
    statuses = []
    for entry in logged(driver, "performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.responseReceived" and message["params"]["type"] in (
            "Document"
        ):
            statuses.append(message["params"]["response"]["status"])
    return statuses


async def test_the_dashboard_shows_the_stats_live_with_filters_and_refuses_bad_links(
    browser: WebDriver,
    scratch: Path,
    draft: Path,
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    await in_thread(lambda: import_plan(draft, "--results", "live"))
    port = free_port()
    config = Config(
        database=DatabaseConfig(url=database_url),
        server=ServerConfig(host="127.0.0.1", port=port),
    )
    origin = f"http://127.0.0.1:{port}/"
    async with open_configured(config, SystemClock()) as wired:
        await seed(wired)
        task, stop = await started(config, wired)
        try:
            issued = await wired.app.handle(CLI_ACTOR, IssueDashboardLink(slug="plan"))
            assert issued.url.startswith(f"{origin}dashboard/plan?expires=")
            await in_thread(lambda: browser.get(f"{issued.url}&refresh=1"))

            # The figures shown are `townhall stats --json`'s.
            before = await stats_json(capsys)
            assert await in_thread(lambda: shown_figures(browser)) == expected_figures(before)
            assert "&lt;/script&gt;&lt;img" in browser.page_source  # the comment, inert

            # A vote cast after the page loaded shows up at the next reload.
            vote = CastVote(consultation_id=1, paragraph_id=3, choice=Choice.DISAGREE)
            await wired.app.handle(person("dan"), vote)
            after = await stats_json(capsys)
            expected = expected_figures(after)
            await in_thread(
                lambda: WebDriverWait(browser, 15).until(lambda d: shown_figures(d) == expected)
            )
            assert expected != expected_figures(before)
            # The sections' summaries and the rankings follow: P3 is split 1:1 now.
            summaries = await in_thread(
                lambda: [e.text for e in browser.find_elements(By.CLASS_NAME, "section-summary")]
            )
            assert summaries[-1] == "50% agree · 2 votes · 1 comment · 1 paragraph"
            controversial = browser.find_element(
                By.CSS_SELECTOR, '[data-ranking="most_controversial"]'
            )
            assert await in_thread(lambda: controversial.text.splitlines()) == [
                "P3 · 1 agree, 1 disagree (50%)",
                "P1 · 2 agree, 1 disagree (67%)",
            ]

            # Filters: most voted, commented, controversial first; one section.
            order = Select(browser.find_element(By.ID, "dashboard-order"))
            # P1 3 votes, 1 comment, 2:1 (1.7); P2 1 vote; P3 2 votes, 1 comment, 1:1 (2).
            await in_thread(lambda: order.select_by_value("votes"))
            assert await in_thread(lambda: visible_order(browser)) == ["1", "3", "2"]
            await in_thread(lambda: order.select_by_value("comments"))
            assert await in_thread(lambda: visible_order(browser)) == ["1", "3", "2"]
            await in_thread(lambda: order.select_by_value("controversy"))
            assert await in_thread(lambda: visible_order(browser)) == ["3", "1", "2"]
            section = Select(browser.find_element(By.ID, "dashboard-section"))
            last_section = section.options[-1].get_attribute("value") or ""
            await in_thread(lambda: section.select_by_value(last_section))
            assert await in_thread(lambda: visible_order(browser)) == ["3"]
            await in_thread(lambda: order.select_by_value("document"))
            assert await in_thread(lambda: visible_order(browser)) == ["3"]
            await in_thread(lambda: section.select_by_value("*"))
            assert await in_thread(lambda: visible_order(browser)) == ["1", "2", "3"]

            shot = tmp_path / "dashboard.png"
            assert await in_thread(lambda: browser.save_screenshot(str(shot)))
            png = await in_thread(shot.read_bytes)
            assert png.startswith(b"\x89PNG")
            if keep := os.environ.get("TOWNHALL_KEEP_SCREENSHOT"):  # to look at it yourself
                await in_thread(lambda: Path(keep).write_bytes(png))

            # Nothing went wrong in the page, and it asked for nothing outside its server.
            errors = [e for e in logged(browser, "browser") if e["level"] == "SEVERE"]
            assert errors == []
            urls = await in_thread(lambda: requested_urls(browser))
            assert any(
                url.endswith("/figures.json" + url.split("/figures.json")[-1]) for url in urls
            )
            assert [url for url in urls if not url.startswith(origin)] == []

            # A tampered link and an expired one get 403.
            tampered = issued.url.replace("signature=", "signature=f")
            expired = issued.url.replace("expires=", "expires=1", 1).split("&")[0]
            for bad in (tampered, f"{expired}&signature=00", f"{origin}dashboard/nowhere"):
                await in_thread(partial(browser.get, bad))
                assert "Forbidden" in browser.page_source
                assert await in_thread(lambda: document_statuses(browser)) == [403]
        finally:
            stop.set()
            await task
