"""Paragraphs and sentences with character offsets, from the spaCy tokenizer and its rule-based sentencizer.

Contract: ``split(text)`` returns ``Sentence`` objects that cover the non-blank text in order, each with
``start``/``end`` offsets into ``text`` (``text[s.start:s.end] == s.text``), the index of its paragraph and its
tokens (``Sentence.tokens``: spaCy tokens of the paragraph's Doc, offsets relative to the paragraph). A
paragraph is a non-blank line (news copy puts one paragraph per line); a sentence never crosses one, and is
never longer than ``MAX_TOKENS`` tokens (a longer one is cut at a comma). Sentences
end after ``.!?`` and the closing quotes or brackets that follow (spaCy's Sentencizer), and after a semicolon outside
a quotation (the small parser reads two clauses joined by one badly); abbreviations such as
'Inc.' or 'U.S.' are single tokens of the tokenizer, so they end nothing, except a company form before a capitalised
word that is no title ('... with Cohere Inc. KDDI Corp. acquired ...'). A wire dateline opening a paragraph
('SAN FRANCISCO (Reuters) -') is a sentence of its own. Linear time.

>>> [s.text for s in split("OpenAI Inc. released GPT-4. Microsoft uses it.\\nNew para!")]
['OpenAI Inc. released GPT-4.', 'Microsoft uses it.', 'New para!']
>>> [s.text for s in split("It works with Contoso Inc. Fabrikam Corp. CEO Jane Roe said so.")]
['It works with Contoso Inc.', 'Fabrikam Corp. CEO Jane Roe said so.']
>>> [s.text for s in split('It grew; Contoso said "we grew; we hired" on Monday.')]
['It grew;', 'Contoso said "we grew; we hired" on Monday.']
>>> [s.text for s in split("SAN FRANCISCO (Reuters) - Contoso bought Fabrikam.")]
['SAN FRANCISCO (Reuters) -', 'Contoso bought Fabrikam.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .lexicon import CORP_FORMS
from .nlp import tokenize

__all__ = ["Sentence", "split", "paragraphs", "inside_quotes", "is_dateline", "MAX_TOKENS"]

_PARA = re.compile(r"[^\n]+")
_TITLE_WORDS = frozenset("CEO CFO CTO COO Chief President Chairman Chairwoman Chair Vice Executive Senior Managing Director "
                         "Founder Co-founder Cofounder Head Spokesperson Spokesman Spokeswoman General Group".split())
_END = frozenset(".!?…")
_CLOSE = frozenset("\"”’')]»")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    para: int
    doc: Any = field(default=None, compare=False, repr=False)  # the paragraph's tokenizer Doc
    base: int = field(default=0, compare=False, repr=False)  # the paragraph's offset in the text
    i: int = field(default=0, compare=False, repr=False)  # first token index in ``doc``
    j: int = field(default=0, compare=False, repr=False)  # one past the last token

    @property
    def tokens(self) -> Any:
        return self.doc[self.i : self.j]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: each non-empty line, trimmed of surrounding spaces."""
    out = []
    for m in _PARA.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets, paragraph index and tokens."""
    out: list[Sentence] = []
    for pi, (ps, pe) in enumerate(paragraphs(text)):
        doc = tokenize(text[ps:pe])
        n = len(doc)
        i = 0
        k = 0
        d = _DATELINE.match(text, ps, pe)
        if d is not None:  # 'SAN FRANCISCO (Reuters) -': a sentence of its own, not the first one's subject
            while k < n and doc[k].idx < d.end() - ps:
                k += 1
            if 0 < k < n:
                _emit(out, text, pi, doc, ps, 0, k)
                i = k
            else:
                k = 0
        quoted = inside_quotes(doc)
        while k < n:
            t = doc[k]
            k += 1
            initial_end = (  # 'on the platform X. Investors ...': a capital and its dot after a lower-case word
                len(t.text) == 2 and t.text[0].isupper() and t.text[1] == "." and k >= 2 and doc[k - 2].is_lower
                and k < n and doc[k].text[:1].isupper()
            )
            corp_end = (  # 'with Cohere Inc. KDDI Corp. acquired ...': a company form ends its sentence before a
                # capitalised word that is no title ('Apple Inc. Chief Executive Tim Cook' goes on)
                t.text[-1:] == "." and t.text[:-1] in CORP_FORMS and k < n and bool(t.whitespace_) and doc[k].text[:1].isupper()
                and doc[k].is_alpha and doc[k].text not in _TITLE_WORDS
            )
            if t.text == ";" and k < n and t.i not in quoted:  # outside a quotation ('X competes with Y; Y was valued')
                _emit(out, text, pi, doc, ps, i, k)
                i = k
                continue
            if initial_end or corp_end or t.text and t.text[-1] in _END and not (len(t.text) > 1 and t.text[0].isalnum()) and not (
                not t.whitespace_ and k < n and doc[k].text[:1].isalnum()
            ):  # 'Character.AI', 'Node.js': no space, no sentence end
                while k < n and (doc[k].text in _CLOSE or doc[k].text[:1] in _END) and not _opens(doc, k):
                    k += 1
                if k < n and (doc[k].is_lower and doc[k].is_alpha and t.text == "."):
                    continue  # 'approx. ten': a sentence does not go on in lower case
                _emit(out, text, pi, doc, ps, i, k)
                i = k
        if i < n:
            _emit(out, text, pi, doc, ps, i, n)
    return [s for s in out if s.end > s.start]


def inside_quotes(tokens: Any) -> set[int]:
    """The indices of the tokens inside quotation marks (a straight mark opens and closes by turns).

    >>> d = tokenize('He said "we grew; we hired" today.')
    >>> sorted(d[i].text for i in inside_quotes(d))
    [';', 'grew', 'hired', 'we', 'we']
    """
    inside, out = False, set()
    for t in tokens:
        if t.text in ('"', "“", "”", "``", "''"):
            inside = not inside if t.text in ('"', "``", "''") else t.text == "“"
        elif inside:
            out.add(t.i)
    return out


def _opens(doc: Any, k: int) -> bool:
    """Whether a straight quotation mark opens a quotation: a space before it, a word right after it
    ('would change. "Scale will remain ...')."""
    return doc[k].text in ('"', "'") and bool(doc[k - 1].whitespace_) and not doc[k].whitespace_ \
        and k + 1 < len(doc) and doc[k + 1].text[:1].isalnum()


#: a wire story's dateline: a place in capitals, maybe a date and the agency, then a dash
_DATELINE = re.compile(r"[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Z.'’-]+)*,?(?: [A-Z][a-z]{1,5}\.,?)?"  # ', Calif.,', ', Tenn. (WREG)'
                       r"(?: [A-Z][a-z]{2,8}\.? \d{1,2},?)?"
                       r"(?: \([A-Za-z][\w .&/-]{1,30}\))?(?: ?[-–—]+ |: )")  # (also '(dpa-AFX)', 'NEW DELHI:')



def is_dateline(sent: Sentence) -> bool:
    """Whether a sentence is a wire story's dateline ('SAN FRANCISCO (Reuters) -'): it names no entity of the story.

    >>> [is_dateline(s) for s in split("LONDON (Reuters) - Contoso grew.")]
    [True, False]
    """
    return _DATELINE.fullmatch(sent.text + " ") is not None


MAX_TOKENS = 100
_CUT = frozenset(",;:—–")


def _emit(out: list[Sentence], text: str, pi: int, doc: Any, base: int, i: int, j: int) -> None:
    """A sentence, cut into pieces of at most ``MAX_TOKENS`` tokens (at a comma or semicolon where there is one):
    no news sentence is that long, and the bound keeps every later step linear in the text's length."""
    while j - i > MAX_TOKENS:
        cut = i + MAX_TOKENS
        for k in range(i + MAX_TOKENS, i + MAX_TOKENS // 2, -1):
            if doc[k - 1].text in _CUT:
                cut = k
                break
        out.append(_sentence(text, pi, doc, base, i, cut))
        i = cut
    out.append(_sentence(text, pi, doc, base, i, j))


def _sentence(text: str, pi: int, doc: Any, base: int, i: int, j: int) -> Sentence:
    while j > i and doc[j - 1].is_space:
        j -= 1
    start = base + doc[i].idx
    end = base + doc[j - 1].idx + len(doc[j - 1].text) if j > i else start
    return Sentence(start, end, text[start:end], pi, doc, base, i, j)
