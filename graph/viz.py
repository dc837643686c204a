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
- the layout is computed in :mod:`aikg.graph.layout` with numpy (Fruchterman-Reingold with sampled
  repulsion, so it stays fast for thousands of nodes) and physics is switched off above ``PHYSICS_MAX_NODES``, so large graphs
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
import orjson
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from .layout import importance, layout
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


def _asset(name: str) -> str:
    return (resources.files("aikg.graph") / "templates" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> Any:
    """The page (graph/templates/graph.html); its stylesheet and script (graph.css, graph.js beside it) go
    in inline, as they are: the page is one self-contained file."""
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_asset("graph.html")), Markup(_asset("graph.css")), Markup(_asset("graph.js"))


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
    template, css, script = _template()
    return str(
        template.render(
            css=css,
            script=script,
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
