"""The explorer in a real browser: Debian's chromium driven by Playwright against a real uvicorn server.

Every page loads without console errors; the graph draws the expected nodes; clicking, double-clicking,
filters and search work; nothing is requested outside 127.0.0.1; crafted articles whose names, quotes
and titles carry HTML and script payloads show them as text and run nothing. Screenshots at desktop
and phone sizes land in tests/screenshots/ (not committed).
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.projection import neighbourhood
from tests.conftest import CHROMIUM, EXAMPLES, ROOT, UvicornServer, require_browser

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
SHOTS = ROOT / "tests" / "screenshots"
DESKTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(2)</script>"
EVIL = f"Evil{IMG}{SCRIPT} Corp"
EVIL_TEXT = f"{EVIL} builds the Zorp model. \"Trust us {IMG}{SCRIPT}\" said Mallory."


def _lit(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


_LIT, _EVIL_LIT, _EV_END = _lit(EVIL_TEXT), _lit(EVIL), len(EVIL) + len(" builds the Zorp model.")
# Crafted RDF (not the extractor), so the test does not depend on what extraction picks up.
EVIL_TRIG = f"""
@prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix schema: <https://schema.org/> . @prefix id: <https://w3id.org/aikg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
GRAPH <https://w3id.org/aikg/graph/entities> {{
  id:evil-corp a aikg:Company ; rdfs:label "{_EVIL_LIT}" ; skos:altLabel "{IMG} href=javascript:alert(3)" ;
     owl:sameAs <javascript:alert(4)//www.wikidata.org/entity/Q1> .
  id:zorp a aikg:Model ; rdfs:label "Zorp{IMG}" .
  id:mallory a aikg:Person ; rdfs:label "Mallory{SCRIPT}" .
}}
GRAPH <https://w3id.org/aikg/article/evil> {{
  <https://w3id.org/aikg/article/evil> a aikg:Article ; dcterms:identifier "evil" ;
     dcterms:title "Breaking {IMG}{SCRIPT}" ; dcterms:date "2024-05-01"^^xsd:date ; schema:url "javascript:alert(5)" ;
     schema:articleBody "{_LIT}" ; aikg:mentions id:evil-corp, id:zorp, id:mallory .
  id:evil-corp aikg:builds id:zorp .
  <https://w3id.org/aikg/article/evil#f1> a rdf:Statement ; rdf:subject id:evil-corp ; rdf:predicate aikg:builds ;
     rdf:object id:zorp ; aikg:evidence "{_EVIL_LIT} builds the Zorp model." ;
     aikg:charStart 0 ; aikg:charEnd {_EV_END} ; aikg:confidence 0.9 .
  <https://w3id.org/aikg/article/evil#q1> a aikg:Quote ; schema:text "Trust us {IMG}{SCRIPT}" ;
     aikg:source <https://w3id.org/aikg/article/evil> ; aikg:about id:evil-corp .
  id:mallory aikg:says <https://w3id.org/aikg/article/evil#q1> .
}}
"""


@pytest.fixture(scope="module", autouse=True)
def browser_present() -> None:
    """Skips every test here without Chromium, fails them under CI (make test installs it)."""
    require_browser()


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeGraph]:
    kg = KnowledgeGraph.open("memory")
    report = kg.ingest([EXAMPLES])
    assert report.ok and report.new >= 5
    f = tmp_path_factory.mktemp("evil") / "evil.trig"
    f.write_text(EVIL_TRIG, encoding="utf-8")
    kg.load([f])
    yield kg
    kg.close()


@pytest.fixture(scope="module")
def server(kg: KnowledgeGraph) -> Iterator[UvicornServer]:
    from aikg.api.app import create_app

    with UvicornServer(create_app(Settings(store="memory", viz_max_nodes=2000), kg=kg)) as srv:
        yield srv


class Browser:
    """One chromium; every request outside 127.0.0.1 (and file:// for standalone pages) is blocked and logged."""

    def __init__(self, pw: Any) -> None:
        self.browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        self.external: list[str] = []

    def page(self, viewport: dict[str, int] = DESKTOP, bypass_csp: bool = False) -> Any:
        ctx = self.browser.new_context(viewport=viewport, bypass_csp=bypass_csp)
        ctx.route("**/*", self._route)
        page = ctx.new_page()
        page.errors = []  # type: ignore[attr-defined]
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type in ("error", "warning") and page.errors.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: page.errors.append(f"pageerror: {e}"))
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        return page

    def _route(self, route: Any) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("file", "data", "blob", "about") or parsed.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(url)
            route.abort()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        b = Browser(pw)
        yield b
        b.browser.close()
        assert b.external == [], f"requests left 127.0.0.1: {b.external}"


