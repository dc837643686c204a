"""Types from context: the cues before and after a name ('the startup X', 'X, a startup', 'its model X', 'a model
called X'), the shape of a name ('Acme Labs', 'University'), and what an article calls a model or tool ('its
chatbot, Grok' -> Tool; 'the Llama model' -> Model).
"""

from __future__ import annotations

import re

from ..lexicon import (
    COMPANY_CUE,
    DATASET_CUE,
    MODEL_CUE,
    ORG_SUFFIX,
    ORG_UNIT_SUFFIX,
    TOOL_CUE,
    TOOL_SUFFIX,
)
from ..model import Entity, Mention

__all__ = ["ORG_AFTER", "asset_types", "context_type", "described_as_company", "shape_type"]


_APPOS = r"^,\s+(?:a|an|the|its|their|[A-Z][\w&.-]*['’]s)\s+"
#: ', a startup that', ", Contoso's chipmaker unit" (not ', a partner at the firm': the firm is another's)
ORG_AFTER = re.compile(
    r"^,\s+(?:a|an|the|another|its|[A-Z][\w&.-]*['’]s)\s+(?:(?!(?:at|of|for|with|in)\s)[\w-]+\s+){0,4}?(?:startup|start-up|company|firm|lab|"
    r"maker|provider|developer|unicorn|rival|competitor|subsidiary|spinout|spin-off|outfit|chipmaker|giant|"
    r"(?:venture(?: capital)?|investment|corporate venture) (?:arm|fund)|investor|retailer|conglomerate|group)\b(?!['’]s)"
)
_APPOS_MODEL = re.compile(_APPOS + r"(?:[\w-]+(?:['’]s)?\s+){0,3}?(?:model|LLM|language model)s?\b(?![\s-]+(?:developer|maker|provider|company|startup|lab|firm))")
_APPOS_TOOL = re.compile(
    _APPOS + r"(?:[\w-]+(?:['’]s)?\s+){0,3}?(?:chatbot|assistant|app|product|tool|copilot|browser|"
    r"search engine|platform|service|agent|software)s?\b(?![\s-]+(?:developer|maker|provider|company|startup|firm|lead|"
    r"manager|head|chief|officer|director|engineer|team|group|division|unit|business)\b)"
)
_CALLED = re.compile(
    r"\b(?P<noun>dataset|data set|corpus|model|LLM|chatbot|assistant|app|tool|product|agent|platform|startup|start-up|"
    r"company|firm)s?\b(?:,?\s+[\w-]+){0,5}?,?\s+(?:called|named|dubbed)\s+$"  # (also 'The tool, called X,')
)
_CALLED_TYPE = {"dataset": "Dataset", "data set": "Dataset", "corpus": "Dataset", "model": "Model", "LLM": "Model",
                "chatbot": "Tool", "assistant": "Tool", "app": "Tool", "tool": "Tool", "product": "Tool",
                "agent": "Tool", "platform": "Tool",
                "startup": "Company", "start-up": "Company", "company": "Company", "firm": "Company"}
_TOOL_AFTER = re.compile(
    r"\s+(?:(?:AI|coding|voice|search|chat|writing|cloud|enterprise|mobile|developer|data)\s+)?"
    r"(?:chatbot|assistant|app|subscription|service|platform|suite|plug-?in|extension|tool|browser|agent|editor)s?\b"
)
_MODEL_AFTER = re.compile(r"\s+(?:AI\s+)?(?:model|LLM|language model|models)\b")
_DATASET_AFTER = re.compile(r"\s+(?:dataset|data set|corpus)\b")
_ORG_ROLE_AFTER = re.compile(
    r"^\s+(?:co-?founder|founder|CEO|chief executive|boss|chief|president|chairman|CTO|COO|CFO)"
    r"(?:\s+and\s+(?:co-?founder|founder|CEO|chief executive|president|chairman|CTO|COO|CFO))?\s+[A-Z]")
_BUSINESS_VERB_AFTER = re.compile(
    r"^,?\s+(?:(?:has|had|have|also|recently|just|will|is|was)\s+){0,2}(?:raised|secured|closed|landed|acquired|bought|"
    r"invested|partnered|teamed|announced|launched|released|unveiled|agreed (?:[\w-]+ ){0,2}?to (?:buy|acquire)|is investing|"
    r"was founded|was valued|is valued|(?:co-)?founded by|backed by|funded by)\b"
)
#: 'maker of X', 'the developer of X': X is a product
_PRODUCT_OF = re.compile(r"\b(?:maker|makers|developer|developers|creator|creators) of\s+$"
                         r"|\b(?:company|startup|start-up|firm|lab|team) behind\s+$")  # 'the company behind Jira'
