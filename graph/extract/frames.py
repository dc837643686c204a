"""The relation frames as data: trigger words per predicate, read from ``data/frames.json``.

A *verb frame* names base forms of verbs (their inflections are generated here: 'acquire' gives 'acquires',
'acquired', 'acquiring'), the predicates it can give (the types of the two sides choose among them: 'launch'
gives builds for a model, develops for a tool, leads for a person and an organisation), where its object is
found and whether the grammatical object is the fact's subject. A *noun frame* names nouns ('rival', 'maker',
'investment', 'CEO') and where the two sides are found around them. ``relations/`` applies them over the
dependency parse; nothing here names a company, a model or a person.

>>> sorted(inflections("acquire"))
['acquire', 'acquired', 'acquires', 'acquiring']
>>> [f.name for f in VERBS["bought"]]
['acquire']
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any, TypeVar

__all__ = [
    "VerbFrame", "NounFrame", "VERBS", "NOUNS", "ADJECTIVES", "HYPHEN", "FUNDING", "EXAMPLES", "ROLE_HEADS", "ROLE_MODS",
    "NOMINALS", "VERSUS", "inflections", "all_frames",
]

_IRREGULAR = {
    "build": ["built"], "make": ["made"], "lead": ["led"], "co-lead": ["co-led"], "run": ["ran"],
    "take": ["took", "taken"], "buy": ["bought"], "bring": ["brought"], "get": ["got", "gotten"],
    "draw": ["drew", "drawn"], "put": ["put"], "sink": ["sank", "sunk"], "strike": ["struck"],
    "fight": ["fought"], "win": ["won"], "set": ["set"], "choose": ["chose", "chosen"], "lean": ["leant"],
    "overtake": ["overtook", "overtaken"], "tie": ["tying"], "vie": ["vying"], "underpin": ["underpinned"],
    "co-found": ["co-founded"], "begin": ["began", "begun"], "hold": ["held"], "drive": ["drove", "driven"],
    "sell": ["sold"], "pay": ["paid"], "leapfrog": ["leapfrogged"], "unleash": ["unleashed"],
    "go": ["goes", "went", "gone", "going"], "lose": ["lost"], "leave": ["left"], "quit": ["quitting"],
    "fall": ["fell", "fallen"],
}
_DOUBLE = re.compile(r"(?:^|[^aeiou])[aeiou][bdgmnprt]$")


def inflections(base: str) -> set[str]:
    """The base form, third person, past and gerund of a regular (or listed irregular) English verb."""
    out = {base}
    out.update(_IRREGULAR.get(base, []))
    if base.endswith(("s", "sh", "ch", "x", "z")):
        out.add(base + "es")
    elif re.search(r"[^aeiou]y$", base):
        out.add(base[:-1] + "ies")
    else:
        out.add(base + "s")
    if base.endswith("e"):
        out.add(base + "d")
        if not base.endswith(("ee", "ie")):
            out.add(base[:-1] + "ing")
        else:
            out.add(base + "ing" if base.endswith("ee") else base[:-2] + "ying")
    elif re.search(r"[^aeiou]y$", base):
        out.update({base[:-1] + "ied", base + "ing"})
    else:
        out.update({base + "ed", base + "ing"})
        if _DOUBLE.search(base) or re.search(r"[aeiou]l$", base):  # 'committed', 'trialled' (British); 'partnered'
            out.update({base + base[-1] + "ed", base + base[-1] + "ing"})  # is not doubled: the extra form is harmless
    return out


@dataclass(frozen=True)
class VerbFrame:
    name: str
    predicates: tuple[str, ...]
    object: tuple[str, ...]
    second: str | None = None  # the particle or noun of a phrasal verb ('out' of 'roll out', 'part' of 'take part')
    inverse: bool = False
    funding: str | None = None
    needs_funding_or: tuple[str, ...] | None = None  # base forms that fire without a funding-round object
    needs_passive_or: tuple[str, ...] | None = None  # base forms that fire in the active voice too
    base: str = ""
    into_user: bool = False
    symmetric_subjects: bool = False
    role_as: bool = False
    object_is_subject: bool = False
    user_preps: tuple[str, ...] = ("into", "in")  # with into_user: where the product that takes the object in is
    subject_enters: bool = False  # with into_user: the subject is what is taken in ('X is coming to Y's cars')
    round_named: bool = False  # with funding: only a round whose company the phrase names ('in X's round')
    not_objects: tuple[str, ...] = ()  # direct objects that say the verb means something else ('lost researchers to X')
    subject_types: tuple[str, ...] = ()  # the only entity types its subject may have ('the app offers X': a Tool)


@dataclass(frozen=True)
class NounFrame:
    name: str
    predicates: tuple[str, ...]
    subject: str  # 'holder' or 'poss'
    other: tuple[str, ...]
    clause_subject: bool = False
    by_subject: bool = False
    into_user: bool = False
    second: str | None = None  # 'behind' of 'company behind'
    pairs: bool = False  # coordinated subjects pair up ('A and B formed an alliance')


def _load() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("data/frames.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_DATA = _load()


F = TypeVar("F", VerbFrame, NounFrame)


def _indexed(kind: str, build: Callable[[dict[str, Any], str, str | None], F],
             forms: Callable[[str], set[str]]) -> dict[str, list[F]]:
    """word form -> the frames of ``kind`` ('verbs' or 'nouns') it triggers."""
    out: dict[str, list[F]] = {}
    for spec in _DATA[kind]:
        for words in spec["words"]:
            head, _, second = words.partition(" ")
            frame = build(spec, head, second or None)
            for form in forms(head):
                lst = out.setdefault(form, [])
                if frame not in lst:
                    lst.append(frame)
    return out


def _verb_frame(spec: dict[str, Any], base: str, second: str | None) -> VerbFrame:
    return VerbFrame(
        spec["name"], tuple(spec["predicates"]), tuple(spec["object"]), second,
        bool(spec.get("inverse")), spec.get("funding"),
        tuple(spec["needs_funding_or"]) if "needs_funding_or" in spec else None,
        tuple(spec["needs_passive_or"]) if "needs_passive_or" in spec else None,
        base, bool(spec.get("into_user")), bool(spec.get("symmetric_subjects")), bool(spec.get("role_as")),
        bool(spec.get("object_is_subject")), tuple(spec.get("user_preps", ("into", "in"))),
        bool(spec.get("subject_enters")), bool(spec.get("round_named")), tuple(spec.get("not_objects", ())),
        tuple(spec.get("subject_types", ())),
    )


def _noun_frame(spec: dict[str, Any], head: str, second: str | None) -> NounFrame:
    return NounFrame(
        spec["name"], tuple(spec["predicates"]), spec["subject"], tuple(spec["other"]),
        bool(spec.get("clause_subject")), bool(spec.get("by_subject")), bool(spec.get("into_user")),
        second, bool(spec.get("pairs")),
    )


def _plurals(noun: str) -> set[str]:
    """A noun and its plural ('rival', 'rivals'; 'ally', 'allies')."""
    if noun.endswith(("s", "sh", "ch", "x")):
        return {noun, noun + "es"} if not noun.endswith("s") else {noun}
    if re.search(r"[^aeiou]y$", noun):
        return {noun, noun[:-1] + "ies"}
    return {noun, noun + "s"}


VERBS: dict[str, list[VerbFrame]] = _indexed("verbs", _verb_frame, inflections)
#: adjective frames: word -> (frame name, predicates, prepositions, inverse)
ADJECTIVES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...], bool]] = {
    w: (a["name"], tuple(a["predicates"]), tuple(a["object"]), bool(a.get("inverse")))
    for a in _DATA.get("adjectives", []) for w in a["words"]
}
NOUNS: dict[str, list[NounFrame]] = _indexed("nouns", _noun_frame, _plurals)
HYPHEN: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in _DATA["hyphen"].items()}
FUNDING: frozenset[str] = frozenset(_DATA["funding_nouns"])
EXAMPLES: frozenset[str] = frozenset(_DATA["examples"])
ROLE_HEADS: frozenset[str] = frozenset(_DATA["roles"]["heads"])
ROLE_MODS: frozenset[str] = frozenset(_DATA["roles"]["modifiers"])
NOMINALS: dict[str, str] = dict(_DATA["nominals"])
VERSUS: frozenset[str] = frozenset(_DATA.get("versus", []))


def all_frames() -> list[str]:
    """Every frame name (verb and noun frames, with a 'verb:' or 'noun:' prefix), for the census."""
    return ([f"verb:{s['name']}" for s in _DATA["verbs"]] + [f"noun:{s['name']}" for s in _DATA["nouns"]]
            + [f"adj:{s['name']}" for s in _DATA.get("adjectives", [])] + ["versus"])
