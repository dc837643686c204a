"""Dependencies (what an entity relies on, transitively) and hedging (builds its own model, relies on someone else's)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .common import DEPENDENCY_PREDICATES, ORG_TYPES, check_node, fact, in_edges, node_ref, out_edges, step

__all__ = ["dependencies", "relied_on", "hedging"]


def dependencies(g: nx.MultiDiGraph, entity: str, direction: str = "upstream", max_depth: int = 6) -> dict[str, Any]:
    """What ``entity`` depends on (``upstream``), or what depends on it (``downstream``), transitively.

    Dependencies follow ``uses``, ``trainedOn``, ``basedOn`` and ``dependsOn`` (subject depends on
    object): a tool uses a model, the model is based on another and trained on a dataset. A company
    depends on what it uses itself and on what the tools it ``develops`` use; downstream, the company
    that develops an affected tool is affected too ('what breaks if GPT-4 goes away').

    Returns ``{"entity", "direction", "items"}``; each item is an entity with ``depth`` (1 = direct)
    and ``path``, the steps from ``entity`` to it (as in :func:`connections`) with their sources.
    Items are ordered by depth, then label. Raises ``KeyError`` for an unknown slug and
    ``ValueError`` for a bad direction.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("acme", "app", key="develops", predicate="develops", sources=[])
    >>> _ = g.add_edge("app", "m2", key="uses", predicate="uses", sources=[])
    >>> _ = g.add_edge("m2", "m1", key="basedOn", predicate="basedOn", sources=[])
    >>> _ = g.add_edge("m1", "web", key="trainedOn", predicate="trainedOn", sources=[])
    >>> for n in g: g.nodes[n].update(label=n, type={"acme": "Company", "app": "Tool", "web": "Dataset"}.get(n, "Model"))
    >>> [(i["slug"], i["depth"]) for i in dependencies(g, "app")["items"]]
    [('m2', 1), ('m1', 2), ('web', 3)]
    >>> [(i["slug"], i["depth"]) for i in dependencies(g, "acme")["items"]]
    [('m2', 1), ('m1', 2), ('web', 3)]
    >>> [(i["slug"], i["depth"]) for i in dependencies(g, "m1", "downstream")["items"]]
    [('m2', 1), ('acme', 2), ('app', 2)]
    """
    check_node(g, entity)
    if direction not in ("upstream", "downstream"):
        raise ValueError("direction must be 'upstream' or 'downstream'")
    up = direction == "upstream"

    def org(n: str) -> bool:
        return g.nodes[n].get("type") in ORG_TYPES

    # breadth first; 'develops' hops (company -> its tool, or tool -> its developer) add no depth
    paths: dict[str, list[dict[str, Any]]] = {entity: []}
    depth: dict[str, int] = {entity: 0}
    frontier = [entity]
    if up and org(entity):
        for tool, _ in sorted(out_edges(g, entity, ("develops",))):
            if tool not in paths:
                paths[tool] = [step(g, entity, tool)]
                depth[tool] = 0
                frontier.append(tool)
    tools_of_root = set(frontier) - {entity}
    for d in range(1, max_depth + 1):
        nxt: list[str] = []
        for n in frontier:
            nbrs = sorted(out_edges(g, n, DEPENDENCY_PREDICATES) if up else in_edges(g, n, DEPENDENCY_PREDICATES))
            for m, _ in nbrs:
                if m in paths:
                    continue
                paths[m] = paths[n] + [step(g, n, m)]
                depth[m] = d
                nxt.append(m)
                if not up and not org(m):  # the developer of an affected tool is affected too
                    for dev, _ in sorted(in_edges(g, m, ("develops",))):
                        if dev not in paths:
                            paths[dev] = paths[m] + [step(g, m, dev)]
                            depth[dev] = d
                            nxt.append(dev)
        frontier = nxt
        if not frontier:
            break
    items = [
        {**node_ref(g, n), "depth": depth[n], "path": p}
        for n, p in paths.items()
        if n != entity and n not in tools_of_root
    ]
    items.sort(key=lambda i: (i["depth"], str(i["label"]).lower(), i["slug"]))
    return {"entity": node_ref(g, entity), "direction": direction, "items": items}


# --------------------------------------------------------------------------- hedging
def _builders(g: nx.MultiDiGraph, model: str) -> list[str]:
    return sorted({s for s, _ in in_edges(g, model, ("builds",))})


def relied_on(g: nx.MultiDiGraph, org: str) -> list[dict[str, Any]]:
    """The models an organisation relies on: those it uses and those its tools use (develops → uses).

    Each: ``model``, ``via`` (the tool, or None when the organisation uses it itself) and ``facts``
    (the ``develops``/``uses`` edges with their sources).
    """
    out = []
    for m, _ in sorted(out_edges(g, org, ("uses",))):
        out.append({"model": m, "via": None, "facts": [fact(g, org, m, "uses")]})
    for tool, _ in sorted(out_edges(g, org, ("develops",))):
        for m, _ in sorted(out_edges(g, tool, ("uses",))):
            out.append({"model": m, "via": tool, "facts": [fact(g, org, tool, "develops"), fact(g, tool, m, "uses")]})
    return out


def hedging(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Organisations that hedge: they build their own model and also rely on a model built by someone else.

    ``hedgers``: one entry per such organisation, with ``own`` (models it builds, each with the
    ``builds`` evidence) and ``external`` (models it uses, itself or through a tool it develops, that
    another organisation builds and it does not: ``model``, ``providers``, ``via``, and the facts
    behind both sides: its ``uses`` (and ``develops``) facts and the provider's ``builds`` facts).

    ``rival_pairs``: for every organisation relying on models from two or more providers (itself
    included when it uses its own model or builds one), each pair of providers, with the models on
    each side and ``competes`` (the ``competesWith`` facts between the providers, if the news says so).

    >>> g = nx.MultiDiGraph()
    >>> for s, p, o in [("meta", "builds", "llama"), ("openai", "builds", "gpt-4"),
    ...                 ("meta", "develops", "metamate"), ("metamate", "uses", "gpt-4")]:
    ...     _ = g.add_edge(s, o, key=p, predicate=p, sources=[])
    >>> for n, t in [("meta", "Company"), ("openai", "Company"), ("llama", "Model"), ("gpt-4", "Model"), ("metamate", "Tool")]:
    ...     g.nodes[n].update(type=t, label=n)
    >>> h = hedging(g)["hedgers"][0]
    >>> (h["slug"], [o["model"]["slug"] for o in h["own"]], [(e["model"]["slug"], e["via"]["slug"]) for e in h["external"]])
    ('meta', ['llama'], [('gpt-4', 'metamate')])
    >>> [(p["organisation"]["slug"], p["providers"][0]["slug"], p["providers"][1]["slug"]) for p in hedging(g)["rival_pairs"]]
    [('meta', 'meta', 'openai')]
    """
    hedgers = []
    pairs = []
    orgs = sorted(n for n, t in g.nodes(data="type") if t in ORG_TYPES)
    for org in orgs:
        own = sorted({m for m, _ in out_edges(g, org, ("builds",)) if g.nodes[m].get("type") in ("Model", None)})
        relied = relied_on(g, org)
        external: list[dict[str, Any]] = []
        by_provider: dict[str, set[str]] = {}
        if own:
            by_provider[org] = set(own)
        for r in relied:
            m = r["model"]
            builders = _builders(g, m)
            for b in builders:
                by_provider.setdefault(b, set()).add(m)
            others = [b for b in builders if b != org]
            if others and org not in builders:
                external.append({
                    "model": node_ref(g, m),
                    "providers": [node_ref(g, b) for b in others],
                    "via": node_ref(g, r["via"]) if r["via"] else None,
                    "facts": r["facts"] + [fact(g, b, m, "builds") for b in others],
                })
        if own and external:
            hedgers.append({
                **node_ref(g, org),
                "own": [{"model": node_ref(g, m), "facts": [fact(g, org, m, "builds")]} for m in own],
                "external": external,
            })
        if not relied:
            continue
        providers = sorted(by_provider)
        for i, a in enumerate(providers):
            for b in providers[i + 1 :]:
                if by_provider[a] == by_provider[b]:  # co-builders of the same models are not rivals
                    continue
                competes = [fact(g, x, y, "competesWith") for x, y in ((a, b), (b, a)) if g.has_edge(x, y, "competesWith")]
                pairs.append({
                    "organisation": node_ref(g, org),
                    "providers": [node_ref(g, a), node_ref(g, b)],
                    "models": [[node_ref(g, m) for m in sorted(by_provider[a])], [node_ref(g, m) for m in sorted(by_provider[b])]],
                    "competes": competes,
                })
    return {"hedgers": hedgers, "rival_pairs": pairs}