PERSON_CONTEXT = re.compile(
    r",\s+(?:the\s+|a\s+|an\s+|its\s+|[A-Z][\w&.-]*['’]s\s+)?(?:[\w'’-]+\s+){0,3}?(?i:ceo|cto|cfo|coo|chief|co-?founder|founder|"
    r"president|chair\w*|analyst|director|head|professor|researcher|scientist|engineer|spokes\w+|vice|senior|"
    r"managing|partner|executive)\b|,?\s+(?:said|says|told|added|noted|wrote)\b|,\s+who\s+(?!is\s+(?:a|an|the)\b)"
)
# what follows a sentence-initial name used as a name ('Meta was', 'Apple said', 'Figure's robots')
USED_AS_NAME = re.compile(
    r"(?:['’]s\b|, which\b|,? (?:was|is|has|had|have|will|would|said|says|also|announced|launched|released|raised|"
    r"acquired|bought|plans|agreed|reported|declined|did|does|CEO|chief|founder|hired|hires|allied|partnered|"
    r"invested|invests|unveiled|unveils|introduced|introduces|debuted|signed|signs|struck|sued|sues|named|appointed|"
    r"rolled|shipped|integrated|integrates|deployed|deploys|plans|uses|used|teamed|joined|backed|backs|"
    r"announces|launches|releases|raises|acquires|buys|agrees|reports|declines|confirmed|confirms|denied|denies|"
    r"allies|partners|teams|names|appoints|debuts|taps|tapped|bets|expands|expanded|opens|opened|sells|sold|"
    r"cuts|cut|wins|won|brings|brought|adds|added|takes|took|makes|made|chose|chooses|picked|picks|selected|"
    r"selects|built|builds|began|begins|started|starts|tested|tests|filed|files|faces|faced|lost|loses|paid|pays|"
    r"switched|switches)\b)")
RUNS_ON = re.compile(r"\b(?:runs?|running|ran|built|based|powered|trained|fine-tuned)\s+(?:on|by|from)\s+$")
_ORG_POSS_AFTER = re.compile(
    r"^['’]s?\s+(?:[\w-]+\s+){0,2}?(?:ceo|chief|co-?founder|founder|president|chair(?:man|woman)?|board|investors?|"
    r"backers?|shareholders?|shares|headquarters|valuation|employees|staff|workforce|revenue|acquisition|"
    r"funding|round)\b", re.I)
PREP_BEFORE = re.compile(r"\b(?:at|of|for|from|with|in)\s+$")
GENERIC_BEFORE = re.compile(r"(?:^|[^\w])(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+$")
_ORGISH_WORD = frozenset(
    "government ministry university institute commission agency department council authority parliament "
    "senate congress court foundation association consortium society academy school college".split()
)


#: words that end a noun phrase's modifiers ('a startup that builds models', 'an app for developers')
_NOT_MODIFIERS = frozenset("that which who whose of for with in on at from to by and or but as the a an its their his her "
                            "this these those our".split())


def described_as_company(after: str) -> bool:
    """Whether the words after a name call it a company: ', a startup that', ', co-founded by', ', which raised'."""
    return ORG_AFTER.match(after) is not None or _BUSINESS_VERB_AFTER.match(after) is not None


