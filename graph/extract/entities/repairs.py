"""Repairs over the candidates of an article: a longer NER organisation over a registry name, list members typed
like their neighbours, name parts dropped, 'Jane and John Roe' (a shared surname), and a name typed once being
that entity wherever else it is written the same way.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

from ..lexicon import (
    CORP_FORMS,
    HONORIFICS,
    NAME_PARTICLES,
    ORG_SUFFIX,
    STOP_CAP,
)
from ..sentences import Sentence
from .context import context_type, shape_type
from .ner import CORP_TAIL, clean_span, is_name, person_ok
from .ruler import Cand, Tok

__all__ = ["drop_hardware", "drop_name_parts", "drop_tickers", "list_members", "longer_ner_orgs", "longer_ner_products",
           "longer_registry_tools", "people_over_names", "same_surface", "shared_surnames"]


def longer_ner_orgs(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[Cand]) -> None:
    """A registry organisation that the NER reads as the start of a longer name gives way to it: an organisation
    ('Fidelity' in 'Fidelity Management & Research Company') or a product named after its maker ('Oracle Fusion
    Cloud Applications', a Tool by its shape)."""
    by_start = {c.start: c for c in cands}
    for span in _ner_name_spans(text, sentences, parsed):
        c = by_start.get(span[0])
        if c is None or c.entry is None or c.entry.type not in ("Company", "Organization") or span[1] <= c.end:
            continue
        tail = text[c.end : span[1]].split()
        if not tail or not all(w[:1].isupper() or w == "&" for w in tail):
            continue
        whole = text[c.start : span[1]].split()
        typ = "Company" if tail[-1] in ORG_SUFFIX | {"Company"} else shape_type(whole) or context_type(
            text, c.start, span[1])
        if typ not in ("Company", "Tool", "Model") or (typ == "Company" and tail[-1] not in ORG_SUFFIX | {"Company"}):
            continue  # 'Oracle Fusion Cloud Applications' is the maker's product; 'Fidelity ... Company' a firm
        if any(o is not c and o.start < span[1] and c.start < o.end for o in cands):
            continue
        c.entry, c.end, c.type, c.source = None, span[1], typ, "ner"
        c.label = CORP_TAIL.sub("", text[c.start : c.end]) or text[c.start : c.end]


def longer_registry_tools(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[Cand]) -> None:
    """A registry product that the NER reads as the start of a longer name of capitalised words is the first word of
    a product of its own ('Azure AI Foundry', not Azure), unless the name ends in 'AI' ('Agentforce AI agents')."""
    by_start = {c.start: c for c in cands}
    for span in _ner_name_spans(text, sentences, parsed, ("ORG", "PRODUCT", "WORK_OF_ART")):
        c = by_start.get(span[0])
        if c is None or c.entry is None or c.entry.type != "Tool" or span[1] <= c.end:
            continue
        tail = text[c.end : span[1]].split()
        if tail[-1] == "AI" or not all(w[:1].isupper() and w.isalpha() and w not in STOP_CAP for w in tail) \
                or any(o is not c and o.start < span[1] and c.start < o.end for o in cands):
            continue
        c.entry, c.end, c.type, c.source = None, span[1], "Tool", "ner"
        c.label = text[c.start : c.end]


def _ner_name_spans(text: str, sentences: list[Sentence], parsed: dict[int, Any],
                    labels: tuple[str, ...] = ("ORG", "PRODUCT")) -> Iterator[tuple[int, int]]:
    """The cleaned spans of the NER's names of two tokens or more with ``labels`` (organisations and products)."""
    for si, doc in parsed.items():
        for ent in doc.ents:
            if ent.label_ in labels and len(ent) >= 2 \
                    and (span := clean_span(text, list(ent), sentences[si].start)) is not None:
                yield span


def longer_ner_products(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[Cand]) -> None:
    """A registry product that the NER reads as the end of a longer name of capitalised words is part of a product
    of its own ('Dragon Copilot', not Copilot): the longer name, of the same type."""
    by_end = {c.end: c for c in cands}
    for span in _ner_name_spans(text, sentences, parsed):
        c = by_end.get(span[1])
        if c is None or c.entry is None or c.entry.type not in ("Tool", "Model") or span[0] >= c.start:
            continue
        head = text[span[0] : c.start].split()
        if not head or not all(w[:1].isupper() and w.isalpha() and w not in STOP_CAP for w in head) \
                or any(o is not c and o.start < c.start and span[0] < o.end for o in cands):
            continue  # (not 'Microsoft 365 Copilot' over the registry's Microsoft: its maker's name first)
        c.start, c.type, c.entry, c.source = span[0], c.entry.type, None, "ner"
        c.label = text[c.start : c.end]


def people_over_names(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[Cand]) -> None:
    """An ambiguous registry name that the NER reads as part of a person's name gives way to the person ('Yi' in
    'Zhang Yi', 'Phi' in 'Phi Nguyen'): the person is found by the NER later."""
    drop: set[int] = set()
    products: list[Cand] = []
    for si, doc in parsed.items():
        base = sentences[si].start
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent) < 2:
                continue
            s, e = base + ent[0].idx, base + ent[-1].idx + len(ent[-1].text)
            inside = [c for c in cands if s <= c.start and c.end <= e]
            if not inside or not all(c.entry is not None and c.entry.ambiguous for c in inside):
                continue
            first = inside[0].entry
            if inside[0].start == s and first is not None and first.type == "Company" and len(ent) == 2 \
                    and ent[1].pos_ == "PROPN" and all(c.entry is not None and c.entry.type in ("Tool", "Model")
                                                       for c in inside[1:]):
                # 'through Snowflake Cortex', 'Snowflake Copilot': a company's name and one more word is its
                # product, not a person
                products.append(Cand(s, e, None, "Tool", text[s:e], source="ner", sent=si))
            elif not person_ok(text[s:e].split()):
                continue
            drop.update(id(c) for c in inside)
    if drop:
        cands[:] = [c for c in cands if id(c) not in drop] + products
        cands.sort(key=lambda c: c.start)


