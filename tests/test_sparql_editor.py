"""The query editor in real headless Chromium: YASGUI loads from the app itself, runs an example query and shows
the result table, and no request leaves 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from aikg.api.app import create_app
from aikg.graph import KnowledgeGraph, Settings

from .conftest import CHROMIUM, EXAMPLES, UvicornServer, require_browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(90),
]


@pytest.fixture(scope="module", autouse=True)
def browser_present() -> None:
    """Skips the test without Chromium, fails it under CI (make test installs it)."""
    require_browser()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UvicornServer]:
    folder = tmp_path_factory.mktemp("editor") / "store"
    settings = Settings(store=str(folder))
    kg = KnowledgeGraph.open(str(folder), settings)
    assert kg.ingest([EXAMPLES]).ok
    with UvicornServer(create_app(settings, kg)) as srv:
        yield srv
    kg.close()


def test_editor_runs_an_example_query(server: UvicornServer) -> None:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page()
            page.set_default_timeout(20_000)
            page.on("request", lambda req: requests.append(req.url))
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(server.url + "/sparql", wait_until="load")
            page.wait_for_selector(".yasqe .CodeMirror")
            options = page.locator("#examples option")
            assert options.count() >= 9  # the placeholder and the examples
            label = options.nth(1).inner_text()
            assert "OpenAI" in label
            page.select_option("#examples", index=1)
            page.wait_for_selector(".yasr table tbody tr td")
            table = page.locator(".yasr table").first.inner_text()
            assert "Metamate" in table and "GPT-4" in table
            assert not errors, errors
        finally:
            browser.close()
    hosts = {urlsplit(u).hostname for u in requests if u.startswith(("http:", "https:", "ws:", "wss:"))}
    assert hosts == {"127.0.0.1"}, sorted(u for u in requests if urlsplit(u).hostname != "127.0.0.1")
