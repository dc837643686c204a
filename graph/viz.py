"""Interactive graph pages: a networkx (sub)graph rendered to one self-contained HTML page.

The page draws the graph with vis-network, the library pyvis ships (its JavaScript is read from the
pyvis package and inlined, or served by the app: nothing is fetched from a CDN). pyvis' own template is
not used, because of the traps measured in ``NOTES.md``: it links Bootstrap from a CDN even with
``cdn_resources="in_line"``, it switches every tooltip to ``innerHTML`` as soon as one title contains
``href``, and it does not escape ``heading=``. Here instead:

- the data travels as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and ``&``
  escaped, and is read with ``JSON.parse``; the page's own script never uses ``innerHTML`` — labels,
  aliases and evidence (all from untrusted articles) reach the DOM through ``textContent`` only;
- the surrounding HTML is a Jinja template with autoescape on;
- the layout is computed here with numpy (Fruchterman-Reingold with sampled repulsion, so it stays fast
  for thousands of nodes) and physics is switched off above ``PHYSICS_MAX_NODES``, so large graphs
  open at once instead of settling for minutes.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("acme", label="<b>Acme</b>", type="Company", aliases=[], mentions=1)
>>> html = render_html(g, title="t", inline_vis=False)
>>> "<b>Acme" in html, "cdn" in html.lower()
(False, False)
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import orjson
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from .projection import filter_projection, neighbourhood

__all__ = [
    "PHYSICS_MAX_NODES",
    "TYPE_STYLES",
    "graph_payload",
    "importance",
    "layout",
    "render_graph",
    "render_html",
    "vis_js",
    "write_html",
]

#: Above this many nodes the page draws a precomputed layout with physics off.
PHYSICS_MAX_NODES = 250
#: Above this many edges, edges are drawn straight and hidden while dragging or zooming.
FAST_EDGES_MAX = 1500
#: Sources kept per edge in the page (for the hover card); the count of all is kept too.
SOURCES_PER_EDGE = 3
EVIDENCE_CHARS = 300

#: Colour and vis-network shape per entity type (shapes whose label sits below them).
TYPE_STYLES: dict[str, dict[str, str]] = {
    "Company": {"color": "#3b6ea8", "shape": "dot"},
    "Organization": {"color": "#2a9d8f", "shape": "diamond"},
    "Model": {"color": "#e07a1f", "shape": "triangle"},
    "Tool": {"color": "#4c9a3f", "shape": "square"},
    "Dataset": {"color": "#b8901a", "shape": "hexagon"},
    "Person": {"color": "#c0392b", "shape": "star"},
}
OTHER_STYLE = {"color": "#7f7f7f", "shape": "dot"}
SYMMETRIC = frozenset({"partnersWith", "competesWith"})
#: The policy of a standalone page: its own scripts only, no requests at all.
STANDALONE_CSP = ("default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data:; "
                  "base-uri 'none'; form-action 'none'")


# --------------------------------------------------------------------------- measures
def importance(g: nx.Graph, damping: float = 0.85, iterations: int = 60) -> dict[Any, float]:
    """PageRank of every node (edges as links, parallel edges counted once), by power iteration.

    numpy only (networkx' own pagerank needs scipy). Sums to 1.

    >>> g = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    >>> r = importance(g); max(r, key=r.get), round(sum(r.values()), 6)
    ('hub', 1.0)
    """
    nodes = list(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    index = {v: i for i, v in enumerate(nodes)}
    pairs = {(index[s], index[o]) for s, o in g.edges() if s != o}
    rank = np.full(n, 1.0 / n)
    if not pairs:
        return dict(zip(nodes, rank.tolist(), strict=True))
    src = np.fromiter((p[0] for p in pairs), dtype=np.int64, count=len(pairs))
    dst = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))
    out_deg = np.bincount(src, minlength=n).astype(float)
    dangling = out_deg == 0
    weight = 1.0 / out_deg[src]
    for _ in range(iterations):
        flow = np.bincount(dst, weights=rank[src] * weight, minlength=n)
        new = (1 - damping) / n + damping * (flow + rank[dangling].sum() / n)
        if np.abs(new - rank).sum() < 1e-9 * n:
            rank = new
            break
        rank = new
    rank /= rank.sum()
    return dict(zip(nodes, rank.tolist(), strict=True))


def layout(g: nx.Graph, iterations: int | None = None, seed: int = 7, sample: int = 24) -> dict[Any, tuple[float, float]]:
    """Node positions in pixels: each connected component laid out on its own, then packed in rows.

    Components of more than ``SMALL_COMPONENT`` nodes get Fruchterman-Reingold (:func:`_force_layout`);
    smaller ones a star or a ring. Packing keeps isolated entities and small clusters next to the main
    component instead of being pushed into a far ring around it. Deterministic for a given ``seed``.

    >>> pos = layout(nx.path_graph(3)); sorted(pos) == [0, 1, 2] and all(len(p) == 2 for p in pos.values())
    True
    """
    if g.number_of_nodes() == 0:
        return {}
    u = nx.Graph()
    u.add_nodes_from(g.nodes)
    u.add_edges_from((s, o) for s, o in g.edges() if s != o)
    comps = sorted(nx.connected_components(u), key=lambda c: (-len(c), min(map(str, c))))
    boxes: list[tuple[list[Any], np.ndarray]] = []
    for i, comp in enumerate(comps):
        members = sorted(comp, key=lambda v: (-u.degree(v), str(v)))
        if len(members) > SMALL_COMPONENT:
            index = {v: k for k, v in enumerate(members)}
            pairs = [(index[a], index[b]) for a in members for b in u.adj[a] if index[a] < index[b]]
            pos = _force_layout(len(members), pairs, iterations, seed + i, sample)
        else:
            pos = _small_layout(len(members))
        boxes.append((members, pos))
    # shelf packing: rows about as wide as the whole area is tall, largest components first
    gap = 1.2
    area = sum((np.ptp(p[:, 0]) + gap) * (np.ptp(p[:, 1]) + gap) for _, p in boxes)
    row_width = max(math.sqrt(area) * 1.15, float(np.ptp(boxes[0][1][:, 0])) + gap)
    out: dict[Any, tuple[float, float]] = {}
    cx = cy = row_h = 0.0
    for members, p in boxes:
        p = p - p.min(axis=0)
        w, h = float(np.ptp(p[:, 0])) + gap, float(np.ptp(p[:, 1])) + gap
        if cx > 0 and cx + w > row_width:
            cx, cy, row_h = 0.0, cy + row_h, 0.0
        for v, (px, py) in zip(members, p.tolist(), strict=True):
            out[v] = (cx + px, cy + py)
        cx += w
        row_h = max(row_h, h)
    xs = [v[0] for v in out.values()]
    ys = [v[1] for v in out.values()]
    mx, my = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return {v: (round((x - mx) * PX_PER_UNIT, 1), round((y - my) * PX_PER_UNIT, 1)) for v, (x, y) in out.items()}


#: Components up to this size are drawn as a star or ring instead of a force layout.
SMALL_COMPONENT = 6
PX_PER_UNIT = 110.0


def _small_layout(n: int) -> np.ndarray:
    """A single node; a pair; or the first (best connected) node at the centre of a ring of the rest."""
    if n == 1:
        return np.zeros((1, 2))
    if n == 2:
        return np.array([[0.0, 0.0], [1.0, 0.0]])
    angles = np.linspace(0, 2 * math.pi, n - 1, endpoint=False)
    ring = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    return np.vstack([np.zeros((1, 2)), ring])


def _force_layout(n: int, pairs: list[tuple[int, int]], iterations: int | None, seed: int, sample: int) -> np.ndarray:
    """Fruchterman-Reingold with a pull to the centre, numpy only: positions of nodes ``0..n-1`` linked by ``pairs``.

    Repulsion is estimated from ``sample`` other nodes per step (every node when there are fewer),
    picked as random rotations of the node array, so each step is a few dozen vector operations:
    2,000 nodes take ~0.2 s. The ideal edge length is 1.
    """
    rng = np.random.default_rng(seed)
    src = np.array([p[0] for p in pairs], dtype=np.int64)
    dst = np.array([p[1] for p in pairs], dtype=np.int64)
    side = math.sqrt(n)
    x = rng.uniform(-side / 2, side / 2, n)
    y = rng.uniform(-side / 2, side / 2, n)
    if iterations is None:
        iterations = 80 if n <= 500 else 50
    temp = side / 5
    cool = temp / (iterations + 1)
    m = min(sample, n - 1)
    scale = (n - 1) / m
    shifts_all = np.arange(1, n)
    for _ in range(iterations):
        fx = np.zeros(n)
        fy = np.zeros(n)
        shifts = shifts_all if m == n - 1 else rng.choice(shifts_all, size=m, replace=False)
        for shift in shifts:
            dx = x - np.roll(x, shift)
            dy = y - np.roll(y, shift)
            inv = 1.0 / (dx * dx + dy * dy + 1e-4)
            fx += dx * inv
            fy += dy * inv
        fx *= scale
        fy *= scale
        if len(src):
            dx = x[src] - x[dst]
            dy = y[src] - y[dst]
            d = np.sqrt(dx * dx + dy * dy + 1e-8)
            px, py = dx * d, dy * d
            fx -= np.bincount(src, px, n) - np.bincount(dst, px, n)
            fy -= np.bincount(src, py, n) - np.bincount(dst, py, n)
        r = np.sqrt(x * x + y * y)
        fx -= x * r * 0.2 / side
        fy -= y * r * 0.2 / side
        length = np.sqrt(fx * fx + fy * fy) + 1e-9
        step = np.minimum(length, temp) / length
        x += fx * step
        y += fy * step
        temp = max(temp - cool, side / 200)
    return np.stack([x - x.mean(), y - y.mean()], axis=1)


# --------------------------------------------------------------------------- payload
def _slug_link(node: Any, data: Mapping[str, Any]) -> str | None:
    """The slug for /id/{slug} links, or None for article-local entities (their id is a full IRI)."""
    s = str(node)
    return None if "://" in s else s


def _clip(text: str | None, limit: int = EVIDENCE_CHARS) -> str | None:
    if text is None:
        return None
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def graph_payload(
    g: nx.MultiDiGraph,
    *,
    focus: Any = None,
    positions: Mapping[Any, tuple[float, float]] | None = None,
    seed: int = 7,
) -> dict[str, Any]:
    """The JSON the page draws: nodes (with position and size), edges (with their sources), facets."""
    rank = importance(g)
    top = max(rank.values(), default=1.0) or 1.0
    pos = positions if positions is not None else layout(g, seed=seed)
    nodes = []
    types: dict[str, int] = {}
    indeg, outdeg = dict(g.in_degree()), dict(g.out_degree())
    for v, data in g.nodes(data=True):
        t = str(data.get("type") or "Other")
        types[t] = types.get(t, 0) + 1
        x, y = pos.get(v, (0.0, 0.0))
        r = rank.get(v, 0.0) / top
        nodes.append(
            {
                "id": str(v),
                "label": str(data.get("label") or v),
                "type": t,
                "aliases": [str(a) for a in (data.get("aliases") or [])][:12],
                "mentions": int(data.get("mentions") or 0),
                "in": indeg[v],
                "out": outdeg[v],
                "rank": round(rank.get(v, 0.0), 6),
                "size": round(10 + 28 * math.sqrt(r), 1),
                "x": round(x, 1),
                "y": round(y, 1),
                "link": _slug_link(v, data),
            }
        )
    edges = []
    preds: dict[str, int] = {}
    dates: list[str] = []
    parallel: dict[tuple[str, str], int] = {}
    for i, (s, o, key, data) in enumerate(g.edges(keys=True, data=True)):
        pred = str(data.get("predicate") or key)
        preds[pred] = preds.get(pred, 0) + 1
        sources = list(data.get("sources") or [])
        sources.sort(key=lambda src: (-(src.get("confidence") or 0), src.get("date") or ""))
        edge_dates = sorted({str(src["date"])[:10] for src in sources if src.get("date")})
        dates.extend(edge_dates[:1] + edge_dates[-1:])
        pair = (str(min(str(s), str(o))), str(max(str(s), str(o))))
        nth = parallel.get(pair, 0)
        parallel[pair] = nth + 1
        edges.append(
            {
                "id": f"e{i}",
                "from": str(s),
                "to": str(o),
                "predicate": pred,
                "confidence": round(float(data.get("confidence", 1.0)), 3),
                "dates": edge_dates,
                "n": len(sources),
                "nth": nth,
                "symmetric": pred in SYMMETRIC,
                "sources": [
                    {
                        "title": _clip(src.get("title"), 160),
                        "date": str(src["date"])[:10] if src.get("date") else None,
                        "evidence": _clip(src.get("evidence")),
                        "confidence": src.get("confidence"),
                        "article": _article_id(src.get("article")),
                    }
                    for src in sources[:SOURCES_PER_EDGE]
                ],
            }
        )
    styles = {t: TYPE_STYLES.get(t, OTHER_STYLE) for t in types}
    return {
        "nodes": nodes,
        "edges": edges,
        "types": [{"name": t, "count": c, **styles[t]} for t, c in sorted(types.items(), key=_type_order)],
        "predicates": [{"name": p, "count": c} for p, c in sorted(preds.items())],
        "dateMin": min(dates) if dates else None,
        "dateMax": max(dates) if dates else None,
        "focus": None if focus is None else str(focus),
    }


def _type_order(item: tuple[str, int]) -> tuple[int, str]:
    order = list(TYPE_STYLES)
    return (order.index(item[0]) if item[0] in order else len(order), item[0])


def _article_id(iri: Any) -> str | None:
    if not iri:
        return None
    s = str(iri)
    marker = "/article/"
    return s.split(marker, 1)[1] if marker in s else None


def _json_for_script(data: Any) -> Markup:
    """JSON that is safe inside a <script> element: no '<', '>', '&' or line separators survive raw."""
    text = orjson.dumps(data).decode("utf-8")
    for raw, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, esc)
    return Markup(text)


# --------------------------------------------------------------------------- assets
@lru_cache(maxsize=1)
def vis_js() -> str:
    """The vis-network standalone build that pyvis ships (read from its package, never a CDN)."""
    lib = resources.files("pyvis") / "lib"
    for version in ("vis-9.1.2", "vis-9.0.4"):
        f = lib / version / "vis-network.min.js"
        if f.is_file():
            text = f.read_text(encoding="utf-8")
            # a stray "</script" would end the inline element early; the minified build has none
            return text.replace("</script", "<\\/script")
    raise FileNotFoundError("vis-network.min.js is missing from the pyvis package")


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_TEMPLATE)


# --------------------------------------------------------------------------- rendering
def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str = "aikg graph",
    heading: str | None = None,
    focus: Any = None,
    hops: int = 1,
    notice: str | None = None,
    link_base: str = "",
    graph_path: str | None = "/graph",
    home: str | None = None,
    inline_vis: bool = True,
    vis_src: str = "/explorer/vis-network.min.js",
    compact: bool = False,
    positions: Mapping[Any, tuple[float, float]] | None = None,
    nonce: str | None = None,
    csp_meta: bool | None = None,
) -> str:
    """One HTML page drawing ``g``.

    ``link_base`` prefixes entity links (``{link_base}/id/{slug}``; use the server's address for a
    file opened from disk). ``graph_path`` is where a double-click re-centres (``?focus=&hops=``);
    ``None`` re-centres inside the page (for standalone files). ``inline_vis`` puts vis-network in the
    page; otherwise it loads from ``vis_src`` (a route of the app). ``compact`` drops the header and
    the filter panel (for embedding in an entity page). Every string is escaped.

    The page's scripts carry ``nonce``; ``csp_meta`` (default: when vis is inlined, i.e. a standalone
    file) adds a Content-Security-Policy meta tag allowing only those scripts, no network requests and
    data: images, so even a missed escape could not run or fetch anything. A server sends its own header.
    """
    if nonce is None:
        nonce = secrets.token_urlsafe(16)
    if csp_meta is None:
        csp_meta = inline_vis
    payload = graph_payload(g, focus=focus, positions=positions)
    n_nodes, n_edges = g.number_of_nodes(), g.number_of_edges()
    config = {
        "linkBase": link_base.rstrip("/"),
        "graphPath": graph_path,
        "hops": hops,
        "physics": n_nodes <= PHYSICS_MAX_NODES,
        "fastEdges": n_edges > FAST_EDGES_MAX or n_nodes > PHYSICS_MAX_NODES,
        "compact": compact,
    }
    return str(
        _template().render(
            title=title,
            heading=heading if heading is not None else title,
            notice=notice,
            home=home,
            compact=compact,
            n_nodes=n_nodes,
            n_edges=n_edges,
            types=payload["types"],
            predicates=payload["predicates"],
            date_min=payload["dateMin"],
            date_max=payload["dateMax"],
            data=_json_for_script(payload),
            config=_json_for_script(config),
            vis_inline=Markup(vis_js()) if inline_vis else None,
            vis_src=vis_src,
            nonce=nonce,
            csp=STANDALONE_CSP.format(nonce=nonce) if csp_meta else None,
        )
    )


def render_graph(
    projection: nx.MultiDiGraph,
    focus: str | None = None,
    hops: int = 1,
    *,
    types: Iterable[str] | None = None,
    predicates: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: float | None = None,
    max_nodes: int = 2000,
    narrow_hint: str | None = None,
    **kwargs: Any,
) -> str:
    """Filter the projection, cut the neighbourhood of ``focus`` (or the whole graph) to ``max_nodes``,
    and render it; the page says what was left out and how to narrow it. KeyError for an unknown focus."""
    types, predicates = list(types or []), list(predicates or [])
    g = projection
    if types or predicates or since or until or min_confidence is not None:
        g = filter_projection(g, types=types or None, predicates=predicates or None, since=since, until=until,
                              min_confidence=min_confidence)
        if focus is not None and focus not in g and focus in projection:
            g.add_node(focus, **projection.nodes[focus])
    sub, left_out = neighbourhood(g, focus, hops, limit=max_nodes)
    notice = None
    if left_out:
        total = sub.number_of_nodes() + left_out
        where = "nearest and most connected" if focus is not None else "most connected"
        hint = narrow_hint or (
            "Narrow it: open one entity's neighbourhood (?focus=SLUG&hops=1), use fewer hops, or keep some "
            "types or relations (?types=Company,Model&predicates=builds,uses)."
        )
        notice = (
            f"Showing the {sub.number_of_nodes():,} {where} of {total:,} entities; {left_out:,} left out "
            f"(the limit is {max_nodes:,}, AIKG_VIZ_MAX_NODES). {hint}"
        )
    if focus is not None:
        label = str(projection.nodes[focus].get("label") or focus)
        kwargs.setdefault("title", f"{label}: {hops}-hop neighbourhood · aikg")
        kwargs.setdefault("heading", f"{label} — neighbourhood ({hops} hop{'s' if hops != 1 else ''})")
    return render_html(sub, focus=focus, hops=hops, notice=notice, **kwargs)


def write_html(path: str | Path, html: str) -> Path:
    """Write a page to ``path`` (UTF-8) and return the path."""
    out = Path(path)
    out.write_text(html, encoding="utf-8")
    return out


_TEMPLATE = r"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
{% if csp %}<meta http-equiv="Content-Security-Policy" content="{{ csp }}">{% endif %}
<title>{{ title }}</title>
<style>
:root { --fg:#1d2330; --muted:#5b6474; --line:#d9dde5; --bg:#f6f7f9; --accent:#2459a6; }
* { box-sizing:border-box; }
html, body { height:100%; margin:0; }
body { font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:#fff;
       display:flex; flex-direction:column; }
header.bar { display:flex; flex-wrap:wrap; align-items:baseline; gap:.3rem 1rem; padding:.5rem 1rem;
             border-bottom:1px solid var(--line); background:var(--bg); }
header.bar h1 { font-size:1.1rem; margin:0; overflow-wrap:anywhere; }
header.bar a { color:var(--accent); }
.notice { margin:0; padding:.45rem 1rem; background:#fff6d6; border-bottom:1px solid #ecd98b; font-size:.9rem; }
.layout { flex:1; display:flex; min-height:0; }
aside.panel { width:19rem; flex:none; overflow:auto; border-right:1px solid var(--line); padding:.6rem .9rem;
              background:var(--bg); font-size:.9rem; }
aside.panel fieldset { border:1px solid var(--line); border-radius:6px; margin:.5rem 0; padding:.3rem .6rem .5rem; }
aside.panel legend { font-weight:600; padding:0 .3rem; }
aside.panel summary { cursor:pointer; font-weight:600; margin:.4rem 0 0; }
aside.panel label { display:flex; align-items:center; gap:.4rem; padding:.1rem 0; cursor:pointer; }
aside.panel .count { color:var(--muted); margin-left:auto; font-variant-numeric:tabular-nums; }
.search { display:flex; gap:.3rem; }
.search input { flex:1; min-width:0; }
input, button, select { font:inherit; }
input[type=search], input[type=date] { padding:.3rem .4rem; border:1px solid #b9c0cc; border-radius:4px; }
button { padding:.3rem .7rem; border:1px solid #9aa5b8; border-radius:4px; background:#fff; cursor:pointer; }
:focus-visible { outline:3px solid #f0a500; outline-offset:1px; }
.dates { display:grid; grid-template-columns:auto 1fr; gap:.3rem .5rem; align-items:center; }
.status { color:var(--muted); margin:.4rem 0; }
#selection { border-top:1px solid var(--line); margin-top:.6rem; padding-top:.5rem; }
#selection h2 { font-size:1rem; margin:.2rem 0; overflow-wrap:anywhere; }
#selection a { color:var(--accent); margin-right:.8rem; }
#graph { flex:1; min-width:0; position:relative; background:#fff; }
#canvas { position:absolute; inset:0; }
.legend-compact { position:absolute; left:.4rem; top:.4rem; z-index:2; background:rgba(255,255,255,.9);
                  border:1px solid var(--line); border-radius:6px; padding:.2rem .5rem; font-size:.8rem; }
.legend-compact span { margin-right:.6rem; white-space:nowrap; }
svg.glyph { width:14px; height:14px; vertical-align:-2px; flex:none; }
#tip { position:fixed; z-index:10; max-width:min(26rem,90vw); background:#fff; border:1px solid #aab3c2;
       border-radius:6px; box-shadow:0 4px 14px rgba(0,0,0,.15); padding:.45rem .6rem; font-size:.85rem;
       pointer-events:none; overflow-wrap:anywhere; }
#tip .t { font-weight:600; }
#tip .m { color:var(--muted); }
#tip blockquote { margin:.3rem 0 0; padding-left:.5rem; border-left:3px solid #c9d3e6; }
.vis-tooltip { display:none !important; }
.sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
@media (max-width: 700px) {
  .layout { flex-direction:column; }
  aside.panel { width:auto; max-height:42vh; border-right:0; border-bottom:1px solid var(--line); }
  #graph { min-height:58vh; }
}
</style>
</head>
<body{% if compact %} class="compact"{% endif %}>
{% macro glyph(t) -%}
<svg class="glyph" viewBox="0 0 14 14" aria-hidden="true">
{%- if t.shape == "dot" %}<circle cx="7" cy="7" r="6" fill="{{ t.color }}"/>
{%- elif t.shape == "diamond" %}<path d="M7 0 14 7 7 14 0 7Z" fill="{{ t.color }}"/>
{%- elif t.shape == "triangle" %}<path d="M7 1 13.5 13H.5Z" fill="{{ t.color }}"/>
{%- elif t.shape == "square" %}<rect x="1" y="1" width="12" height="12" fill="{{ t.color }}"/>
{%- elif t.shape == "hexagon" %}<path d="M3.5 1h7L14 7l-3.5 6h-7L0 7Z" fill="{{ t.color }}"/>
{%- elif t.shape == "star" %}<path d="M7 .5l1.9 4.3 4.6.4-3.5 3 1.1 4.6L7 10.4l-4.1 2.4 1.1-4.6-3.5-3 4.6-.4Z" fill="{{ t.color }}"/>
{%- else %}<circle cx="7" cy="7" r="6" fill="{{ t.color }}"/>{% endif -%}
</svg>
{%- endmacro %}
{% if not compact %}
<header class="bar">
  <h1>{{ heading }}</h1>
  <span class="status">{{ "{:,}".format(n_nodes) }} entities · {{ "{:,}".format(n_edges) }} relations</span>
  {% if home %}<a href="{{ home }}">Home</a>{% endif %}
</header>
{% endif %}
{% if notice %}<p class="notice" role="status" id="notice">{{ notice }}</p>{% endif %}
<div class="layout">
{% if not compact %}
<aside class="panel" aria-label="Filters and search">
  <form class="search" id="search" role="search">
    <label for="q" class="sr">Find</label>
    <input type="search" id="q" list="names" placeholder="Find an entity" autocomplete="off">
    <button type="submit">Find</button>
  </form>
  <datalist id="names"></datalist>
  <p class="status" id="search-status" role="status" aria-live="polite"></p>
  <details id="filters" open>
  <summary>Filters</summary>
  <fieldset id="f-types">
    <legend>Entity types</legend>
    {% for t in types %}
    <label><input type="checkbox" name="type" value="{{ t.name }}" checked> {{ glyph(t) }} {{ t.name }}
      <span class="count">{{ t.count }}</span></label>
    {% endfor %}
  </fieldset>
  <fieldset id="f-predicates">
    <legend>Relations</legend>
    {% for p in predicates %}
    <label><input type="checkbox" name="predicate" value="{{ p.name }}" checked> {{ p.name }}
      <span class="count">{{ p.count }}</span></label>
    {% else %}<p class="status">none</p>
    {% endfor %}
  </fieldset>
  <fieldset id="f-dates">
    <legend>Dates of the sources</legend>
    <div class="dates">
      <label for="since">From</label><input type="date" id="since" {% if date_min %}min="{{ date_min }}" max="{{ date_max }}"{% endif %}>
      <label for="until">To</label><input type="date" id="until" {% if date_min %}min="{{ date_min }}" max="{{ date_max }}"{% endif %}>
    </div>
  </fieldset>
  <fieldset id="f-confidence">
    <legend>Minimum confidence</legend>
    <label><input type="range" id="minconf" min="0" max="1" step="0.05" value="0"> <output id="minconf-out" for="minconf">0.00</output></label>
  </fieldset>
  <button type="button" id="reset">Reset filters</button>
  </details>
  <p class="status" id="visible" role="status" aria-live="polite"></p>
  <section id="selection" aria-live="polite" hidden>
    <h2 id="sel-label"></h2>
    <p class="status" id="sel-meta"></p>
    <p><a id="sel-open" href="#">Open entity page</a> <a id="sel-centre" href="#">Centre here</a></p>
  </section>
  <p class="status">Click an entity to open its page; double-click to centre the graph on it. Hover for details.</p>
</aside>
{% endif %}
<main id="graph" aria-label="Interactive graph: {{ n_nodes }} entities and {{ n_edges }} relations">
  {% if compact %}
  <div class="legend-compact" aria-label="Legend">{% for t in types %}<span>{{ glyph(t) }} {{ t.name }}</span>{% endfor %}</div>
  {% endif %}
  <div id="canvas" tabindex="0" aria-label="Graph canvas: arrow keys pan, + and - zoom"></div>
</main>
</div>
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="aikg-data" nonce="{{ nonce }}">{{ data }}</script>
<script type="application/json" id="aikg-config" nonce="{{ nonce }}">{{ config }}</script>
{% if vis_inline %}<script nonce="{{ nonce }}">{{ vis_inline }}</script>{% else %}<script src="{{ vis_src }}" nonce="{{ nonce }}"></script>{% endif %}
<script nonce="{{ nonce }}">
(function () {
  "use strict";
  performance.mark("aikg-start");
  var D = JSON.parse(document.getElementById("aikg-data").textContent);
  var C = JSON.parse(document.getElementById("aikg-config").textContent);
  var styleOf = {};
  D.types.forEach(function (t) { styleOf[t.name] = t; });
  var raw = {};
  var groups = {};
  D.types.forEach(function (t) {
    groups[t.name] = {shape: t.shape, color: {background: t.color, border: "#2b2b2b",
                      highlight: {background: t.color, border: "#000000"}, hover: {background: t.color, border: "#000000"}}};
  });
  var nodes = new vis.DataSet(D.nodes.map(function (n) {
    raw[n.id] = n;
    var item = {id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, group: n.type};
    if (n.id === D.focus) { item.borderWidth = 4; item.font = {size: 18}; }
    return item;
  }));
  var rawEdges = {};
  var edges = new vis.DataSet(D.edges.map(function (e) {
    rawEdges[e.id] = e;
    var item = {id: e.id, from: e.from, to: e.to, label: e.predicate};
    if (e.symmetric) item.arrows = "to;from";
    if (e.nth && !C.fastEdges) item.smooth = {enabled: true, type: "curvedCW", roundness: 0.15 * e.nth};
    if (e.confidence < 0.999) item.width = 1 + 2 * e.confidence;
    return item;
  }));

  var state = {types: null, preds: null, since: "", until: "", minConf: 0, centre: null, centreSet: null};
  function allOf(name) {
    return new Set(Array.prototype.map.call(document.querySelectorAll("input[name=" + name + "]:checked"),
                                            function (i) { return i.value; }));
  }
  function edgeFilterActive() {
    return state.preds !== null || state.since || state.until || state.minConf > 0;
  }
  function edgePasses(e) {
    if (state.preds && !state.preds.has(e.predicate)) return false;
    if (e.confidence < state.minConf) return false;
    if (state.since || state.until) {
      if (!e.dates.some(function (d) { return (!state.since || d >= state.since) && (!state.until || d <= state.until); })) return false;
    }
    return true;
  }
  function typeOk(id) {
    var n = raw[id];
    if (!n) return false;
    if (state.centreSet && !state.centreSet.has(id)) return false;
    return !state.types || state.types.has(n.type);
  }
  var visibleNodes = null;
  var visibleEdges = null;
  function compute() {
    var touched = new Set();
    visibleEdges = new Set();
    D.edges.forEach(function (e) {
      if (edgePasses(e) && typeOk(e.from) && typeOk(e.to)) {
        visibleEdges.add(e.id); touched.add(e.from); touched.add(e.to);
      }
    });
    var strict = edgeFilterActive();
    visibleNodes = new Set();
    D.nodes.forEach(function (n) {
      if (typeOk(n.id) && (!strict || touched.has(n.id) || n.id === D.focus || n.id === state.centre)) visibleNodes.add(n.id);
    });
  }
  compute();
  var nodesView = new vis.DataView(nodes, {filter: function (n) { return visibleNodes.has(n.id); }});
  var edgesView = new vis.DataView(edges, {filter: function (e) { return visibleEdges.has(e.id); }});

  var options = {
    autoResize: true,
    groups: groups,
    layout: {improvedLayout: false, randomSeed: 7},
    physics: C.physics ? {enabled: true, solver: "barnesHut",
                          barnesHut: {gravitationalConstant: -3000, springLength: 120, avoidOverlap: 0.2},
                          stabilization: {enabled: true, iterations: 150, updateInterval: 50, fit: true}}
                       : {enabled: false},
    nodes: {font: {size: 13, color: "#1d2330", strokeWidth: 3, strokeColor: "#ffffff"}},
    edges: {color: {color: "#9aa3b2", highlight: "#2459a6", hover: "#2459a6"}, arrows: "to", width: 3,
            smooth: C.fastEdges ? false : {enabled: false},
            font: {size: 10, color: "#4a5363", strokeWidth: 3, strokeColor: "#ffffff", align: "middle"},
            selectionWidth: 2, hoverWidth: 1.5},
    interaction: {hover: true, tooltipDelay: 120, hideEdgesOnDrag: C.fastEdges, hideEdgesOnZoom: C.fastEdges,
                  navigationButtons: false, keyboard: {enabled: true, bindToWindow: false}, multiselect: false}
  };
  var container = document.getElementById("canvas");
  performance.mark("aikg-data");
  var network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, options);
  performance.mark("aikg-network");
  if (C.physics) {
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: {enabled: false}}); });
  }
  network.once("afterDrawing", function () {
    performance.mark("aikg-drawn");
    window.aikgReady = performance.now();
    document.body.setAttribute("data-ready", "1");
  });

  // ---------------------------------------------------------------- hover cards (text only)
  var tip = document.getElementById("tip");
  function line(cls, text, tag) {
    var el = document.createElement(tag || "div");
    if (cls) el.className = cls;
    el.textContent = text;
    tip.appendChild(el);
    return el;
  }
  function clearTip() { while (tip.firstChild) tip.removeChild(tip.firstChild); }
  function placeTip(pointer) {
    var r = container.getBoundingClientRect();
    var x = r.left + pointer.x + 14, y = r.top + pointer.y + 14;
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 4) x = Math.max(4, window.innerWidth - w - 4);
    if (y + h > window.innerHeight - 4) y = Math.max(4, r.top + pointer.y - h - 10);
    tip.style.left = x + "px"; tip.style.top = y + "px";
  }
  function nodeCard(id) {
    var n = raw[id];
    clearTip();
    line("t", n.label);
    line("m", n.type);
    if (n.aliases.length) line("", "Also: " + n.aliases.join(", "));
    line("m", n.mentions + " article" + (n.mentions === 1 ? "" : "s") + " · " + n.out + " outgoing, " + n.in + " incoming relations");
  }
  function edgeCard(id) {
    var e = rawEdges[id];
    clearTip();
    var a = raw[e.from], b = raw[e.to];
    line("t", (a ? a.label : e.from) + " " + e.predicate + " " + (b ? b.label : e.to));
    line("m", "confidence " + e.confidence.toFixed(2) + " · " + e.n + " source" + (e.n === 1 ? "" : "s"));
    e.sources.forEach(function (s) {
      if (s.evidence) line("", "\u201c" + s.evidence + "\u201d", "blockquote");
      line("m", (s.title || "untitled article") + (s.date ? " \u2014 " + s.date : "") +
                (s.confidence != null ? " \u00b7 " + Number(s.confidence).toFixed(2) : ""));
    });
    if (e.n > e.sources.length) line("m", "and " + (e.n - e.sources.length) + " more");
  }
  network.on("hoverNode", function (p) { nodeCard(p.node); placeTip(p.pointer.DOM); });
  network.on("hoverEdge", function (p) { edgeCard(p.edge); placeTip(p.pointer.DOM); });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("blurEdge", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  // ---------------------------------------------------------------- navigation
  function entityUrl(id) {
    var n = raw[id];
    return n && n.link !== null ? C.linkBase + "/id/" + encodeURIComponent(n.link) : null;
  }
  function centreUrl(id) {
    var n = raw[id];
    if (!C.graphPath || !n || n.link === null) return null;
    return C.graphPath + "?focus=" + encodeURIComponent(n.link) + "&hops=" + encodeURIComponent(C.hops);
  }
  function go(url) { if (url) { if (C.compact) window.top.location.href = url; else window.location.href = url; } }
  function recentre(id) {
    var url = centreUrl(id);
    if (url) { go(url); return; }
    // standalone page: keep the nodes within C.hops of id
    var keep = new Set([id]), frontier = [id];
    for (var h = 0; h < C.hops; h++) {
      var next = [];
      D.edges.forEach(function (e) {
        if (frontier.indexOf(e.from) >= 0 && !keep.has(e.to)) { keep.add(e.to); next.push(e.to); }
        if (frontier.indexOf(e.to) >= 0 && !keep.has(e.from)) { keep.add(e.from); next.push(e.from); }
      });
      frontier = next;
    }
    state.centre = id; state.centreSet = keep;
    apply();
    network.fit({nodes: Array.from(visibleNodes), animation: false});
  }
  var clickTimer = null;
  network.on("click", function (p) {
    if (!p.nodes.length) return;
    var id = p.nodes[0];
    select(id);
    clearTimeout(clickTimer);
    clickTimer = setTimeout(function () { go(entityUrl(id)); }, 280);
  });
  network.on("doubleClick", function (p) {
    clearTimeout(clickTimer);
    if (p.nodes.length) recentre(p.nodes[0]);
  });

  // ---------------------------------------------------------------- selection panel
  var selBox = document.getElementById("selection");
  function select(id) {
    if (!selBox) return;
    var n = raw[id];
    selBox.hidden = false;
    document.getElementById("sel-label").textContent = n.label;
    document.getElementById("sel-meta").textContent = n.type + " \u00b7 " + n.mentions + " articles \u00b7 " + (n.in + n.out) + " relations";
    var open = document.getElementById("sel-open"), centre = document.getElementById("sel-centre");
    var u = entityUrl(id);
    open.hidden = !u; if (u) open.href = u;
    var c = centreUrl(id);
    centre.href = c || "#";
    centre.onclick = c ? null : function (ev) { ev.preventDefault(); recentre(id); };
  }

  // ---------------------------------------------------------------- filters
  var filterBox = document.getElementById("filters");
  if (filterBox && window.matchMedia && window.matchMedia("(max-width: 700px)").matches) filterBox.open = false;
  var status = document.getElementById("visible");
  function apply() {
    compute();
    nodesView.refresh();
    edgesView.refresh();
    if (status) status.textContent = "Showing " + visibleNodes.size + " of " + D.nodes.length + " entities, " +
                                     visibleEdges.size + " of " + D.edges.length + " relations.";
  }
  function readFilters() {
    var t = allOf("type"), p = allOf("predicate");
    state.types = t.size === D.types.length ? null : t;
    state.preds = p.size === D.predicates.length ? null : p;
    var s = document.getElementById("since"), u = document.getElementById("until"), m = document.getElementById("minconf");
    state.since = s ? s.value : ""; state.until = u ? u.value : "";
    state.minConf = m ? parseFloat(m.value) || 0 : 0;
    var out = document.getElementById("minconf-out");
    if (out) out.textContent = state.minConf.toFixed(2);
    apply();
  }
  ["f-types", "f-predicates", "f-dates", "f-confidence"].forEach(function (fid) {
    var f = document.getElementById(fid);
    if (f) { f.addEventListener("change", readFilters); f.addEventListener("input", readFilters); }
  });
  var reset = document.getElementById("reset");
  if (reset) reset.addEventListener("click", function () {
    document.querySelectorAll("aside.panel input[type=checkbox]").forEach(function (i) { i.checked = true; });
    ["since", "until"].forEach(function (i) { document.getElementById(i).value = ""; });
    document.getElementById("minconf").value = "0";
    state.centre = null; state.centreSet = null;
    readFilters();
  });

  // ---------------------------------------------------------------- search
  var names = document.getElementById("names");
  if (names) {
    var seen = new Set();
    D.nodes.slice().sort(function (a, b) { return b.rank - a.rank; }).forEach(function (n) {
      if (seen.has(n.label)) return;
      seen.add(n.label);
      var o = document.createElement("option");
      o.value = n.label;
      names.appendChild(o);
    });
  }
  function find(q) {
    q = (q || "").trim().toLowerCase();
    if (!q) return null;
    var best = null, bestScore = 0;
    D.nodes.forEach(function (n) {
      var score = 0;
      [n.label].concat(n.aliases).forEach(function (name, i) {
        var s = name.toLowerCase();
        var v = s === q ? 4 : s.indexOf(q) === 0 ? 3 : s.indexOf(q) >= 0 ? 2 : 0;
        if (v && i > 0) v -= 0.5;
        if (v > score) score = v;
      });
      if (n.id.toLowerCase() === q) score = Math.max(score, 4);
      if (score && visibleNodes.has(n.id)) score += 0.25;
      if (score > bestScore || (score === bestScore && score && n.rank > best.rank)) { best = n; bestScore = score; }
    });
    return best;
  }
  function focusNode(q) {
    var n = find(q);
    var msg = document.getElementById("search-status");
    if (!n) { if (msg) msg.textContent = "No entity matches \u201c" + q + "\u201d."; return null; }
    if (!visibleNodes.has(n.id)) { if (msg) msg.textContent = n.label + " is hidden by the filters."; return null; }
    network.selectNodes([n.id]);
    network.focus(n.id, {scale: 1.4, animation: false});
    select(n.id);
    if (msg) msg.textContent = "Found " + n.label + " (" + n.type + ").";
    window.aikg.focused = n.id;
    return n.id;
  }
  var form = document.getElementById("search");
  if (form) form.addEventListener("submit", function (ev) { ev.preventDefault(); focusNode(document.getElementById("q").value); });

  if (D.focus && raw[D.focus] && !C.physics) network.once("afterDrawing", function () { network.selectNodes([D.focus]); });
  apply();
  window.aikg = {network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
                 focusNode: focusNode, apply: readFilters, recentre: recentre, focused: null,
                 visibleCount: function () { return nodesView.length; }};
})();
</script>
</body>
</html>
"""
