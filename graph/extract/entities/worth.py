"""Which sentences are worth the statistical parse: those that can state a fact (two candidate names, or one and a
word that refers back) or hold a quotation with a speech verb.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..lexicon import (
    PAIR_DESCRIPTION,
    ROLE_WORDS,
    SPEECH,
    STOP_CAP,
)
from ..registry import Registry
from ..sentences import Sentence
from .ruler import Cand, Tok, registry_index, registry_scan, sentence_tokens

__all__ = ["parse_plan"]


_REFERS = re.compile(r"\b(?:[Ii]ts?|[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Tt]heir|[Tt]hey|[Tt]he (?:[\w-]+ ){0,2}(?:company|firm|startup|"
                     r"start-up|giant|chipmaker|group|lab|maker|developer|business|model|chatbot|assistant|app))\b")
# a title next to a single name ('CEO Sam Smith opened the event') is read: the title holds for the whole article
# 'Woodgrove also took part': a name joining the round the story has described; 'Writer raised $200 million': the
# company whose round the next sentences describe
_JOINS_ROUND = re.compile(r"\b(?:participated|participates|participating|took part|takes part|taking part|"
                          r"also (?:invested|backed|joined|chipped in)|(?:invested|joined) as well|"
                          r"(?:raised|raises|raising) (?:about |nearly |over |more than |some |an? )?[$€£¥]?\d+)\b")
_TITLE_WORDS = frozenset("ceo ceos co-ceo cfo cto coo cio cmo cpo cso chief founder co-founder cofounder founders co-founders president chairman "
                         "chairwoman head boss".split())
_SPEECH_HINT = re.compile(rf"\b(?:{SPEECH}|according|saying|adding|noting|writing)\b")


def _unknown_runs(toks: list[Tok], found: list[Cand], enough: int) -> int:
    """Runs of capitalised words in ``toks`` that no registry name in ``found`` covers (counting stops at
    ``enough``): names only the statistical NER can find and type."""
    n, prev_cap = 0, False
    for s0, _e0, w in toks:
        cap = _capitalised(w)
        if cap and not prev_cap and not any(c.start <= s0 < c.end for c in found):
            n += 1
            if n >= enough:
                break
        prev_cap = cap
    return n


def _capitalised(w: str) -> bool:
    """A word that can start or continue a name ('Contoso', 'GPT-4'; not 'The', 'CEO', 'A')."""
    return w[:1].isupper() and w not in STOP_CAP and w.lower() not in ROLE_WORDS and not (w.isupper() and len(w) <= 1)


def parse_plan(text: str, sentences: list[Sentence], registry: Registry, spans: list[tuple[int, int]],
               min_names: int = 2) -> list[tuple[int, bool]]:
    """The sentences the statistical pipeline should read, the only ones that can state a fact or name a speaker
    (at least ``min_names`` candidate names, registry names or runs of capitalised words, or one and a word that
    refers back, 'it', 'the company', in it or in the next sentence, or a quotation and a speech verb), each with
    whether the statistical NER has anything to add there: a capitalised word outside every registry name (also one that continues a registry name:
    'Databricks Data Intelligence Platform' is a longer name the NER may find). Where every capitalised word is
    part of a registry name the registry decides (it overrides the NER), so the NER, about half of the
    pipeline's time, is skipped. One registry scan per sentence serves both answers.

    >>> from aikg.graph.extract import sentences as S
    >>> from aikg.graph.extract.registry import load_registry
    >>> t = "OpenAI and Microsoft partner. Jane Roe joined Contoso. Databricks Data Platform uses Claude."
    >>> parse_plan(t, S.split(t), load_registry(), [])
    [(0, False), (1, True), (2, True)]
    """
    idx = registry_index(registry)
    qstarts = [a for a, _ in spans]
    out = []
    for si, sent in enumerate(sentences):
        toks = sentence_tokens(sent, None)
        found = registry_scan(text, toks, idx, si, sent.start)
        k = bisect_left(qstarts, sent.end)
        if k > 0 and spans[k - 1][1] > sent.start and _SPEECH_HINT.search(sent.text):
            keep = True  # a quotation with a speech verb
        else:
            n = len(found) + _unknown_runs(toks, found, min_names - len(found))
            titled = any(w.lower() in _TITLE_WORDS for _s, _e, w in toks)
            keep = n >= min_names or (n >= 1 and (titled or bool(_REFERS.search(sent.text))
                                                  or bool(_JOINS_ROUND.search(sent.text))))
            # 'Jane Roe is a chip expert. She founded Contoso': the antecedent needs its type
            keep = keep or (n == 1 and si + 1 < len(sentences) and bool(_REFERS.search(sentences[si + 1].text)))
            keep = keep or bool(PAIR_DESCRIPTION.search(sent.text))  # 'The two companies are rivals': two references
        if keep:
            out.append((si, any(_capitalised(w) and not any(c.start <= s0 < c.end for c in found) for s0, _e0, w in toks)))
    return out
