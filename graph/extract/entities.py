"""Entity recognition: the registry as a ruler over spaCy's statistical NER, names typed by their context.

Contract: ``find_entities(text, sentences, registry, parsed)`` returns ``(entities, mentions)``: canonical
``Entity`` objects keyed by slug and non-overlapping name ``Mention`` objects sorted by offset. ``parsed`` maps
a sentence index to its parsed Doc (the sentences worth parsing: see ``graph/extract/__init__.py``).

- Registry names (an EntityRuler-style layer, on every sentence) match over the tokenizer's tokens whatever
  their case, spacing or hyphenation ('GPT4' is 'GPT-4'), except that an all-lower-case word never matches a
  capitalised name ('meta' is not Meta), and an ambiguous registry name ('Figure', 'Apple') at the start of a
  sentence only counts when it also appears elsewhere. A known model followed by a version ('Grok 3') is a new
  model whose family (skos:broader) is the known one. The registry wins where it overlaps the NER.
- The statistical NER (parsed sentences) proposes PERSON, ORG and PRODUCT names (and GPE/NORP names that the
  context calls a company or a product); proper-noun runs it missed are kept when their context types them.
  Types come from the label and the context: an organisation suffix ('Acme Labs'), an institution word
  ('University', 'Commission') for an Organization, a cue before or after ('the startup X', 'X, a startup',
  'its model X', 'the X chatbot', 'a model called X').
- 'Jane and John Roe': the first person shares the second one's surname. A person's surname (and given name)
  found later in the article is the same person; a name typed once is that entity wherever else it is written.
Time is linear in the text's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .lexicon import (
    COMPANY_CUE,
    DATASET_CUE,
    HONORIFICS,
    MODEL_CUE,
    NAME_PARTICLES,
    ORG_SUFFIX,
    ORG_UNIT_SUFFIX,
    ROLE_WORDS,
    SPEECH,
    STOP_CAP,
    TOOL_CUE,
    TOOL_SUFFIX,
    VERSION_TOKEN,
)
from .model import Entity, Mention
from .registry import Registry, RegistryEntry, name_key, slugify as _slugify
from .sentences import Sentence

__all__ = ["find_entities", "needs_ner", "sentence_tokens", "worth_parsing"]

slugify = lru_cache(maxsize=65_536)(_slugify)


@dataclass
class _Index:
    by_key: dict[str, RegistryEntry]
    first: frozenset[str]
    prefixes: frozenset[str]
    max_len: int = 8


@lru_cache(maxsize=8)
def _index(registry: Registry) -> _Index:
    by_key: dict[str, RegistryEntry] = {}
    first: set[str] = set()
    for name, entry in registry.names():
        k = name_key(name)
        if not k:
            continue
        by_key.setdefault(k, entry)
        w = re.match(r"[^\W_]+", name)
        if w:
            first.add(name_key(w.group()))
    prefixes = frozenset(k[:n] for k in by_key for n in range(1, len(k) + 1))
    return _Index(by_key, frozenset(first), prefixes)


_KEYS: dict[str, str] = {}


def _key(word: str) -> str:
    k = _KEYS.get(word)
    if k is None:
        k = name_key(word)
        if len(_KEYS) < 200_000:
            _KEYS[word] = k
    return k


Tok = tuple[int, int, str]  # global start, end, text


def sentence_tokens(sent: Sentence, doc: Any | None) -> list[Tok]:
    """(start, end, text) of a sentence's tokens, global offsets; from its parsed Doc when there is one."""
    if doc is not None:
        return [(sent.start + t.idx, sent.start + t.idx + len(t.text), t.text) for t in doc if not t.is_space]
    return [(sent.base + t.idx, sent.base + t.idx + len(t.text), t.text) for t in sent.tokens if not t.is_space]


@dataclass
class _Cand:
    start: int
    end: int
    entry: RegistryEntry | None = None
    type: str | None = None
    label: str | None = None
    broader: str | None = None
    source: str = "registry"
    sent: int = 0


_JOIN = frozenset(["-", ".", "&", "+", "/", ":"])