def _wait(page: Any, expression: str, timeout: float = 20.0) -> Any:
    """Poll ``expression`` until truthy (``wait_for_function`` evals in the page, which the CSP forbids)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def _open(page: Any, url: str, graph: bool = False) -> None:
    page.goto(url, wait_until="load")
    if graph:
        _wait(page, "window.aikgReady !== undefined")


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def _seed_article(kg: KnowledgeGraph) -> str:
    rows = kg.select("SELECT ?id WHERE { ?a a aikg:Article ; dcterms:identifier ?id ; dcterms:title ?t "
                     "FILTER(CONTAINS(?t, 'Metamate') || CONTAINS(?t, 'GPT-4')) } LIMIT 1")
    if rows:
        return str(rows[0]["id"].value)
    return str(kg.select("SELECT ?id WHERE { ?a a aikg:Article ; dcterms:identifier ?id } LIMIT 1")[0]["id"].value)


def _graph_pos(page: Any, node: str) -> tuple[float, float]:
    """Page coordinates of a node's centre on the canvas."""
    p = page.evaluate("id => window.aikg.network.canvasToDOM(window.aikg.network.getPositions([id])[id])", node)
    box = page.locator("#canvas").bounding_box()
    return box["x"] + p["x"], box["y"] + p["y"]


# ============================================================================ pages load, screenshots
def test_pages_load_cleanly_desktop_and_phone(server: UvicornServer, browser: Browser, kg: KnowledgeGraph) -> None:
    art = _seed_article(kg)
    pages = [("home", "/", False), ("graph", "/graph", True), ("graph-openai", "/graph?focus=openai&hops=2", True),
             ("entity-openai", "/id/openai", False), ("article", f"/article/{art}", False), ("search", "/search?q=open", False)]
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page = browser.page(size)
        for name, path, graph in pages:
            if size_name == "phone" and name in ("search",):
                continue
            _open(page, server.url + path, graph)
            if name == "entity-openai":
                frame = page.frame_locator("iframe.embed-graph")
                frame.locator("#canvas canvas").wait_for(timeout=20_000)
            _shot(page, f"{name}-{size_name}")
            assert page.errors == [], (path, page.errors)
            assert page.dialogs == []
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{path} scrolls sideways on {size_name} by {overflow}px"
        page.context.close()


def test_home_suggestions_and_search(server: UvicornServer, browser: Browser) -> None:
    page = browser.page()
    _open(page, server.url + "/")
    page.fill("#q", "Open")
    _wait(page, "document.querySelectorAll('#home-suggest option').length > 0", 5)
    values = page.eval_on_selector_all("#home-suggest option", "os => os.map(o => o.value)")
    assert any("OpenAI" in v for v in values)
    page.fill("#q", "OpenAI")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/id/openai$"))
    assert page.inner_text("h1") == "OpenAI"
    assert page.errors == []
    page.context.close()


# ============================================================================ the graph
def test_graph_draws_expected_nodes(server: UvicornServer, browser: Browser, kg: KnowledgeGraph) -> None:
    sub, _ = neighbourhood(kg.projection(), "openai", 1, limit=2000)
    page = browser.page()
    _open(page, server.url + "/graph?focus=openai&hops=1", graph=True)
    assert page.evaluate("window.aikg.nodes.length") == sub.number_of_nodes()
    assert page.evaluate("window.aikg.nodesView.length") == sub.number_of_nodes()
    assert page.evaluate("window.aikg.edges.length") == sub.number_of_edges()
    # drawn: the canvas is sized and has coloured pixels
    drawn = page.evaluate("""() => { const c = document.querySelector('#canvas canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 0; i < d.length; i += 16) if (d[i + 3] && (d[i] < 200 || d[i + 1] < 200)) n++; return n; }""")
    assert drawn > 100
    # whole graph
    _open(page, server.url + "/graph", graph=True)
    assert page.evaluate("window.aikg.nodesView.length") == kg.projection().number_of_nodes()
    assert page.errors == []
    page.context.close()


