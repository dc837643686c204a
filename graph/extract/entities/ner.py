"""Candidates from the statistical NER (PERSON, ORG, PRODUCT; GPE/NORP names the context calls a company or a
product) and proper-noun runs it missed, cleaned and typed; versioned names ('Vexa-7B', 'Grok 3').
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Any

from ..lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    PRODUCT_EDITIONS,
    ROLE_WORDS,
    STOP_CAP,
    VERSION_TOKEN,
)
from ..sentences import Sentence
from .context import (
    GENERIC_BEFORE,
    PERSON_CONTEXT,
    PREP_BEFORE,
    RUNS_ON,
    context_type,
    described_as_company,
    shape_type,
)
from .ruler import Cand, Tok, slugify

__all__ = ["clean_span", "is_name", "ner_cands", "person_ok", "versioned_names", "name_versions"]


#: 'the Heidelberg-based startup': what comes before is a place
_PLACE_AFTER = re.compile(r"[-–](?:based|headquartered)\b")
_STRIP_START = frozenset("the The a A an An its Its their Their his her".split())
CORP_TAIL = re.compile(r",? (?:Inc|Corp|Corporation|Ltd|LLC|PLC|Co)\.?$")


def clean_span(text: str, toks: list[Any], base: int, org: bool = False, person: bool = False) -> tuple[int, int] | None:
    """Global (start, end) of a name made of ``toks``, without leading determiners, possessives and punctuation,
    and titles (not in an organisation's name, ``org``: 'General Motors'; a person's given name that is also a
    sentence-opening word stays, ``person``: 'Will Wong')."""
    a, b = 0, len(toks)
    # 'with The Browser Company', 'told The Verge': a capital 'The' inside a sentence is the name's own
    the = org and b >= 2 and toks[0].text == "The" and toks[0].i > 0 and toks[1].text[:1].isupper()
    while a < b and not (a == 0 and the) and (toks[a].text in _STRIP_START or (toks[a].text in STOP_CAP and not (
                         person and b - a >= 2 and toks[a].pos_ == "PROPN" and toks[a].text.istitle()))
                     or not toks[a].text[0].isalnum()
                     or (toks[a].text.lower() in ROLE_WORDS and not (org and toks[a].text.istitle()))):
        a += 1
    b = next((i for i in range(a, b) if toks[i].text in ('"', "“", "”", "(") or (  # 'called R1 "AI's Sputnik moment"'
        toks[i].text in _TIME_PREPS and i > a)), b)  # (a name ends before 'on'/'in' ...: 'released R1 on Jan 20')
    # (and 'Innovation Park Artificial Intelligence (Ipai)': the bracket holds another name)
    while b > a and (toks[b - 1].text in ("'s", "’s", "'", "’", "and", "or") or not toks[b - 1].text[-1].isalnum()
                     and toks[b - 1].text not in (".",) and not _PLUS_NAME.match(toks[b - 1].text)):
        # ('Microsoft's Loop and': the conjunction is no part; 'Alexa+', 'Disney+' keep their plus)
        b -= 1
    while b > a and toks[b - 1].text == ".":
        b -= 1
    if any(toks[i].text == "," and toks[i + 1].text.rstrip(".") not in _SUFFIX_AFTER_COMMA for i in range(a, b - 1)):
        return None  # "Claude's Max, Team and Enterprise plans": a list, not one name ('Contoso, Inc.' is one)
    if a >= b:
        return None
    return base + toks[a].idx, base + toks[b - 1].idx + len(toks[b - 1].text)


#: an apposition that describes what comes before it (', a longtime Google executive')
_DESCRIBED_AFTER = re.compile(r",\s+(?:a|an|the)\s")
#: lower-case prepositions no name holds ('R1 on Jan 20', 'Mistral in Paris'; not 'of', 'for', 'de')
_TIME_PREPS = frozenset("on in at since during until after before from with by via".split())
#: a product name written with a plus ('Alexa+', 'Apple TV+'): the plus is part of the name
_PLUS_NAME = re.compile(r"^\w*[A-Za-z0-9]\+$")
_NAME_SYLLABLE = re.compile(r"-(?!(?:led|run|era|ish|like|made|born|bred|owned|type|wide|free|only|less|"
                            r"ever|year|time)\b)[a-z]{1,4}\b(?!-)")  # (not 'Roe-led', 'Roe-era')
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")
_KIND_AFTER = re.compile(r"\s+(?:[a-z][\w-]*\s+)?(?:firm|company|startup|start-up|group|fund|conglomerate|giant)\b")
_EVENT_AFTER = re.compile(r"\s+(?:developer\s+)?(?:conference|event|summit|keynote|festival|show|expo)\b")
_POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)\s+$")
_SUFFIX_AFTER_COMMA = frozenset("Inc Ltd LLC Corp Co PLC plc".split())
_GENERIC = frozenset(
    "AI A.I. GenAI AGI ASI LLM LLMs GPU GPUs TPU TPUs API APIs SDK Web Cloud Internet App Apps IPO CEO CEOs "
    "Series Round US U.S. UK EU IT".split()
)


def is_name(words: list[str]) -> bool:
    if all(w in _GENERIC for w in words):
        return False
    if len(words) > 1 and words[0].isalpha() and words[0].islower():
        return False  # "head of firmwide AI": a name starts with a capital, a digit or a capital inside ('xAI')
    return any(w[:1].isupper() or (w[:1].isdigit() and not w.isdigit()) for w in words) and not all(
        w in STOP_CAP or w.lower() in ROLE_WORDS for w in words)


def person_ok(words: list[str]) -> bool:
    """A name a person can have: two to four capitalised words, none a title, not ending in a product tier ('Nova
    Pro', 'Gemini Ultra' are products the NER may call people), nor in a model code ('Mercedes-Benz CLA', 'Palmyra
    X5')."""
    last = words[-1] if words else ""
    return 2 <= len(words) <= 4 and words[0] not in _NOT_GIVEN and last not in PRODUCT_TIERS and last not in PRODUCT_HEADS and not (
        last.isupper() and len(last) >= 2 and last.isalpha()) and not any(c.isdigit() for c in last) and all(
        (w[:1].isupper() or w in NAME_PARTICLES or w in ("“", "”", '"')) and w.lower() not in ROLE_WORDS for w in words)


def _given_name(t: Any) -> bool:
    """Whether a token can be a person's given name: a capitalised proper noun, no title."""
    return t.pos_ == "PROPN" and t.text.istitle() and t.text.isalpha() and t.text.lower() not in ROLE_WORDS \
        and (t.text not in STOP_CAP or (t.text in _MONTH_NAMES and t.dep_ == "compound" and t.head.i == t.i + 1)) \
        and t.text not in HONORIFICS and not t.ent_type_


#: months that are also given names: one when the parse joins it to the surname after it ('Executive May Habib')
_MONTH_NAMES = frozenset("April May June August".split())


#: the last word of a product's name that says its tier: never the end of a person's name
PRODUCT_TIERS = frozenset("Pro Max Mini Ultra Lite Plus Turbo Flash Nano Premium Enterprise".split())
#: the last word of a product's name that says what it is ('App Store', 'Copilot Studio'): never a person's surname
PRODUCT_HEADS = frozenset("Store Studio Cloud Assistant Search Maps Drive Photos Docs Copilot Chat Code Agent App "
                          "Browser Platform Suite Engine Lens Workspace TV".split())
#: capitalised first words of a phrase that are no given name ('Project Rainier', 'Inside Annapurna's lab')
_NOT_GIVEN = frozenset("Project Operation Mission Program Programme Inside Outside Within Beyond Team Camp Rivals Rival "
                        "Competitors Peers Investors Backers Customers Partners Clients Users".split())
#: head nouns of an assistant product's name ('MBUX Virtual Assistant', 'Rivian Assistant')
_ASSISTANT_HEADS = frozenset("Assistant Agent Copilot Chatbot".split())


def ner_cands(text: str, sent: Sentence, si: int, doc: Any, taken: list[tuple[int, int]]) -> list[Cand]:
    out: list[Cand] = []
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
        toks = list(ent)
        if ent.label_ == "PERSON" and len(ent) == 1 and ent.start >= 1 and _given_name(doc[ent.start - 1]) \
                and (ent.start == 1 or doc[ent.start - 2].text.lower() in ROLE_WORDS or doc[ent.start - 2].pos_ in (
                    "VERB", "CCONJ", "PUNCT") or doc[ent.start - 2].lower_ in ("for", "by", "with", "to")):
            # 'ASML Chief Executive Christophe Fouquet', 'For Christophe Fouquet, ...': the NER kept the surname
            toks = [doc[ent.start - 1], *toks]
        elif ent.label_ == "ORG" and len(ent) == 1 and ent.start >= 1 and _given_name(doc[ent.start - 1]) \
                and doc[ent.start - 1].head.i == ent.start and PERSON_CONTEXT.match(text, base + doc[ent.end - 1].idx
                                                                                     + len(doc[ent.end - 1].text)):
            # 'said Praveen Raina/ORG, OCBC's head of ...': a surname the NER took for a firm, its given name left out
            toks = [doc[ent.start - 1], *toks]
        elif ent.label_ == "PERSON" and len(ent) == 1 and ent.start >= 2 and _given_name(doc[ent.start - 1]) \
                and doc[ent.start - 2].lower_ in ("at", "of", "from"):
            continue  # 'analyst at Quilter Cheviot': the end of a firm's name, read with the word before it below
        if ent.label_ == "PERSON" and len(ent) == 2 and ent.end + 1 < len(doc) and _given_name(doc[ent.end]) \
                and doc[ent.end + 1].pos_ in ("VERB", "AUX", "PUNCT") and doc[ent.end].dep_ in ("compound", "nsubj"):
            toks = [*toks, doc[ent.end]]  # 'Carlos Torres Vila said': the NER dropped a second surname
        headed = ent.label_ in ("ORG", "PRODUCT") and ent.end < len(doc) and doc[ent.end].text in _ASSISTANT_HEADS \
            and ent[-1].head.i == ent.end
        if headed:  # 'MBUX Virtual/ORG Assistant': the recogniser stopped before the head noun of the product's name
            toks = [*toks, doc[ent.end]]
        span = clean_span(text, toks, base, org=ent.label_ == "ORG" and not headed, person=ent.label_ == "PERSON")
        if span is None:
            continue
        s, e = trim(*span) if ent.label_ == "PERSON" else span
        if ent.label_ == "PERSON" and (h := _NAME_SYLLABLE.match(text, e)) is not None:
            e = h.end()  # 'Chung Shin-a': the NER stopped at the hyphen of a Korean given name
        words = text[s:e].split()
        if not is_name(words) or not free(s, e) or _PLACE_AFTER.match(text, e):
            continue
        ctx = context_type(text, s, e, person=ent.label_ == "PERSON" and person_ok(words))
        shape = shape_type(words)
        typ: str | None
        if ent.label_ == "PERSON" and len(words) >= 3 and words[0].isupper() and len(words[0]) <= 4 \
                and words[0].isalpha():  # 'MEP Sergey Lagodinsky', 'SVP Jane Roe': a title, not a name
            s += len(words[0]) + 1
            words = words[1:]
        if ent.label_ != "PERSON" and person_ok(words) and not shape and (
                PERSON_CONTEXT.match(text, e) and (not PREP_BEFORE.search(text, max(0, s - 6), s)  # ('... officer at UW
                                                   or _DESCRIBED_AFTER.match(text, e))  # ('with Clay Bavor, a ... executive')
                or ent.label_ == "ORG" and _ANALYST_BEFORE.search(text, max(0, s - 30), s)):  # Health, said': a place)
            typ = "Person"  # 'Jane Roe, Senior Analyst at X, noted', 'Oppenheimer analyst Rupesh Parikh': a person
        elif ent.label_ == "PERSON" and _POSSESSIVE_BEFORE.search(text, max(0, s - 8), s):
            # 'outside its App Store': a person is not owned ('at its Max conference': nor is it a product)
            typ = None if _EVENT_AFTER.match(text, e) else ctx or shape or "Tool"
        elif headed:
            typ = ctx if ctx in ("Tool", "Model") else "Tool"
        elif ent.label_ == "PERSON" and len(words) >= 2 and any(c.isdigit() for c in words[-1]) and words[-1][:1].isupper():
            typ = ctx if ctx in ("Tool", "Model") else "Model"  # 'Palmyra X5': a version, not a surname
        elif ent.label_ == "PERSON" and len(words) >= 2 and words[-1] in PRODUCT_HEADS:
            typ = ctx if ctx in ("Company", "Tool", "Model") else "Tool"  # "Apple's US App Store"
        elif ent.label_ == "PERSON":
            one = len(words) == 1 and words[0][:1].isupper() and words[0].isalpha()  # kept only if it shares a surname
            typ = shape or ctx if (shape or ctx in ("Company", "Tool", "Model")) else (
                "Person" if person_ok(words) or one else None)
        elif ent.label_ == "ORG" and person_ok(words) and not shape and any(
                c.ent_type_ == "PERSON" for c in ent.root.conjuncts):
            typ = "Person"  # 'founded by Merrill Lutsky/ORG, Greg Foster and Tomas Reimers': a list of people
        elif ent.label_ == "ORG" and _THE_BEFORE.search(text, max(0, s - 4), s) and _KIND_AFTER.match(text, e):
            typ = None  # 'the Abu Dhabi investment firm': a modifier of the kind noun, no name of its own
        elif ent.label_ == "ORG":
            typ = shape or (ctx if ctx in ("Tool", "Model", "Dataset") else "Company")
            if typ == "Company" and len(words) >= 2 and (words[-1] in _ASSISTANT_HEADS or words[-1] == "TV"):
                typ = "Tool"  # 'Fire TV', 'Zoom AI Companion Agent': a product's head noun ends the name
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
            label = CORP_TAIL.sub("", text[s:e]) or text[s:e]
        else:
            label = text[s:e]
        out.append(Cand(s, e, None, typ, label, source="ner", sent=si))
        covered.update(range(ent.start, ent.end))
    # a sentence's first word the tagger read as a common word ('Poolside/ADV, a Paris-based startup, has raised'):
    # a name when what follows calls it a company
    first = doc[0] if len(doc) else None
    if first is not None and first.pos_ not in ("PROPN", "PRON", "DET") and first.text[:1].isupper() \
            and first.text.isalpha() and first.text not in STOP_CAP and first.i not in covered:
        s0, e0 = base + first.idx, base + first.idx + len(first.text)
        if free(s0, e0) and described_as_company(text[e0 : e0 + 80]):
            out.append(Cand(s0, e0, None, "Company", first.text, source="context", sent=si))
            covered.add(first.i)
    # proper-noun runs the NER left out, typed by their context
    run: list[Any] = []
    for t in [*doc, None]:
        if t is not None and t.pos_ == "PROPN" and t.i not in covered and t.text not in STOP_CAP:
            run.append(t)
            continue
        if run:
            span = clean_span(text, run, base)
            run = []
            if span is None:
                continue
            s, e = span
            words = text[s:e].split()
            if not is_name(words) or not free(s, e) or GENERIC_BEFORE.search(text[max(0, s - 12) : s]) \
                    or _PLACE_AFTER.match(text, e):
                continue
            typ = shape_type(words) or context_type(text, s, e)
            if typ is None and person_ok(words) and not any(w.isupper() and not _initials(words, i) for i, w in enumerate(words)) \
                    and words[-1] not in _NOT_SURNAMES \
                    and (PERSON_CONTEXT.match(text, e) and not PREP_BEFORE.search(text, max(0, s - 6), s)
                         or _TITLE_BEFORE.search(text, max(0, s - 30), s)):
                # a name the NER missed, described as a person ('Neel Nanda, a researcher who ...') or titled right
                # before ('Neon chief executive Nikita Shamgunov')
                typ = "Person"
            if typ is None and len(words) == 2 and person_ok(words) and words[-1] in _quoted_surnames(text):
                typ = "Person"  # 'Sal Khan does not sound like ...' and later 'Khan said': the article quotes a person
            if typ is None and RUNS_ON.search(text, max(0, s - 25), s):
                typ = "Model"  # 'a citizen-services assistant that runs on Luminous'
            if typ is None:
                continue
            label = CORP_TAIL.sub("", text[s:e]) or text[s:e]
            out.append(Cand(s, e, None, typ, label, source="context", sent=si))
    return out


@lru_cache(maxsize=8)
def _quoted_surnames(text: str) -> frozenset[str]:
    """Capitalised words the article quotes as speakers ('Khan said', 'said Khan'): one scan per article."""
    return frozenset(m.group(1) or m.group(2) for m in _SAID_NAME.finditer(text))


_SAID_NAME = re.compile(r"\b([A-Z][a-z]+)\s+(?:said|says|told|added|wrote|recalled|argued)\b|\bsaid\s+([A-Z][a-z]+)\b")


def _initials(words: list[str], i: int) -> bool:
    """Whether the capitals ``words[i]`` are a person's initials before a surname ('RJ Scaringe'), not an acronym."""
    w = words[i]
    return i == 0 and len(words) >= 2 and len(w) == 2 and w.isalpha() and w not in _TWO_LETTER_ACRONYMS


_TWO_LETTER_ACRONYMS = frozenset("AI US UK EU UN IT TV PC VR AR ML HR PR".split())
#: last words of a capitalised phrase that names a document or a plan, never a person ('AI Act', 'Stargate Project')
_NOT_SURNAMES = frozenset("Act Law Bill Code Directive Treaty Agreement Accord Program Programme Project Plan Fund "
                          "Initiative Summit Report Index Award Prize Conference Forum".split())
#: a person's job right before a name the NER called an organisation ('said Oppenheimer analyst Rupesh Parikh')
_ANALYST_BEFORE = re.compile(r"\b(?:analyst|analysts|economist|strategist|researcher|spokesperson|spokesman|"
                             r"spokeswoman|reporter|professor)\s+$", re.I)
_TITLE_BEFORE = re.compile(r"\b(?:chief executive|executive|ceo|cto|cfo|coo|founder|co-founder|cofounder|president|"
                           r"chairman|chairwoman|analyst|director|officer|researcher|scientist|engineer|spokesperson|"
                           r"spokesman|spokeswoman|professor|economist|reporter|head|boss|chief)\s+$", re.I)
_AMOUNT_AFTER = re.compile(r"\s*(?:million|billion|trillion|thousand|percent|per cent|%|bn|m)\b", re.I)
_VERSIONED = re.compile(r"^[A-Z][A-Za-z]+(?:-[A-Za-z]+)*-(?:[vV]?\d[\w.]*)$")


def versioned_names(text: str, toks_of: list[list[Tok]], cands: list[Cand]) -> list[Cand]:
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
            while j + 1 < len(toks) and toks[j + 1][0] == toks[j][1] and (
                    toks[j + 1][2][:1].isalnum() or _hyphen_version(toks, j + 1)):
                j += 2 if toks[j + 1][2] == "-" else 1  # 'LexCorp-9M' as 'LexCorp-9' 'M', 'MAI-1-preview' '-' 'preview'
            e0 = toks[j][1]
            typ = context_type(text, s0, e0)
            out.append(Cand(s0, e0, None, typ if typ in ("Dataset", "Tool") else "Model", text[s0:e0], None, "shape", si))
    return out


def _hyphen_version(toks: list[Tok], k: int) -> bool:
    """Whether token ``k`` is a hyphen joined to a version word ('-preview' of 'MAI-1-preview', '-pro' of
    'Doubao-1.5-pro')."""
    if toks[k][2] != "-" or k + 1 >= len(toks) or toks[k + 1][0] != toks[k][1]:
        return False
    w = toks[k + 1][2]
    return VERSION_TOKEN.match(w) is not None or VERSION_TOKEN.match(w[:1].upper() + w[1:]) is not None  # ('-pro')


def name_versions(text: str, toks: list[Tok], c: Cand) -> None:
    """A known model or tool followed by a version ('Grok 3', 'Llama 4 Scout') is a new model of that family."""
    assert c.entry is not None
    k = bisect_left(toks, (c.end, -1, ""))
    end = c.end
    while k < len(toks):
        if text[end : toks[k][0]] == " " and VERSION_TOKEN.match(toks[k][2]):
            end, k = toks[k][1], k + 1
        elif toks[k][0] == end and _hyphen_version(toks, k):
            end, k = toks[k + 1][1], k + 2  # 'MAI-1-preview', 'GPT-4o-mini'
        else:
            break
    if end > c.end and _AMOUNT_AFTER.match(text, end):
        return  # 'fined X 120 million euros': an amount, not a version
    if end > c.end:
        c.broader, c.entry, c.end = slugify(c.entry.label), None, end
        c.type, c.label, c.source = "Model", text[c.start : end], "version"
    elif k < len(toks) and text[end : toks[k][0]] == " " and toks[k][2] in PRODUCT_EDITIONS:
        # 'Copilot Studio', 'ChatGPT Enterprise', 'Claude Code': a product of its own, not the one it is named after
        c.entry, c.end = None, toks[k][1]
        c.type, c.label, c.source = "Tool", text[c.start : c.end], "edition"