def list_members(text: str, sentences: list[Sentence], parsed: dict[int, Any], cands: list[Cand]) -> list[Cand]:
    """Proper nouns coordinated with a typed organisation or person take its type ('backers A, B and C', where only
    A is known; 'include Klarna, Replit and ...', where only a later member is): the parse's conjuncts, each with the
    proper nouns compounded to it (not a first member the recogniser calls a person)."""
    out: list[Cand] = []
    spans = sorted((c.start, c.end, c) for c in cands)
    starts = [a for a, _, _ in spans]

    def cand_at(pos: int) -> Cand | None:
        k = bisect_left(starts, pos + 1) - 1
        if k >= 0 and spans[k][0] <= pos < spans[k][1]:
            return spans[k][2]
        return None

    for si, doc in parsed.items():
        base = sentences[si].start
        for t in doc:
            if t.pos_ != "PROPN" or cand_at(base + t.idx) is not None or (
                    t.dep_ != "conj" and not any(c.dep_ == "conj" for c in t.children)):
                continue
            if any(c.dep_ == "cc" and c.text == "&" for c in (*t.head.children, *t.children)):
                continue  # 'Fidelity Management & Research': one name, not a list
            root = t
            while root.dep_ == "conj" and root.head.i != root.i:
                root = root.head
            # the type of the list's first typed member ('include Klarna/?, Replit/Company and ...': the first too)
            typ = next((x.type if x.entry is None else x.entry.type for m in (root, *root.conjuncts)
                        if m.i != t.i and (x := cand_at(base + m.idx)) is not None), None)
            if typ not in ("Company", "Organization", "Person") or (t.dep_ != "conj" and (typ == "Person" or (
                    t.ent_type_ == "PERSON" and any(c.dep_ == "compound" for c in t.children)))):
                continue  # (a person's name opening a list is the recogniser's to find: 'Kakao CEO Chung Shin-a')
            left = t
            while left.i > 0 and left.nbor(-1).dep_ in ("compound",) and left.i <= left.nbor(-1).head.i <= t.i:
                left = left.nbor(-1)  # ('Burda Principal Investments': compounds of compounds)
            while left.i < t.i and left.nbor(-1).text == "-" if left.i > 0 else False:
                break
            toks = list(doc[left.i : t.i + 1])
            if t.i >= 2 and t.nbor(-1).text == "-" and t.nbor(-2).pos_ == "PROPN":  # 'Long-Z'
                toks = list(doc[t.i - 2 : t.i + 1])
            span = clean_span(text, toks, base, org=typ in ("Company", "Organization"))
            if span is None or any(cand_at(p) for p in (span[0], span[1] - 1)):
                continue
            words = text[span[0] : span[1]].split()
            if not is_name(words) or (typ == "Person" and not person_ok(words)):
                continue
            label = CORP_TAIL.sub("", text[span[0] : span[1]]) or text[span[0] : span[1]]
            out.append(Cand(span[0], span[1], None, "Company" if typ == "Organization" else typ, label,
                             source="list", sent=si))
    return out