def _registry_scan(text: str, toks: list[Tok], idx: _Index, si: int, sent_start: int) -> list[_Cand]:
    out: list[_Cand] = []
    n = len(toks)
    i = 0
    while i < n:
        s0, _, w0 = toks[i]
        k0 = _key(w0)
        if not k0 or k0 not in idx.prefixes or not (w0[0].isalnum()):
            i += 1
            continue
        best: tuple[int, RegistryEntry] | None = None
        key = ""
        for j in range(i, min(n, i + idx.max_len)):
            if j > i:
                gap = text[toks[j - 1][1] : toks[j][0]]
                if gap not in ("", " "):
                    break
                if gap == "" and not (toks[j][2] in _JOIN or toks[j - 1][2] in _JOIN or toks[j][2][0].isalnum()):
                    break
            key += _key(toks[j][2])
            if key not in idx.prefixes:
                break
            entry = idx.by_key.get(key)
            if entry is not None and toks[j][2] not in _JOIN:
                surface = text[s0 : toks[j][1]]
                if surface.islower() and not any(c.isdigit() for c in surface) and surface not in (entry.label, *entry.aliases):
                    continue
                best = (j, entry)
        if best is None:
            i += 1
            continue
        j, entry = best
        end = toks[j][1]
        if toks[j][2] in ("Inc", "Corp", "Co", "Ltd") and text[end : end + 1] == ".":
            end += 1
        out.append(_Cand(s0, end, entry, sent=si))
        i = j + 1
    return out


# ------------------------------------------------------------------------------------------ context cues
# ', a ...', ', the ...', ', its ...', ', OpenAI's ...': the start of an apposition that says what a name is
_APPOS = r"^,\s+(?:a|an|the|its|their|[A-Z][\w&.-]*['’]s)\s+"
_ORG_AFTER = re.compile(
    r"^,\s+(?:a|an|the|another|its|[A-Z][\w&.-]*['’]s)\s+(?:[\w-]+\s+){0,4}?(?:startup|start-up|company|firm|lab|"
    r"maker|provider|developer|unicorn|rival|competitor|subsidiary|spinout|spin-off|outfit|chipmaker|giant|"
    r"(?:venture(?: capital)?|investment|corporate venture) (?:arm|fund)|investor|retailer|conglomerate|group)\b(?!['’]s)"
)
_APPOS_MODEL = re.compile(_APPOS + r"(?:[\w-]+\s+){0,3}?(?:model|LLM|language model)s?\b(?![\s-]+(?:developer|maker|provider|company|startup|lab|firm))")
_APPOS_TOOL = re.compile(
    _APPOS + r"(?:[\w-]+\s+){0,3}?(?:chatbot|assistant|app|product|tool|copilot|"
    r"search engine|platform|service|agent|software)s?\b(?![\s-]+(?:developer|maker|provider|company|startup|firm|lead|"
    r"manager|head|chief|officer|director|engineer|team|group|division|unit|business)\b)"
)
_CALLED = re.compile(
    r"\b(?P<noun>dataset|data set|corpus|model|LLM|chatbot|assistant|app|tool|product|startup|start-up|company|firm)s?\b"
    r"(?:\s+[\w-]+){0,5}?\s+(?:called|named|dubbed)\s+$"
)
_CALLED_TYPE = {"dataset": "Dataset", "data set": "Dataset", "corpus": "Dataset", "model": "Model", "LLM": "Model",
                "chatbot": "Tool", "assistant": "Tool", "app": "Tool", "tool": "Tool", "product": "Tool",
                "startup": "Company", "start-up": "Company", "company": "Company", "firm": "Company"}
_TOOL_AFTER = re.compile(
    r"\s+(?:(?:AI|coding|voice|search|chat|writing|cloud|enterprise|mobile|developer|data)\s+)?"
    r"(?:chatbot|assistant|app|subscription|service|platform|suite|plug-?in|extension|tool)s?\b"
)
_MODEL_AFTER = re.compile(r"\s+(?:AI\s+)?(?:model|LLM|language model|models)\b")
_DATASET_AFTER = re.compile(r"\s+(?:dataset|data set|corpus)\b")
_ORG_ROLE_AFTER = re.compile(
    r"^\s+(?:co-?founder|founder|CEO|chief executive|boss|chief|president|chairman|CTO|COO|CFO)"
    r"(?:\s+and\s+(?:co-?founder|founder|CEO|chief executive|president|chairman|CTO|COO|CFO))?\s+[A-Z]")
_BUSINESS_VERB_AFTER = re.compile(
    r"^,?\s+(?:(?:has|had|have|also|recently|just|will|is|was)\s+){0,2}(?:raised|secured|closed|landed|acquired|bought|"
    r"invested|partnered|teamed|announced|launched|released|unveiled|agreed to (?:buy|acquire)|is investing|"
    r"was founded|was valued|is valued)\b"
)
_PERSON_CONTEXT = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+|its\s+|[A-Z][\w&.-]*['’]s\s+)?(?:[\w-]+\s+){0,3}?(?i:ceo|cto|cfo|coo|chief|co-?founder|founder|"
    r"president|chair\w*|analyst|director|head|professor|researcher|scientist|engineer|spokes\w+|vice|senior|"
    r"managing|partner|executive)\b|,?\s+(?:said|says|told|added|noted|wrote)\b"
)
# what follows a sentence-initial name used as a name ('Meta was', 'Apple said', 'Figure's robots')
_USED_AS_NAME = re.compile(
    r"(?:['’]s\b|,? (?:was|is|has|had|have|will|would|said|says|also|announced|launched|released|raised|"
    r"acquired|bought|plans|agreed|reported|declined|did|does|CEO|chief|founder)\b)")
