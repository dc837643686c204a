"""The explorer's HTML pages: home, search, the interactive graph, and the entity and article pages.

``GET /``, ``GET /search`` and ``GET /graph`` are registered here. The entity and article pages are
served by the linked-data routes (``GET /id/{slug}``, ``GET /article/{id}``), which negotiate the format
and call :func:`entity_page` / :func:`article_page` for ``text/html``.

Everything shown comes from untrusted articles: the templates autoescape, the graph page passes its
data as escaped JSON and writes it with ``textContent``, and every page is sent with a
Content-Security-Policy that allows only the page's own scripts (by nonce) and same-origin requests.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Query, Request
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pyoxigraph import NamedNode
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from aikg.graph import KnowledgeGraph, NotFound, queries
from aikg.graph.read.models import ArticleDetail
from aikg.graph.viz import TYPE_STYLES, render_graph, vis_js
from aikg.ontology import ENTITY_BASE, ENTITY_TYPES, PREDICATES

__all__ = ["router", "register", "entity_page", "article_page", "graph_page", "home", "search", "templates", "vis_asset", "render_page"]

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
router = APIRouter(tags=["explorer"], include_in_schema=False)

_CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)
_NONCE_SLOT = secrets.token_hex(12)  # stands in for the per-response nonce in cached graph pages

_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True)
_env.globals["type_styles"] = TYPE_STYLES
_env.filters["urlpart"] = lambda s: quote(str(s), safe="")


def _web_url(value: Any) -> str:
    """An external link target: http(s) URLs only (a stored IRI could say ``javascript:``)."""
    text = str(value or "").strip()
    return text if re.match(r"https?://", text, re.I) else "#"


_env.filters["web_url"] = _web_url
templates = _env


def render_page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    body = _env.get_template(name).render(nonce=nonce, path=request.url.path, **context)
    return HTMLResponse(body, status_code=status, headers=_headers(nonce))


def _headers(nonce: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": _CSP.format(nonce=nonce),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Vary": "Accept",
    }


def _kg(request: Request) -> KnowledgeGraph:
    kg: KnowledgeGraph = request.app.state.kg
    return kg


def _max_nodes(request: Request) -> int:
    return int(getattr(request.app.state.settings, "viz_max_nodes", 2000) or 2000)


def _csv(value: str | None, allowed: tuple[str, ...]) -> list[str]:
    if not value:
        return []
    wanted = {v.strip().lower() for v in value.split(",") if v.strip()}
    return [a for a in allowed if a.lower() in wanted]


# ============================================================================ home and search
@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    kg = _kg(request)
    st = queries.stats(kg)
    g = kg.projection()
    top = sorted(g.nodes, key=lambda n: (-g.degree(n), str(n)))[:15]
    connected = [
        {"slug": n, "label": g.nodes[n].get("label", n), "type": g.nodes[n].get("type"), "degree": g.degree(n),
         "link": "://" not in str(n)}
        for n in top
    ]
    latest = kg.articles(limit=10).items
    return render_page(request, "home.html", stats=st, connected=connected, latest=latest,
                 types=[t for t in ENTITY_TYPES if st.entities.get(t)])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Annotated[str, Query(max_length=200)] = "",
           type: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    kg = _kg(request)
    q = q.strip()
    t = type if type in ENTITY_TYPES else None
    if q and t is None:
        slug = kg.resolve_entity(q)
        if slug is not None:
            return RedirectResponse(f"/id/{quote(slug, safe='')}", status_code=303)
    hits = kg.search_entities(q or None, type=t, limit=50) if (q or t) else None
    return render_page(request, "search.html", q=q, type=t, hits=hits, types=ENTITY_TYPES)


# ============================================================================ graph
@router.get("/explorer/vis-network.min.js")
def vis_asset() -> Response:
    return Response(vis_js(), media_type="text/javascript; charset=utf-8",
                    headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"})


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    request: Request,
    focus: Annotated[str | None, Query(max_length=300, description="Slug or name of the entity to centre on.")] = None,
    hops: Annotated[int, Query(description="1 to 3.")] = 1,
    types: Annotated[str | None, Query(max_length=300, description="Comma-separated entity types to keep.")] = None,
    predicates: Annotated[str | None, Query(max_length=500, description="Comma-separated relations to keep.")] = None,
    embed: Annotated[bool, Query(description="Compact page for embedding.")] = False,
) -> Response:
    kg = _kg(request)
    hops = min(3, max(1, hops))
    slug = None
    if focus:
        slug = kg.resolve_entity(focus.strip())
        if slug is None or slug not in kg.projection():
            return _not_found(request, "entity", focus, kg.suggest_entities(focus.strip()))
    type_list = _csv(types, ENTITY_TYPES)
    pred_list = _csv(predicates, PREDICATES)
    limit = _max_nodes(request)

    def compute() -> str:
        return render_graph(
            kg.projection(), slug, hops, types=type_list, predicates=pred_list, max_nodes=limit,
            inline_vis=False, link_base="", graph_path="/graph", home=None if embed else "/", compact=embed,
            nonce=_NONCE_SLOT, csp_meta=False,
            **({} if slug else {"title": "The whole graph · aikg", "heading": "The whole graph"}),
        )

    page = kg.cached(("viz-page", slug, hops, tuple(type_list), tuple(pred_list), embed, limit), compute)
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(page.replace(_NONCE_SLOT, nonce), headers=_headers(nonce))


# ============================================================================ entity page
@dataclass
class _Bar:
    label: str
    count: int
    x: float
    y: float
    w: float
    h: float


@dataclass
class _Timeline:
    bars: list[_Bar] = field(default_factory=list)
    width: int = 600
    height: int = 90
    first: str = ""
    last: str = ""
    peak: int = 0
    undated: int = 0


_MENTION_DATES = """SELECT ?date (COUNT(DISTINCT ?g) AS ?n) WHERE {
  GRAPH ?g { ?g aikg:mentions $e . OPTIONAL { ?g dcterms:date ?date } }
} GROUP BY ?date"""


def _timeline(kg: KnowledgeGraph, iri: str) -> _Timeline:
    """Articles mentioning the entity per month, as bars of an inline SVG chart."""
    months: Counter[str] = Counter()
    undated = 0
    for row in kg.select(_MENTION_DATES, e=NamedNode(iri)):
        n = int(row["n"].value)
        d = row.get("date")
        if d is None or not re.match(r"\d{4}-\d{2}", d.value):
            undated += n
        else:
            months[d.value[:7]] += n
    tl = _Timeline(undated=undated)
    if not months:
        return tl
    first, last = min(months), max(months)
    y0, m0 = int(first[:4]), int(first[5:7])
    y1, m1 = int(last[:4]), int(last[5:7])
    span = (y1 - y0) * 12 + (m1 - m0) + 1
    if span > 120:  # more than ten years: bucket by year
        keys = [str(y) for y in range(y0, y1 + 1)]
        counts: Counter[str] = Counter()
        for k, v in months.items():
            counts[k[:4]] += v
    else:
        keys = [f"{y0 + (m0 - 1 + i) // 12:04d}-{(m0 - 1 + i) % 12 + 1:02d}" for i in range(span)]
        counts = months
    peak = max(counts.values())
    slot = tl.width / len(keys)
    plot_h = tl.height - 20
    for i, k in enumerate(keys):
        c = counts.get(k, 0)
        h = 0.0 if c == 0 else max(2.0, plot_h * c / peak)
        tl.bars.append(_Bar(k, c, round(i * slot + slot * 0.1, 1), round(plot_h - h, 1), round(max(1.0, slot * 0.8), 1), round(h, 1)))
    tl.first, tl.last, tl.peak = keys[0], keys[-1], peak
    return tl


def _entity_context(kg: KnowledgeGraph, slug: str) -> dict[str, Any]:
    detail = kg.entity(slug)
    wikidata = [s for s in detail.same_as if "wikidata.org/" in s]
    other_same = [s for s in detail.same_as if s not in wikidata]
    timeline = _timeline(kg, ENTITY_BASE + slug)
    g = kg.projection()
    neighbours = g.degree(slug) if slug in g else 0
    return {"e": detail, "wikidata": wikidata, "same_as": other_same, "timeline": timeline, "neighbours": neighbours}


async def entity_page(request: Request, slug: str) -> Response:
    """The HTML page of an entity (called by ``GET /id/{slug}`` for ``text/html``)."""
    kg = _kg(request)
    try:
        ctx = await run_in_threadpool(_entity_context, kg, slug)
    except NotFound as exc:
        return _not_found(request, "entity", slug, exc.suggestions)
    return render_page(request, "entity.html", **ctx)


# ============================================================================ article page
@dataclass
class _Segment:
    text: str
    href: str | None = None
    entity: str | None = None
    etype: str | None = None
    facts: list[int] = field(default_factory=list)
    quote: bool = False
    anchor: str | None = None


def _mention_spans(text: str, names: list[tuple[str, str, str, str | None]]) -> list[tuple[int, int, str, str, str | None]]:
    """Non-overlapping (start, end, slug, label, type) spans where an entity's name occurs, longest names first."""
    taken = [False] * len(text)
    spans = []
    for name, slug, label, etype in sorted(names, key=lambda n: -len(n[0])):
        if len(name) < 2:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            for i in range(s, e):
                taken[i] = True
            spans.append((s, e, slug, label, etype))
    return sorted(spans)


