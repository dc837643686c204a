"""Entity recognition: registry names, unknown names typed from their context, person aliases.

Contract: ``find_entities(text, sentences, registry)`` returns ``(entities, mentions)``: canonical
``Entity`` objects keyed by slug and non-overlapping name ``Mention`` objects sorted by offset.

- Registry names match whatever their case, spacing or hyphenation ('GPT4' is 'GPT-4'), except that an
  all-lower-case word never matches a capitalised name ('meta' is not Meta), and an ambiguous registry name
  ('Figure', 'Apple') at the start of a sentence only counts when it also appears elsewhere.
- Unknown capitalised names are kept only when their context types them: an organisation suffix
  ('Inovia Capital', 'Acme Labs'), a cue before or after ('the startup X', 'its new model X', 'X chatbot'),
  a job title or speech verb around a two-to-four-word name (a Person), a version after a known family
  ('Grok 3', 'Llama 4 Scout' -> Model, skos:broader the family), or membership of a list of organisations.
- A person's surname (and given name) found later in the article is the same person.
Time is linear in the text's length.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .lexicon import (
    COMPANY_CUE,
    DATASET_CUE,
    HONORIFICS,
    MODEL_CUE,
    NAME_PARTICLES,
    ORG_SUFFIX,
    ORG_UNIT_SUFFIX,
    PERSON_CUE_BEFORE,
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

__all__ = ["find_entities", "Token", "tokenize"]

slugify = lru_cache(maxsize=65_536)(_slugify)

# a word: letters/digits with inner dots, '&', '+' and hyphens
_TOKEN = re.compile(r"[^\W_][\w&+]*(?:[.\-:][^\W_][\w&+]*)*")  # linear: the classes are disjoint
_SPLIT_HYPHEN_RIGHT = frozenset(
    "backed based owned led funded powered made like style class level driven focused enabled native first "
    "built designed sized scale grade generated related specific centric friendly only".split()
)
_SPEECH_AFTER = re.compile(rf"^,?\s+(?:\w+ly\s+)?{SPEECH}\b")
_ROLE_AFTER = re.compile(
    r"^,\s+(?:(?:the|a|an|its|who is|who was|who)\s+)?(?:[\w’'-]+\s+){0,3}?(?:ceo|cto|coo|cfo|chief|co-?founder|"
    r"founder|cofounder|head|president|chair\w*|analyst|reporter|director|partner|professor|minister|fellow|"
    r"executive|engineer|researcher|scientist|spokes\w+|vice|senior|managing|owner|co-founded|founded|"
    r"leads|led|runs)\b",
    re.I,
)
_GENERIC_ORG_BEFORE = re.compile(r"(?:^|[^\w])(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+$")
_GENERIC_ORG_AFTER = re.compile(r"\s+(?:startup|start-up|company|firm|lab|outfit|unicorn|developer|maker|group)s?\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|added|adds|noted|notes|wrote|writes|explained|explains|asked)\s+$")
_AS_ROLE_AFTER = re.compile(
    r"^,?\s+as\s+(?:(?:its|the|their|a|an|his|her)\s+)?(?:(?:new|first|interim|acting|permanent|founding)\s+)?"
    r"(?:chief\s+\w+|ceo|cto|cfo|coo|president|chair\w*|head|director|vice\s+president|co-?founder|"
    r"general\s+counsel|managing\s+director|(?:senior\s+|lead\s+|principal\s+)?(?:scientist|engineer|researcher|"
    r"analyst|adviser|advisor))\b",
    re.I,
)
_NAME_END = re.compile(r"^(?:,\s|\.(?:\s|$)|$)")
_ORG_ROLE_AFTER = re.compile(r"^\s+(?:co-?founder|founder|CEO|chief executive|boss)\s+[A-Z]")
_ORG_AFTER = re.compile(
    r"^(?:,\s+(?:a|an|the|another|its|[A-Z][\w&.-]*['’]s)\s+(?:[\w-]+\s+){0,4}?(?:startup|start-up|company|firm|lab|"
    r"maker|provider|developer|unicorn|rival|competitor|subsidiary|spinout|spin-off|outfit|chipmaker|"
    r"(?:venture(?: capital)?|investment|corporate venture) (?:arm|fund)|retailer|conglomerate)\b(?!['’]s)(?!\s+[A-Z])|\s+(?:has\s+|had\s+)?(?:raised|secured|closed)\s+(?:US)?\$)"
)
# an apposition that says what a new name is: 'X, a small model the startup trained', 'X, the company's platform'
_APPOS_DET = r"^,\s+(?:a|an|the|its|their|his|her|[A-Z][\w&.-]*['’]s|the (?:company|firm|startup|group|lab)['’]s)\s+"
_NOT_ORG_WORD = (
    r"(?:(?!(?:startup|start-up|company|firm|lab|maker|developer|provider|unicorn|outfit|group|platform|service|app|"
    r"tool|for|with|on|to|from|that|which|who|whose)s?\b)[\w-]+\s+)"
)
_APPOS_MODEL = re.compile(
    rf"{_APPOS_DET}{_NOT_ORG_WORD}{{0,3}}?(?:model|LLM|language model)s?\b(?![\s-]+(?:developer|maker|provider|builder|"
    r"company|startup|lab|firm|vendor|hub|marketplace|platform|library|repository|router|gateway|training)\b)"
)
_APPOS_TOOL_NAME = re.compile(
    rf"{_APPOS_DET}{_NOT_ORG_WORD}{{0,3}}?(?:chatbot|assistant|app|product|tool|copilot|search engine|microservice|API|SDK|toolkit|framework|agent|"
    r"(?<!\ba )(?<!\ban )(?:platform|service))s?\b(?![\s-]+(?:developer|maker|provider|company|startup|firm|lead|"
    r"manager|head|chief|officer|director|engineer|team|group|division|unit|business)\b)"
)
# 'a corpus of clinical notes called X', 'an internal model named X', 'a startup called X'
_CALLED = re.compile(
    r"\b(?P<noun>dataset|data set|corpus|model|LLM|chatbot|assistant|app|tool|product|startup|start-up|company|firm)s?\b"
    r"(?:\s+[\w-]+){0,5}?\s+(?:called|named|dubbed)\s+$"
)
_CALLED_TYPE = {"dataset": "Dataset", "data set": "Dataset", "corpus": "Dataset", "model": "Model", "LLM": "Model",
                "chatbot": "Tool", "assistant": "Tool", "app": "Tool", "tool": "Tool", "product": "Tool",
                "startup": "Company", "start-up": "Company", "company": "Company", "firm": "Company"}
_WORD_BEFORE = re.compile(r"([A-Za-z][\w-]*)[\s,]*$")
_VERSIONED = re.compile(r"^[A-Z][\w]*-\d[\w.]*$")
_APPOS_TOOL = re.compile(
    r"^(?:\s+AI)?\s*(?:,\s+(?:a|an|the|its)\s+(?:[\w-]+\s+){0,3}?)?(?:chatbot|assistant|app|bot|product|tool|"
    r"service|chat robot|platform)\b"
)
_TOOL_AFTER = re.compile(
    r"\s+(?:(?:agent|coding|voice|search|chat|writing|productivity|AI|cloud|enterprise|mobile|developer|data)\s+)?"
    r"(?:chatbot|assistant|app|subscription|service|platform|suite|plug-?in|extension|tool)s?\b"
)
_DET_BEFORE = re.compile(r"(?:\b(?:[Tt]he|[Ii]ts|[Tt]heir|new)|\w['’]s?)\s+$")
_MODEL_AFTER = re.compile(r"\s+(?:AI\s+)?(?:model|LLM|language model)s?\b")
_DATASET_AFTER = re.compile(r"\s+(?:dataset|data set|corpus)\b")
_TOOL_BEFORE = re.compile(r"(?:chatbot|chat robot|assistant|app|tool|product)\s*,?\s+$")


_CORP = frozenset("Inc Corp Corporation Ltd LLC PLC Co".split())
_CORP_TAIL = re.compile(r",? (?:Inc|Corp|Corporation|Ltd|LLC|PLC|Co)\.?$")


def _corp_end(text: str, tok: Token) -> int:
    """End of a corporate suffix token, with its abbreviation dot."""
    if tok.text in _CORP and text[tok.end : tok.end + 1] == ".":
        return tok.end + 1
    return tok.end


def _canonical(name: str) -> str:
    """A new name without its corporate suffix: 'BlackRock, Inc.' -> 'BlackRock'."""
    out = _CORP_TAIL.sub("", name)
    return out or name


def _is_cap(t: str) -> bool:
    return t[0].isupper() or (t[0].isalpha() and not t.islower()) or (t[0].isdigit() and not t.isdigit())


class Token(NamedTuple):
    start: int
    end: int
    text: str
    cap: bool = False


_WORDS: dict[str, tuple[int, str, bool]] = {}  # word -> (length kept, text kept, capitalised)
_new_token = tuple.__new__


def _word(word: str) -> tuple[int, str, bool]:
    if "-" in word:
        parts = word.split("-")
        for i in range(1, len(parts)):
            if parts[i].lower() in _SPLIT_HYPHEN_RIGHT:
                left = "-".join(parts[:i])
                return len(left), left, _is_cap(left)
    return len(word), word, _is_cap(word)


def tokenize(text: str) -> list[Token]:
    """Word tokens; a hyphenated compound splits where its right part is a common lower-case word."""
    out: list[Token] = []
    append = out.append
    words = _WORDS
    pos = 0
    find = text.find
    for word in _TOKEN.findall(text):
        s = find(word, pos)  # the match itself: no token can start in the gap before it
        info = words.get(word)
        if info is None:
            info = _word(word)
            if len(words) < 200_000:
                words[word] = info
        pos = s + len(word)
        append(_new_token(Token, (s, s + info[0], info[1], info[2])))
    return out


@dataclass
class _Index:
    by_key: dict[str, RegistryEntry]
    first: frozenset[str]
    max_len: int
    prefixes: frozenset[str]  # every prefix of every key: a longer name is only worth trying while inside it
    starts: dict[str, bool] = field(default_factory=dict)  # word -> can it start a registry name?
    loose: dict[str, RegistryEntry | None] = field(default_factory=dict)  # memo of _lookup_loose


@lru_cache(maxsize=8)
def _index(registry: Registry) -> _Index:
    by_key: dict[str, RegistryEntry] = {}
    first: set[str] = set()
    max_len = 1
    for name, entry in registry.names():
        k = name_key(name)
        if not k:
            continue
        by_key.setdefault(k, entry)
        toks = tokenize(name)
        if toks:
            first.add(toks[0].text.lower())
            first.add(name_key(toks[0].text))
            max_len = max(max_len, len(toks))
    prefixes = frozenset(k[:n] for k in by_key for n in range(len(k) + 1))
    return _Index(by_key, frozenset(first), min(max_len, 6), prefixes)


_KEY_CACHE: dict[str, str] = {}


def _key(word: str) -> str:
    k = _KEY_CACHE.get(word)
    if k is None:
        k = name_key(word)
        if len(_KEY_CACHE) < 200_000:
            _KEY_CACHE[word] = k
    return k


def _gap_ok(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end : b.start]
    return gap in (" ", "-", " & ", " + ", ". ", ", ") and (gap != ". " or a.text in {"Inc", "Corp", "Co"})


@dataclass
class _Cand:
    start: int
    end: int
    ti: int  # first token index
    tj: int  # last token index (inclusive)
    entry: RegistryEntry | None
    type: str | None = None
    label: str | None = None
    broader: str | None = None


def _can_start(word: str, idx: _Index) -> bool:
    ok = idx.starts.get(word)
    if ok is None:
        ok = word.lower() in idx.first or _key(word) in idx.first
        if len(idx.starts) < 200_000:
            idx.starts[word] = ok
    return ok


def _registry_match(text: str, toks: list[Token], i: int, idx: _Index) -> _Cand | None:
    t0 = toks[i]
    best: _Cand | None = None
    key = ""
    for j in range(i, min(len(toks), i + idx.max_len)):
        if j > i and not _gap_ok(text, toks[j - 1], toks[j]):
            break
        key += _key(toks[j].text)
        if key not in idx.prefixes:
            break
        entry = idx.by_key.get(key)
        if entry is not None:
            surface = text[t0.start : toks[j].end]
            if surface.islower() and not any(c.isdigit() for c in surface):
                names = (entry.label, *entry.aliases)
                if surface not in names:
                    continue
            best = _Cand(t0.start, _corp_end(text, toks[j]), i, j, entry)
    return best


def _sentence_starts(sentences: list[Sentence]) -> set[int]:
    return {s.start for s in sentences}


def _lookup_loose(registry: Registry, name: str, idx: _Index | None = None) -> RegistryEntry | None:
    """A registry entry for a name as written, or with a common suffix ('Inflection' -> 'Inflection AI')."""
    if idx is not None:
        if name in idx.loose:
            return idx.loose[name]
        e = _lookup_loose(registry, name)
        if len(idx.loose) < 100_000:
            idx.loose[name] = e
        return e
    e = registry.lookup(name)
    if e is None:
        for suffix in (" AI", " Labs", " Inc"):
            e = registry.lookup(name + suffix)
            if e is not None and e.type in ("Company", "Organization"):
                break
            e = None
    return e


def _type_unknown(text: str, toks: list[Token], c: _Cand, sent_starts: set[int]) -> str | None:
    """The type an unknown capitalised name gets from its own shape and its context, or None."""
    words = [t.text for t in toks[c.ti : c.tj + 1]]
    last = words[-1]
    before = text[max(0, c.start - 40) : c.start]
    after = text[c.end : c.end + 60]
    if _GENERIC_ORG_BEFORE.search(before) and _GENERIC_ORG_AFTER.match(after):
        return None  # 'a Beijing AI startup', 'a French AI lab': a description, not a name
    if words[0] in HONORIFICS and len(words) >= 2:
        return "Person"
    if before.endswith(("called ", "named ", "dubbed ")):
        mc = _CALLED.search(text, max(0, c.start - 80), c.start)
        if mc:
            return _CALLED_TYPE[mc.group("noun")]
    if last in ORG_UNIT_SUFFIX and len(words) >= 2:
        return "Organization"  # 'Nanyang Technological University, a product made by ...' stays an institution
    if after[:1] == ",":
        if _APPOS_MODEL.match(after):
            return "Model"
        if _APPOS_TOOL_NAME.match(after):
            return "Tool"
    if _ORG_ROLE_AFTER.match(after) or _ORG_AFTER.match(after):
        return "Company"
    if last in ORG_SUFFIX and len(words) >= 2:
        if _DET_BEFORE.search(before) and (m := _TOOL_AFTER.match(after)) and not after[m.end() :].lstrip()[:1].isupper():
            return "Tool"  # 'the new OCI Generative AI service', 'Databricks' Mosaic AI agent tools'
        return "Company"
    if len(words) == 1 and _VERSIONED.match(words[0]):
        return "Model"
    if last in TOOL_SUFFIX and len(words) >= 2:
        return "Tool"
    if TOOL_CUE.search(before) or _TOOL_AFTER.match(after):
        return "Tool"
    if MODEL_CUE.search(before) or _MODEL_AFTER.match(after):
        return "Model"
    if DATASET_CUE.search(before) or _DATASET_AFTER.match(after):
        return "Dataset"
    personish = 2 <= len(words) <= 4 and all(w[0].isupper() or w in NAME_PARTICLES for w in words) and all(
        w.replace("-", "").replace("'", "").isalpha() for w in words
    )
    if personish:
        mb = _WORD_BEFORE.search(before)
        if mb and mb.group(1).lower() in PERSON_CUE_BEFORE:
            return "Person"
        if _ROLE_AFTER.match(after) or _SPEECH_AFTER.match(after):
            return "Person"
        if _AS_ROLE_AFTER.match(after):
            return "Person"  # 'hired Victor Hale as chief scientist'
        if len(words) <= 3 and _SPEECH_BEFORE.search(before) and _NAME_END.match(after):
            return "Person"  # '..., said Jane Doe.'

    if COMPANY_CUE.search(before.lower()) and c.start not in sent_starts:
        return "Company"
    return None


def _cap_runs(text: str, toks: list[Token], used: list[bool], sent_starts: set[int]) -> list[tuple[int, int]]:
    """Runs of capitalised tokens not already claimed, split at job titles, trimmed of stop words."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if used[i] or not t.cap or t.text in STOP_CAP or t.text[0].isdigit() or (
            t.text.lower() in ROLE_WORDS and not _names_institution(toks, i)
        ):
            i += 1
            continue
        j = i
        while j + 1 < n and not used[j + 1] and _gap_ok(text, toks[j], toks[j + 1]):
            nxt = toks[j + 1]
            if text[toks[j].end : nxt.start] == ", " and nxt.text not in ("Inc", "Corp", "Ltd", "LLC"):
                break
            if nxt.text.lower() in ROLE_WORDS and nxt.text not in ORG_SUFFIX and not _names_institution(toks, j + 1):
                break
            if not (nxt.cap or nxt.text in NAME_PARTICLES or (nxt.text[0].isdigit() and toks[j].cap)):
                break
            j += 1
        runs.append((i, j))
        i = j + 1
    return runs


