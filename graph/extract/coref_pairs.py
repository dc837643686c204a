"""Pair descriptions ('the two companies', 'both firms'): one mention of each of the two organisations they mean.

>>> from aikg.graph.extract import extract
>>> from aikg.graph.articles import article_from_record
>>> text = "Microsoft has invested in OpenAI. The two companies have since become rivals."
>>> sorted(f.predicate for f in extract(article_from_record({"title": "t", "text": text})).facts)
['competesWith', 'investsIn']
"""

from __future__ import annotations

from bisect import bisect_left

from .lexicon import PAIR_DESCRIPTION
from .model import Entity, Mention
from .sentences import Sentence

__all__ = ["in_spans", "pair_mentions"]


def in_spans(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` falls inside one of ``spans`` (sorted; ``starts`` their starts)."""
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def pair_mentions(sentences: list[Sentence], mentions: list[Mention], entities: dict[str, Entity], qstarts: list[int],
           quote_spans: list[tuple[int, int]]) -> list[Mention]:
    """'Microsoft has invested in OpenAI, but the two companies have become rivals': a pair description means the
    two organisations named before it, in its sentence or the one before, when exactly two are, else the pair the
    last such description within three sentences meant; it becomes one mention of each."""
    ms = sorted(mentions, key=lambda m: m.start)
    starts = [m.start for m in ms]
    out: list[Mention] = []
    last: tuple[int, list[str]] = (-9, [])  # the sentence and entities of the last pair resolved
    for si, sent in enumerate(sentences):
        if "two" not in sent.text and "oth" not in sent.text:
            continue
        for hit in PAIR_DESCRIPTION.finditer(sent.text):
            rs, re_ = sent.start + hit.start(), sent.start + hit.end()
            if in_spans(quote_spans, qstarts, rs):
                continue
            floor = sentences[si - 1].start if si else sent.start
            pair: list[str] = []
            for m in reversed(ms[bisect_left(starts, floor) : bisect_left(starts, rs)]):
                if entities[m.entity].type in ("Company", "Organization") and m.entity not in pair:
                    pair.append(m.entity)
            if len(pair) != 2 and si - last[0] <= 3:
                pair = last[1]  # 'the two companies' again, with others named since: the same two
            if len(pair) == 2:  # (with three or more named, which two is not said)
                out += [Mention(rs, re_, hit.group(), e, "nominal") for e in reversed(pair)]
                last = (si, pair)
    return out