_RUNS_ON = re.compile(r"\b(?:runs?|running|ran|built|based|powered|trained|fine-tuned)\s+(?:on|by|from)\s+$")
_ORG_POSS_AFTER = re.compile(
    r"^['’]s?\s+(?:[\w-]+\s+){0,2}?(?:ceo|chief|co-?founder|founder|president|chair(?:man|woman)?|board|investors?|"
    r"backers?|shareholders?|shares|headquarters|valuation|employees|staff|workforce|revenue|acquisition|"
    r"funding|round)\b", re.I)
_PREP_BEFORE = re.compile(r"\b(?:at|of|for|from|with|by|in)\s+$")
_GENERIC_BEFORE = re.compile(r"(?:^|[^\w])(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+$")
_ORGISH_WORD = frozenset(
    "government ministry university institute commission agency department council authority parliament "
    "senate congress court foundation association consortium society academy school college".split()
)


def _context_type(text: str, start: int, end: int, person: bool = False) -> str | None:
    """The type a new name gets from the words around it, or None. For a name the NER calls a person
    (``person``), what merely follows it ('X, raised $1 billion', "X's board") is no evidence: in 'the startup
    founded by Jane Roe, raised ...' the verb is the sentence's."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 80]
    if before.endswith(("called ", "named ", "dubbed ")):
        mc = _CALLED.search(text, max(0, start - 80), start)
        if mc:
            return _CALLED_TYPE[mc.group("noun")]
    if after[:1] == ",":
        if _APPOS_MODEL.match(after):
            return "Model"
        if _APPOS_TOOL.match(after):
            return "Tool"
        if _ORG_AFTER.match(after):
            return "Company"
    if _ORG_ROLE_AFTER.match(after) or not person and (_BUSINESS_VERB_AFTER.match(after) or _ORG_POSS_AFTER.match(after)):
        return "Company"
    if TOOL_CUE.search(before) or _TOOL_AFTER.match(after):
        return "Tool"
    if MODEL_CUE.search(before) or _MODEL_AFTER.match(after):
        return "Model"
    if DATASET_CUE.search(before) or _DATASET_AFTER.match(after):
        return "Dataset"
    if COMPANY_CUE.search(before.lower()):
        return "Company"
    return None


def _shape_type(words: list[str]) -> str | None:
    last = words[-1]
    if len(words) >= 2 and (last in ORG_UNIT_SUFFIX or words[0].lower() in _ORGISH_WORD):
        return "Organization"
    if len(words) >= 2 and last in ORG_SUFFIX:
        return "Company"
    if len(words) >= 2 and last in TOOL_SUFFIX:
        return "Tool"
    return None


_STRIP_START = frozenset("the The a A an An its Its their Their his her".split())
_CORP_TAIL = re.compile(r",? (?:Inc|Corp|Corporation|Ltd|LLC|PLC|Co)\.?$")


def _clean_span(text: str, toks: list[Any], base: int) -> tuple[int, int] | None:
    """Global (start, end) of a name made of ``toks``, without leading determiners, possessives and punctuation."""
    a, b = 0, len(toks)
    while a < b and (toks[a].text in _STRIP_START or toks[a].text in STOP_CAP or not toks[a].text[0].isalnum()
                     or toks[a].text.lower() in ROLE_WORDS):
        a += 1
    while b > a and (toks[b - 1].text in ("'s", "’s", "'", "’") or not toks[b - 1].text[-1].isalnum()
                     and toks[b - 1].text not in (".",)):
        b -= 1
    while b > a and toks[b - 1].text == ".":
        b -= 1
    if a >= b:
        return None
    return base + toks[a].idx, base + toks[b - 1].idx + len(toks[b - 1].text)


_GENERIC = frozenset(
    "AI A.I. GenAI AGI ASI LLM LLMs GPU GPUs TPU TPUs API APIs SDK Web Cloud Internet App Apps IPO CEO CEOs "
    "Series Round US U.S. UK EU".split()
)


def _is_name(words: list[str]) -> bool:
    if all(w in _GENERIC for w in words):
        return False
    return any(w[:1].isupper() or (w[:1].isdigit() and not w.isdigit()) for w in words) and not all(
        w in STOP_CAP or w.lower() in ROLE_WORDS for w in words)


def _person_ok(words: list[str]) -> bool:
    return 2 <= len(words) <= 4 and all(
        (w[:1].isupper() or w in NAME_PARTICLES or w in ("“", "”", '"')) and w.lower() not in ROLE_WORDS for w in words)


def _ner_cands(text: str, sent: Sentence, si: int, doc: Any, taken: list[tuple[int, int]]) -> list[_Cand]:
    out: list[_Cand] = []
    base = sent.start
    covered: set[int] = set()

    def free(s: int, e: int) -> bool:
        k = bisect_left(taken, (s, -1))
        for a, b in taken[max(0, k - 1) : k + 2]:
            if a < e and s < b:
                return False
        return True

    def trim(s: int, e: int) -> tuple[int, int]:
        """A span that starts with a known name ('Bard Sissie Hsiao') keeps what follows it."""
        k = bisect_left(taken, (s, -1))
        for a, b in taken[max(0, k - 1) : k + 2]:
            if a <= s < b < e and text[b : b + 1] == " ":
                return b + 1, e
        return s, e

    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON", "PRODUCT", "GPE", "NORP", "FAC", "WORK_OF_ART", "LOC", "EVENT"):
            continue
        span = _clean_span(text, list(ent), base)
        if span is None:
            continue
        s, e = trim(*span) if ent.label_ == "PERSON" else span
        words = text[s:e].split()
        if not _is_name(words) or not free(s, e):
            continue
        ctx = _context_type(text, s, e, person=ent.label_ == "PERSON" and _person_ok(words))
        shape = _shape_type(words)
        typ: str | None
        if ent.label_ == "PERSON" and len(words) >= 3 and words[0].isupper() and len(words[0]) <= 4 \
                and words[0].isalpha():  # 'MEP Sergey Lagodinsky', 'SVP Jane Roe': a title, not a name
            s += len(words[0]) + 1
            words = words[1:]
        if ent.label_ != "PERSON" and _person_ok(words) and not shape and _PERSON_CONTEXT.match(text, e) \
                and not _PREP_BEFORE.search(text, max(0, s - 6), s):  # '... officer at UW Health, said' is a place
            typ = "Person"  # 'Jane Roe, Senior Analyst at X, noted': the NER's ORG is a person
        elif ent.label_ == "PERSON":
            one = len(words) == 1 and words[0][:1].isupper() and words[0].isalpha()  # kept only if it shares a surname
            typ = shape or ctx if (shape or ctx in ("Company", "Tool", "Model")) else (
                "Person" if _person_ok(words) or one else None)
        elif ent.label_ == "ORG":
            typ = shape or (ctx if ctx in ("Tool", "Model", "Dataset") else "Company")
            if len(words) == 1 and words[0].isupper() and len(words[0]) > 4 and s == base:
                typ = None  # a dateline ('BENGALURU (Reuters) -'), not an organisation
            if len(words) == 1 and words[0].isupper() and len(words[0]) <= 2:
                typ = None
        elif ent.label_ in ("PRODUCT", "WORK_OF_ART"):
            typ = ctx or shape or ("Tool" if ent.label_ == "PRODUCT" else None)
        else:
            typ = ctx if ctx in ("Company", "Tool", "Model") else shape if shape == "Organization" and ent.label_ != "GPE" else None
        if typ is None:
            continue
        if typ in ("Company", "Organization"):
            label = _CORP_TAIL.sub("", text[s:e]) or text[s:e]
        else:
            label = text[s:e]
        out.append(_Cand(s, e, None, typ, label, source="ner", sent=si))
        covered.update(range(ent.start, ent.end))
    # proper-noun runs the NER left out, typed by their context
    run: list[Any] = []
    for t in [*doc, None]:
        if t is not None and t.pos_ == "PROPN" and t.i not in covered and t.text not in STOP_CAP:
            run.append(t)
            continue
        if run:
            span = _clean_span(text, run, base)
            run = []
            if span is None:
                continue
            s, e = span
            words = text[s:e].split()
            if not _is_name(words) or not free(s, e) or _GENERIC_BEFORE.search(text[max(0, s - 12) : s]):
                continue
            typ = _shape_type(words) or _context_type(text, s, e)
            if typ is None and _RUNS_ON.search(text, max(0, s - 25), s):
                typ = "Model"  # 'a citizen-services assistant that runs on Luminous'
            if typ is None:
                continue
            label = _CORP_TAIL.sub("", text[s:e]) or text[s:e]
            out.append(_Cand(s, e, None, typ, label, source="context", sent=si))
    return out


_VERSIONED = re.compile(r"^[A-Z][A-Za-z]+(?:-[A-Za-z]+)*-(?:[vV]?\d[\w.]*)$")


def _versioned(text: str, toks_of: list[list[Tok]], cands: list[_Cand]) -> list[_Cand]:
    """A capitalised name with a version ('Vexa-7B', 'Moonshot-v1', 'Orca-2B') is a model, wherever it stands."""
    taken = sorted((c.start, c.end) for c in cands)
    starts = [a for a, _ in taken]
    out = []
    for si, toks in enumerate(toks_of):
        for i, (s0, e0, w) in enumerate(toks):
            if "-" not in w or not _VERSIONED.match(w):
                continue
            k = bisect_left(starts, s0 + 1) - 1
            if k >= 0 and taken[k][0] <= s0 < taken[k][1]:
                continue
            j = i
            while j + 1 < len(toks) and toks[j + 1][0] == toks[j][1] and toks[j + 1][2][:1].isalnum():
                j += 1  # 'LexCorp-9M' tokenized as 'LexCorp-9' 'M'
            e0 = toks[j][1]
            typ = _context_type(text, s0, e0)
            out.append(_Cand(s0, e0, None, typ if typ in ("Dataset", "Tool") else "Model", text[s0:e0], None, "shape", si))
    return out


def _versions(text: str, toks: list[Tok], c: _Cand) -> None:
    """A known model or tool followed by a version ('Grok 3', 'Llama 4 Scout') is a new model of that family."""
    assert c.entry is not None
    k = bisect_left(toks, (c.end, -1, ""))
    end = c.end
    while k < len(toks) and text[end : toks[k][0]] == " " and VERSION_TOKEN.match(toks[k][2]):
        end = toks[k][1]
        k += 1
    if end > c.end:
        c.broader, c.entry, c.end = slugify(c.entry.label), None, end
        c.type, c.label, c.source = "Model", text[c.start : end], "version"


def find_entities(
    text: str, sentences: list[Sentence], registry: Registry, parsed: dict[int, Any]
) -> tuple[dict[str, Entity], list[Mention]]:
    """Entities and their name mentions in ``text`` (see the module contract)."""
    idx = _index(registry)
    cands: list[_Cand] = []
    toks_of: list[list[Tok]] = []
    for si, sent in enumerate(sentences):
        toks = sentence_tokens(sent, parsed.get(si))
        toks_of.append(toks)
        found = _registry_scan(text, toks, idx, si, sent.start)
        for c in found:
            assert c.entry is not None
            if c.entry.type in ("Model", "Tool"):
                _versions(text, toks, c)
        cands.extend(found)
    cands += _versioned(text, toks_of, cands)
    # ambiguous names at sentence starts need support elsewhere
    sent_starts = {s.start for s in sentences}
    supported = {id(c.entry) for c in cands if c.start not in sent_starts or _USED_AS_NAME.match(text, c.end)}
    cands = [c for c in cands if not (c.entry is not None and c.entry.ambiguous and c.start in sent_starts
                                      and id(c.entry) not in supported)]
    _longer_ner_orgs(text, sentences, parsed, cands)
    cands += _list_members(text, sentences, parsed, cands)
    taken = sorted((c.start, c.end) for c in cands)
    for si, doc in parsed.items():
        new = _ner_cands(text, sentences[si], si, doc, taken)
        if new:
            cands.extend(new)
            taken = sorted(taken + [(c.start, c.end) for c in new])
    _shared_surnames(text, cands)
    _drop_name_parts(cands)
    cands.sort(key=lambda c: c.start)
    # a name the article has typed once is that entity wherever else it is written the same way
    cands = _same_surface(text, sentences, toks_of, cands)
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for c in cands:
        surface = text[c.start : c.end]
        if c.entry is not None:
            e = c.entry
            key = slugify(e.label)
            if key not in entities:
                entities[key] = Entity(key, e.label, e.type, wikidata=e.wikidata,
                                       broader=slugify(e.broader) if e.broader else None)
        else:
            assert c.label is not None and c.type is not None
            key = slugify(c.label)
            if key not in entities:
                entities[key] = Entity(key, c.label, c.type, broader=c.broader)
        ent = entities[key]
        if surface != ent.label:
            ent.aliases.add(surface)
        mentions.append(Mention(c.start, c.end, surface, key, "name"))
    _merge_prefixes(entities, mentions)
    _asset_types(text, entities, mentions)
    mentions = _person_aliases(text, toks_of, entities, mentions)
    return entities, sorted(mentions, key=lambda m: m.start)


def _longer_ner_orgs(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[_Cand]) -> None:
    """A registry organisation that the NER reads as the start of a longer name gives way to it: an organisation
    ('Fidelity' in 'Fidelity Management & Research Company') or a product named after its maker ('Oracle Fusion
    Cloud Applications', a Tool by its shape)."""
    by_start = {c.start: c for c in cands}
    for si, doc in parsed.items():
        base = sentences[si].start
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "PRODUCT") or len(ent) < 2:
                continue
            span = _clean_span(text, list(ent), base)
            if span is None:
                continue
            c = by_start.get(span[0])
            if c is None or c.entry is None or c.entry.type not in ("Company", "Organization") or span[1] <= c.end:
                continue
            tail = text[c.end : span[1]].split()
            if not tail or not all(w[:1].isupper() or w == "&" for w in tail):
                continue
            whole = text[c.start : span[1]].split()
            typ = "Company" if tail[-1] in ORG_SUFFIX | {"Company"} else _shape_type(whole) or _context_type(
                text, c.start, span[1])
            if typ not in ("Company", "Tool", "Model") or (typ == "Company" and tail[-1] not in ORG_SUFFIX | {"Company"}):
                continue  # 'Oracle Fusion Cloud Applications' is the maker's product; 'Fidelity ... Company' a firm
            if any(o is not c and o.start < span[1] and c.start < o.end for o in cands):
                continue
            c.entry, c.end, c.type, c.source = None, span[1], typ, "ner"
            c.label = _CORP_TAIL.sub("", text[c.start : c.end]) or text[c.start : c.end]