def _names_institution(toks: list[Token], i: int) -> bool:
    """Whether the role word at ``i`` is part of an institution's name: 'Technical University', 'Research Institute'."""
    return i + 1 < len(toks) and toks[i + 1].text in ORG_UNIT_SUFFIX and toks[i].end + 1 == toks[i + 1].start


def find_entities(text: str, sentences: list[Sentence], registry: Registry) -> tuple[dict[str, Entity], list[Mention]]:
    """Entities and their name mentions in ``text`` (see the module contract)."""
    toks = tokenize(text)
    idx = _index(registry)
    sent_starts = _sentence_starts(sentences)
    used = [False] * len(toks)
    cands: list[_Cand] = []
    # 1. registry names, longest first at each position
    can_start = idx.starts.get
    nxt = 0
    for i, t in enumerate(toks):
        if i < nxt:
            continue
        can = can_start(t.text)
        if can is None:
            can = _can_start(t.text, idx)
        if not can:
            continue
        c = _registry_match(text, toks, i, idx)
        if c is None:
            continue
        cands.append(c)
        for k in range(c.ti, c.tj + 1):
            used[k] = True
        nxt = c.tj + 1
    # ambiguous names at sentence starts need support elsewhere
    supported = {id(c.entry) for c in cands if c.start not in sent_starts}
    kept = []
    for c in cands:
        if c.entry is not None and c.entry.ambiguous and c.start in sent_starts and id(c.entry) not in supported:
            for k in range(c.ti, c.tj + 1):
                used[k] = False
            continue
        kept.append(c)
    cands = kept
    # 2. a known name followed by an organisation suffix or a version is a different, new name
    for c in cands:
        j = c.tj
        assert c.entry is not None
        if c.entry.type in ("Model", "Tool"):
            k = j
            while k + 1 < len(toks) and _gap_ok(text, toks[k], toks[k + 1]) and VERSION_TOKEN.match(toks[k + 1].text):
                k += 1
            if k > j and not used[k]:
                for m in range(j + 1, k + 1):
                    used[m] = True
                c.broader, c.entry, c.tj, c.end = slugify(c.entry.label), None, k, toks[k].end
                c.type, c.label = "Model", text[c.start : c.end]
        elif c.entry.type in ("Company", "Organization"):
            k = j
            while (
                k + 1 < len(toks) and not used[k + 1] and toks[k + 1].cap
                and text[toks[k].end : toks[k + 1].start] in (" ", " & ", ", ")
                and (text[toks[k].end : toks[k + 1].start] != ", " or toks[k + 1].text in _CORP)
            ):
                k += 1
            if k == j:
                continue
            if toks[k].text in _CORP and k == j + 1:
                used[k] = True
                c.tj, c.end = k, _corp_end(text, toks[k])
            elif toks[k].text in ORG_SUFFIX and toks[k].text not in ("AI", "Cloud", "Group", "Intelligence"):
                for m in range(j + 1, k + 1):
                    used[m] = True
                c.entry, c.tj, c.end, c.type = None, k, _corp_end(text, toks[k]), "Company"
                c.label = text[c.start : toks[k].end]
            else:
                # 'Perplexity Pro', 'Amazon Bedrock': a product named after its maker, when the context says so
                whole = _Cand(c.start, toks[k].end, c.ti, k, None)
                typ = _type_unknown(text, toks, whole, sent_starts)
                if typ in ("Tool", "Model", "Dataset"):
                    for m in range(j + 1, k + 1):
                        used[m] = True
                    c.entry, c.tj, c.end, c.type, c.label = None, k, toks[k].end, typ, text[c.start : toks[k].end]
    # hyphenated versions of a known family: 'Grok-1.5V', 'Llama-3-70B'
    for i, t in enumerate(toks):
        if used[i] or "-" not in t.text or not any(ch.isdigit() for ch in t.text):
            continue
        fam = registry.lookup(t.text.split("-")[0])
        if fam is not None and fam.type in ("Model", "Tool"):
            used[i] = True
            cands.append(_Cand(t.start, t.end, i, i, None, "Model", t.text, slugify(fam.label)))
    # 3. unknown capitalised names typed by context
    untyped: list[_Cand] = []
    for a, b in _cap_runs(text, toks, used, sent_starts):
        words = [t.text for t in toks[a : b + 1]]
        # trim trailing possessive fragments and sentence-initial non-names
        if toks[a].start in sent_starts and len(words) > 1 and words[0].endswith(("ly", "ing", "ed")):
            a += 1
        if a > b:
            continue
        if a == b and words[-1].isupper() and len(words[-1]) <= 3 and not _ORG_ROLE_AFTER.match(text[toks[b].end :]):
            continue
        c = _Cand(toks[a].start, _corp_end(text, toks[b]), a, b, None)
        loose = _lookup_loose(registry, text[c.start : c.end], idx)
        if loose is not None:
            c.entry = loose
        else:
            c.type = _type_unknown(text, toks, c, sent_starts)
            if c.type is None:
                untyped.append(c)
                continue
            c.label = _canonical(text[c.start : c.end])
        for k in range(a, b + 1):
            used[k] = True
        cands.append(c)
    # names listed with typed names take their type: 'by A B, C D, and E F'
    if _list_types(text, cands, untyped):
        for c in cands:
            for k in range(c.ti, c.tj + 1):
                used[k] = True
    # a single word that is part of a person's name ('..., Mensch said') is that person (step 5), whatever its context
    _drop_name_parts(cands, used)
    # a name the article has typed once is that entity wherever else it is written the same way
    if untyped:
        _same_surface(text, cands, untyped, used)
    # 4. build entities; contextual typing of tools vs models
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    votes: dict[str, int] = {}
    for c in sorted(cands, key=lambda c: c.start):
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
        if ent.type in ("Model", "Tool") and not any(ch.isdigit() for ch in ent.label):
            after, before = text[c.end : c.end + 60], text[max(0, c.start - 30) : c.start]
            if _APPOS_TOOL.match(after) or _TOOL_BEFORE.search(before):
                votes[key] = votes.get(key, 0) + 1
        elif ent.type == "Model" and _APPOS_TOOL.match(text[c.end : c.end + 60]):
            votes[key] = votes.get(key, 0) + 1
        mentions.append(Mention(c.start, c.end, surface, key, "name"))
    _merge_prefixes(entities, mentions)
    for key, n in votes.items():
        if n > 0 and key in entities and entities[key].type == "Model":
            entities[key].type = "Tool"
    # 5. persons' surnames and given names later in the text
    mentions = _person_aliases(text, toks, used, entities, mentions)
    # 6. unknown names in a list with organisations are organisations
    return entities, sorted(mentions, key=lambda m: m.start)