def _segments(text: str, detail: ArticleDetail, aliases: dict[str, list[str]]) -> tuple[list[_Segment], dict[int, str]]:
    """The article text cut where a mention, an evidence span or a quote begins or ends."""
    n = len(text)
    names = []
    refs = {r.slug: r for r in detail.entities}
    for f in detail.facts:
        refs.setdefault(f.subject.slug, f.subject)
        refs.setdefault(f.object.slug, f.object)
    for slug, ref in refs.items():
        if not slug or "://" in slug or "#" in slug:
            continue
        for name in {ref.label, *aliases.get(slug, [])}:
            names.append((name, slug, ref.label, ref.type))
    mentions = _mention_spans(text, names)
    evidence = [
        (i, f.char_start, f.char_end) for i, f in enumerate(detail.facts)
        if f.char_start is not None and f.char_end is not None and 0 <= f.char_start < f.char_end <= n
    ]
    quotes = [(q.char_start, q.char_end) for q in detail.quotes
              if q.char_start is not None and q.char_end is not None and 0 <= q.char_start < q.char_end <= n]
    cuts = {0, n}
    for s, e, *_ in mentions:
        cuts |= {s, e}
    for _, s, e in evidence:
        cuts |= {s, e}
    for s, e in quotes:
        cuts |= {s, e}
    bounds = sorted(cuts)
    segments = []
    mi = 0
    anchors = {i: f"ev-{s}" for i, s, _ in evidence}
    starts = {s for _, s, _ in evidence}
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a >= b:
            continue
        seg = _Segment(text[a:b])
        while mi < len(mentions) and mentions[mi][1] <= a:
            mi += 1
        if mi < len(mentions) and mentions[mi][0] <= a and b <= mentions[mi][1]:
            _, _, slug, label, etype = mentions[mi]
            seg.href, seg.entity, seg.etype = f"/id/{quote(slug, safe='')}", label, etype
        seg.facts = [i for i, s, e in evidence if s <= a and b <= e]
        seg.quote = any(s <= a and b <= e for s, e in quotes)
        if a in starts:
            seg.anchor = f"ev-{a}"
        segments.append(seg)
    return segments, anchors


def _article_context(kg: KnowledgeGraph, article_id: str) -> dict[str, Any]:
    detail = kg.article(article_id)
    g = kg.projection()
    aliases = {n: list(g.nodes[n].get("aliases") or []) for n in (r.slug for r in detail.entities) if n in g}
    for f in detail.facts:
        for r in (f.subject, f.object):
            if r.slug in g:
                aliases.setdefault(r.slug, list(g.nodes[r.slug].get("aliases") or []))
    segments, anchors = _segments(detail.text or "", detail, aliases)
    return {"a": detail, "segments": segments, "anchors": anchors}


async def article_page(request: Request, article_id: str) -> Response:
    """The HTML page of an article (called by ``GET /article/{id}`` for ``text/html``)."""
    kg = _kg(request)
    try:
        ctx = await run_in_threadpool(_article_context, kg, article_id)
    except NotFound:
        return _not_found(request, "article", article_id, [])
    return render_page(request, "article.html", **ctx)


def _not_found(request: Request, what: str, key: str, suggestions: list[Any]) -> HTMLResponse:
    return render_page(request, "notfound.html", status=404, what=what, key=key, suggestions=suggestions)


def register(app: FastAPI) -> None:
    app.include_router(router)