def _list_members(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[_Cand]) -> list[_Cand]:
    """Proper nouns coordinated with a typed organisation or person take its type ('backers A, B and C', where only
    A is known): the parse's conjuncts, each with the proper nouns compounded to it."""
    out: list[_Cand] = []
    spans = sorted((c.start, c.end, c) for c in cands)
    starts = [a for a, _, _ in spans]

    def cand_at(pos: int) -> _Cand | None:
        k = bisect_left(starts, pos + 1) - 1
        if k >= 0 and spans[k][0] <= pos < spans[k][1]:
            return spans[k][2]
        return None

    for si, doc in parsed.items():
        base = sentences[si].start
        for t in doc:
            if t.dep_ != "conj" or t.pos_ != "PROPN" or cand_at(base + t.idx) is not None:
                continue
            root = t
            while root.dep_ == "conj" and root.head is not root:
                root = root.head
            src = cand_at(base + root.idx)
            typ = src.type if src is not None and src.entry is None else (src.entry.type if src and src.entry else None)
            if typ not in ("Company", "Organization", "Person"):
                continue
            left = t
            while left.i > 0 and left.nbor(-1).dep_ in ("compound",) and left.nbor(-1).head.i == t.i:
                left = left.nbor(-1)
            while left.i < t.i and left.nbor(-1).text == "-" if left.i > 0 else False:
                break
            toks = list(doc[left.i : t.i + 1])
            if t.i >= 2 and t.nbor(-1).text == "-" and t.nbor(-2).pos_ == "PROPN":  # 'Long-Z'
                toks = list(doc[t.i - 2 : t.i + 1])
            span = _clean_span(text, toks, base)
            if span is None or any(cand_at(p) for p in (span[0], span[1] - 1)):
                continue
            words = text[span[0] : span[1]].split()
            if not _is_name(words) or (typ == "Person" and not _person_ok(words)):
                continue
            label = _CORP_TAIL.sub("", text[span[0] : span[1]]) or text[span[0] : span[1]]
            out.append(_Cand(span[0], span[1], None, "Company" if typ == "Organization" else typ, label,
                             source="list", sent=si))
    return out