def context_type(text: str, start: int, end: int, person: bool = False) -> str | None:
    """The type a new name gets from the words around it, or None. For a name the NER calls a person
    (``person``), what merely follows it ('X, raised $1 billion', "X's board") is no evidence: in 'the startup
    founded by Jane Roe, raised ...' the verb is the sentence's."""
    before = text[max(0, start - 60) : start]
    after = text[end : end + 80]
    if _PRODUCT_OF.search(before):  # 'The Browser Company, maker of Arc, released ...': whatever follows
        return "Tool"
    if before.endswith(("called ", "named ", "dubbed ")):
        mc = _CALLED.search(text, max(0, start - 80), start)
        if mc:
            return _CALLED_TYPE[mc.group("noun")]
    if after[:1] == ",":
        # "Jon Abrahamson, Telekom's chief product and digital officer": a person's title, not a product
        titled = person and PERSON_CONTEXT.match(after) is not None
        # the kind noun the apposition reaches first ('X, a startup building language models': a company)
        kinds = sorted((m.end(), kind) for kind, rx in (("Model", _APPOS_MODEL), ("Tool", _APPOS_TOOL), ("Company", ORG_AFTER))
                       if (m := rx.match(after)) is not None and not (titled and kind != "Company"))
        if kinds:  # ... unless nouns alone lead on to a later one, the head ('the customer service software company')
            end, kind = kinds[0]
            for later, other in kinds[1:]:
                if all(w.isalpha() and w.islower() and w not in _NOT_MODIFIERS and not w.endswith(("ing", "ed"))
                       for w in after[end:later].split()[:-1]):
                    end, kind = later, other
            return kind
    if _ORG_ROLE_AFTER.match(after) or not person and (_BUSINESS_VERB_AFTER.match(after) or _ORG_POSS_AFTER.match(after)):
        return "Company"
    if TOOL_CUE.search(before) or _TOOL_AFTER.match(after):
        return "Tool"
    if MODEL_CUE.search(before) or _MODEL_AFTER.match(after):
        return "Model"
    if DATASET_CUE.search(before) or _DATASET_AFTER.match(after):
        return "Dataset"
    if COMPANY_CUE.search(before.lower()):
        return "Company"
    return None


def shape_type(words: list[str]) -> str | None:
    last = words[-1]
    if len(words) >= 2 and (last in ORG_UNIT_SUFFIX or words[0].lower() in _ORGISH_WORD):
        return "Organization"
    if len(words) >= 2 and last in ORG_SUFFIX:
        return "Company"
    if len(words) >= 2 and last in TOOL_SUFFIX:
        return "Tool"
    return None


_TOOL_WORDS = r"chatbots?|chat bot|assistants?|apps?|application|products?|tools?|services?|platforms?|bots?|copilot|agents?|search engine"
_MODEL_WORDS = r"models?|LLMs?|language models?|foundation models?|model family|family of models"
_CUE_AFTER = re.compile(rf"(?:\s+AI)?\s+(?:(?P<tool>{_TOOL_WORDS})|(?P<model>{_MODEL_WORDS}))\b|"
                        rf",\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){{0,3}}?(?:(?P<tool2>{_TOOL_WORDS})|(?P<model2>{_MODEL_WORDS}))\b")
_CUE_BEFORE = re.compile(rf"\b(?:(?P<tool>{_TOOL_WORDS})|(?P<model>{_MODEL_WORDS})),?\s+$")


def asset_types(text: str, entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """A model or tool is typed by what this article calls it: 'its chatbot, Grok' makes Grok a Tool here, 'the
    Llama model' a Model (the registry's type stands when the article says neither, or both equally); a tool with a
    leader's title after its name ('Windsurf CEO Varun Mohan') and no product cue is a company here."""
    votes: dict[str, int] = {}
    for m in mentions:
        ent = entities.get(m.entity)
        if ent is None or ent.type not in ("Model", "Tool"):
            continue
        a = _CUE_AFTER.match(text, m.end, min(len(text), m.end + 60))
        b = _CUE_BEFORE.search(text, max(0, m.start - 30), m.start)
        for x in (a, b):
            if x is None:
                continue
            if x.groupdict().get("tool") or x.groupdict().get("tool2"):
                votes[m.entity] = votes.get(m.entity, 0) + 1
            elif x.groupdict().get("model") or x.groupdict().get("model2"):
                votes[m.entity] = votes.get(m.entity, 0) - 1
    for key, v in votes.items():
        if v > 0:
            entities[key].type = "Tool"
        elif v < 0:
            entities[key].type = "Model"
    # a product's name with a leader's title after it ('Windsurf CEO Varun Mohan') is the company of that name here
    led = {m.entity for m in mentions if m.entity in entities and entities[m.entity].type == "Tool"
           and _ORG_ROLE_AFTER.match(text[m.end : m.end + 60])}  # (its '^' anchors at the string's start)
    for key in led:
        if votes.get(key, 0) <= 0:
            entities[key].type = "Company"