def test_hover_click_and_double_click(server: UvicornServer, browser: Browser) -> None:
    page = browser.page()
    _open(page, server.url + "/graph?focus=openai&hops=1", graph=True)
    page.evaluate("window.aikg.network.stopSimulation && window.aikg.network.stopSimulation()")
    page.evaluate("window.aikg.network.moveTo({scale: 1.0, position: window.aikg.network.getPositions(['openai']).openai})")
    x, y = _graph_pos(page, "openai")
    page.mouse.move(x, y)
    page.wait_for_selector("#tip:not([hidden])", timeout=5000)
    tip = page.inner_text("#tip")
    assert "OpenAI" in tip and "Company" in tip
    # double-click re-centres on another node
    other = page.evaluate("window.aikg.edges.get().map(e => e.from === 'openai' ? e.to : e.from).find(n => n !== 'openai')")
    page.evaluate("id => window.aikg.network.focus(id, {scale: 1.0})", other)
    x, y = _graph_pos(page, other)
    page.mouse.dblclick(x, y)
    page.wait_for_url(re.compile(r"/graph\?focus=" + re.escape(other)), timeout=10_000)
    _wait(page, "window.aikgReady !== undefined")
    # click opens the entity page
    page.evaluate("window.aikg.network.moveTo({scale: 1.0, position: window.aikg.network.getPositions(['openai']).openai})")
    x, y = _graph_pos(page, "openai")
    page.mouse.click(x, y)
    page.wait_for_url(re.compile(r"/id/openai$"), timeout=10_000)
    assert page.inner_text("h1") == "OpenAI"
    assert page.errors == []
    page.context.close()


def test_filters_change_visible_nodes(server: UvicornServer, browser: Browser) -> None:
    page = browser.page()
    _open(page, server.url + "/graph", graph=True)
    total = page.evaluate("window.aikg.nodesView.length")
    types = page.eval_on_selector_all("input[name=type]", "xs => xs.map(x => x.value)")
    assert "Company" in types
    page.uncheck("input[name=type][value=Company]")
    no_company = page.evaluate("window.aikg.nodesView.length")
    assert 0 < no_company < total
    assert page.evaluate("window.aikg.nodesView.get().every(n => n.group !== 'Company')")
    page.check("input[name=type][value=Company]")
    assert page.evaluate("window.aikg.nodesView.length") == total
    # one relation only: nodes without such an edge disappear
    preds = page.eval_on_selector_all("input[name=predicate]", "xs => xs.map(x => x.value)")
    for p in preds[1:]:
        page.uncheck(f"input[name=predicate][value={p}]")
    only = page.evaluate("window.aikg.edgesView.get().map(e => e.label)")
    assert set(only) == {preds[0]}
    assert page.evaluate("window.aikg.nodesView.length") < total
    page.click("#reset")
    assert page.evaluate("window.aikg.nodesView.length") == total
    # minimum confidence 1.0 keeps only the fully confident
    page.fill("#minconf", "1")
    page.dispatch_event("#minconf", "input")
    assert page.evaluate("window.aikg.edgesView.length") < page.evaluate("window.aikg.edges.length")
    page.click("#reset")
    # a date range before any article hides every relation
    page.fill("#until", "1990-01-01")
    page.dispatch_event("#until", "change")
    assert page.evaluate("window.aikg.edgesView.length") == 0
    page.click("#reset")
    assert page.evaluate("window.aikg.edgesView.length") == page.evaluate("window.aikg.edges.length")
    assert page.errors == []
    page.context.close()


def test_search_box_focuses_a_node(server: UvicornServer, browser: Browser) -> None:
    page = browser.page()
    _open(page, server.url + "/graph", graph=True)
    page.fill("#q", "gpt-4")
    page.press("#q", "Enter")
    _wait(page, "window.aikg.focused !== null", 5)
    focused = page.evaluate("window.aikg.focused")
    assert focused.startswith("gpt-4")
    assert page.evaluate("window.aikg.network.getSelectedNodes()") == [focused]
    assert "GPT-4" in page.inner_text("#sel-label")
    assert page.get_attribute("#sel-open", "href") == f"/id/{focused}"
    page.fill("#q", "no such entity at all")
    page.press("#q", "Enter")
    assert "No entity matches" in page.inner_text("#search-status")
    assert page.errors == []
    page.context.close()


