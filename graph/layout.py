"""Where the graph page puts its nodes: PageRank as the size of a node (:func:`importance`) and a precomputed
layout (:func:`layout`): each connected component on its own (a force layout, or a star or ring when small),
packed in rows. One algorithm: the force layout is hand-written with numpy because no library layout fits a
page request (measured in :func:`_force_layout`).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx
import numpy as np

__all__ = ["PX_PER_UNIT", "SMALL_COMPONENT", "importance", "layout"]


def importance(g: nx.Graph) -> dict[Any, float]:
    """PageRank of every node (``graph.analytics.pagerank``: edges as links, parallel edges counted once).

    >>> g = nx.MultiDiGraph([("a", "hub"), ("b", "hub"), ("c", "hub")])
    >>> r = importance(g); max(r, key=r.get), round(sum(r.values()), 6)
    ('hub', 1.0)
    """
    from .analytics import pagerank

    return pagerank(g)


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
    2,000 nodes take ~0.2 s. The ideal edge length is 1. Kept instead of a library layout because none
    fits a page request: on 2,000 nodes and 6,000 edges (2 cores), ``networkx.spring_layout`` took 34 s,
    its ``method="energy"`` 26 s, ``networkx.forceatlas2_layout`` 28 s; vis-network's own physics keeps
    a browser busy for minutes on 1,500 nodes (../shared/NOTES.md).
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