def _drop_name_parts(cands: list[_Cand]) -> None:
    """A single word that is part of a person's name ('Altman' beside 'Sam Altman') is left to the person
    (``_person_aliases``), whatever the NER called it."""
    parts: set[str] = set()
    for c in cands:
        typ = c.type if c.entry is None else c.entry.type
        label = c.label if c.entry is None else c.entry.label
        if typ == "Person" and label and " " in label:
            parts.update(w for w in label.split() if w not in NAME_PARTICLES and w not in HONORIFICS)
    if parts:
        cands[:] = [c for c in cands if not (c.entry is None and c.type != "Person" and c.label in parts)]
    # 'De Freitas' beside 'Daniel De Freitas': the tail of a longer name is that person
    full = [str(c.label if c.entry is None else c.entry.label) for c in cands
            if (c.type if c.entry is None else c.entry.type) == "Person"]
    cands[:] = [c for c in cands if not (
        c.entry is None and c.label and " " in c.label
        and any(f != c.label and f.endswith(" " + c.label) for f in full))]  # whatever the NER called it


_SURNAME_GAP = re.compile(r"^ (?:and|&) $")


def _shared_surnames(text: str, cands: list[_Cand]) -> None:
    """'Jane and John Roe': a lone given name joined to a full name shares its surname."""
    people = sorted((c for c in cands if (c.type or (c.entry.type if c.entry else None)) == "Person"), key=lambda c: c.start)
    for a, b in zip(people, people[1:], strict=False):
        words_b = text[b.start : b.end].split()
        if a.entry is None and " " not in text[a.start : a.end] and len(words_b) >= 2 and _SURNAME_GAP.match(text[a.end : b.start]):
            a.label = f"{text[a.start : a.end]} {words_b[-1]}"
    # a one-word name the NER called a person, next to a full name: the same shape
    for c in cands:
        if c.type == "Person" and c.label and " " not in c.label:
            c.type = None
    cands[:] = [c for c in cands if c.entry is not None or c.type is not None]


