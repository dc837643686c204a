"""graph/viz.py without a browser: the pyvis traps are avoided, everything is escaped, large graphs are cut."""

from __future__ import annotations

import json
import re
import time
from html import unescape
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from aikg.graph.viz import PHYSICS_MAX_NODES, importance, layout, render_graph, render_html, vis_js

PAYLOAD = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"


def _graph(n: int = 5, label: str = "Acme") -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(n):
        g.add_node(f"n{i}", label=f"{label} {i}", type=("Company", "Model", "Tool")[i % 3], aliases=[f"a{i}"], mentions=i)
    for i in range(1, n):
        src = {"article": "https://w3id.org/aikg/article/a1", "title": f"T{i}", "date": f"2024-0{1 + i % 9}-01",
               "evidence": f"E{i}", "confidence": 0.5 + i / (2 * n)}
        g.add_edge(f"n{i}", f"n{(i - 1) // 2}", key="uses", predicate="uses", sources=[src], confidence=src["confidence"])
    return g


def _data(html: str) -> dict:  # type: ignore[type-arg]
    m = re.search(r'<script type="application/json" id="aikg-data"[^>]*>(.*?)</script>', html, re.S)
    assert m
    return json.loads(m.group(1))  # type: ignore[no-any-return]


def _outside_vis(html: str) -> str:
    return html.replace(vis_js(), "")


def test_no_cdn_no_external_links() -> None:
    html = render_html(_graph(), title="t")
    assert vis_js() in html  # inlined from the pyvis package
    rest = _outside_vis(html)
    assert not re.search(r'<link[^>]*href="(?!data:)', rest)  # only the empty data: favicon
    assert "bootstrap" not in rest.lower() and "cdn" not in rest.lower()
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', rest)
    served = render_html(_graph(), title="t", inline_vis=False)
    assert '<script src="/explorer/vis-network.min.js"' in served and vis_js() not in served


def test_href_in_a_title_does_not_switch_to_inner_html() -> None:
    g = _graph(label='<a href="javascript:alert(1)">x</a>')
    g.nodes["n0"]["aliases"] = ["href", PAYLOAD]
    html = render_html(g, title="t", inline_vis=False)
    assert "innerHTML" not in html and "insertAdjacentHTML" not in html and "outerHTML" not in html
    assert "textContent" in html
    assert '<a href="javascript' not in html
    assert _data(html)["nodes"][0]["aliases"] == ["href", PAYLOAD]  # round-trips as data, shown as text


def test_heading_title_and_notice_escaped() -> None:
    html = render_html(_graph(), title=PAYLOAD, heading=PAYLOAD, notice=PAYLOAD, inline_vis=False)
    assert "<img" not in html and "<script>alert" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_labels_cannot_close_the_script_element() -> None:
    g = _graph()
    g.nodes["n1"]["label"] = PAYLOAD
    g.edges["n1", "n0", "uses"]["sources"][0]["evidence"] = PAYLOAD + "\u2028"
    html = render_html(g, title="t", inline_vis=False)
    assert html.count("</script>") == html.count("<script")  # no element closed early
    assert "<img" not in html
    data = _data(html)
    assert data["nodes"][1]["label"] == PAYLOAD
    assert data["edges"][0]["sources"][0]["evidence"].startswith(PAYLOAD)


def test_standalone_page_has_a_strict_csp_and_nonces() -> None:
    raw = render_html(_graph(), title="t", nonce="abc")
    html = unescape(_outside_vis(raw))
    assert "Content-Security-Policy" in html and "script-src 'nonce-abc'" in html and "default-src 'none'" in html
    tags = re.findall(r"<script[^>]*>", _outside_vis(raw))
    assert len(tags) == 4 and all('nonce="abc"' in tag for tag in tags)
    assert "Content-Security-Policy" not in render_html(_graph(), title="t", inline_vis=False)