# ============================================================================ safety
@pytest.mark.parametrize("csp", ["with CSP", "escaping alone"])
def test_crafted_article_runs_no_script(server: UvicornServer, browser: Browser, csp: str) -> None:
    page = browser.page(bypass_csp=csp != "with CSP")
    page.add_init_script("window.__alerts = 0; window.alert = () => { window.__alerts++; };")
    for path, graph in (("/", False), ("/search?q=Evil&type=Company", False), ("/id/evil-corp", False),
                        ("/id/mallory", False), ("/article/evil", False), ("/graph?focus=evil-corp", True),
                        ("/graph", True)):
        _open(page, server.url + path, graph)
        if path == "/id/evil-corp":
            page.frame_locator("iframe.embed-graph").locator("#canvas canvas").wait_for(timeout=20_000)
        text = page.inner_text("body")
        assert page.evaluate("window.__alerts") == 0, path
        assert page.dialogs == [], path
        assert page.errors == [], (path, page.errors)
        assert page.evaluate("document.querySelectorAll('img').length") == 0, path
        assert page.evaluate("[...document.querySelectorAll('a[href]')].filter(a => /^javascript:/i.test(a.getAttribute('href'))).length") == 0, path
        if not graph:
            assert IMG in text, f"{path} does not show the payload as text"
        else:
            assert IMG in page.evaluate("window.aikg.nodes.get('evil-corp').label")
    # the article page highlights the evidence and links the mention, as text
    _open(page, server.url + "/article/evil")
    assert IMG in page.inner_text(".article-text mark.ev")
    assert page.evaluate("document.querySelector('a.ent[href=\"/id/evil-corp\"]') !== null")
    assert SCRIPT in page.inner_text("figure.quote blockquote")
    # the hover card writes label and aliases (one contains "href") as text
    _open(page, server.url + "/graph?focus=evil-corp", graph=True)
    page.evaluate("window.aikg.network.moveTo({scale: 1.0, position: window.aikg.network.getPositions(['evil-corp'])['evil-corp']})")
    x, y = _graph_pos(page, "evil-corp")
    page.mouse.move(x, y)
    page.wait_for_selector("#tip:not([hidden])", timeout=5000)
    assert IMG in page.inner_text("#tip") and "href=javascript" in page.inner_text("#tip")
    assert page.evaluate("document.querySelectorAll('#tip *:not(div):not(blockquote)').length") == 0
    # the edge card: evidence, article title and date, confidence, as text
    page.mouse.move(5, 5)
    (x0, y0), (x1, y1) = _graph_pos(page, "evil-corp"), _graph_pos(page, "zorp")
    page.mouse.move(x0 + (x1 - x0) * 0.3, y0 + (y1 - y0) * 0.3)
    _wait(page, "!document.getElementById('tip').hidden && document.getElementById('tip').textContent.includes('builds')", 5)
    tip = page.inner_text("#tip")
    assert f"{EVIL} builds the Zorp model." in tip and f"Breaking {IMG}{SCRIPT}" in tip
    assert "2024-05-01" in tip and "confidence 0.90" in tip
    assert page.evaluate("document.querySelectorAll('#tip img, #tip script').length") == 0
    assert page.evaluate("window.__alerts") == 0 and page.dialogs == [] and page.errors == []
    page.context.close()


# ============================================================================ standalone file
def test_standalone_file_opens_offline(tmp_path: Path, browser: Browser, kg: KnowledgeGraph) -> None:
    from typer.testing import CliRunner

    from aikg.api.cli import app

    store = tmp_path / "store"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(EXAMPLES), "--store", str(store)])
    assert res.exit_code == 0, res.output
    out = tmp_path / "openai.html"
    res = runner.invoke(app, ["viz", "OpenAI", "--hops", "2", "-o", str(out), "--store", str(store)])
    assert res.exit_code == 0, res.output
    page = browser.page()
    _open(page, out.as_uri(), graph=True)
    assert page.evaluate("window.aikg.nodesView.length") > 3
    assert page.errors == [] and page.dialogs == []
    # double-click re-centres inside the page (no server to go to)
    n_before = page.evaluate("window.aikg.nodesView.length")
    leaf = page.evaluate("""() => { const a = window.aikg; const deg = {};
        a.edges.get().forEach(e => { deg[e.from] = (deg[e.from] || 0) + 1; deg[e.to] = (deg[e.to] || 0) + 1; });
        return Object.keys(deg).sort((x, y) => deg[x] - deg[y])[0]; }""")
    page.evaluate("id => window.aikg.recentre(id)", leaf)
    assert page.evaluate("window.aikg.nodesView.length") < n_before
    _shot(page, "standalone-desktop")
    page.context.close()
    shutil.copy(out, SHOTS / "standalone-openai.html")


def test_graph_past_the_node_limit_says_what_it_left_out(kg: KnowledgeGraph) -> None:
    import httpx

    from aikg.api.app import create_app

    with UvicornServer(create_app(Settings(store="memory", viz_max_nodes=10), kg=kg)) as srv:
        r = httpx.get(srv.url + "/graph")
        assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
        total = kg.projection().number_of_nodes()
        assert f"Showing the 10 most connected of {total} entities; {total - 10} left out" in r.text
        assert "AIKG_VIZ_MAX_NODES" in r.text and "?focus=" in r.text
        assert httpx.get(srv.url + "/graph?focus=no-such-thing").status_code == 404
        assert httpx.get(srv.url + "/graph?focus=OpenAI&hops=9").status_code == 200  # names resolve; hops clamp