def _same_surface(text: str, sentences: list[Sentence], toks_of: list[list[Tok]], cands: list[_Cand]) -> list[_Cand]:
    named: dict[str, _Cand] = {}
    for c in cands:
        if c.entry is None and c.type is not None and c.label is not None:
            named.setdefault(text[c.start : c.end], c)
            named.setdefault(c.label, c)
    if not named:
        return cands
    first_words: dict[str, list[str]] = {}
    for surface in named:
        w = surface.split(" ")[0]
        first_words.setdefault(w, []).append(surface)
    starts = [c.start for c in cands]
    out = list(cands)
    for toks in toks_of:
        for s, _, w in toks:
            options = first_words.get(w)
            if not options:
                continue
            for surface in sorted(options, key=len, reverse=True):
                e = s + len(surface)
                if text.startswith(surface, s) and (e >= len(text) or not text[e].isalnum()):
                    k = bisect_left(starts, s)
                    clash = any(a.start < e and s < a.end for a in cands[max(0, k - 1) : k + 2])
                    if not clash:
                        src = named[surface]
                        out.append(_Cand(s, e, None, src.type, src.label, src.broader, "same", 0))
                    break
    return sorted(out, key=lambda c: c.start)


_TOOL_WORDS = r"chatbots?|chat bot|assistants?|apps?|application|products?|tools?|services?|platforms?|bots?|copilot|agents?|search engine"
_MODEL_WORDS = r"models?|LLMs?|language models?|foundation models?|model family|family of models"
_CUE_AFTER = re.compile(rf"^(?:\s+AI)?\s+(?:(?P<tool>{_TOOL_WORDS})|(?P<model>{_MODEL_WORDS}))\b|"
                        rf"^,\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){{0,3}}?(?:(?P<tool2>{_TOOL_WORDS})|(?P<model2>{_MODEL_WORDS}))\b")