def test_payload_facets_and_sizes() -> None:
    data = _data(render_html(_graph(7), title="t", focus="n0", inline_vis=False))
    assert len(data["nodes"]) == 7 and len(data["edges"]) == 6 and data["focus"] == "n0"
    assert {t["name"] for t in data["types"]} == {"Company", "Model", "Tool"}
    assert data["predicates"] == [{"name": "uses", "count": 6}]
    assert data["dateMin"] <= data["dateMax"]
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes["n0"] == max(sizes.values())  # the most linked-to is the largest
    assert all(n["link"] == n["id"] for n in data["nodes"])


def test_article_local_entities_get_no_link() -> None:
    g = _graph(2)
    nx.relabel_nodes(g, {"n1": "https://w3id.org/aikg/article/a#e1"}, copy=False)
    nodes = {n["id"]: n for n in _data(render_html(g, title="t", inline_vis=False))["nodes"]}
    assert nodes["https://w3id.org/aikg/article/a#e1"]["link"] is None


def test_physics_off_for_large_graphs() -> None:
    def config(html: str) -> dict:  # type: ignore[type-arg]
        m = re.search(r'id="aikg-config"[^>]*>(.*?)</script>', html, re.S)
        assert m
        return json.loads(m.group(1))  # type: ignore[no-any-return]

    assert config(render_html(_graph(10), inline_vis=False))["physics"] is True
    assert config(render_html(_graph(PHYSICS_MAX_NODES + 1), inline_vis=False))["physics"] is False


def test_layout_is_fast_deterministic_and_spread() -> None:
    g = nx.MultiDiGraph(nx.barabasi_albert_graph(2000, 2, seed=1))
    t = time.perf_counter()
    pos = layout(g)
    assert time.perf_counter() - t < 3.0
    assert pos == layout(g)
    xs = [p[0] for p in pos.values()]
    assert max(xs) - min(xs) > 1000  # pixels: not collapsed into a point
    assert len({(round(x), round(y)) for x, y in pos.values()}) > 1900


def test_importance_is_pagerank() -> None:
    g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("b", "d")])
    r = importance(g)
    assert abs(sum(r.values()) - 1) < 1e-9 and max(r, key=r.__getitem__) == "d"
    assert importance(nx.MultiDiGraph()) == {}


def test_render_graph_says_what_it_left_out() -> None:
    g = _graph(30)
    html = render_graph(g, None, max_nodes=10, inline_vis=False)
    assert len(_data(html)["nodes"]) == 10
    assert "Showing the 10 most connected of 30 entities; 20 left out" in html and "AIKG_VIZ_MAX_NODES" in html
    assert "?focus=" in html  # how to narrow it
    focused = render_graph(g, "n0", 1, inline_vis=False)
    assert _data(focused)["focus"] == "n0" and "left out" not in focused
    with pytest.raises(KeyError):
        render_graph(g, "nope")
    only = _data(render_graph(g, None, types=["Model"], inline_vis=False))
    assert {n["type"] for n in only["nodes"]} == {"Model"}


def test_cli_viz_writes_a_standalone_file(tmp_path: Path) -> None:
    from aikg.api.cli import app

    store = str(tmp_path / "store")
    runner = CliRunner()
    seed = Path(__file__).resolve().parent.parent / "examples" / "articles"
    assert runner.invoke(app, ["ingest", str(seed), "--store", store]).exit_code == 0
    out = tmp_path / "g.html"
    res = runner.invoke(app, ["viz", "openai", "--hops", "1", "--types", "Company,Model,Person", "-o", str(out), "--store", store])
    assert res.exit_code == 0, res.output
    html = out.read_text(encoding="utf-8")
    data = _data(html)
    assert data["focus"] == "openai" and {n["type"] for n in data["nodes"]} <= {"Company", "Model", "Person"}
    assert vis_js() in html and "Content-Security-Policy" in html
    res = runner.invoke(app, ["viz", "--since", "2999-01-01", "--min-confidence", "0.5", "-o", str(out), "--store", store])
    assert res.exit_code == 0 and _data(out.read_text(encoding="utf-8"))["edges"] == []
    res = runner.invoke(app, ["viz", "no-such-entity-xyz", "-o", str(out), "--store", store])
    assert res.exit_code == 1
    res = runner.invoke(app, ["viz", "--types", "Spaceship", "-o", str(out), "--store", store])
    assert res.exit_code == 2
