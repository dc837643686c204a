"""Syndicated copies: the same story on several sites is one story with several sources.

Each stored story keeps a sketch of its text: the :data:`SKETCH` smallest hashes of its word 4-grams (a
bottom-k sketch, whose overlap estimates how much two texts share). A newly fetched article that shares
at least :data:`MIN_SHARED` sketch hashes with a story (found through an index of those hashes, so the
look-up stays cheap with many stories) is compared with that story's stored text; when at least
:data:`MIN_SIMILARITY` of their 4-grams are shared (Jaccard), it is a copy. Short texts (fewer than
:data:`MIN_WORDS` words) are never called copies: too little to tell.

>>> a = " ".join(f"word{i}" for i in range(300))
>>> b = "By Staff. " + a + " Read more on our site."
>>> index = StoryIndex(); index.add("story-a", sketch(a))
>>> index.near(sketch(b)), similarity(a, b) >= MIN_SIMILARITY
(['story-a'], True)
>>> index.near(sketch(" ".join(f"other{i}" for i in range(300))))
[]
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

from ..articles import normalise_text

__all__ = ["MIN_SHARED", "MIN_SIMILARITY", "MIN_WORDS", "SKETCH", "StoryIndex", "long_enough", "shingles", "similarity", "sketch"]

SKETCH = 16
MIN_SHARED = 4
MIN_SIMILARITY = 0.7
MIN_WORDS = 40
_K = 4


def shingles(text: str, k: int = _K) -> set[int]:
    """Hashes of the word ``k``-grams of the normalised text."""
    words = normalise_text(text).split()
    if len(words) < k:
        words = words + [""] * (k - len(words))
    return {int.from_bytes(hashlib.blake2b(" ".join(words[i : i + k]).encode(), digest_size=8).digest(), "big")
            for i in range(len(words) - k + 1)}


def sketch(text: str) -> list[int]:
    """The ``SKETCH`` smallest shingle hashes of the text."""
    return sorted(shingles(text))[:SKETCH]


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' shingles (1.0: the same text)."""
    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def long_enough(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


class StoryIndex:
    """Sketches of stories by article id, searchable by overlap."""

    def __init__(self) -> None:
        self._sketches: dict[str, list[int]] = {}
        self._by_hash: dict[int, set[str]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self._sketches)

    def add(self, story: str, hashes: list[int]) -> None:
        self.discard(story)
        self._sketches[story] = list(hashes)
        for h in hashes:
            self._by_hash[h].add(story)

    def discard(self, story: str) -> None:
        for h in self._sketches.pop(story, []):
            self._by_hash[h].discard(story)

    def near(self, hashes: list[int]) -> list[str]:
        """Stories sharing at least ``MIN_SHARED`` sketch hashes with ``hashes``, most shared first."""
        shared: dict[str, int] = defaultdict(int)
        for h in hashes:
            for s in self._by_hash.get(h, ()):
                shared[s] += 1
        return [s for s, n in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])) if n >= MIN_SHARED]
