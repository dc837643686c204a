"""The change log: every fact and quote a write added or removed, in order, kept in the store itself.

Each article write (new, replaced, deleted) and each structured import records, **in the same
transaction as the write**, one entry per fact (``subject predicate object``, a relation of the
ontology) and per quote (speaker and text) that it added or removed, each with its source (the graph
it is in: the article). Entries are numbered 1, 2, 3, … without gaps (the number is the cursor), so a
reader asks for what came after the last number it saw, page by page, across restarts of the server.

Entries live in the named graph :data:`CHANGES_GRAPH`, as ``<https://w3id.org/aikg/change/N>`` with
``ops:op`` ("added"/"removed"), ``ops:subject``, ``ops:predicate``, ``ops:object``, ``ops:source``
(IRIs written as plain literals, so they never look like links to entity pages) and ``ops:at``.
Raw RDF loads and SPARQL updates (``aikg load``, ``POST /sparql/update``) bypass the log.

Numbers are handed out by the one process that writes to a store (an embedded store allows only one);
two processes writing to one remote store at the same moment could both take a number (docs/feeds.md).

>>> from pyoxigraph import NamedNode, Quad
>>> from aikg.graph.store import open_store
>>> store = open_store("memory")
>>> log = ChangeLog(store)
>>> g, p = "https://w3id.org/aikg/article/a1", "https://w3id.org/aikg/ontology#builds"
>>> fact = Quad(NamedNode("https://w3id.org/aikg/id/openai"), NamedNode(p), NamedNode("https://w3id.org/aikg/id/gpt-4o"), NamedNode(g))
>>> with log.recording([], entries_from_quads([fact])) as extra:
...     store.replace_graphs([g], [fact, *extra])
>>> with log.recording([g], []) as extra:  # the article is deleted
...     store.replace_graphs([g], extra)
>>> [(c.seq, c.op, c.entry.object.rsplit("/", 1)[-1]) for c in log.page(0, 10).items]
[(1, 'added', 'gpt-4o'), (2, 'removed', 'gpt-4o')]
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, serialize

from aikg.ontology import AIKG, NS, PREDICATES

from .store import OxigraphStore, RemoteStore

__all__ = [
    "CHANGES_GRAPH",
    "CHANGE_BASE",
    "OPS",
    "Entry",
    "Change",
    "ChangePage",
    "ChangeLog",
    "JournaledStore",
    "entries_from_quads",
    "stored_entries",
    "value_of",
    "nquads_bytes",
    "page_json",
    "page_atom",
]

#: The named graph holding the change log.
CHANGES_GRAPH = "https://w3id.org/aikg/graph/changes"
#: Change entries are ``CHANGE_BASE + str(number)``.
CHANGE_BASE = "https://w3id.org/aikg/change/"
#: Vocabulary of aikg's operational records (change log, crawl state); see docs/feeds.md.
OPS = "https://w3id.org/aikg/ops#"

_FACT_PREDICATES = frozenset(AIKG.term(p) for p in PREDICATES)
_SAYS, _TEXT = AIKG.says, NS["schema"].text
_DATETIME = NamedNode(NS["xsd"].dateTime)
_G = NamedNode(CHANGES_GRAPH)
_P = {k: NamedNode(OPS + k) for k in ("op", "subject", "predicate", "object", "source", "at")}


@dataclass(frozen=True, order=True)
class Entry:
    """One fact or quote as it stands in one source graph. For a quote: the speaker ``aikg:says`` the text."""

    source: str
    kind: str  # "fact" | "quote"
    subject: str
    predicate: str
    object: str


@dataclass(frozen=True)
class Change:
    """Entry number ``seq``: ``entry`` was ``op`` ("added" or "removed") at ``at`` (ISO 8601, UTC)."""

    seq: int
    op: str
    entry: Entry
    at: str


@dataclass
class ChangePage:
    """The changes after ``since``, at most a page of them; ``next`` is the cursor to ask with next
    (``last`` is the newest number there is: more remain while ``next < last``)."""

    since: int
    next: int
    last: int
    items: list[Change] = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.next < self.last


def entries_from_quads(quads: Iterable[Quad]) -> list[Entry]:
    """The facts and quotes among ``quads`` (in named graphs), in the order they appear, without repeats."""
    facts: dict[Entry, None] = {}
    says: list[tuple[str, str, str]] = []
    texts: dict[tuple[str, str], str] = {}
    for q in quads:
        g = q.graph_name
        if not isinstance(g, NamedNode):
            continue
        p = q.predicate.value
        if p in _FACT_PREDICATES and isinstance(q.object, NamedNode):
            facts[Entry(g.value, "fact", value_of(q.subject), p, q.object.value)] = None
        elif p == _SAYS:
            says.append((g.value, value_of(q.subject), value_of(q.object)))
        elif p == _TEXT and isinstance(q.object, Literal):
            texts[(g.value, value_of(q.subject))] = q.object.value
    for g_, speaker, quote in says:
        text = texts.get((g_, quote))
        if text is not None:
            facts[Entry(g_, "quote", speaker, _SAYS, text)] = None
    return list(facts)


def value_of(term: Any) -> str:
    """The lexical value of a term from a query row (an IRI without brackets, a literal's text)."""
    return str(getattr(term, "value", term))


def stored_entries(store: OxigraphStore | RemoteStore, graphs: Sequence[str]) -> set[Entry]:
    """The facts and quotes the store holds in ``graphs`` now."""
    out: set[Entry] = set()
    preds = " ".join(f"<{p}>" for p in sorted(_FACT_PREDICATES))
    for i in range(0, len(graphs), 200):
        values = " ".join(f"<{NamedNode(g).value}>" for g in graphs[i : i + 200])  # NamedNode checks the IRI
        rows = store.select(f"SELECT ?g ?s ?p ?o WHERE {{ VALUES ?g {{ {values} }} VALUES ?p {{ {preds} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        out.update(Entry(value_of(r["g"]), "fact", value_of(r["s"]), value_of(r["p"]), value_of(r["o"])) for r in rows)
        rows = store.select(f"SELECT ?g ?s ?t WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s aikg:says ?q . ?q schema:text ?t }} }}")
        out.update(Entry(value_of(r["g"]), "quote", value_of(r["s"]), _SAYS, value_of(r["t"])) for r in rows)
    return out


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class ChangeLog:
    """Numbers and records the changes of writes (see the module docstring). Thread-safe: ``lock``
    serialises writes that record (callers may hold it around a whole write, it is re-entrant)."""

    def __init__(self, store: OxigraphStore | RemoteStore, enabled: bool = True) -> None:
        self.store = store
        self.enabled = enabled
        self.lock = threading.RLock()
        self._last: int | None = None

    # ------------------------------------------------------------------ numbering
    def _exists(self, n: int) -> bool:
        return n <= 0 or self.store.ask(f"ASK {{ GRAPH <{CHANGES_GRAPH}> {{ <{CHANGE_BASE}{n}> <{OPS}op> ?o }} }}")

    def last(self) -> int:
        """The newest entry's number (0: none). Probes the store from the last number known, so entries
        written by another process to a shared remote store are found too."""
        lo = self._last or 0
        step, hi = 1, lo + 1
        while self._exists(hi):
            lo, step = hi, step * 2
            hi = lo + step
        while hi - lo > 1:
            mid = (lo + hi) // 2
            lo, hi = (mid, hi) if self._exists(mid) else (lo, mid)
        self._last = lo
        return lo

    # ------------------------------------------------------------------ writing
    @contextmanager
    def recording(self, dropped: Sequence[str], added: Iterable[Entry]) -> Iterator[list[Quad]]:
        """Around one write that drops the graphs ``dropped`` and writes the facts and quotes ``added``:
        yields the quads to write along with it (in the same transaction) that record what was removed
        and what was added. The numbers count as used only when the block ends without an exception.
        Holds ``lock`` throughout, so the diff and the numbering cannot interleave with another write."""
        with self.lock:
            new = list(dict.fromkeys(added))
            old = stored_entries(self.store, dropped) if dropped and self.enabled else set()
            kept = set(new) & old
            with self.logging(sorted(old - kept), [e for e in new if e not in kept]) as quads:
                yield quads

    @contextmanager
    def logging(self, removed: Iterable[Entry], added: Iterable[Entry]) -> Iterator[list[Quad]]:
        """Around one write known to remove ``removed`` and add ``added`` (removals logged first): yields
        the quads that record them, to write in the same transaction; numbers used only on success."""
        with self.lock:
            if not self.enabled:
                yield []
                return
            changes = [("removed", e) for e in removed] + [("added", e) for e in added]
            start = self.last() + 1
            at = Literal(_now(), datatype=_DATETIME)
            quads: list[Quad] = []
            for i, (op, e) in enumerate(changes):
                node = NamedNode(f"{CHANGE_BASE}{start + i}")
                quads += [
                    Quad(node, _P["op"], Literal(op), _G),
                    Quad(node, _P["subject"], Literal(e.subject), _G),
                    Quad(node, _P["predicate"], Literal(e.predicate), _G),
                    Quad(node, _P["object"], Literal(e.object), _G),
                    Quad(node, _P["source"], Literal(e.source), _G),
                    Quad(node, _P["at"], at, _G),
                ]
            yield quads
            self._last = start - 1 + len(changes)

    # ------------------------------------------------------------------ reading
    def page(self, since: int, limit: int = 100) -> ChangePage:
        """The changes numbered above ``since``, oldest first, at most ``limit`` of them."""
        since = max(0, int(since))
        limit = max(1, int(limit))
        last = self.last()
        page = ChangePage(since, min(since + limit, last) if since < last else since, last)
        if page.next <= since:
            return page
        values = " ".join(f"<{CHANGE_BASE}{n}>" for n in range(since + 1, page.next + 1))
        rows = self.store.select(
            f"SELECT ?c ?op ?s ?p ?o ?src ?at WHERE {{ VALUES ?c {{ {values} }} GRAPH <{CHANGES_GRAPH}> {{ "
            f"?c <{OPS}op> ?op ; <{OPS}subject> ?s ; <{OPS}predicate> ?p ; <{OPS}object> ?o ; <{OPS}source> ?src ; <{OPS}at> ?at }} }}"
        )
        for r in rows:
            v = {k: value_of(t) for k, t in r.items()}
            kind = "quote" if v["p"] == _SAYS else "fact"
            seq = int(v["c"][len(CHANGE_BASE) :])
            page.items.append(Change(seq, v["op"], Entry(v["src"], kind, v["s"], v["p"], v["o"]), v["at"]))
        page.items.sort(key=lambda c: c.seq)
        return page

    def latest(self, limit: int = 100) -> ChangePage:
        """The newest ``limit`` changes (oldest of them first)."""
        return self.page(max(0, self.last() - limit), limit)


class JournaledStore:
    """A store whose ``replace_graphs`` records its changes in ``log`` (for writers that know nothing of
    the log, such as the structured importers); everything else is the store's own."""

    def __init__(self, store: OxigraphStore | RemoteStore, log: ChangeLog) -> None:
        self._store = store
        self._log = log

    def replace_graphs(self, graphs: Sequence[str], quads: Sequence[Quad]) -> None:
        with self._log.recording(graphs, entries_from_quads(quads)) as extra:
            self._store.replace_graphs(graphs, [*quads, *extra])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def nquads_bytes(quads: Sequence[Quad]) -> bytes:
    """Quads as N-Quads bytes (for the bulk loader)."""
    return (serialize(quads, format=RdfFormat.N_QUADS) or b"") if quads else b""


# ----------------------------------------------------------------------------- rendering
_Labels = Callable[[str], "dict[str, Any]"]


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def page_json(page: ChangePage, ref: _Labels, source: _Labels) -> dict[str, Any]:
    """The JSON body of ``/api/changes``: ``ref(iri)`` describes an entity, ``source(iri)`` an article."""
    items = []
    for c in page.items:
        e = c.entry
        item: dict[str, Any] = {"cursor": str(c.seq), "op": c.op, "kind": e.kind, "at": c.at}
        if e.kind == "quote":
            item.update(speaker=ref(e.subject), text=e.object)
        else:
            item.update(subject=ref(e.subject), predicate=_local(e.predicate), object=ref(e.object))
        item["source"] = source(e.source)
        items.append(item)
    return {"items": items, "since": str(page.since), "next": str(page.next), "last": str(page.last), "more": page.more}


def _summary(c: Change, label: Callable[[str], str]) -> str:
    e = c.entry
    if e.kind == "quote":
        return f"{c.op} quote: {label(e.subject)}: “{e.object}”"
    return f"{c.op}: {label(e.subject)} {_local(e.predicate)} {label(e.object)}"


def page_atom(page: ChangePage, feed_url: str, label: Callable[[str], str], link: Callable[[str], str]) -> bytes:
    """The page as an Atom feed (RFC 4287): one entry per change, oldest first, ``rel="next"`` to the next
    page while there is more. ``label(iri)`` names an entity, ``link(iri)`` is the address of a source."""
    base = feed_url.split("?", 1)[0]
    updated = page.items[-1].at if page.items else _now()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<title>aikg: facts and quotes added and removed</title>",
        f"<id>{escape(base)}</id>",
        f"<updated>{escape(updated)}</updated>",
        "<author><name>aikg</name></author>",
        f'<link rel="self" href="{escape(feed_url, {chr(34): "&quot;"})}"/>',
    ]
    if page.more:
        out.append(f'<link rel="next" href="{escape(base)}?since={page.next}"/>')
    for c in page.items:
        title = _summary(c, label)
        out += [
            "<entry>",
            f"<id>{CHANGE_BASE}{c.seq}</id>",
            f"<title>{escape(title)}</title>",
            f"<updated>{escape(c.at)}</updated>",
            f'<category term="{c.op}"/><category term="{c.entry.kind}"/>',
            f'<link rel="via" href="{escape(link(c.entry.source), {chr(34): "&quot;"})}"/>',
            f"<content type=\"text\">{escape(title)} (source: {escape(link(c.entry.source))})</content>",
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out).encode("utf-8")