_CUE_BEFORE = re.compile(rf"\b(?:(?P<tool>{_TOOL_WORDS})|(?P<model>{_MODEL_WORDS})),?\s+$")


def _asset_types(text: str, entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """A model or tool is typed by what this article calls it: 'its chatbot, Grok' makes Grok a Tool here, 'the
    Llama model' a Model (the registry's type stands when the article says neither, or both equally)."""
    votes: dict[str, int] = {}
    for m in mentions:
        ent = entities.get(m.entity)
        if ent is None or ent.type not in ("Model", "Tool"):
            continue
        a = _CUE_AFTER.match(text, m.end, min(len(text), m.end + 60))
        b = _CUE_BEFORE.search(text, max(0, m.start - 30), m.start)
        for x in (a, b):
            if x is None:
                continue
            if x.groupdict().get("tool") or x.groupdict().get("tool2"):
                votes[m.entity] = votes.get(m.entity, 0) + 1
            elif x.groupdict().get("model") or x.groupdict().get("model2"):
                votes[m.entity] = votes.get(m.entity, 0) - 1
    for key, v in votes.items():
        if v > 0:
            entities[key].type = "Tool"
        elif v < 0:
            entities[key].type = "Model"


def _merge_prefixes(entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """A new name that is the start of another name in the article is that entity ('Ernie' / 'Ernie Bot')."""
    groups = ({"Company", "Organization"}, {"Model", "Tool"})
    new = [e for e in entities.values() if e.wikidata is None and " " not in e.label and e.type != "Person"]
    for e in new:
        for other in list(entities.values()):
            if other is e or not other.label.startswith(e.label + " "):
                continue
            if any(e.type in g and other.type in g for g in groups) and not any(c.isdigit() for c in other.label):
                other.aliases |= e.aliases | {e.label}
                for i, m in enumerate(mentions):
                    if m.entity == e.key:
                        mentions[i] = Mention(m.start, m.end, m.text, other.key, "alias")
                del entities[e.key]
                break


def _person_aliases(
    text: str, toks_of: list[list[Tok]], entities: dict[str, Entity], mentions: list[Mention]
) -> list[Mention]:
    short: dict[str, str | None] = {}
    for ent in entities.values():
        if ent.type != "Person":
            continue
        parts = ent.label.split()
        if len(parts) < 2:
            continue
        names = {parts[-1], parts[0]}
        if len(parts) >= 3 and parts[-2] in NAME_PARTICLES:
            names.add(" ".join(parts[-2:]))
        if parts[0] in HONORIFICS:
            names.discard(parts[0])
            names.add(parts[1])
        for n in names:
            if n in STOP_CAP or len(n) < 2:
                continue
            short[n] = None if n in short and short[n] != ent.key else ent.key
    if not short:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    tstarts = [a for a, _ in taken]
    out = list(mentions)
    for toks in toks_of:
        for i, (s, e, w) in enumerate(toks):
            key = short.get(w)
            if w in NAME_PARTICLES and i + 1 < len(toks) and text[e : toks[i + 1][0]] == " ":
                two = short.get(f"{w} {toks[i + 1][2]}")
                if two:  # 'De Freitas'
                    key, e, w = two, toks[i + 1][1], f"{w} {toks[i + 1][2]}"
            if not key:
                continue
            k = bisect_left(tstarts, s + 1) - 1
            if k >= 0 and taken[k][0] <= s < taken[k][1]:
                continue
            entities[key].aliases.add(w)
            out.append(Mention(s, e, w, key, "alias"))
    return out


_REFERS = re.compile(r"\b(?:[Ii]ts?|[Hh]e|[Ss]he|[Hh]is|[Hh]er|[Tt]heir|[Tt]hey|[Tt]he (?:[\w-]+ ){0,2}(?:company|firm|startup|"
                     r"start-up|giant|chipmaker|group|lab|maker|developer|business|model|chatbot|assistant|app))\b")
# a title next to a single name ('CEO Sam Smith opened the event') is read: the title holds for the whole article
_TITLE_WORDS = frozenset("ceo ceos co-ceo chief founder co-founder cofounder founders co-founders president chairman "
                         "chairwoman head boss".split())
_SPEECH_HINT = re.compile(rf"\b(?:{SPEECH}|according|saying|adding|noting|writing)\b")


def _unknown_runs(toks: list[Tok], found: list[_Cand], enough: int) -> int:
    """Runs of capitalised words in ``toks`` that no registry name in ``found`` covers (counting stops at
    ``enough``): names only the statistical NER can find and type."""
    n, prev_cap = 0, False
    for s0, _e0, w in toks:
        cap = w[:1].isupper() and w not in STOP_CAP and w.lower() not in ROLE_WORDS and not (w.isupper() and len(w) <= 1)
        if cap and not prev_cap and not any(c.start <= s0 < c.end for c in found):
            n += 1
            if n >= enough:
                break
        prev_cap = cap
    return n


def needs_ner(text: str, sentences: list[Sentence], registry: Registry, todo: list[int]) -> list[bool]:
    """For each sentence index in ``todo``: whether the statistical NER has anything to add there, i.e. whether
    the sentence has a run of capitalised words that is not a registry name. Where every name is a registry name
    the registry decides (it overrides the NER), so the NER, about half of the pipeline's time, is skipped.

    >>> from aikg.graph.extract import sentences as S
    >>> from aikg.graph.extract.registry import load_registry
    >>> t = "OpenAI and Microsoft partner. Jane Roe joined Contoso."
    >>> needs_ner(t, S.split(t), load_registry(), [0, 1])
    [False, True]
    """
    idx = _index(registry)
    out = []
    for si in todo:
        sent = sentences[si]
        toks = sentence_tokens(sent, None)
        out.append(_unknown_runs(toks, _registry_scan(text, toks, idx, si, sent.start), 1) > 0)
    return out


def worth_parsing(text: str, sentences: list[Sentence], registry: Registry, spans: list[tuple[int, int]],
                  min_names: int = 2) -> list[int]:
    """Indices of the sentences the statistical pipeline should read, the only ones that can state a fact or
    name a speaker: at least ``min_names`` candidate names (registry names, or runs of capitalised words), or one
    and a word that refers back ('it', 'the company') in it or in the next sentence, or a quotation and a speech
    verb."""
    idx = _index(registry)
    qstarts = [a for a, _ in spans]
    out = []
    for si, sent in enumerate(sentences):
        k = bisect_left(qstarts, sent.end)
        quoted = k > 0 and spans[k - 1][1] > sent.start
        if quoted and _SPEECH_HINT.search(sent.text):
            out.append(si)
            continue
        toks = sentence_tokens(sent, None)
        found = _registry_scan(text, toks, idx, si, sent.start)
        n = len(found) + _unknown_runs(toks, found, min_names - len(found))
        titled = any(w.lower() in _TITLE_WORDS for _s, _e, w in toks)
        if n >= min_names or (n >= 1 and (titled or _REFERS.search(sent.text))):
            out.append(si)
        elif n == 1 and si + 1 < len(sentences) and _REFERS.search(sentences[si + 1].text):
            out.append(si)  # 'Jane Roe is a chip expert. She founded Contoso': the antecedent needs its type
    return out