_LIST_SEP = re.compile(r"^(?:,? and|,? &|,? or) (?:(?:the )?[a-z][\w-]* ){0,2}$")


_LIST_INTRO = re.compile(r"(?:\b(?:including|includes|include|included|such as|like|namely|among them)|:)\s+$")
_LIST_GOES_ON = re.compile(r"^(?:,? (?:and|or|&) |, [A-Z])")


def _comma_list(text: str, t: _Cand, u: _Cand) -> bool:
    """'A, B and C': a comma alone joins two names when the list visibly goes on after the second one, and
    a first member must follow a list opener ('investors including A, B and C')."""
    if t.end <= u.start:
        return text[t.end : u.start] == ", " and bool(_LIST_GOES_ON.match(text[u.end : u.end + 6]))
    return (text[u.end : t.start] == ", " and bool(_LIST_GOES_ON.match(text[t.end : t.end + 6]))
            and bool(_LIST_INTRO.search(text[max(0, u.start - 30) : u.start])))


def _list_types(text: str, cands: list[_Cand], untyped: list[_Cand]) -> bool:
    """Type unknown names that sit in a list beside names of a known type (people beside people, firms beside firms).

    Only the nearest typed name on each side can be a list neighbour (the gap is a bare separator). True when
    some name was typed."""
    if not untyped:
        return False
    n0 = len(untyped)
    changed = True
    while changed:
        changed = False
        typed = sorted(cands, key=lambda c: c.start)
        starts = [c.start for c in typed]
        still: list[_Cand] = []
        for u in untyped:
            k = bisect_left(starts, u.start)
            for t in typed[max(0, k - 1) : k + 1]:
                typ = t.type or (t.entry.type if t.entry else None)
                if typ not in ("Person", "Company", "Organization"):
                    continue
                gap = text[t.end : u.start] if t.end <= u.start else text[u.end : t.start]
                if len(gap) > 30 or not (_LIST_SEP.match(gap) or _comma_list(text, t, u)):
                    continue
                words = text[u.start : u.end].split()
                if typ == "Person" and not (2 <= len(words) <= 4 and all(w[0].isupper() for w in words)):
                    continue
                u.type, u.label = ("Company" if typ == "Organization" else typ), _canonical(text[u.start : u.end])
                cands.append(u)
                changed = True
                break
            else:
                still.append(u)
        untyped[:] = still
    return len(untyped) < n0


