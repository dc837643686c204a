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

from typing import Any

from ..model import Entity, Mention
from ..registry import Registry
from ..sentences import Sentence, is_dateline
from .aliases import merge_acronyms, merge_heads, merge_prefixes, merge_tails, person_aliases
from .context import USED_AS_NAME, asset_types
from .ner import name_versions, ner_cands, versioned_names
from .repairs import (
    drop_hardware,
    drop_name_parts,
    drop_tickers,
    list_members,
    longer_ner_orgs,
    longer_ner_products,
    longer_registry_tools,
    people_over_names,
    same_surface,
    shared_surnames,
)
from .ruler import Cand, Tok, registry_index, registry_scan, sentence_tokens, slugify
from .worth import parse_plan

__all__ = ["find_entities", "parse_plan", "sentence_tokens"]


def find_entities(
    text: str, sentences: list[Sentence], registry: Registry, parsed: dict[int, Any]
) -> tuple[dict[str, Entity], list[Mention]]:
    """Entities and their name mentions in ``text`` (see the module contract)."""
    idx = registry_index(registry)
    cands: list[Cand] = []
    toks_of: list[list[Tok]] = []
    for si, sent in enumerate(sentences):
        toks = sentence_tokens(sent, parsed.get(si))
        toks_of.append(toks)
        found = registry_scan(text, toks, idx, si, sent.start)
        for c in found:
            if c.entry is not None and c.entry.type in ("Model", "Tool"):
                name_versions(text, toks, c)
        cands.extend(found)
    cands += versioned_names(text, toks_of, cands)
    # ambiguous names at sentence starts need support elsewhere
    sent_starts = {s.start for s in sentences}
    supported = {id(c.entry) for c in cands if c.start not in sent_starts or USED_AS_NAME.match(text, c.end)}
    cands = [c for c in cands if not (c.entry is not None and c.entry.ambiguous and c.start in sent_starts
                                      and id(c.entry) not in supported)]
    longer_ner_orgs(text, sentences, parsed, cands)
    longer_registry_tools(text, sentences, parsed, cands)
    people_over_names(text, sentences, parsed, cands)
    longer_ner_products(text, sentences, parsed, cands)
    cands += list_members(text, sentences, parsed, cands)
    taken = sorted((c.start, c.end) for c in cands)
    for si, doc in parsed.items():
        new = ner_cands(text, sentences[si], si, doc, taken)
        if new:
            cands.extend(new)
            taken = sorted(taken + [(c.start, c.end) for c in new])
    datelines = [(s.start, s.end) for s in sentences if is_dateline(s)]
    if datelines:  # 'SAN FRANCISCO (Reuters) -' names no entity of the story, nor does its place named again
        places = {text[a:b].split("(")[0].split(",")[0].strip(" -–—").title() for a, b in datelines}
        cands = [c for c in cands if not any(a <= c.start < b for a, b in datelines)
                 and not (c.entry is None and text[c.start : c.end] in places)]  # ('the Heidelberg company X')
    drop_tickers(text, cands)
    shared_surnames(text, cands)
    drop_name_parts(cands)
    drop_hardware(text, cands)
    cands.sort(key=lambda c: c.start)
    # a name the article has typed once is that entity wherever else it is written the same way
    cands = same_surface(text, sentences, toks_of, cands)
    entities: dict[str, Entity] = {}
    mentions: list[Mention] = []
    for c in cands:
        surface = text[c.start : c.end]
        if c.entry is not None:
            e = c.entry
            key = slugify(e.label)
            if key not in entities:
                entities[key] = Entity(key, e.label, e.type, wikidata=e.wikidata,
                                       broader=slugify(e.broader) if e.broader else None, maker=e.org)
        else:
            assert c.label is not None and c.type is not None
            key = slugify(c.label)
            if key not in entities:
                entities[key] = Entity(key, c.label, c.type, broader=c.broader)
        ent = entities[key]
        if surface != ent.label:
            ent.aliases.add(surface)
        mentions.append(Mention(c.start, c.end, surface, key, "name"))
    merge_prefixes(entities, mentions, frozenset(slugify(c.entry.label) for c in cands if c.entry is not None))
    merge_heads(entities, mentions)
    merge_acronyms(text, entities, mentions)
    merge_tails(entities, mentions)
    asset_types(text, entities, mentions)
    mentions = person_aliases(text, toks_of, entities, mentions)
    return entities, sorted(mentions, key=lambda m: m.start)