#: what follows a chip or system's name, directly or after the names coordinated with it ('its Hopper and
#: Blackwell chips', 'MI300 accelerators'): hardware is not an entity of the ontology
_HARDWARE_AFTER = re.compile(
    r"(?:(?:,|,? and|,? or) [A-Z][\w.-]*(?: [A-Z0-9][\w.-]*)?)*"
    r" (?:AI |GPU |graphics |data-?cent(?:er|re) )?(?:chips?|GPUs?|accelerators?|processors?|superchips?|semiconductors?|"
    r"CPUs?|TPUs?|chipsets?|graphics cards?|servers?|supercomputers?|systems-on-chips?|data[ -]?cent(?:er|re)s?|"
    r"clusters?|PCs?|laptops?|(?:smart)?phones?|handsets?|tablets?)\b")  # (also a data centre: 'its Colossus 2 data
# center in Memphis'; a device: 'Copilot+ PCs', 'Pixel phones')


def drop_hardware(text: str, cands: list[Cand]) -> None:
    """A name the registry does not know, written once before a hardware noun ('Blackwell chips', 'its Hopper and
    Blackwell GPUs', 'MI300 accelerators'), names a chip or a machine, not a company or a product of the ontology:
    it is dropped wherever it is written. Registry names stay ('Nvidia chips', 'Cerebras systems': the maker)."""
    chips = {c.label for c in cands if c.entry is None and c.type != "Person"
             and _HARDWARE_AFTER.match(text, c.end, min(len(text), c.end + 80))}
    if chips:
        cands[:] = [c for c in cands if c.entry is not None or c.label not in chips]


#: a listing in brackets after a company's name ('Salesforce (NYSE: CRM)', 'Meta (NASDAQ:META)', 'Sony (TYO: 6758)')
_TICKER = re.compile(r"\((?:NYSE|NASDAQ|Nasdaq|NYSEARCA|AMEX|OTC|OTCMKTS|LSE|LON|TSX|TSXV|ASX|HKEX|HKG|SEHK|TYO|TSE|"
                     r"KRX|KOSPI|KOSDAQ|SSE|SHA|SZSE|SHE|BSE|NSE|ETR|FRA|XETRA|EPA|AMS|BIT|SIX|STO|CPH|TADAWUL)"
                     r"\s*:\s*[A-Z0-9][A-Z0-9.]{0,7}\)")


#: a ticker alone in brackets after a company's name or possessive ("Alphabet's (GOOGL) Google", 'Amazon (AMZN)')
_BARE_TICKER = re.compile(r"\((?!USA\)|EUR\)|USD\))([A-Z]{3,5}(?:\.[A-Z]{1,2})?)\)")  # (also Reuters' 'MSFT.O')
_POSS_GAP = re.compile(r"['’]s? ?")


#: a company form between a name and its ticker ('Affirm Holdings Inc. (AFRM)')
_CORP_GAP = re.compile(rf",?\s+(?:{'|'.join(sorted(CORP_FORMS))})\.?\s*")


def drop_tickers(text: str, cands: list[Cand]) -> None:
    """A stock listing in brackets ('Advanced Micro Devices Inc (NASDAQ:AMD)', "Alphabet's (GOOGL) Google") names no
    exchange as an entity of the story; its ticker is a name of the company right before the brackets ('AMD' later
    in the story)."""
    hits = [*_TICKER.finditer(text), *_BARE_TICKER.finditer(text)] if "(" in text else []
    for m in hits:
        a, b = m.span()
        before = next((c for c in cands if (c.entry.type if c.entry is not None else c.type) in ("Company", "Organization")
                       and (0 <= a - c.end <= 1 or _POSS_GAP.fullmatch(text, c.end, a)
                            or _CORP_GAP.fullmatch(text, c.end, a))), None)
        if m.re is _BARE_TICKER and before is None:
            continue  # '(AMZN)' after no company: an acronym, left to the acronym rules
        t = text[text.index(":", a) + 1 : b - 1].strip() if m.re is _TICKER else m.group(1)
        ts = text.index(t, a)
        known = next((c for c in cands if c.start == ts and c.end == ts + len(t) and c.entry is not None
                      and c.entry.type == "Company"), None)
        name = text[before.start : before.end] if before is not None else ""
        if m.re is _BARE_TICKER and (any(c.start == ts and c.entry is not None for c in cands)
                                     or t == "".join(w[0] for w in name.split()).upper()):
            continue  # 'Mitsubishi UFJ Financial Group (MUFG)': an acronym or a known name, left to the acronym rules
        cands[:] = [c for c in cands if not a <= c.start < b]
        if before is not None and known is not None and before.entry is None:
            # 'Advanced Micro Devices Inc (NASDAQ:AMD)': the registry knows the ticker's company
            cands[cands.index(before)] = before = Cand(before.start, before.end, known.entry, sent=before.sent)
        if before is not None:
            cands.append(Cand(ts, ts + len(t), before.entry, before.type, before.label, before.broader, "same",
                              before.sent))
    if hits:
        cands.sort(key=lambda c: c.start)


