"""Relations: general patterns over a sentence whose entity mentions are replaced by typed tokens.

Contract: ``extract_relations(text, sentences, mentions, entities, ctx)`` returns ``Fact`` objects whose
subject and object are entity keys, with the evidence sentence's span, a confidence and the extractor name.

How it works. Each sentence becomes a *template*: every mention (names and resolved pronouns) turns into
a token ``\\x01<T><n>\\x02`` where ``T`` is the type letter (C company, O organization, P person, M model,
T tool, D dataset) and ``n`` a slot; possessive pronouns become ``<token>'s``. Rewrite passes then read
and shrink noun phrases (``OpenAI's GPT-4`` -> builds + ``GPT-4``; ``Nvidia CEO Jensen Huang`` -> leads +
``Jensen Huang``; ``A, B and C`` -> one list slot), and clause patterns read the verbs (released,
integrates, invested … in, partnered with, acquired, rival to …). Lists fan out to one fact per member;
each side is checked against the predicate's domain and range. A negation near the verb drops the fact;
hedging ('may', 'in talks', 'reportedly') lowers its confidence below 0.5; plans ('expected to', 'will')
lower it slightly. All patterns are compiled once; gaps are bounded, so matching is linear in practice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from .gates import Gate, _top_level, lower_once
from .lexicon import EXEC_ROLES, HEDGE, NEGATION, ROLE_WORDS, ROLES, SOFT_HEDGE, STOP_CAP, is_lead_role
from .model import Entity, Fact, Mention
from .sentences import Sentence

__all__ = ["extract_relations", "Context", "clause", "parse_amount", "rewrite"]

ORG, PER, MOD, TOOL, DS = {"Company", "Organization"}, {"Person"}, {"Model"}, {"Tool"}, {"Dataset"}
ASSET = MOD | TOOL
DOMAIN: dict[str, tuple[set[str], set[str]]] = {
    "builds": (ORG, MOD), "develops": (ORG, TOOL), "uses": (ORG | TOOL, MOD), "trainedOn": (MOD, DS),
    "basedOn": (MOD, MOD), "leads": (PER, ORG), "worksFor": (PER, ORG), "investsIn": (ORG, ORG),
    "partnersWith": (ORG, ORG), "acquires": (ORG, ORG), "competesWith": (ORG | ASSET, ORG | ASSET),
}
_CLASS = {"Company": "org", "Organization": "org", "Model": "asset", "Tool": "asset"}
_TYPE_CLASS = {"ORG": "[CO]", "PER": "P", "MOD": "M", "TOOL": "T", "ASSET": "[MT]", "DS": "D", "ENT": "[COMTD]",
               "ANY": "[A-Z]", "OT": "[COT]", "T": "T"}
_SLOT = re.compile(r"<(\w+):(\w+)>")


def _p(src: str) -> re.Pattern[str]:
    """Compile a pattern where ``<name:TYPE>`` stands for a token of that type captured as ``name``."""
    def sub(m: re.Match[str]) -> str:
        name, typ = m.group(1), m.group(2)
        cls = _TYPE_CLASS[typ]
        if name == "_":
            return rf"\x01{cls}\d+\x02"
        return rf"\x01{cls}(?P<{name}>\d+)\x02"
    return re.compile(_SLOT.sub(sub, src))


POSS = r"(?:['’‘]s|['’](?= ))"  # 'OpenAI's', 'Databricks’ rivalry'
_POSS_AFTER = ("\x02'", "\x02’", "\x02‘")  # in every template where a token is followed by POSS
_STOPW = r"(?:on|of|in|to|with|for|by|from|and|or|that|which|who|is|was|are|were|has|have|had|will|would|as|at|its|their|his|her|the|a|an|but|than|into|about|over|after|before|while|since|like|such|including|between|against|not)"
# words a noun-phrase gap never crosses: speech verbs and verbs of inclusion ('OpenAI's backer, said GPT-4o')
_W_EXCL = r"(?:said|says|say|told|tells|added|adds|noted|notes|wrote|writes|stated|announced|explained|reported|include|includes|included|including|counts|count|see|sees|describes|called)"
W = rf"(?:(?!(?:{_STOPW}|{_W_EXCL})\b)(?:[a-z][\w-]*|[A-Z]{{2,3}}|\d[\w.%-]*),? ){{0,4}}?"
GAP = r"[^\x01\x02.;]{0,60}?"
AUX = (
    r"(?:(?:has|have|had|is|are|was|were|will|would|could|may|might|also|all|both|recently|reportedly|quietly|"
    r"secretly|now|already|officially|just|finally|previously|first|then|been|be|being|agreed to|plans to|"
    r"planned to|is set to|set to|expected to|aims to|announced(?: that)?(?: it| they)?(?: has| had| will)?|"
    r"said(?: (?:last|this) (?:week|month|year)| on \w+day)?(?: that)?(?: it| they)?(?: has| had| will| would)?|today|yesterday|on \w+day|later|publicly|jointly|"
    r"formally|last (?:week|month|year)|this (?:week|month|year)|in \d{4}|has since|since) ){0,5}"
)
APPOS = r"(?:, [^,;\x01]{1,100}?(?:,| that| which| who)| \([^()]{0,60}\)|, [^,;]{1,120}?,)?"
DESC = r"(?:(?:the |a |an )?(?:(?:[A-Z][\w]*-based|rival|fellow|startup|AI|lab|chipmaker|[a-z]+-[a-z]+) ){0,2})"  # 'rival Anthropic', 'Toronto-based Cohere'
MONEY = r"(?:(?:up to |about |around |nearly |almost |over |more than |at least |roughly )?(?:US)?\$\s?\d[\d,.]*\s?(?:billion|million|trillion|bn|mn|[bBmMkK]\b)?)"
_AMOUNT = re.compile(r"(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s?(billion|million|trillion|bn|mn|[bBmMkK]\b)?")
_MULT = {"billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "trillion": 1e12, "k": 1e3}


def parse_amount(s: str) -> tuple[str | None, float | None]:
    """('$2 billion', 2e9) for the first dollar amount in ``s``, else (None, None)."""
    m = _AMOUNT.search(s)
    if not m:
        return None, None
    value = float(m.group(1).replace(",", ""))
    unit = (m.group(2) or "").lower()
    return m.group(0).strip(), value * _MULT.get(unit, 1.0)


@dataclass
class Context:
    """Article-level state shared across sentences: the main organisation and the last funded company."""

    topic: str | None = None
    funded: str | None = None
    parents: dict[str, str] = field(default_factory=dict)
    led: set[str] = field(default_factory=set)  # organisations whose leaders the article has introduced as such
    employer: dict[str, str] = field(default_factory=dict)  # person -> the organisation a sentence said they work for


@dataclass
class _Sent:
    """One sentence being read: its template, its slots (keys per token) and the facts found so far."""

    sent: Sentence
    tpl: str
    slots: list[tuple[list[str], str]]
    entities: dict[str, Entity]
    ctx: Context
    extractor: str
    facts: list[Fact] = field(default_factory=list)

    def keys(self, tok: str | None) -> list[str]:
        return [] if tok is None else self.slots[int(tok)][0]

    def add(self, pred: str, s: list[str], o: list[str], conf: float, span: tuple[int, int],
            role: str | None = None, amount: str | None = None, nominal: bool = False) -> None:
        """Facts for every subject x object pair that fits the predicate's domain and range.

        ``nominal``: the fact is read from a noun phrase ('Microsoft's partnership with OpenAI'), which the
        sentence presupposes: a hedge before it ('is examining whether ...') does not make it hypothetical.
        """
        conf *= _modality(self.tpl, span, nominal)
        if conf <= 0:
            return
        dom, rng = DOMAIN[pred]
        amt, usd = parse_amount(amount) if amount else (None, None)
        for a in s:
            for b in o:
                if a == b:
                    continue
                ta, tb = self.entities[a].type, self.entities[b].type
                if ta not in dom or tb not in rng:
                    continue
                if pred == "competesWith" and _CLASS.get(ta) != _CLASS.get(tb):
                    continue
                self.facts.append(Fact(a, pred, b, self.sent.start, self.sent.end, round(conf, 2),
                                       self.extractor, role=role, amount=amt, amount_usd=usd))

    def create(self, s: list[str], o: list[str], conf: float, span: tuple[int, int], nominal: bool = False) -> None:
        """builds for models, develops for tools."""
        self.add("builds", s, o, conf, span, nominal=nominal)
        self.add("develops", s, o, conf, span, nominal=nominal)

    def roles(self, person: list[str], org: list[str], role: str, conf: float, span: tuple[int, int],
              stated: bool = False, nominal: bool = False) -> None:
        """leads for leading roles; worksFor with the role for the others ('co-founder and Chief Scientist').

        ``stated``: the role is predicated of the person ('X, Lumora's chief executive', 'named X as its CEO'),
        so a leading role is also a job held there (worksFor with the role). A president or chair both leads
        and holds an office there ('FTC chair Lina Khan', 'co-founder and president X').
        """
        parts = [p.strip() for p in re.split(r",| and | & ", role) if p.strip()]
        lead = [p for p in parts if is_lead_role(p)]
        work = [p for p in parts if not is_lead_role(p)]
        if any(re.search(r"(?i)\b(?:former|ex|then)\b", p) for p in parts):
            conf *= 0.6
        if lead:
            self.add("leads", person, org, conf, span, nominal=nominal)
            office = [p for p in lead if _OFFICE.search(p)]
            if stated and not work:
                self.add("worksFor", person, org, conf * 0.95, span, role=" and ".join(lead), nominal=nominal)
            elif office and not work:
                self.add("worksFor", person, org, conf * 0.95, span, role=" and ".join(office), nominal=nominal)
            for o in org:
                parent = self.ctx.parents.get(o)
                if parent and re.search(r"(?i)\bhead\b", role):
                    self.add("worksFor", person, [parent], conf * 0.9, span, role=role, nominal=nominal)
        if work:
            self.add("worksFor", person, org, conf, span, role=" and ".join(work), nominal=nominal)
            for p in person:
                if p in self.entities and not self.entities[p].job_title:
                    self.entities[p].job_title = " and ".join(work)


_OFFICE = re.compile(r"(?i)\b(?:president|chair(?:man|woman|person)?)\b")


_REPORTED = re.compile(r"\b(?:said|says|announced|told|confirmed|added)\b(?:(?!\bif\b).)*\bwould\b")
_MONTH_MAY = re.compile(r"(?<=[^\s.!?\"“] )May\b")  # 'released in May', 'last May': the month, not a hedge
_QUOTE_MARK = re.compile(r"[\"“”]")


_TOKEN = re.compile(r"\x01[A-Z]\d+\x02")


@lru_cache(maxsize=1024)
def _modality(tpl: str, span: tuple[int, int], nominal: bool = False) -> float:
    """1.0 for a plain statement; 0 when negated; below 0.5 when hedged; slightly lower for plans.

    The window is the match and, for clauses, the 30 characters before it, never across a quotation mark
    (a quote's 'never' does not negate its attribution). For noun-phrase facts hedges count only inside
    the phrase. Remembered: a sentence's facts ask about the same span several times.
    """
    lo = max(0, span[0] - 30)
    window = tpl[lo : span[1]]
    marks = list(_QUOTE_MARK.finditer(window, 0, max(0, span[0] - lo)))
    q = marks[-1] if marks else None
    if q is not None:
        window = window[q.end() :]
    window = _TOKEN.sub(" X ", window)
    if "May" in window:
        window = _MONTH_MAY.sub("Month", window)
    if NEGATION.search(window):
        return 0.0
    if nominal:
        window = window[max(0, len(window) - (span[1] - span[0])) :]
    factor = 1.0
    hedges = {h.lower() for h in HEDGE.findall(window)}
    if hedges == {"would"} and _REPORTED.search(_TOKEN.sub(" X ", tpl[: span[1]])):
        factor *= 0.9  # 'Microsoft said GPT-4o would be available': reported future, not a conditional
    elif hedges:
        factor *= 0.45
    if SOFT_HEDGE.search(window):
        factor *= 0.9
    return factor


# ---------------------------------------------------------------------------------------------- rewrites
Handler = Callable[[_Sent, re.Match[str]], str | None]
_REWRITES: list[tuple[re.Pattern[str], Handler, re.Pattern[str] | None]] = []  # noun phrases, before lists are joined
_LATE: list[tuple[re.Pattern[str], Handler, re.Pattern[str] | None]] = []  # after the first list pass
_CLAUSES: list[tuple[re.Pattern[str], Handler, Gate | None]] = []
_CLAUSE_NEEDS: list[re.Pattern[str] | None] = []  # parallel to _CLAUSES
_LETTER = re.compile(r"\x01([A-Z])")


def _letters(tpl: str) -> str:
    """The type letters of a template's tokens, in order ('CPM')."""
    return "".join(_LETTER.findall(tpl))


def _needs(src: str) -> re.Pattern[str] | None:
    """What a match of ``src`` needs of the template's token letters, as a regex to match ``_letters(tpl)``.

    Every top-level alternative of the pattern needs the tokens written outside any group, in their order
    (each one a token of its type); a template whose letters have none of these sequences cannot match, so
    the pattern is not tried. None when some alternative needs no token.
    """
    alts = []
    for alt in _top_level(src):
        need: list[str] = []
        depth, i, in_class, closed = 0, 0, False, False
        while i < len(alt):
            ch = alt[i]
            if ch == "\\":
                i += 2
                continue
            if in_class:
                in_class = ch != "]"
            elif ch == "[":
                in_class = True
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0 and not closed:
                    closed = True
                    if i == len(alt) - 1 and alt.startswith("(?:"):
                        # the whole alternative is one group: what its own alternatives need
                        inner = _needs(alt[3:-1])
                        if inner is None:
                            return None
                        alts.append(inner.pattern)
                        break
            elif ch == "<" and depth == 0 and (m := _SLOT.match(alt, i)):
                if alt[m.end() : m.end() + 1] not in ("?", "*", "{"):
                    need.append(_TYPE_CLASS[m.group(2)])
                i = m.end()
                continue
            i += 1
        else:
            if not need:
                return None
            # the earliest token of each type after the one before: a linear scan (possessive, no backtracking)
            alts.append("^" + "".join(f"[^{c.strip('[]')}]*+[{c.strip('[]')}]" for c in need))
    return re.compile("|".join(f"(?:{a})" for a in alts))


def rewrite(src: str, late: bool = False, words: tuple[str, ...] = ()) -> Callable[[Handler], Handler]:
    """Register a noun-phrase rewrite; ``late`` ones run after the first list pass. ``words``: lower-case
    strings one of which every match contains (looked for in the template folded as ``re.I`` folds it); a
    template without any of them is not tried."""
    def deco(fn: Handler) -> Handler:
        (_LATE if late else _REWRITES).append((_p(src), fn, _needs(src)))
        _REWRITE_WORDS[fn] = words
        _RUNNABLE.clear()
        return fn
    return deco


def clause(src: str, trigger: str | None = None) -> Callable[[Handler], Handler]:
    """Register a clause pattern; ``trigger`` (a cheap regex) must occur in the sentence for it to run."""
    def deco(fn: Handler) -> Handler:
        _CLAUSES.append((_p(src), fn, Gate(trigger) if trigger else None))
        _CLAUSE_NEEDS.append(_needs(src))
        _RUNNABLE.clear()
        return fn
    return deco


_REWRITE_WORDS: dict[Handler, tuple[str, ...]] = {}
_RUNNABLE: dict[tuple[int, str], int] = {}


def _runnable(which: int, letters: str) -> int:
    """The rewrites (``which`` 0), late rewrites (1) or clauses (2) whose needs ``letters`` meet: bit i for the i-th."""
    key = (which, letters)
    got = _RUNNABLE.get(key)
    if got is None:
        needs = [n for _, _, n in _REWRITES] if which == 0 else [n for _, _, n in _LATE] if which == 1 else _CLAUSE_NEEDS
        if len(_RUNNABLE) > 10_000:
            _RUNNABLE.clear()
        got = _RUNNABLE[key] = sum(1 << i for i, n in enumerate(needs) if n is None or n.match(letters))
    return got


def _gated(fired: int) -> int:
    """The clauses whose trigger occurs, given the gates' answers ``fired``: bit i for the i-th clause."""
    base = _GATE_BASE[0] if _GATE_BASE[1] == len(_CLAUSES) else _gate_base()
    if base >= 0:
        return fired >> base  # clause i's gate is gate base + i
    return sum(1 << i for i, (_, _, t) in enumerate(_CLAUSES) if t is None or fired >> t.index & 1)


_GATE_BASE = [-1, -1]  # (index of the first clause's gate, or -1 when they are not consecutive; for how many clauses)


def _gate_base() -> int:
    gates = [t for _, _, t in _CLAUSES]
    base = gates[0].index if gates and gates[0] is not None else -1
    if any(t is None or t.index != base + i for i, t in enumerate(gates)):
        base = -1
    _GATE_BASE[:] = [base, len(_CLAUSES)]
    return base


def _tok(st: _Sent, m: re.Match[str], name: str) -> str:
    i = m.group(name)
    return f"\x01{st.slots[int(i)][1]}{i}\x02"


@rewrite(r"<x:ASSET> (?:(?:AI|artificial intelligence|large language|language|foundation|open[- ]source|generative|reasoning|frontier) )?(?:models?|LLMs?|chatbot|bot|assistant|app|AI|family)\b")
def _asset_noun(st: _Sent, m: re.Match[str]) -> str | None:
    return _tok(st, m, "x")


@rewrite(r"<a:ASSET>, <b:ASSET>")
def _asset_apposition(st: _Sent, m: re.Match[str]) -> str | None:
    """'the chatbot, Grok-1.5V': a version named after its family is the thing meant."""
    a, b = st.keys(m.group("a")), st.keys(m.group("b"))
    if len(a) == 1 and len(b) == 1 and st.entities[b[0]].broader == a[0]:
        return _tok(st, m, "b")
    return None


@rewrite(rf"<s:ORG>{POSS} {W}<o:ASSET>", words=_POSS_AFTER)
def _possessive_asset(st: _Sent, m: re.Match[str]) -> str | None:
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span(), nominal=True)
    return _tok(st, m, "o")


_BACKER = r"(?:backers?|investors?|shareholders?|funders?|financiers?)"


@rewrite(rf"<s:ORG>, (?:(?:which is|now|also) )?<o:ORG>{POSS} (?:[\w-]+ ){{0,2}}?{_BACKER},?", words=_POSS_AFTER)
def _backer_apposition(st: _Sent, m: re.Match[str]) -> str | None:
    """'Microsoft, OpenAI's largest backer, said ...' -> investsIn, and the phrase shrinks to its head."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return _tok(st, m, "s")


@rewrite(rf"<o:ORG>{POSS} (?:[\w-]+ ){{0,2}}?{_BACKER},? <s:ORG>", words=_POSS_AFTER)
def _possessive_backer(st: _Sent, m: re.Match[str]) -> str | None:
    """'OpenAI's biggest backer Microsoft'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return _tok(st, m, "s")


@rewrite(rf"<a:ORG>{POSS} {W}<b:ORG>", words=_POSS_AFTER)
def _possessive_org(st: _Sent, m: re.Match[str]) -> str | None:
    if re.search(r"\b(?:rivals?|competitors?|challengers?|arch-?rivals?|nemesis)\b", m.group(0)):
        st.add("competesWith", st.keys(m.group("a")), st.keys(m.group("b")), 0.8, m.span(), nominal=True)
        return _tok(st, m, "b")
    for b in st.keys(m.group("b")):
        for a in st.keys(m.group("a")):
            if a != b:
                st.ctx.parents.setdefault(b, a)
    return _tok(st, m, "b")


@rewrite(rf"<s:PER>, (?:(?:who is|who was|who is also|who became|now|currently|also|then|and) )*<o:ORG>{POSS} (?:(?:corporate|group|regional|global|divisional|top) )?(?P<role>{ROLES})\b(?: (?:of|for) [^,;\x01]{{1,60}}?)?(?=[,.;]|$|\s(?:said|says|told|will|would|has|had|is|was)\b)", words=_POSS_AFTER)
def _person_poss_role(st: _Sent, m: re.Match[str]) -> str | None:
    """'Jared Kaplan, Anthropic's chief science officer', 'Whitfield, who is Lumora's chief executive'."""
    st.roles(st.keys(m.group("s")), st.keys(m.group("o")), m.group("role"), 0.85, m.span(), stated=True, nominal=True)
    return _tok(st, m, "s")


@rewrite(rf"<o:ORG>{POSS} (?P<role>{ROLES}),? <s:PER>", words=_POSS_AFTER)
def _possessive_role(st: _Sent, m: re.Match[str]) -> str | None:
    st.roles(st.keys(m.group("s")), st.keys(m.group("o")), m.group("role"), 0.85, m.span(), nominal=True)
    return _tok(st, m, "s")


@rewrite(rf"(?=[fFeE\x01])(?P<pre>(?i:former|ex-) )?<o:ORG>,? (?P<role>{ROLES}),? <s:PER>")  # look-ahead: fail fast
def _org_role_person(st: _Sent, m: re.Match[str]) -> str | None:
    role = (m.group("pre") or "") + m.group("role")
    st.roles(st.keys(m.group("s")), st.keys(m.group("o")), role, 0.85, m.span(), nominal=True)
    return _tok(st, m, "s")


@rewrite(rf"<o:ORG>{POSS} <s:PER>", words=_POSS_AFTER)
def _possessive_person(st: _Sent, m: re.Match[str]) -> str | None:
    """'OpenAI's Sam Altman': works there; leads it when the article has called him one of the leaders
    ('the CEOs of OpenAI, SoftBank and Oracle ... OpenAI's Sam Altman')."""
    s, o = st.keys(m.group("s")), st.keys(m.group("o"))
    if o and all(k in st.ctx.led for k in o):
        st.add("leads", s, o, 0.7, m.span(), nominal=True)
        return _tok(st, m, "s")
    st.add("worksFor", s, o, 0.6, m.span(), nominal=True)
    return _tok(st, m, "s")


@rewrite(rf"<s:PER>{POSS} {W}<o:ORG>", words=_POSS_AFTER)
def _person_possessive_org(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("leads", st.keys(m.group("s")), st.keys(m.group("o")), 0.7, m.span(), nominal=True)
    return _tok(st, m, "o")


_UNKNOWN_NAME_BEFORE = re.compile(r"(?:^|[^.!?] )([A-Z][\w:.&-]*[a-z][\w:.&-]*) (?:(?i:co-?founder|founder|chair\w*|president)(?:,| and| &) )?$")


# the look-ahead names every first letter of EXEC_ROLES as re.I reads it ('İ' and 'ı' are an 'i'): most positions fail fast
@rewrite(rf"(?=[aAcCfFiIİı])(?<!\x02 )(?<!\x02['’‘]s )(?P<role>{EXEC_ROLES}) <s:PER>", words=("ceo", "cto", "coo", "cfo", "cio", "chief", "founder"))
def _bare_role(st: _Sent, m: re.Match[str]) -> str | None:
    u = _UNKNOWN_NAME_BEFORE.search(st.tpl[max(0, m.start() - 40) : m.start()])
    if u and u.group(1) not in STOP_CAP and u.group(1).lower() not in ROLE_WORDS:
        return _tok(st, m, "s")  # 'Cogniflow co-founder and CEO Priya Shah': an organisation we did not recognise
    before = [k for ks, _ in (st.slots[int(i)] for i in _ORG_TOK.findall(st.tpl, max(0, m.start() - 300), m.start())) for k in ks]
    org = before[:1] or ([st.ctx.topic] if st.ctx.topic else [])
    if org:
        st.roles(st.keys(m.group("s")), org, m.group("role"), 0.65, m.span())
    return _tok(st, m, "s")


_LIST_TOK = r"\x01([A-Z])(\d+)\x02"
_LIST_SEP = r"(?:, (?:and |or |as well as |alongside |along with )?|,? (?:and|&|or|as well as|alongside|along with|plus) )"
# words between a list's 'and' and its member describe it ('and the startup B'); a verb or an adverb
# there starts a clause instead ('OpenAI and recently released Claude 3 Opus')
_LIST_DESC = rf"(?:(?:(?:the |a |an )?(?:(?!{_STOPW}\b|[a-z]+(?:ed|ly)\b)[a-z][\w-]*|[A-Z]{{2,3}}) ){{0,3}})"
_LIST = re.compile(rf"{_LIST_TOK}(?:{_LIST_SEP}{_LIST_DESC}{_LIST_TOK})+")
_LIST_TOKEN = re.compile(_LIST_TOK)
# what follows a list's first token when it is not a comma (each of _LIST_SEP's words)
_LIST_AFTER = ("\x02 and ", "\x02 & ", "\x02 or ", "\x02 as well as ", "\x02 alongside ", "\x02 along with ", "\x02 plus ")
_LIST_AND = re.compile(r"\b(?:and|or|alongside|along with|as well as|plus)\b|&")


def _lists(st: _Sent) -> None:
    """Join 'A, B and C' (and 'A alongside B') into one slot; the list ends with its 'and' member."""
    def repl(m: re.Match[str]) -> str:
        text = m.group(0)
        parts = list(_LIST_TOKEN.finditer(text))
        seps = [text[parts[i].end() : parts[i + 1].start()] for i in range(len(parts) - 1)]
        last_and = max((i for i, s in enumerate(seps) if _LIST_AND.search(s)), default=-1)
        if last_and < 0 and len(parts) < 3:
            return text
        if last_and < 0:
            last_and = len(seps) - 1
        keep = parts[: last_and + 2]
        keys: list[str] = []
        letters: list[str] = []
        for p in keep:
            ks, letter = st.slots[int(p.group(2))]
            keys += [k for k in ks if k not in keys]
            letters.append(letter)
        non_person = [x for x in letters if x != "P"]
        letter = max(set(letters), key=letters.count) if len(set(letters)) == 1 else (
            "C" if len(non_person) >= len(letters) / 2 and all(x in "CO" for x in non_person) else letters[0])
        st.slots.append((keys, letter))
        return f"\x01{letter}{len(st.slots) - 1}\x02" + text[keep[-1].end() :]
    tpl = st.tpl
    if "\x02," in tpl or any(w in tpl for w in _LIST_AFTER):
        st.tpl = _LIST.sub(repl, tpl)


# appositions and relative clauses about a person
_ROLE_OF = rf"(?:(?:the|a|an|its|who is|who was|who is also|who became) )?(?:[\w-]+ ){{0,2}}?(?P<role>{ROLES}) (?:of|at|for|with) <o:ORG>"


@rewrite(rf"<s:PER>, {_ROLE_OF},?", late=True)
def _person_appos_role(st: _Sent, m: re.Match[str]) -> str | None:
    st.roles(st.keys(m.group("s")), st.keys(m.group("o")), m.group("role"), 0.85, m.span())
    return _tok(st, m, "s") + ("" if st.tpl.startswith(" ", m.end()) else " ")


# ---------------------------------------------------------------------------------------------- clauses
REL = r"(?:,? (?:which|who|that))?"  # 'Amazon, which has invested ...'
SUBJ = rf"<s:ANY>(?: \([^()]{{0,60}}\))?{APPOS}{REL}"  # 'The Allen Institute for AI (AI2), the Seattle non-profit ..., has'
_CREATE_V = (
    r"(?:released|releases|launched|launches|unveiled|unveils|introduced|introduces|debuted|debuts|rolled out|"
    r"rolls out|open-sourced|open sourced|trained|trains|built|builds|created|creates|developed|develops|"
    r"makes|made|shipped|ships|published|previewed|showcased|presented|revealed|unveil|release|launch|"
    r"introduce|develop|build|create|train)"
)


_NOT_MADE_AFTER = re.compile(r" (?:\w+ ){0,2}?(?:available|accessible|into|in(?:to)? (?:its|their|the)\b)")


@clause(rf"{SUBJ} {AUX}{_CREATE_V} (?:(?:the |a |an |its |their )?(?:(?!{_STOPW}\b)[\w-]+,? ){{0,5}}?(?:version of (?:the |its )?(?:[\w-]+ ){{0,2}}?)?)?,? ?<o:ASSET>", trigger=r"releas|launch|unveil|introduc|debut|roll|open.sourc|train|buil|creat|develop|make|made|ship|publish|preview|showcas|present|reveal")
def _creates(st: _Sent, m: re.Match[str]) -> str | None:
    if _NOT_MADE_AFTER.match(st.tpl, m.end()):
        return None  # 'made the model available on', 'has built Gemini Nano into its phones': use, not creation
    st.create(st.keys(m.group("s")), st.keys(m.group("o")) + _continued(st, m.end(), "MT"), 0.85, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:is|was|are|became|remains) (?:the|a|an) {W}(?:developer|maker|creator|builder|owner|publisher|company behind|firm behind|startup behind|lab behind|team behind|provider) (?:of )?<o:ASSET>", trigger=r"developer|maker|creator|builder|owner|publisher|behind|provider")
def _is_maker(st: _Sent, m: re.Match[str]) -> str | None:
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(rf"<o:ASSET>(?:{POSS})? (?:maker|developer|creator|owner|parent|parent company|operator) <s:ORG>", trigger=r"maker|developer|creator|owner|parent|operator")
def _maker_compound(st: _Sent, m: re.Match[str]) -> str | None:
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(rf"<o:ASSET>{APPOS},? (?:(?:which|that) )?(?:(?:was|is|were|are|has been|had been|being) )?(?:\w+ly )?(?:developed|built|created|made|released|launched|trained|designed|unveiled|introduced|open-sourced|owned|produced|offered) by (?:(?:the|a|an) (?:[\w-]+ ){{0,4}}?)?<s:ORG>", trigger=r" by ")
def _passive_create(st: _Sent, m: re.Match[str]) -> str | None:
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(r"(?:<o:ASSET> from <s:ORG>|(?:tools?|products?|services?|models?|offerings?|platforms?|technolog(?:y|ies)|apps?) from <s2:ORG>,? (?:including|such as|like) <o2:ASSET>)", trigger=r" from ")
def _from(st: _Sent, m: re.Match[str]) -> str | None:
    if m.group("s"):
        st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.7, m.span())
    else:
        st.create(st.keys(m.group("s2")), st.keys(m.group("o2")), 0.8, m.span())
    return None


@clause(rf"<s:ORG>{POSS} {W}(?:development|release|launch|training|rollout|unveiling|introduction) of (?:[^\x01.;]{{0,40}}?)?(?:including |such as |like )?<o:ASSET>", trigger=r" of ")
def _nominal_create(st: _Sent, m: re.Match[str]) -> str | None:
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


_USE_V = (
    r"(?:uses|used|using|use|relies on|relied on|rely on|relying on|adopted|adopts|adopt|deployed|deploys|deploy|"
    r"integrates|integrated|integrating|integrate|incorporates|incorporated|incorporating|incorporate|licenses|"
    r"licensed|licensing|taps|tapped|tapping|runs on|ran on|run on|leverages|leveraged|leveraging|leverage|"
    r"employs|employed|embeds|embedded|embedding|switched to|switches to|is powered by|are powered by|was powered by|"
    r"powered by|is built on|was built on|built on top of|is based on|runs|picked|chose|selected|opted for)"
)


@clause(rf"{SUBJ} {AUX}(?:\w+ly )?{_USE_V} (?:(?:the |a |an )?(?:[a-z][\w-]* ){{0,3}}?)?<o:MOD>", trigger=r"us|rel|adopt|deploy|integrat|incorporat|licens|tap|run|leverag|employ|embed|switch|power|buil|based|pick|chose|select|opted")
def _uses(st: _Sent, m: re.Match[str]) -> str | None:
    s, o = st.keys(m.group("s")), st.keys(m.group("o")) + _continued(st, m.end(), "M")
    st.add("uses", s, o, 0.8, m.span())
    st.add("basedOn", s, o, 0.7, m.span()) if "based on" in m.group(0) or "built on" in m.group(0) else None
    return None


@clause(r"(?:integrat|incorporat|embed|add|bring|brought|build|built|deploy|roll)\w* <o:MOD>(?: [^\x01.;]{0,25}?)? (?:into|in|to|across|within|inside) (?:(?:the |its |their )?(?:[a-z][\w-]* ){0,4}?)(?:(?:like|such as|including|called|named) )?<s:OT>", trigger=r" (?:into|in|to|across|within|inside) ")
def _into(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(r"(?:integration|incorporation|use|deployment|adoption|addition|usage) of <o:MOD> (?:into|in|within|inside|by|across) (?:(?:the )?(?:[a-z][\w-]* ){0,4}?)(?:(?:like|such as|including) )?<s:OT>", trigger=r" of ")
def _integration_of(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"<s:OT>{POSS} {W}(?:decision|plan|move|efforts?|push|bid|choice|reliance|dependence) (?:to (?:\w+ly )?{_USE_V}|on) <o:MOD>", trigger=r"decision|plan|move|effort|push|bid|choice|reliance|dependence")
def _decision_use(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(r"^(?:By|After|Since) (?:integrating|using|adopting|incorporating|deploying|licensing|tapping) <o:MOD>[^\x01]{0,60}?, <s:OT>", trigger=r"^(?:by|after|since) ")
def _by_using(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(r"<o:MOD>(?:-powered|-based| powers| is powering| now powers) <s:OT>", trigger=r"powered|based|powers|powering")
def _powered(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"<s:MOD>{APPOS},? (?:(?:which|that) )?(?:(?:is|was|are|were) )?(?:a |an )?(?:\w+ )?(?:based on|built on|built on top of|fine-tuned from|fine-tuned on|distilled from|derived from|version of|variant of|fine-tune of|successor to) <o:MOD>", trigger=r"based|built|fine-tune|distill|derived|version|variant|successor")
def _based_on(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("basedOn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"(?:<s:MOD>(?:{APPOS}|, whose [^\x01.;]{{0,30}}?|,? [^\x01.;]{{0,50}}? and)?,? (?:(?:which|that) )?(?:(?:was|is|were|are|has been|had been|have been) )?(?:pre-?trained|trained|fine-tuned)|(?:pre-?trained|trained|fine-tuned) <s2:MOD>) (?:[^\x01.;,]{{0,40}}?)?on (?:[^\x01.;,]|,(?= (?:including|such as|like|alongside|notably)\b)){{0,80}}?<o:DS>", trigger=r"train|fine-tune")
def _trained_on(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("trainedOn", st.keys(m.group("s") or m.group("s2")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:co-?founded|cofounded|founded|started|leads|led|runs|ran|heads|headed|chairs|chaired|is (?:the )?(?:CEO|chief executive|founder|co-founder|head|chairman) of) <o:ORG>", trigger=r"found|start|lead|led|run|ran|head|chair|ceo|chief")
def _leads_verb(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("leads", st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(r"<s:PER>[^.;]{0,100}? to (?:lead|head|run) <o:ORG>", trigger=r" to (?:lead|head|run) ")
def _to_lead(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("leads", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"<s:PER>,? (?:(?:has been|have been|was|were|will be|is|are) )?(?:appointed|named|promoted to|tapped as|chosen as)(?: as)? (?:the )?(?:new )?(?P<role>{ROLES})(?: (?:of|at) <o:ORG>)?", trigger=r"appoint|named|promot|tapped|chosen")
def _named_role(st: _Sent, m: re.Match[str]) -> str | None:
    org = st.keys(m.group("o")) or ([st.ctx.topic] if st.ctx.topic else [])
    st.roles(st.keys(m.group("s")), org, m.group("role"), 0.8, m.span())
    return None


@clause(rf"<o:ORG>{APPOS},? (?:(?:was|is|has been) )?under the (?:leadership|direction|helm|stewardship) of <s:PER>", trigger=r"under the")
def _under_leadership(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("leads", st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(r"(?:^|, )(?:(?i:co-?founded|founded|started|created|launched|established)) (?:[^\x01;]{0,40}?)by <s:PER>(?:[^;]{0,200}?, <o2:ORG>(?: \([^()]*\))? (?=[a-z])|, <o:ORG>)", trigger=r"found|start|creat|launch|establish")
def _founded_by_front(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("leads", st.keys(m.group("s")), st.keys(m.group("o") or m.group("o2")), 0.85, m.span())
    return None


@clause(r"<o:ORG>,? (?:(?:which|that|who) )?(?:(?:the|a|an) (?:[\w-]+ ){0,4}?(?:company|startup|firm|lab|venture|business) )?(?:(?:was|is|were|had been|has been) )?(?:co-?founded|founded|started|created|established|launched) (?:in \d{4} )?by (?:[^.;]{0,60}?)<s:PER>", trigger=r"found|start|creat|launch|establish")
def _founded_by(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("leads", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:joins|joined|join|rejoined|rejoins|works for|worked for|works at|worked at|working at|is employed by|hired by|returned to|returns to|return to|moved to|moves to|defected to|poached by) {DESC}<o:ORG>", trigger=r"join|work|employ|hire|return|move|defect|poach")
def _works_verb(st: _Sent, m: re.Match[str]) -> str | None:
    conf = 0.45 if re.search(r"\b(?:previously|formerly|worked)\b", m.group(0)) else 0.8  # former roles are arguable
    st.add("worksFor", st.keys(m.group("s")), st.keys(m.group("o")), conf, m.span())
    return None


@clause(rf"(?:<s:PER>{POSS} (?:return|move|departure|arrival|defection) to <o:ORG>|(?:return|move|arrival) of <s2:PER>[^.;]{{0,80}}? to <o2:ORG>)", trigger=r"return|move|departure|arrival|defection")
def _return_to(st: _Sent, m: re.Match[str]) -> str | None:
    s = st.keys(m.group("s") or m.group("s2"))
    st.add("worksFor", s, st.keys(m.group("o") or m.group("o2")), 0.75, m.span())
    return None


@clause(rf"<o:ORG> {AUX}(?:hired|poached|appointed|named|recruited|brought on|tapped) (?:[^\x01.;]{{0,30}}?)?<s:PER>", trigger=r"hire|poach|appoint|named|recruit|brought|tapped")
def _hired(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("worksFor", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


_INVEST_V = r"(?:invest|invests|invested|investing|pour|pours|poured|put|puts|plow|plows|plowed|pump|pumped)"


@clause(rf"{SUBJ} {AUX}{_INVEST_V} (?:[^\x01;]{{0,50}}?)(?:in|into) <o:ORG>", trigger=r"invest|pour|put|plow|pump")
def _invests(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span(), amount=m.group(0))
    if st.keys(m.group("o")):
        st.ctx.funded = st.keys(m.group("o"))[0]
    return None


@clause(rf"{SUBJ} {AUX}(?:backs|backed|funds|funded|financed|finances|led (?:the|a) (?:[^\x01]{{0,30}}?)(?:round|investment) (?:in|into)) <o:ORG>", trigger=r"back|fund|financ|led")
def _backs(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span(), amount=m.group(0))
    return None


@clause(rf"<o:ORG>{APPOS} {AUX}(?:(?:\w+ly )?(?:raised|secured|received|raises|secures|receives|landed|closed|got|attracted|won|gets|took|drew|obtained)) (?P<rest>[^\x01;.]{{0,80}}?)(?:(?:from|by) <s:ORG>|(?=[.;,\x01]|$))", trigger=r"rais|secur|receiv|land|clos|got|attract|won|gets|took|drew|obtain")
def _raised(st: _Sent, m: re.Match[str]) -> str | None:
    rest = m.group("rest") or ""
    if m.group("s"):
        st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span(), amount=m.group(0))
    if re.search(r"\$|funding|round|investment|capital|series", rest, re.I) and st.keys(m.group("o")):
        st.ctx.funded = st.keys(m.group("o"))[0]
    return None


@clause(rf"<o:ORG>{APPOS},? (?:(?:is|was|are|were|has been|being) )?(?:backed|funded|financed) by (?:[^\x01;]{{0,40}}?)?<s:ORG>|<s2:ORG>-backed (?:[a-z][\w-]* ){{0,3}}?<o2:ORG>", trigger=r"back|fund|financ")
def _backed_by(st: _Sent, m: re.Match[str]) -> str | None:
    s, o = st.keys(m.group("s") or m.group("s2")), st.keys(m.group("o") or m.group("o2"))
    st.add("investsIn", s, o, 0.8, m.span())
    return None


@clause(r"^(?:Backed|Funded|Supported) by (?:[^\x01;]{0,50}?)<s:ORG>, <o:ORG>", trigger=r"^(?:backed|funded|supported)")
def _backed_front(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"(?:<s:ORG>{POSS} {W}|<s2:ANY>{APPOS}{REL} {AUX}(?:completed|closed|made|finalized|finalised|announced|took) (?:a|an|its|their) (?:{MONEY} )?(?:[\w-]+ )?)(?:investment|stake|funding|bet) (?:of {MONEY} )?in(?:to)? <o:ORG>", trigger=r"investment|stake|funding|bet")
def _investment_in(st: _Sent, m: re.Match[str]) -> str | None:
    """'Microsoft's investment in OpenAI', 'Amazon completed a $4 billion investment in Anthropic'."""
    st.add("investsIn", st.keys(m.group("s") or m.group("s2")), st.keys(m.group("o")), 0.8, m.span(), amount=m.group(0),
           nominal=bool(m.group("s")))
    return None


@clause(r"(?i:investors|backers|participants|investment|round|funding|money into|financing)(?:[^\x01.;]{0,60}?)(?i:include|included|including|includes|such as|participation from|were|are|led by|from|came from)[:\s\"“]*(?:(?:the |a |an )?(?:[a-z][\w-]* ){0,3})?(?:[A-Z][\w-]*,? (?:and )?){0,4}?<s:ORG>", trigger=r"investor|backer|particip|investment|round|funding|money|financing")
def _investor_list(st: _Sent, m: re.Match[str]) -> str | None:
    funded = _funded_here(st, m.start()) or st.ctx.funded
    if funded:
        st.add("investsIn", st.keys(m.group("s")), [funded], 0.75, m.span())
    return None


_ROUND_OF = re.compile(rf"\x01[CO](\d+)\x02{POSS} (?:[\w$€£.,-]+ ){{0,4}}?(?:round|funding|raise)\b|\x01[CO](\d+)\x02{APPOS}{REL} (?:was|is|has been) valued\b")


def _funded_here(st: _Sent, end: int) -> str | None:
    """The company a round in this sentence is for: 'Cohere's $270 million Series C round', 'X, which was valued at'."""
    m = _ROUND_OF.search(st.tpl, 0, end)
    if not m:
        return None
    keys = st.keys(m.group(1) or m.group(2))
    return keys[0] if len(keys) == 1 else None


_PARTNER_V = (
    r"(?:partnered|partner|partners|partnering|teamed up|team up|teams up|teaming up|joined forces|join forces|"
    r"collaborated|collaborate|collaborates|collaborating|allied|"
    r"(?:agreed to |will |plan to |to )?(?:establish|form|set up|create|launch|forge|sign|signed|formed|struck|inked|forged|announced|unveiled|entered into|expanded|extended|deepened) (?:(?:a|an|the|their|its) )?(?:new )?(?:[\w-]+ ){0,3}?(?:partnership|alliance|joint venture|collaboration|tie-up|venture|deal|agreement|pact)s?|"
    r"(?:form|forms|formed|set up|sets up|create|creates|created|establish|established) (?:a |an )?(?:new )?(?:[\w-]+ )?company(?= with))"
)


@clause(rf"<s:ORG>{APPOS} {AUX}(?:\w+ly )?{_PARTNER_V}(?: (?:together|up))?(?: with (?:(?:the |a |an )?(?:[a-z][\w-]* ){{0,3}})?(?:,? (?:including|such as|like) )?{DESC}<o:ORG>)?", trigger=r"partner|team|forces|collaborat|allied|venture|alliance|deal|agreement|pact|tie-up|company with")
def _partners(st: _Sent, m: re.Match[str]) -> str | None:
    s = st.keys(m.group("s"))
    if m.group("o"):
        st.add("partnersWith", s, st.keys(m.group("o")), 0.85, m.span())
    elif len(s) > 1:
        _pairwise(st, s, 0.85, m.span())
    return None


def _pairwise(st: _Sent, keys: list[str], conf: float, span: tuple[int, int], pred: str = "partnersWith",
              nominal: bool = False) -> None:
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            st.add(pred, [a], [b], conf, span, nominal=nominal)


@clause(r"<s:ORG> (?:are|were|have been|remain) (?:\w+ )?(?:partners|allies)", trigger=r"partners|allies")
def _are_partners(st: _Sent, m: re.Match[str]) -> str | None:
    if len(st.keys(m.group("s"))) > 1:
        _pairwise(st, st.keys(m.group("s")), 0.8, m.span())
    return None


@clause(rf"(?:<s:ORG>{POSS} {W}(?:partnership|collaboration|alliance|agreement|deal|joint venture|tie-up|pact)(?: agreement)? with <o:ORG>|(?:partnership|collaboration|alliance|joint venture|tie-up|deal) (?:between|of) <g:ORG>|<g2:ORG>{POSS} (?:new |strategic |expanded )?(?:partnership|collaboration|alliance|joint venture|tie-up))", trigger=r"partnership|collaboration|alliance|agreement|deal|venture|tie-up|pact")
def _partnership_noun(st: _Sent, m: re.Match[str]) -> str | None:
    if m.group("s"):
        st.add("partnersWith", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span(), nominal=True)
    else:
        _pairwise(st, st.keys(m.group("g") or m.group("g2")), 0.8, m.span(), nominal=bool(m.group("g2")))
    return None


@clause(rf"(?:deal|agreement|partnership|arrangement|collaboration)(?:.{{0,90}}?) (?:allows?|allowed|allowing|lets|enables?|enabled|enabling|gives|gave) <s:ORG> (?:to )?(?:use|utili[sz]e|access|license|leverage|tap(?: into)?|the right to use) <o:ORG>{POSS}", trigger=r"deal|agreement|partnership|arrangement|collaboration")
def _licensing_deal(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("partnersWith", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(r"(?i:CEOs|chiefs|heads|leaders|executives|bosses) of <g:ORG> (?:are |were |will )?(?:expected to |set to |due to |to )?(?:jointly )?(?:announce|announced|unveil|unveiled|launch|launched|form|formed) (?:a|an|the) (?:new )?(?:[^\x01.;]{0,40}?)(?:initiative|venture|project|partnership|joint venture|alliance)", trigger=r"ceos|chiefs|heads|leaders|executives|bosses")
def _joint_announce(st: _Sent, m: re.Match[str]) -> str | None:
    _pairwise(st, st.keys(m.group("g")), 0.7, m.span())
    return None


_ACQ_V = (
    r"(?:acquired|acquires|acquire|acquiring|bought|buys|buy|buying|purchased|purchases|purchase|snapped up|"
    r"took over|takes over|take over|completed (?:its|the) acquisition of|closed (?:its|the) acquisition of)"
)


@clause(rf"{SUBJ} {AUX}(?:(?:agreed|plans|moved|is set|set|to) )*(?:to )?{_ACQ_V} (?:(?:the |a |an )?(?:[a-z][\w-]* |[A-Z][\w]*-based ){{0,3}}?)?<o:ORG>(?!{POSS})", trigger=r"acqui|bought|buy|purchas|snapped|took over|take over|takes over")
def _acquires(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("acquires", st.keys(m.group("s")), st.keys(m.group("o")) + _continued(st, m.end(), "CO"), 0.85, m.span())
    return None


@clause(rf"(?:<s:ORG>{POSS} {W}(?:acquisition|purchase|takeover|buyout) of <o:ORG>(?!{POSS})|<o2:ORG>{APPOS},? (?:(?:was|is|has been|is being|will be|were) )?(?:acquired|bought|purchased|taken over) by <s2:ORG>|(?:acquisition|purchase|takeover) of <o3:ORG> by <s3:ORG>)", trigger=r"acqui|purchas|takeover|buyout|bought|taken over")
def _acquisition_noun(st: _Sent, m: re.Match[str]) -> str | None:
    s = st.keys(m.group("s") or m.group("s2") or m.group("s3"))
    o = st.keys(m.group("o") or m.group("o2") or m.group("o3"))
    st.add("acquires", s, o, 0.8, m.span(), nominal=bool(m.group("s")))
    return None


_RIVAL = r"(?:rivals?|competitors?|challengers?|arch-?rivals?|nemesis|alternatives?|answer)"


@clause(rf"<s:ENT>{POSS} (?:main |chief |biggest |primary |closest |fiercest |key |top )?{_RIVAL},? <o:ENT>", trigger=r"rival|competitor|challenger|nemesis|alternative|answer")
def _possessive_rival(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("competesWith", st.keys(m.group("s")), st.keys(m.group("o")) + _continued(st, m.end(), "COMT"), 0.8, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:competes|compete|competing|vies|vying|rivals|battles|battling|takes on|take on|taking on|challenges|challenging|goes head-to-head) (?:directly )?(?:with |against )?<o:ENT>", trigger=r"compet|vie|vying|rival|battl|take on|takes on|taking on|challeng|head-to-head")
def _competes_verb(st: _Sent, m: re.Match[str]) -> str | None:
    st.add("competesWith", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"{_RIVAL} (?:[a-z]+ )?(?:to|of|for) (?:(?:the|a|an) )?(?:[\w-]+ ){{0,4}}?<o:ENT>", trigger=r"rival|competitor|challenger|nemesis|alternative|answer")
def _rival_to(st: _Sent, m: re.Match[str]) -> str | None:
    o = st.keys(m.group("o"))
    if not o:
        return None
    want = _CLASS.get(st.entities[o[0]].type)
    subj: list[str] = []
    for t in reversed(re.findall(r"\x01([A-Z])(\d+)\x02", st.tpl[max(0, m.start() - 300) : m.start()])):
        keys = st.slots[int(t[1])][0]
        if keys and _CLASS.get(st.entities[keys[0]].type) == want and keys != o:
            subj = keys
            break
    if subj:
        st.add("competesWith", subj, o, 0.75, (m.start() - 20, m.end()))
    return None


# ------------------------------------------------------------------------- more investments, rivals, uses
@clause(rf"<o:ORG>{APPOS}{REL} {AUX}(?:counts|count|counted|lists|listed|names|named) <s:ORG> (?:among|as) (?:one of )?(?:<_:ORG>{POSS} |the )?(?:[\w-]+ )?{_BACKER}", trigger=r"count|list|name")
def _counts_among_investors(st: _Sent, m: re.Match[str]) -> str | None:
    """'Anthropic, which counts Amazon and Google among its investors'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"<o:ORG>{POSS} (?:[\w-]+ ){{0,2}}?{_BACKER}(?: [^\x01.;]{{0,30}}?)? (?:include|includes|included|including|are|were|such as)[:\s]+(?:[A-Z][\w-]*,? (?:and )?){{0,4}}?<s:ORG>", trigger=r"backer|investor|shareholder|funder|financier")
def _investors_include(st: _Sent, m: re.Match[str]) -> str | None:
    """'Its investors included Tiger Global and Insight Partners'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"<s:ORG> (?:was|were|is|are|has been|have been) (?:among|one of) (?:the )?(?:[\w-]+ )?{_BACKER} in <o:ORG>(?:[^.;]{{0,80}}?,? (?:alongside|along with|together with|with) <s2:ORG>)?", trigger=r"among|one of")
def _among_investors(st: _Sent, m: re.Match[str]) -> str | None:
    """'Oracle was among the investors in Cohere's round, alongside Nvidia and Salesforce Ventures'."""
    o = st.keys(m.group("o"))
    st.add("investsIn", st.keys(m.group("s")), o, 0.8, m.span())
    st.add("investsIn", st.keys(m.group("s2")), o, 0.75, m.span())
    return None


@clause(rf"(?:<s:ORG>{APPOS} {AUX}(?:took part|take part|taking part|participated|participate|participating|joined the round|chipped in|co-invested)|(?:with|and) <s2:ORG> (?:also )?(?:participating|taking part|joining)|participation (?:from|of|by) <s3:ORG>)", trigger=r"part|particip|chipped|co-invest|joining")
def _took_part(st: _Sent, m: re.Match[str]) -> str | None:
    """Participants in the round being reported: 'General Catalyst also took part'."""
    funded = _funded_here(st, m.start()) or st.ctx.funded
    if funded:
        st.add("investsIn", st.keys(m.group("s") or m.group("s2") or m.group("s3")), [funded], 0.75, m.span())
    return None


@clause(r"<s:ORG>[^\x01.;]{0,80}?, (?:backing|funding|financing|investing in) <o:ORG>", trigger=r"backing|funding|financing|investing")
def _backing(st: _Sent, m: re.Match[str]) -> str | None:
    """'Salesforce Ventures has been one of the most active AI investors, backing Anthropic, ...'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:committed|commits|pledged|pledges|earmarked|injected|agreed to invest) {MONEY}(?: [^\x01.;]{{0,30}}?)? (?:to|in|into|for) <o:ORG>", trigger=r"commit|pledg|earmark|inject|agreed to invest")
def _committed(st: _Sent, m: re.Match[str]) -> str | None:
    """'Google committed up to $2 billion to Anthropic'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span(), amount=m.group(0))
    return None


@clause(r"(?:investments?|stakes?|bets?) (?:that |which )?<s:ORG> (?:has|have|had) (?:made|taken|placed) in <o:ORG>", trigger=r"investment|stake|bet")
def _investments_made(st: _Sent, m: re.Match[str]) -> str | None:
    """'the investments Amazon and Google have made in Anthropic'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(r"<o:ORG>, (?:the|a|an) [^\x01,;]{0,60}? (?:backed|funded|financed) by (?:[^\x01;,]{0,40}?)<s:ORG>", trigger=r"backed|funded|financed")
def _appos_backed_by(st: _Sent, m: re.Match[str]) -> str | None:
    """'DeepSeek, the Hangzhou-based AI lab backed by the hedge fund High-Flyer'."""
    st.add("investsIn", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


_RIVALN = r"(?:rivals?|competitors?|challengers?|arch-?rivals?|nemesis)"


@clause(rf"<a:ENT>{APPOS},? (?:as|(?:which|who) [^\x01.;]{{0,30}}? as|is|was|are|were|remains?|became) (?:now |still )?(?:the |a |an |one of )?<b:ENT>{POSS} (?:[\w-]+ ){{0,2}}?{_RIVALN}", trigger=r"rival|competitor|challenger|nemesis")
def _as_rival(st: _Sent, m: re.Match[str]) -> str | None:
    """'IDC describes OpenAI as Anthropic's main rival', 'OpenAI and Anthropic, which analysts see as Cohere's rivals'."""
    st.add("competesWith", st.keys(m.group("a")), st.keys(m.group("b")), 0.8, m.span())
    return None


@clause(rf"<a:ENT>{POSS} (?:[\w-]+ ){{0,2}}?{_RIVALN}(?: (?:in|for|on|across) [^\x01.;,]{{1,40}}?)? (?:include|includes|included|are|is|was|were)[:\s]+(?:(?:the |its )?[a-z][\w-]* ){{0,2}}?<b:ENT>", trigger=r"rival|competitor|challenger|nemesis")
def _rivals_include(st: _Sent, m: re.Match[str]) -> str | None:
    """'Kimi's rivals include Ernie Bot', 'Its closest rival in Europe is Mistral AI'."""
    st.add("competesWith", st.keys(m.group("a")), st.keys(m.group("b")) + _continued(st, m.end(), "COMT"), 0.8, m.span())
    return None


@clause(rf"(?:<a:ENT>{POSS} (?:[\w-]+ )?(?:rivalry|competition|battle|fight|feud) (?:with|against) <b:ENT>|(?:rivalry|competition|battle|fight|feud|race) between <g:ENT>)", trigger=r"rivalry|competition|battle|fight|feud|race")
def _rivalry(st: _Sent, m: re.Match[str]) -> str | None:
    """'Databricks' rivalry with Snowflake', 'the rivalry between Uber and Lyft'."""
    if m.group("a"):
        st.add("competesWith", st.keys(m.group("a")), st.keys(m.group("b")), 0.8, m.span())
        return None
    keys = st.keys(m.group("g"))
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            st.add("competesWith", [a], [b], 0.75, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:(?:[a-z]+s|is racing|is trying|is moving|is scrambling|hopes|aims|wants) to |(?:helps?|helped) )?(?:catch up (?:with|to)|keep up with|keep pace with|fend off|fight off|compete against|go up against|square off against|go head-to-head with) (?:(?:its |larger |bigger |established )?(?:rivals?|competitors?) )?<o:ENT>", trigger=r"catch up|keep up|keep pace|fend off|fight off|compete against|up against|square off|head-to-head")
def _catch_up(st: _Sent, m: re.Match[str]) -> str | None:
    """'Google races to catch up with OpenAI', 'the deal helps ServiceNow fend off Salesforce'."""
    st.add("competesWith", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(r"(?:compared|compares|comparing|benchmarked|benchmarks|pitted|pits) <a:ASSET> (?:with|to|against) <b:ASSET>|<c:MOD>,? (?:(?:a|an|the) [^\x01.;]{0,50}? )?(?:that|which) (?:<_:ANY> (?:says|said|claims|claimed) )?(?:matches|matched|rivals|outperforms|outperformed|beats|beat|surpasses|surpassed|is competitive with|is on par with) <d:MOD>", trigger=r"compar|benchmark|pit|match|rival|outperform|beat|surpass|competitive|on par")
def _compared(st: _Sent, m: re.Match[str]) -> str | None:
    """Models measured against each other: 'compared Llama 3.1 405B with GPT-4o', 'R1, a model that matches o1'."""
    if m.group("a"):
        st.add("competesWith", st.keys(m.group("a")), st.keys(m.group("b")), 0.7, m.span())
    else:
        st.add("competesWith", st.keys(m.group("c")), st.keys(m.group("d")), 0.7, m.span())
    return None


_AVAIL = r"(?:available|offered|accessible|hosted|served|deployed|sold)"


@clause(rf"(?:<o:MOD>(?: [^\x01.;]{{0,25}}?)? (?:(?:is|are|was|were|will be|would be|became|becomes|be|has been|have been) )?(?:now |also |generally |already |natively |directly )*{_AVAIL} (?:natively |directly |now )?(?:on|in|through|via|inside|within) (?:the )?<s:T>|(?:make|makes|made|making) <o2:MOD> {_AVAIL} (?:natively |directly |now )?(?:on|in|through|via|inside|within) (?:the )?<s2:T>)", trigger=r"available|offered|accessible|hosted|served|deployed|sold")
def _available_on(st: _Sent, m: re.Match[str]) -> str | None:
    """'GPT-4o would be available on Azure OpenAI Service', 'made the model available on its platform'."""
    st.add("uses", st.keys(m.group("s") or m.group("s2")), st.keys(m.group("o") or m.group("o2")), 0.75, m.span())
    return None


@clause(r"(?:offers?|offered|offering|sells?|sold|selling|provides?|provided|distributes?|distributed|serves?|served|try|tries|tried|access|accessed|accesses|use|uses|used|call|calls) <o:MOD> (?:through|via|inside|within|on) (?:the )?<s:T>", trigger=r"through|via|inside|within| on ")
def _through(st: _Sent, m: re.Match[str]) -> str | None:
    """'Google Cloud offers it through Vertex AI', 'Developers can try the model through Google AI Studio'."""
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(rf"{SUBJ} {AUX}(?:host|hosts|hosted|hosting|serve|serves|served|serving) (?:the )?<o:MOD>", trigger=r"host|serv")
def _hosts(st: _Sent, m: re.Match[str]) -> str | None:
    """'AWS, Databricks and Snowflake all host Llama 3.1 405B'."""
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.75, m.span())
    return None


@clause(r"(?:^|, )(?:the |its )?<s:OT>[^.;]{0,160}? (?:falls|fall|fell|falling) back (?:to|on) <o:MOD>|<s2:OT>[^\x01.;]{0,40}? (?:lets|allows|enables|let) (?:users|customers|developers|subscribers|people) (?:to )?(?:choose|pick|select|switch|toggle) (?:between |among |from |to )?<o2:MOD>", trigger=r"back|lets|allows|enables|let ")
def _fallback_choice(st: _Sent, m: re.Match[str]) -> str | None:
    """'The agent ... falls back to GPT-4o mini', 'its Pro plan lets users choose between GPT-4o and Claude'."""
    st.add("uses", st.keys(m.group("s") or m.group("s2")), st.keys(m.group("o") or m.group("o2")), 0.75, m.span())
    return None


@clause(r"(?:run|runs|running|ran) <s:T> on (?:either )?<o:MOD>(?:,? (?:or|and) (?:on )?<o2:MOD>)?", trigger=r"run|ran")
def _run_on(st: _Sent, m: re.Match[str]) -> str | None:
    """'customers can run it on GPT-4o or on Claude 3.5 Sonnet'."""
    s = st.keys(m.group("s"))
    st.add("uses", s, st.keys(m.group("o")), 0.75, m.span())
    st.add("uses", s, st.keys(m.group("o2")), 0.75, m.span())
    return None


@clause(rf"<o:MOD>{APPOS},? (?:(?:is|are|was|were|has been|have been|will be) )?(?:now )?(?:built|integrated|embedded|baked|incorporated|woven) (?:directly )?(?:into|in) (?:the )?<s:OT>", trigger=r"built|integrat|embedded|baked|incorporat|woven")
def _built_into(st: _Sent, m: re.Match[str]) -> str | None:
    """'DALL-E 3 is built into ChatGPT'."""
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


_MADE_V = r"(?:trained|built|developed|released|published|fine-tuned|created|made|launched|designed|open-sourced|unveiled|introduced|woven into|baked into|integrated into|embedded in)"


@clause(rf"<o:ASSET>, (?:a|an|the|its) [^\x01,;]{{0,50}}?(?:model|models|family|LLM|LLMs|chatbot|assistant|app|tool|platform|product|system)s? (?:that |which )?(?:the (?:startup|company|firm|lab) )?<s:ORG> (?:has |had |itself )?(?:\w+ly )?{_MADE_V}", trigger=r"train|buil|develop|releas|publish|fine-tun|creat|made|launch|design|open-sourc|unveil|introduc|woven|baked|integrat|embedded")
def _appos_made_by(st: _Sent, m: re.Match[str]) -> str | None:
    """'Sonar, a model the startup fine-tuned from Llama 3', 'DeepSeek-V3, the base model the startup published'."""
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(r"<o:ASSET>, (?:the|a|an|its) [^\x01,;]{0,50}? (?:developed|built|created|made|sold|offered|owned|operated|released|launched|designed|published|marketed|trained) by (?:the |its )?<s:ORG>", trigger=r" by ")
def _appos_passive_create(st: _Sent, m: re.Match[str]) -> str | None:
    """'GitHub Copilot, the coding tool sold by the company's GitHub unit'."""
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(r"<s:ORG>, (?:the|a|an) (?:[\w-]+ ){0,3}?(?:maker|developer|creator|owner|publisher|company behind|startup behind|lab behind) of (?:the )?<o:ASSET>", trigger=r"maker|developer|creator|owner|publisher|behind")
def _appos_maker(st: _Sent, m: re.Match[str]) -> str | None:
    """'Stability AI, the London-based maker of the Stable Diffusion image models'."""
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.85, m.span())
    return None


@clause(r"<s:ORG>,? whose (?:[a-z][\w-]* ){0,2}?<o:ASSET>", trigger=r"whose")
def _whose(st: _Sent, m: re.Match[str]) -> str | None:
    """'OpenAI, whose ChatGPT remains the best-known chatbot' (of a list, the last member owns it)."""
    st.create(st.keys(m.group("s"))[-1:], st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"{SUBJ} {AUX}{_CREATE_V} (?:the |its |their )?<_:ASSET>, (?:a|an) [^\x01,;]{{1,60}}, and (?:the |its |their )?<o:ASSET>", trigger=r"releas|launch|unveil|introduc|buil|creat|develop|make|made|ship|publish")
def _creates_second(st: _Sent, m: re.Match[str]) -> str | None:
    """'also makes Stable Audio, a music-generation model, and the StableLM family'."""
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(r"<a:PER> (?:co-?founded|cofounded|founded|started|launched) <o:ORG> (?:in \d{4} )?(?:with|alongside) <b:PER>", trigger=r"found|start|launch")
def _cofounded_with(st: _Sent, m: re.Match[str]) -> str | None:
    """'Mensch co-founded the company in 2023 with Timothée Lacroix and Guillaume Lample'."""
    st.add("leads", st.keys(m.group("b")), st.keys(m.group("o")), 0.8, m.span())
    return None


@clause(rf"<s:PER> (?:is|was|has been|became|remains) (?:now |also |currently |still )?(?:the )?<o:ORG>{POSS} (?:new |current |first )?(?P<role>{ROLES})", trigger=r" is | was | been | became | remains ")
def _is_poss_role(st: _Sent, m: re.Match[str]) -> str | None:
    """'She is now the startup's chief operating officer'."""
    st.roles(st.keys(m.group("s")), st.keys(m.group("o")), m.group("role"), 0.8, m.span(), stated=True)
    return None


@clause(rf"<o:ORG>{APPOS}{REL} {AUX}(?:named|appointed|hired|tapped|picked|chose|selected|promoted)(?: [^\x01.;]{{0,40}}?)? <s:PER>,? (?:as|to be|to serve as) (?:its |the |<_:ORG>{POSS} )?(?:new |next |first |permanent )?(?P<role>{ROLES})", trigger=r"named|appoint|hired|tapped|picked|chose|select|promot")
def _org_named_as(st: _Sent, m: re.Match[str]) -> str | None:
    """'Stability AI has named Prem Akkaraju as its new CEO'."""
    st.roles(st.keys(m.group("s")), st.keys(m.group("o")), m.group("role"), 0.8, m.span(), stated=True)
    return None


@clause(rf"<s:PER>,? (?:who )?(?:serves|served|works|worked|acts|acted) as (?:the |its |their )?(?:new )?(?P<role>{ROLES})(?! (?:of|at|for|with)\b)|<s2:PER>, (?:a|the|one|another) (?:fellow )?(?P<cof>co-?founder)(?! (?:of|at)\b)", trigger=r" as |founder")
def _role_in_context(st: _Sent, m: re.Match[str]) -> str | None:
    """A role with no organisation named: the organisation just mentioned ('..., and Guillaume Lample, who serves as chief scientist')."""
    prior = re.findall(r"\x01[CO](\d+)\x02", st.tpl[: m.start()])
    if not prior:
        return None
    org = st.keys(prior[-1])
    st.roles(st.keys(m.group("s") or m.group("s2")), org, m.group("role") or m.group("cof"), 0.7, m.span())
    return None


# ------------------------------------------------------- appositions, renamed versions, coordinated verbs
_PRODUCT_N = (
    r"(?:platform|service|assistant|chatbot|bot|app|application|tool|product|model|models|family|suite|software|"
    r"agent|system|offering|subscription|engine|LLM|copilot)s?"
)


@clause(rf"<o:ASSET>, (?:the |a |an )?<s:ORG>{POSS} (?:own )?{W}{_PRODUCT_N}\b", trigger=r"['’‘]")
def _appos_possessive_product(st: _Sent, m: re.Match[str]) -> str | None:
    """'Vertex AI, Google's cloud AI platform', 'Agentforce, its platform for autonomous AI agents'."""
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span(), nominal=True)
    return None


@clause(rf"<a:ENT>, (?:the |a |an )?<b:ENT>{POSS} (?:[\w-]+ ){{0,3}}?{_RIVALN}\b", trigger=r"rival|competitor|challenger|nemesis")
def _appos_rival(st: _Sent, m: re.Match[str]) -> str | None:
    """'GitHub Copilot, Cursor's most obvious rival, ...'."""
    st.add("competesWith", st.keys(m.group("a")), st.keys(m.group("b")), 0.8, m.span(), nominal=True)
    return None


@clause(rf"<s:ORG>{POSS} (?:(?:[\w-]+|and) ){{0,6}}?(?:models?|versions?|variants?|chatbots?|assistants?|apps?|tools?|products?),? (?:now |also |newly |since |later |both )?(?:called|named|dubbed|branded|rebranded as|renamed|known as) <o:ASSET>", trigger=r"called|named|dubbed|branded|known as")
def _now_called(st: _Sent, m: re.Match[str]) -> str | None:
    """'its smaller 8B and 70B models, now called Llama 3.1 8B and Llama 3.1 70B'."""
    st.create(st.keys(m.group("s")), st.keys(m.group("o")), 0.8, m.span())
    return None


# the subject position of a name: followed by its verb, maybe after an apposition or a relative pronoun
_SUBJ_AFTER = re.compile(
    rf"{APPOS}(?:,? (?:which|who|that))? (?:(?:has|have|had|is|are|was|were|will|would|also|now|recently|"
    r"already|then|first|later|quietly|since) )*(?:[a-z]+ed|[a-z]+s|said|says|made|makes|bought|built|sold|"
    r"ran|runs|took|won|is|was|has|had|leads|led)\b"
)
_COORD_V = re.compile(
    r"(?:,? and|, but) (?:(?:then |also |later |recently |quickly |has |had |have |last (?:week|month|year) |"
    rf"this (?:week|month|year) |in \d{{4}} |earlier this (?:week|month|year) |since )*)(?P<v>{_ACQ_V}|{_CREATE_V}) "
    r"(?:(?:the |a |an |its |their )?(?:(?!(?:and|or|but|that|which|who|to|of|in|on)\b)[\w-]+ ){0,4}?)?\x01([A-Z])(\d+)\x02(?!['’‘])"
)
_ORG_TOK = re.compile(r"\x01[CO](\d+)\x02")
_CLAUSE_BREAK = re.compile(r"\b(?:said|says|told|that|because|if|when|while|whether|who|but)\b|[;:\"“”]")


def _coordinated(st: _Sent) -> None:
    """A second verb whose subject is left out: 'Snowflake, which is holding its conference, and last month
    bought Neeva'; 'Anthropic, which makes Claude, has marketed itself as ... and recently released Claude 3 Opus'.
    The subject is the nearest earlier name in subject position (followed by its verb)."""
    if " and " not in st.tpl and " but " not in st.tpl:
        return
    for m in _COORD_V.finditer(st.tpl):
        subj: list[str] = []
        for t in reversed(list(_ORG_TOK.finditer(st.tpl, 0, m.start()))):
            if st.tpl.startswith("'s", t.end()) or st.tpl.startswith("’", t.end()):
                continue
            if _SUBJ_AFTER.match(st.tpl, t.end()):
                gap = st.tpl[t.end() : m.start()]
                if len(gap) <= 160 and not _CLAUSE_BREAK.search(re.sub(r"^,? (?:which|who|that)\b", "", gap)):
                    subj = st.keys(t.group(1))
                break
        if not subj:
            continue
        obj = st.keys(m.group(3))
        span = (m.start(), m.end())
        if re.match(_ACQ_V, m.group("v")):
            st.add("acquires", subj, obj, 0.8, span)
        elif not _NOT_MADE_AFTER.match(st.tpl, m.end()):
            st.create(subj, obj, 0.8, span)


_CONTINUED = re.compile(
    r",? (?:which|who|a|an|the|another|its) [^;.]{1,120}?,(?: (?:in \d{4}|earlier this year|last year|last month|"
    r"this year),)? and (?:also )?(?:the |a |an |its )?(?:[\w-]+ ){0,3}?\x01([A-Z])(\d+)\x02(?!['’‘]| (?:has|have|had|is|was|are|were|will|would|said|says|\w+ed)\b)"
)


def _continued(st: _Sent, end: int, letters: str) -> list[str]:
    """A list broken by an apposition or a relative clause: 'bought Gradio, the maker of ..., in 2021, and the
    startup Argilla'; 'include Ernie Bot, which Baidu says ..., and Alibaba's Tongyi Qianwen'."""
    c = _CONTINUED.match(st.tpl, end)
    if c is None or c.group(1) not in letters:
        return []
    return st.keys(c.group(2))


@clause(r"<s:ORG> (?:are|is|were|was) (?:all |also |now |both |each )*(?:pushing|selling|offering|building|launching|developing|rolling out|marketing|shipping|touting) (?:their own |its own |rival )?competing (?:[\w-]+ ){0,2}?(?:products|tools|services|models|offerings|platforms|agents|chatbots|assistants|software|apps)\b", trigger=r"competing")
def _competing_products(st: _Sent, m: re.Match[str]) -> str | None:
    """'Workday, Microsoft and ServiceNow are all pushing competing agent products': rivals of the article's company."""
    s = st.keys(m.group("s"))
    if st.ctx.topic and st.ctx.topic not in s:
        st.add("competesWith", s, [st.ctx.topic], 0.7, m.span())
    return None


@clause(r"(?:^(?:The|This|That|Its|Their) (?:[\w-]+ ){0,2}?(?:launch|release|move|deal|update|announcement|product|rollout|debut|model)|<s:ORG>{APPOS}) (?:also |further |now )?(?:puts|put|piles|piled|ramps up|ramped up|increases|increased|adds|added|heaps|heaped) (?:more |new |further |additional |fresh )?pressure on (?:rivals? (?:like |such as |including )?)?<o:ORG>", trigger=r"pressure on")
def _pressure_on(st: _Sent, m: re.Match[str]) -> str | None:
    """'The launch puts pressure on Google' (the company that launched), 'Meta puts pressure on OpenAI'."""
    s = st.keys(m.group("s")) if m.group("s") else ([st.ctx.topic] if st.ctx.topic else [])
    st.add("competesWith", s, st.keys(m.group("o")), 0.7, m.span())
    return None


@clause(r"<s:T>[^.;]{0,160}? (?:you|users|customers|developers|subscribers|people) (?:can|could) (?:also |easily |instead |then )?(?:switch|swap|change|toggle) (?:over )?to <o:MOD>", trigger=r"switch|swap|change|toggle")
def _switch_to(st: _Sent, m: re.Match[str]) -> str | None:
    """'Cursor runs on Claude 3.5 Sonnet, and you can switch to GPT-4o or o1-mini': the tool's other models."""
    st.add("uses", st.keys(m.group("s")), st.keys(m.group("o")), 0.7, m.span())
    return None


@clause(r"<s:PER>(?!['’‘]s)(?:[^.;\x01]|\x01P\d+\x02){0,100}? (?:will |would |to |also |now |directly )*(?:report|reports|reporting) (?:directly )?to <b:PER>", trigger=r"report")
def _reports_to(st: _Sent, m: re.Match[str]) -> str | None:
    """'Karén Simonyan ... will report to him': works where the manager was said to work."""
    if re.search(r"\b(?:said|says|told|tells)\b", m.group(0)):
        return None
    org = [st.ctx.employer[k] for k in st.keys(m.group("b")) if k in st.ctx.employer]
    st.add("worksFor", st.keys(m.group("s")), org, 0.7, m.span())
    return None


# ---------------------------------------------------------------------------------------------- driver
def _template(text: str, sent: Sentence, ms: list[Mention], entities: dict[str, Entity]) -> tuple[str, list[tuple[list[str], str]]]:
    parts: list[str] = []
    slots: list[tuple[list[str], str]] = []
    pos = sent.start
    last: tuple[int, int] | None = None
    for m in ms:
        if (m.start, m.end) == last and m.entity not in slots[-1][0]:
            slots[-1][0].append(m.entity)  # a plural reference: 'the two companies'
            continue
        if m.start < pos:
            continue
        last = (m.start, m.end)
        parts.append(text[pos : m.start].replace("\x01", " ").replace("\x02", " "))
        typ = entities[m.entity].type
        letter = "P" if typ == "Person" else typ[0]
        parts.append(f"\x01{letter}{len(slots)}\x02")
        if m.kind == "pronoun" and m.text.lower() in ("its", "his", "her", "their"):
            parts.append("'s")
        slots.append(([m.entity], letter))
        pos = m.end
    parts.append(text[pos : sent.end].replace("\x01", " ").replace("\x02", " "))
    return "".join(parts), slots


def extract_relations(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: dict[str, Entity],
    ctx: Context,
    extractor: str,
) -> list[Fact]:
    """Facts stated by the sentences (see the module contract)."""
    ms = sorted((m for m in mentions if m.entity in entities), key=lambda m: (m.start, -m.end))
    facts: list[Fact] = []
    i = 0
    for sent in sentences:
        while i < len(ms) and ms[i].start < sent.start:
            i += 1
        j = i
        while j < len(ms) and ms[j].start < sent.end:
            j += 1
        local = ms[i:j]
        if len(local) < 2 and not (local and ctx.topic):
            continue
        tpl, slots = _template(text, sent, local, entities)
        st = _Sent(sent, tpl, slots, entities, ctx, extractor)
        _rewrites(st, _REWRITES, 0)
        if len(st.slots) > 1:
            _lists(st)
        tpl = st.tpl
        if " of \x01" in tpl:
            for g in _LEADERS_OF.finditer(tpl):
                ctx.led.update(st.keys(g.group("g")))
        _rewrites(st, _LATE, 1)
        if len(st.slots) > 1:
            _lists(st)
        tpl = st.tpl
        letters = _letters(tpl)
        run = _runnable(2, letters)
        if run:
            run &= _gated(Gate.mask(tpl))
        while run:
            bit = run & -run
            run ^= bit
            rx, fn, _ = _CLAUSES[bit.bit_length() - 1]
            for m in rx.finditer(tpl):
                fn(st, m)
        if "C" in letters or "O" in letters:
            _coordinated(st)
        for f in st.facts:
            if f.predicate == "worksFor" and f.confidence >= 0.5:
                ctx.employer[f.subject] = f.object
        facts.extend(st.facts)
    return facts


_LEADERS_OF = _p(r"(?i:CEOs|chief executives|heads|leaders|bosses|chiefs) of <g:ORG>")


def _rewrites(st: _Sent, passes: list[tuple[re.Pattern[str], Handler, re.Pattern[str] | None]], which: int) -> None:
    """Run the rewrites whose tokens and words the template has, in order (skipping the others changes nothing:
    they could not match)."""
    run = _runnable(which, _letters(st.tpl))
    while run:
        bit = run & -run
        run ^= bit
        rx, fn, _ = passes[bit.bit_length() - 1]
        words = _REWRITE_WORDS[fn]
        if words:
            low = lower_once(st.tpl)
            if not any(w in low for w in words):
                continue
        new = _apply(rx, fn, st)
        if new is not st.tpl:
            st.tpl = new
            # the letters changed: ask again which of the remaining rewrites can run
            run = _runnable(which, _letters(new)) & ~((bit << 1) - 1)


def _apply(rx: re.Pattern[str], fn: Handler, st: _Sent) -> str:
    def repl(m: re.Match[str]) -> str:
        out = fn(st, m)
        return m.group(0) if out is None else out
    return rx.sub(repl, st.tpl)