def _drop_name_parts(cands: list[_Cand], used: list[bool]) -> None:
    parts: set[str] = set()
    for c in cands:
        typ = c.type if c.entry is None else c.entry.type
        label = c.label if c.entry is None else c.entry.label
        if typ == "Person" and label and " " in label:
            parts.update(w for w in label.split() if w not in NAME_PARTICLES and w not in HONORIFICS)
    if not parts:
        return
    keep = []
    for c in cands:
        if c.entry is None and c.ti == c.tj and c.type != "Person" and c.label in parts:
            for k in range(c.ti, c.tj + 1):
                used[k] = False
            continue
        keep.append(c)
    cands[:] = keep


def _same_surface(text: str, cands: list[_Cand], untyped: list[_Cand], used: list[bool]) -> None:
    """'The startup Lumora ...' then 'Lumora also bought ...': an untyped run written exactly like a name typed
    elsewhere in the article (from its context) is that name."""
    named: dict[str, _Cand] = {}
    for c in cands:
        if c.entry is None and c.type is not None and c.label is not None:
            named.setdefault(text[c.start : c.end], c)
    if not named:
        return
    for u in untyped:
        src = named.get(text[u.start : u.end])
        if src is None:
            continue
        u.type, u.label, u.broader = src.type, src.label, src.broader
        for k in range(u.ti, u.tj + 1):
            used[k] = True
        cands.append(u)


def _merge_prefixes(entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """A new name that is the start of another name in the article is that entity ('Ernie' / 'Ernie Bot')."""
    groups = ({"Company", "Organization"}, {"Model", "Tool"})
    new = [e for e in entities.values() if e.wikidata is None and " " not in e.label and e.type != "Person"]
    for e in new:
        for other in entities.values():
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
    text: str, toks: list[Token], used: list[bool], entities: dict[str, Entity], mentions: list[Mention]
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
    out = list(mentions)
    for i, t in enumerate(toks):
        if used[i]:
            continue
        key = short.get(t.text)
        end = t.end
        if key is None and t.text in NAME_PARTICLES and i + 1 < len(toks) and not used[i + 1]:
            key = short.get(f"{t.text} {toks[i + 1].text}")
            end = toks[i + 1].end
            if key:
                used[i + 1] = True
        if key:
            used[i] = True
            entities[key].aliases.add(text[t.start : end])
            out.append(Mention(t.start, end, text[t.start : end], key, "alias"))
    return out
