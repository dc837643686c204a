"""Reference resolution: pronouns and nominal phrases become mentions of the entity they mean.

Contract: ``resolve(text, sentences, mentions, entities, quote_spans)`` returns new ``Mention`` objects
(kind ``pronoun`` or ``nominal``) for 'its / it / itself', 'he / she / him / his / her', 'the company /
the firm / the startup / the tech giant / the model / the chatbot', and 'his company', each resolved to
an entity of a compatible type:

1. the first compatible mention earlier in the same sentence (the clause subject);
2. for a leading subordinate clause ('While championing its own Llama, Meta ...'), the first compatible
   mention after its comma;
3. the first compatible mention of the nearest earlier sentence of the paragraph; persons and nominal
   phrases also look back into earlier paragraphs (people are often re-introduced as 'he').

Mentions inside quotation marks are never antecedents of a person pronoun, and pronouns inside quotations
are left alone (their reference is the speaker's, not the article's).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .model import Entity, Mention
from .sentences import Sentence

__all__ = ["resolve"]

_MOD = (
    r"(?:(?:[A-Z][a-z]+ )?[A-Z]?[a-z]+-based|AI|database|search|chip|cloud|software|enterprise|French|German|"
    r"Chinese|American|British|Israeli|Canadian|Japanese|Korean|Indian|European|young|fast-growing|"
    r"San Francisco|Silicon Valley|Paris|London|Beijing|Toronto|Seattle|New York)"
)
_ANA = re.compile(  # every alternative starts with one of [HhIiSsTt]: the look-ahead lets most positions fail fast
    r"(?=[HhIiSsTt])\b(?:(?P<hiscomp>(?:[Hh]is|[Hh]er|[Tt]heir) (?:[a-z-]+ ){0,3}(?:company|firm|startup|business))|"
    r"(?P<poss>[Ii]ts|[Hh]is|[Hh]er)|(?P<refl>[Ii]tself|[Hh]imself|[Hh]erself)|(?P<pron>[Ii]t|[Hh]e|[Ss]he|[Hh]im)|"
    rf"[Tt]he (?P<mod>(?:{_MOD}|new|latest) (?:(?:AI|search|software|chip|cloud|robotics|tech) )?)?"
    r"(?P<nom>company|firm|startup|start-up|tech giant|search giant|giant|group|lab|business|chipmaker|"
    r"developer|model|chatbot|bot|assistant|app|tool))\b",
)
_SUBORD = re.compile(
    r"^(?:While|Although|Though|Since|After|Before|Despite|As|When|With|By|Following|Having|Unlike|Like|"
    r"Even as|Just as)\b"
)
_FRONTED = re.compile(r"^(?:[A-Z][a-z]+(?:ed|ing)|In|On|At|After|Before|Under|Despite|With|Following|Since|By|For|Like|Unlike|According|As|Amid|Through)\b")
_ORG = frozenset({"Company", "Organization"})
_ASSET_OR_ORG = frozenset({"Company", "Organization", "Model", "Tool"})
_PERSON = frozenset({"Person"})
_NOM_TYPES = {"model": frozenset({"Model"}), "chatbot": frozenset({"Tool"}), "bot": frozenset({"Tool"}),
              "assistant": frozenset({"Tool"}), "app": frozenset({"Tool"}), "tool": frozenset({"Tool"})}


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_COMPANY = frozenset({"Company"})
_ASSET = frozenset({"Model", "Tool"})
_ORG_OR_TOOL = frozenset({"Company", "Organization", "Tool"})
# 'it' right after a verb that takes a product or model as its object
_ASSET_VERB = re.compile(r"\b(?:offers?|offered|sells?|sold|runs?|ran|uses?|used|hosts?|hosted|integrates?|integrated|"
                         r"deploys?|deployed|licenses?|licensed|tried|try|tries|downloads?|downloaded|fine-tunes?|"
                         r"fine-tuned|trains?|trained|released|launched|open-sourced|switch|switches|switched|"
                         r"price|prices|priced|access|accessed) $")
# the pronoun sits in a relative clause about the name before ', which'
_REL_BEFORE = re.compile(r", (?:which|who) (?:[^,;()]*)$")
_COMPANY_NOMS = frozenset({"company", "firm", "startup", "start-up", "tech giant", "search giant", "giant", "chipmaker",
                           "business"})
# a clause boundary between an antecedent and a nominal in the same sentence ('Meta ..., and the company said')
_BOUNDARY = re.compile(r", (?:and|but|while|as|where|though|although)\b|; |\b(?:said|says|while|because|"
                       r"after|before|when|what|whose|where|although)\b")
_PREP_WORDS = ("at", "from", "of", "by", "with", "to", "in", "on", "for", "into", "about", "against", "including",
               "like", "than", "as", "between", "among", "over", "via", "through", "former", "ex", "alongside",
               "rival", "rivals")
_PREP_BEFORE = re.compile(rf"(?:\b(?:{'|'.join(_PREP_WORDS)})(?:\s+the)?|['’]s?)\s*$", re.I)
_PREP_ENDS = (*_PREP_WORDS, "the", "'", "’", "s")  # how a text _PREP_BEFORE finds something in ends
_STARTUP_CUE = re.compile(r"(?:start-?up|startup)\s+$", re.I)
_STARTUP_AFTER = re.compile(r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?start-?up\b", re.I)
_LOOKBACK = 10  # sentences
# described as an established organisation, so never 'the startup'
_ESTABLISHED_HEADS = ("firm", "company", "group", "house")
_ESTABLISHED_WORDS = ("giant", "conglomerate", "incumbent", "bank", "regulator", "agency", "fund", "university")
_ESTABLISHED_CUE = re.compile(
    r"(?:(?:research|analyst|analytics|consulting|advisory|law|investment|accounting|market-research|private equity)"
    rf" (?:{'|'.join(_ESTABLISHED_HEADS)})|{'|'.join(_ESTABLISHED_WORDS)})\s+$", re.I)
_ESTABLISHED_ENDS = _ESTABLISHED_HEADS + _ESTABLISHED_WORDS
_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s"}  # what re.I equates with ASCII letters and str.lower leaves (gates.py)


def _ends(s: str, words: tuple[str, ...]) -> bool:
    """Whether ``s``, trailing spaces left out and folded as ``re.I`` folds, ends with one of ``words``: the cheap
    test before a case-insensitive pattern anchored at the end (``...\\s*$``) that needs it."""
    t = s.rstrip()[-14:]
    return (t.lower() if t.isascii() else t.translate(_FOLD).lower()).endswith(words)


def _prep_before(s: str) -> bool:
    return _ends(s, _PREP_ENDS) and _PREP_BEFORE.search(s) is not None
# a sentence whose subject is a thing, not an entity: a following 'it' means that thing
_THING_SUBJ = re.compile(
    r"^(?:The|This|That|Such an?) (?:[a-z-]+ ){0,2}(?:deal|partnership|move|launch|acquisition|round|investment|"
    r"agreement|announcement|release|funding|update|report|decision|plan|lawsuit|complaint|inquiry|probe|"
    r"feature|transaction|merger|purchase|change|rule|law|bill|alliance|collaboration|venture|program|"
    r"programme|initiative|project|offering|expansion|approach|strategy|effort|push)\b")
# a mention directly followed by a finite verb is the subject of its clause ('Amazon completed ...')
_VERB_AFTER = re.compile(r"^\s+(?:\w+ly\s+)?(?:has|have|had|is|was|were|are|will|would|can|could|did|does|\w+ed|\w+s)\b")


def resolve(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: dict[str, Entity],
    quote_spans: list[tuple[int, int]],
) -> list[Mention]:
    """Resolved pronoun and nominal mentions (see the module contract)."""
    qspans = sorted(quote_spans)
    qstarts = [s for s, _ in qspans]
    taken = sorted((m.start, m.end) for m in mentions)
    tstarts = [t[0] for t in taken]
    starts = set(tstarts)
    ends = {m.end: m for m in mentions}
    starts_at = {m.start: m for m in mentions}
    counts: dict[str, int] = {}  # name mentions per entity in the whole article: its protagonists
    for m in mentions:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    by_sent: list[list[tuple[int, str, str]]] = []  # (pos, key, type) outside quotes, per sentence
    weights: list[list[float]] = []  # salience weight of each of those mentions
    out: list[Mention] = []
    startups: set[str] = set()
    established: set[str] = set()
    lede: str | None = None
    owners: set[int] = set()
    mi = 0
    ms = sorted(mentions, key=lambda m: m.start)
    for si, sent in enumerate(sentences):
        local: list[tuple[int, str, str]] = []
        lw: list[float] = []
        while mi < len(ms) and ms[mi].start < sent.end:
            m = ms[mi]
            mi += 1
            if m.start >= sent.start and m.entity in entities:
                quoted = _inside(qspans, qstarts, m.start)
                local.append((m.start, m.entity, entities[m.entity].type if not quoted else "quoted-" + entities[m.entity].type))
                before = text[max(sent.start, m.start - 20) : m.start]
                w = 0.5 if _prep_before(before) else (2.5 if not lw else 1.0)
                lw.append(w)
                if _STARTUP_CUE.search(before) or (text.startswith(",", m.end) and _STARTUP_AFTER.match(text[m.end : m.end + 60])):
                    startups.add(m.entity)
                elif _ends(est := text[max(sent.start, m.start - 40) : m.start], _ESTABLISHED_ENDS) and _ESTABLISHED_CUE.search(est):
                    established.add(m.entity)  # 'research firm IDC' is not 'the startup'
        new: list[tuple[int, str, str]] = []
        for a in _ANA.finditer(sent.text):
            pos = sent.start + a.start()
            if _inside(qspans, qstarts, pos) or _inside(taken, tstarts, pos):
                continue
            word = a.group().lower()
            nom = (a.group("nom") or "").lower()
            if a.group("hiscomp"):
                wanted, far, kind = _ORG, True, "nominal"
            elif nom:
                wanted, far, kind = _NOM_TYPES.get(nom, _ORG), True, "nominal"
                if nom in _COMPANY_NOMS:
                    wanted = _COMPANY
                if sent.start + a.end() + 1 in starts:
                    continue
                prev = ends.get(pos - 2)
                if prev is not None and text[pos - 2 : pos] == ", " and entities.get(prev.entity) is not None \
                        and entities[prev.entity].type in wanted and not _FRONTED.match(sent.text):
                    for i, x in enumerate(local):  # an apposition: 'DeepSeek, the Hangzhou-based lab'
                        if x[0] == prev.start:
                            lw[i] += 1.0  # describing an entity marks it as one the article is about
                    continue
            elif word in ("he", "she", "him", "his", "her", "himself", "herself"):
                wanted, far, kind = _PERSON, True, "pronoun"
            elif word in ("its", "itself"):
                wanted, far, kind = _ORG_OR_TOOL, True, "pronoun"
                if word == "its" and _ORG_NOUN_AFTER.match(sent.text, a.end()):
                    wanted = _ORG  # 'its parent Alphabet', 'its investors': only an organisation has them
            elif _ORG_VERB.search(sent.text, 0, a.start()):
                wanted, far, kind = _ORG, False, "pronoun"  # 'when Microsoft acquired it'
            elif _ASSET_VERB.search(sent.text, 0, a.start()):
                wanted, far, kind = _ASSET, False, "pronoun"  # 'Google Cloud offers it through Vertex AI'
            else:
                wanted, far, kind = _ASSET_OR_ORG, False, "pronoun"
            rel = _REL_BEFORE.search(sent.text, 0, a.start()) if kind == "pronoun" and wanted is not _PERSON else None
            if rel is not None and _REL_SUBJECT.match(rel.group()):
                rel = None  # 'Claude 3 Opus, which it says outperforms GPT-4': 'it' is not the clause's head
            if rel is not None:
                head = ends.get(sent.start + rel.start())
                if head is not None and head.entity in entities and entities[head.entity].type in wanted:
                    out.append(Mention(pos, pos + len(a.group()), a.group(), head.entity, kind))
                    new.append((pos, head.entity, entities[head.entity].type))
                    continue  # 'Salesforce, which has been pushing its own Agentforce'
            fronted = kind == "nominal" and sent.text[max(0, a.start() - 2) : a.start()] == ", " and bool(
                _FRONTED.match(sent.text))
            key = None
            if kind == "pronoun":
                key = _clause_pick(text, sent, a, pos, local + new, starts_at, wanted, word)
            elif nom in _COMPANY_NOMS:
                key = _relative_owner(text, sent, a, ends, entities)
            if key is None and not fronted:
                hit = _first(_pick_at(local, pos, wanted), _pick_at(new, pos, wanted))
                if hit is not None and kind == "nominal" and wanted is not _PERSON:
                    # a nominal is not the subject of its own clause ('Amazon invested in the startup'):
                    # that reading needs a clause boundary in between
                    p0 = min(p for p, k, _ in local + new if k == hit)
                    m0 = starts_at.get(p0)
                    subj = m0 is not None and bool(_VERB_AFTER.match(text[m0.end : m0.end + 30]))
                    if subj and not _BOUNDARY.search(text[p0:pos]):
                        other = _pick_at([x for x in local if x[1] != hit], pos, wanted)
                        hit = other[1] if other is not None else None
                if hit is not None and kind == "nominal":
                    rel_n = _REL_BEFORE.search(sent.text, 0, a.start())
                    head_n = ends.get(sent.start + rel_n.start()) if rel_n else None
                    if head_n is not None and head_n.entity == hit:
                        hit = None  # 'Amazon, which has invested in the startup': not Amazon
                key = hit
            if key is None and kind != "nominal" or (key is None and wanted is _ORG):
                lead = sent.text[: a.start()]
                if _SUBORD.match(sent.text) and "," not in lead:
                    comma = sent.text.find(",", a.end())
                    if comma >= 0:
                        key = _pick([x for x in local if x[0] > sent.start + comma], 10**12, wanted)
            if key is None and wanted is _PERSON:
                for back in range(si - 1, -1, -1):
                    prev_s = sentences[back]
                    if sent.para - prev_s.para > 3:
                        break
                    key = _pick(by_sent[back], 10**12, wanted)
                    if key is not None:
                        break
            elif key is None and a.start() == 0 and word in ("it", "its") and si > 0 \
                    and _THING_SUBJ.match(sentences[si - 1].text):
                pass  # 'The partnership is ... It also raises questions': 'it' is the thing, not an entity
            elif key is None:
                key = _salient(sentences, by_sent, weights, counts, si, sent.para, far, wanted,
                               startups if nom in ("startup", "start-up") else None, lede,
                               established - startups if nom in ("startup", "start-up")
                               else startups if nom.endswith("giant") else None)  # a startup is no giant
                if key is None and wanted is _COMPANY:
                    key = _salient(sentences, by_sent, weights, counts, si, sent.para, far, _ORG, None, lede)
            if key is None:
                continue
            out.append(Mention(pos, pos + len(a.group()), a.group(), key, kind))
            new.append((pos, key, entities[key].type))
            if kind == "nominal" and sent.text.startswith(("'s ", "’s "), a.end()):
                owners.add(pos)  # 'The company's first product, Lumora Scribe, ...': the owner is not the subject
            if nom in ("startup", "start-up"):
                startups.add(key)
        for pl in _PLURAL.finditer(sent.text) if any(w in sent.text for w in _PLURAL_NEEDS) else ():
            ppos = sent.start + pl.start()
            if _inside(qspans, qstarts, ppos) or _inside(taken, tstarts, ppos):
                continue
            pair = _last_pair(sentences, by_sent, si, sent.para, bool(pl.group("two")))
            for key in pair:
                out.append(Mention(ppos, sent.start + pl.end(), pl.group(), key, "nominal"))
        nw = []
        for x in new:
            before = text[max(sent.start, x[0] - 20) : x[0]]
            first = not any(p < x[0] for p, _, _ in local + new)
            nw.append(0.6 * (0.5 if x[0] in owners or _prep_before(before) else 2.5 if first else 1.0))
        if si == 0 and local and lw[0] >= 2.5 and local[0][2] in _ORG:
            lede = local[0][1]  # the subject of the article's first sentence: what the story is about
        merged = sorted([(x, w) for x, w in zip(local, lw, strict=True)] + list(zip(new, nw, strict=True)))
        by_sent.append([x for x, _ in merged])
        weights.append([w for _, w in merged])
    return out


_REL_SUBJECT = re.compile(r", (?:which|who) $")
# the noun after 'its' names something only an organisation has
_ORG_NOUN_AFTER = re.compile(
    r"\s+(?:(?:[\w-]+)\s+)?(?:parent|investors?|backers?|shareholders?|owners?|ceo|chief|founders?|co-?founders?|"
    r"board|employees|staff|workforce|headcount|headquarters|valuation|subsidiar(?:y|ies)|acquisition|rivals?|"
    r"competitors?|customers|clients|executives|president|chair(?:man|woman)?|engineers|researchers)\b", re.I)
# verbs whose object is an organisation: 'Microsoft acquired it'
_ORG_VERB = re.compile(r"\b(?:acquired|acquires|acquire|acquiring|bought|buys|buy|buying|purchased|invested in|"
                       r"backed|backs|funded|funds|partnered with|sued|sues|joined|joins|left|founded|co-founded|"
                       r"cofounded|runs|ran|leads|led|heads|headed) $")
# a clause boundary inside a sentence, after which a new subject starts
_CLAUSE_START = re.compile(r"(?:, (?:and|but|while|whereas|so|as|yet)|;|\b(?:while|whereas|when|after|because|but|"
                           r"although|though|since|before))\s+", re.I)
# a mention followed by its verb is the subject of its clause
_SUBJ_VERB = re.compile(
    r"\s+(?:\w+ly\s+)?(?:has|have|had|is|was|were|are|will|would|can|could|did|does|do|may|might|said|says|made|"
    r"makes|told|took|bought|sold|built|ran|runs|won|got|gave|set|put|\w+ed|\w+s)\b")
# a pronoun in object position: right after a verb or a preposition
_OBJECT_BEFORE = re.compile(r"\b(?:\w+ed|bought|sold|built|made|took|told|gave|met|hired|to|with|for|by|from|about|"
                            r"against|than|over|under|beside|behind|accompanies|accompany|joins|join|\w+s)\s+$", re.I)


def _clause_pick(
    text: str,
    sent: Sentence,
    a: re.Match[str],
    pos: int,
    cands: list[tuple[int, str, str]],
    starts_at: dict[int, Mention],
    wanted: frozenset[str],
    word: str,
) -> str | None:
    """The entity a pronoun means, read from the structure of its own clause, or None to fall back.

    - An object pronoun ('Microsoft acquired it', 'will report to him') is not the subject of its clause: the
      first other compatible mention of the sentence before it.
    - Otherwise, after a clause boundary ('..., and Microsoft made it available on its platform', '..., while
      Groq said it runs ...'), the subject of the pronoun's own clause.
    """
    before = sent.text[: a.start()]
    bounds = list(_CLAUSE_START.finditer(before))
    bound = bounds[-1] if bounds else None
    lo = sent.start + (bound.end() if bound is not None else 0)
    inside = sorted(x for x in cands if lo <= x[0] < pos and x[2] in wanted)
    subj: str | None = None
    if inside:
        m0 = starts_at.get(inside[0][0])
        end = m0.end if m0 is not None else inside[0][0]
        if _SUBJ_VERB.match(text, end, end + 40):
            subj = inside[0][1]
    if word in ("it", "him", "her") and _OBJECT_BEFORE.search(before) and not _SUBJ_VERB.match(sent.text, a.end()) \
            and not (word == "her" and _POSS_HER.match(sent.text, a.end())):
        first = sorted(x for x in cands if x[0] < pos and x[2] in wanted and not _POSS_PRON.match(text, x[0]))
        if first and (subj is not None or word != "it"):
            excluded = subj if subj is not None else first[0][1]
            others = [k for _, k, _ in first if k != excluded]
            return others[0] if others else None
        return None
    if bound is not None and subj is not None:
        return subj
    return None


_POSS_PRON = re.compile(r"(?:[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\b")  # 'His colleague ... will report to him'
_POSS_HER = re.compile(r"\s+(?:own\s+)?[a-z-]+")


def _relative_owner(text: str, sent: Sentence, a: re.Match[str], ends: dict[int, Mention],
                    entities: dict[str, Entity]) -> str | None:
    """'Alibaba's own Tongyi Qianwen app, which runs on the company's Qwen models': the owner of the clause's head."""
    rel = _REL_NOM_BEFORE.search(sent.text, 0, a.start())
    if rel is None:
        return None
    head = ends.get(sent.start + rel.start())
    if head is None:
        return None
    own = _OWNER_BEFORE.search(text, max(sent.start, head.start - 40), head.start)
    if own is None:
        return None
    owner = ends.get(own.start() + len(own.group(1)))
    if owner is None or owner.entity not in entities or entities[owner.entity].type not in _COMPANY:
        return None
    return owner.entity


_REL_NOM_BEFORE = re.compile(r"(?: (?:app|chatbot|assistant|model|models|service|platform|tool|product))?, (?:which|that) [^,;()]*$")
_OWNER_BEFORE = re.compile(r"(\S+)['’]s (?:own |new |flagship |popular )?$")


# plural references to two organisations named together before: 'the two companies', 'both firms'
_PLURAL = re.compile(r"\b(?:(?P<two>[Tt]he two|[Bb]oth) (?:companies|firms|groups|startups|partners)|[Tt]he (?:companies|pair))\b")
_PLURAL_NEEDS = ("he two ", "oth ", "he companies", "he pair")  # one of these is in every match


def _last_pair(sentences: list[Sentence], by_sent: list[list[tuple[int, str, str]]], si: int, para: int,
               two: bool) -> list[str]:
    """The organisations of the latest earlier sentence that names two of them ('the two' takes its first
    two; 'the companies' needs exactly two)."""
    for back in range(si - 1, max(-1, si - 1 - _LOOKBACK), -1):
        if para - sentences[back].para > 4:
            break
        keys: list[str] = []
        for _, key, typ in by_sent[back]:
            if typ in _ORG and key not in keys:
                keys.append(key)
        if len(keys) == 2 or (two and len(keys) > 2):
            return keys[:2]
    return []


def _salient(
    sentences: list[Sentence],
    by_sent: list[list[tuple[int, str, str]]],
    weights: list[list[float]],
    counts: dict[str, int],
    si: int,
    para: int,
    far: bool,
    wanted: frozenset[str],
    boost: set[str] | None,
    lede: str | None = None,
    exclude: set[str] | None = None,
) -> str | None:
    """The most salient wanted entity of the preceding sentences: recent, in subject position, often mentioned."""
    score: dict[str, float] = {}
    last: dict[str, int] = {}
    for back in range(si - 1, max(-1, si - 1 - _LOOKBACK), -1):
        prev = sentences[back]
        if (prev.para != para and not far) or para - prev.para > 3:
            break
        d = si - back
        decay = 1.0 if d == 1 else 0.35 if d == 2 else 0.2 if d == 3 else 0.1
        if prev.para != para:
            decay *= 0.5  # a new paragraph: the last sentence of the one before is less of a guide
        for (_, key, typ), w in zip(by_sent[back], weights[back], strict=True):
            if typ not in wanted:
                continue
            score[key] = score.get(key, 0.0) + decay * w
            last.setdefault(key, back)
    if lede is not None and far and "Company" in wanted:
        score[lede] = score.get(lede, 0.0) + 1.0
        last.setdefault(lede, -1)
    for k in exclude or ():
        score.pop(k, None)
    if not score:
        return None
    for k in score:
        score[k] += 0.2 * min(counts.get(k, 0), 6)  # the article's protagonists stay salient
    if boost:
        for k in score:
            if k in boost:
                score[k] *= 1.5
    return max(score, key=lambda k: (score[k], last[k]))


def _pick_at(cands: list[tuple[int, str, str]], pos: int, wanted: frozenset[str]) -> tuple[int, str] | None:
    """The first wanted mention before ``pos`` as (position, key); scanning stops at ``pos``."""
    for p, key, typ in cands:
        if p >= pos:
            return None
        if typ in wanted:
            return p, key
    return None


def _first(a: tuple[int, str] | None, b: tuple[int, str] | None) -> str | None:
    if a is None or (b is not None and b[0] < a[0]):
        return b[1] if b else None
    return a[1]


def _pick(cands: list[tuple[int, str, str]], pos: int, wanted: frozenset[str]) -> str | None:
    """The first mention before ``pos`` whose type is wanted (the subject of the clause)."""
    for p, key, typ in cands:
        if p >= pos:
            break
        if typ in wanted:
            return key
    return None