def drop_name_parts(cands: list[Cand]) -> None:
    """A single word that is part of a person's name ('Altman' beside 'Sam Altman') is left to the person
    (``person_aliases``), whatever the NER called it."""
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


#: "X's AI assistant", "X's chatbot": what a company owns, not a person
_OWNS_PRODUCT = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:assistant|chatbot|models?|apps?|platform|software|chips?)\b")


def shared_surnames(text: str, cands: list[Cand]) -> None:
    """'Jane and John Roe': a lone given name joined to a full name shares its surname."""
    people = sorted((c for c in cands if (c.type or (c.entry.type if c.entry else None)) == "Person"), key=lambda c: c.start)
    surnames = {text[c.start : c.end].split()[-1] for c in people if " " in text[c.start : c.end]}
    for a, b in zip(people, people[1:], strict=False):
        words_b = text[b.start : b.end].split()
        if a.entry is None and " " not in text[a.start : a.end] and len(words_b) >= 2 and _SURNAME_GAP.match(text[a.end : b.start]) \
                and text[a.start : a.end] not in surnames:  # ('Altman and Greg Brockman' after 'Sam Altman')
            a.label = f"{text[a.start : a.end]} {words_b[-1]}"
    # a one-word name the NER called a person, next to a full name: the same shape; one that is no part of a
    # person's name in the article and owns a product ("Klarna's AI assistant") is a company
    parts = {w for c in people if c.label and " " in c.label for w in c.label.split()}
    for c in cands:
        if c.type == "Person" and c.label and " " not in c.label:
            c.type = "Company" if c.label not in parts and _OWNS_PRODUCT.match(text, c.end) else None
    cands[:] = [c for c in cands if c.entry is not None or c.type is not None]


def same_surface(text: str, sentences: list[Sentence], toks_of: list[list[Tok]], cands: list[Cand]) -> list[Cand]:
    named: dict[str, Cand] = {}
    shorts: dict[str, Cand] = {}  # short names of 'X AI' companies and of products named after their company
    companies = {(c.entry.label if c.entry is not None else c.label) for c in cands
                 if (c.entry.type if c.entry is not None else c.type) == "Company"}
    for c in cands:
        if c.entry is None and c.type is not None and c.label is not None:
            named.setdefault(text[c.start : c.end], c)
            named.setdefault(c.label, c)
        label = c.entry.label if c.entry is not None else c.label
        typ = c.entry.type if c.entry is not None else c.type
        if label and label.endswith(" AI") and typ == "Company":
            short = label[:-3]  # 'Moonshot' after 'Moonshot AI', 'Sakana' after 'Sakana AI': the company's short name
            if len(short) >= 4 and short[0].isupper() and " " not in short:
                named.setdefault(short, c)
                shorts.setdefault(short, c)
        if label and typ == "Tool" and c.entry is None and label.count(" ") == 1 and label.split(" ")[0] in companies:
            short = label.split(" ")[1]  # 'Cortex' after 'Snowflake Cortex': the product's short name
            if len(short) >= 4 and short[0].isupper() and short.isalpha() and short not in STOP_CAP:
                named.setdefault(short, c)
                shorts.setdefault(short, c)
        maker, sep, tail = (label or "").replace("-", " ", 1).partition(" ")
        if typ == "Model" and sep and (maker in companies or (c.entry is not None and c.entry.org == maker)) \
                and " " not in tail and len(tail) >= 2 and any(ch.isdigit() for ch in tail) and tail[0].isupper():
            named.setdefault(tail, c)  # 'R1' after 'DeepSeek-R1' or "DeepSeek's R1": the maker's name dropped
        if label and typ == "Model" and label.count(" ") >= 2 and any(ch.isdigit() for ch in label.split(" ", 1)[1]):
            named.setdefault(label.split(" ", 1)[1], c)  # 'Opus 4.5' after 'Claude Opus 4.5': the family name dropped
    if not named:
        return cands
    first_words: dict[str, list[str]] = {}
    for surface in named:
        w = surface.split(" ")[0]
        first_words.setdefault(w, []).append(surface)
    # a name the NER found on its own that is the short name of an 'X AI' company named before it ('values Scale at
    # $29 billion' after 'Scale AI') is that company, whatever type its context suggested
    cands = [Cand(c.start, c.end, src.entry, src.type, src.label, src.broader, c.source, c.sent)
             if c.entry is None and (src := shorts.get(text[c.start : c.end])) is not None and src.start < c.start
             and context_type(text, c.start, c.end) not in ("Tool", "Model")  # (not 'to Kanana, the AI service')
             else c for c in cands]
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
                        out.append(Cand(s, e, src.entry, src.type, src.label, src.broader, "same", 0))
                    break
    return sorted(out, key=lambda c: c.start)
