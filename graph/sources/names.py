"""Names in source records: splitting organisation lists, classifying organisations, loose keys, kind guesses.

>>> split_organizations("ByteDance and University of Maryland, College Park")
['ByteDance', 'University of Maryland, College Park']
>>> split_organizations("Runway AI, Inc.")
['Runway AI, Inc.']
>>> classify_organization("Tsinghua University"), classify_organization("Zhipu AI")
('Organization', 'Company')
>>> loose_key("Stable Video Diffusion Model"), loose_key("Clotho v2.0"), loose_key("GPT-4o")
(('stablevideodiffusion', 'Model'), ('clotho2', None), ('gpt4o', None))
>>> strip_legal("Runway AI, Inc."), guess_type("ImageNet")
('Runway AI', 'Dataset')
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..extract.registry import Registry, name_key
from .table import ORG_CLASSES
from .values import as_list, clean_text, is_placeholder

__all__ = ["classify_organization", "guess_type", "loose_key", "split_organizations", "strip_legal"]


_LEGAL = re.compile(r"^(inc|ltd|llc|corp|co|gmbh|pbc|plc|ag|s\.?a|sas|limited|corporation)\.?$", re.I)
_CAMPUS = re.compile(
    r"(University of (?:Maryland|California|Wisconsin|Illinois|Texas|Massachusetts|Michigan|Colorado|"
    r"North Carolina|Minnesota|Missouri|Nebraska|Tennessee|Hawaii)), ([A-Z][\w-]+(?: [A-Z][\w-]+)?)"
)
_CONNECTOR = re.compile(r"\b(of|for|in|on|at|de|des|du)\b")


def split_organizations(value: Any) -> list[str]:
    """Organisation names from a field that may list several ("A, B and C", lists, {value: ...})."""
    out: list[str] = []
    for item in as_list(value):
        if is_placeholder(item):
            continue
        text = _CAMPUS.sub(lambda m: f"{m.group(1)}\x01 {m.group(2)}", clean_text(str(item)))
        # commas inside parentheses do not separate organisations
        text = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\x01"), text)
        pieces: list[str] = []
        for chunk in re.split(r"[,;]| & ", text):
            chunk = chunk.strip().replace("\x01", ",")
            chunk = re.sub(r"^and\s+", "", chunk).strip()
            if not chunk:
                continue
            if pieces and _LEGAL.match(chunk):
                pieces[-1] += ", " + chunk
                continue
            # "A and B" separates two organisations unless the left side is a descriptive name
            # ("University of Science and Technology of China", "Center for AI in Medicine and Imaging")
            parts = re.split(r"\s+and\s+", chunk)
            acc = parts[0]
            for part in parts[1:]:
                if _CONNECTOR.search(acc) or not part[:1].isupper():
                    acc += " and " + part
                else:
                    pieces.append(acc)
                    acc = part
            pieces.append(acc)
        for p in pieces:
            p = p.strip()
            if p.endswith(".") and not _LEGAL.match(p.rsplit(" ", 1)[-1]):
                p = p.rstrip(".").strip()
            if p and not is_placeholder(p) and p not in out:
                out.append(p)
    return out


def strip_legal(name: str) -> str:
    return re.sub(r",?\s+(Inc|Ltd|LLC|Corp|Co|GmbH|PBC|PLC|AG|S\.A|SAS)\.?$", "", name).strip()


_NONPROFIT = re.compile(
    r"universit|college|institut|academy|acad[ée]mie|school|laborator|\blab\b|foundation|non-?profit|"
    r"government|ministry|department|national|federal|council|society|association|consortium|observato|"
    r"\bcent(er|re)\b|\bteam\b|community|collective|project|initiative|\bpolytechnic|hospital|museum|library|"
    r"\b(mit|cmu|epfl|eth|inria|cnrs|mila|kaist|nyu|ucla|ucsd|uc berkeley|berkeley|stanford|harvard|yale|princeton|"
    r"columbia|tsinghua|peking|fudan|oxford|cambridge|caltech|lmsys|laion|eleutherai|eleuther ai|bigscience|"
    r"bigcode|ai2|allen ai|openassistant|open assistant|lerma|psl|nasa|noaa|cern|darpa|nih|nist|"
    r"cohere for ai|open x-embodiment|together computer research)\b",
    re.I,
)


def classify_organization(name: str, registry: Registry | None = None) -> str:
    """Company or Organization: the registry's type first, then name patterns (universities, institutes,
    labs, non-profits, governments, collaborations → Organization; everything else → Company)."""
    if registry is not None:
        entry = registry.lookup(name) or registry.lookup(strip_legal(name))
        if entry is not None and entry.type in ORG_CLASSES:
            return entry.type
    return "Organization" if _NONPROFIT.search(name) else "Company"


_KIND_SUFFIX = re.compile(r"[\s_-]+(model|dataset|data set|data)$")
_KIND_OF_SUFFIX = {"model": "Model", "dataset": "Dataset", "data set": "Dataset", "data": "Dataset"}


def loose_key(name: str) -> tuple[str, str | None]:
    """A looser key for names that differ by a version-suffix spelling or a trailing kind word.

    ``v2`` = ``version 2`` = ``2`` and ``2.0`` = ``2``; a trailing ``model``/``dataset`` word is dropped
    and returned as the kind it implies. Version numbers themselves are kept: ``GPT-4`` ≠ ``GPT-4o`` ≠
    ``GPT-4.5``, ``Llama 2`` ≠ ``Llama 3``.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower().strip()
    kind = None
    m = _KIND_SUFFIX.search(text)
    if m and m.start() > 0:
        kind = _KIND_OF_SUFFIX[m.group(1)]
        text = text[: m.start()]
    text = re.sub(r"(?:(?<=[\s_-])|^)v(?:ersion)?\s*(?=\d)", "", text)
    text = re.sub(r"(\d)(?:\.0)+\b(?!\.\d)", r"\1", text)
    return name_key(text), kind


_DATASET_WORDS = re.compile(
    r"\b(data ?sets?|data|corpus|corpora|crawl|commoncrawl|wikipedia|books?|bookscorpus|pubmed|arxiv|github|"
    r"reddit|stackexchange|imagenet|coco|captions?|collection|bench|benchmark|qa|mcqa|instruct|instructions|"
    r"conversations|dialogues?|sound ?effects?|effects|songs?|genome|proteins?|uniref\d*|mgnify|jft[\w-]*|"
    r"\w*qa|\w*bench|\w*\d+[mk]|\w*captions?|yfcc\w*|webvid\w*|kinetics[\w-]*|audioset|audiocaps|mc4|oscar|opus|sharegpt\w*|redpajama|pile|stack|"
    r"mmlu|tox21|qm9|zinc\w*|pcqm\w*|pcba\w*|objaverse|flickr|shutterstock|kaggle|laion[\w-]*|c4|"
    r"openwebtext|webtext\w*|glaive|lima|oasst\d*|narratives|msr-vtt|visual genome|freesound|magnatagtune|"
    r"\w*caps|archive|survey|sounds?|\w*sight|skypile|interact|\w*-it|ava|babel|clue)\b",
    re.I,
)
_TOOL_WORDS = re.compile(r"\b(api|library|framework|platform|app|pytorch|jax|keras|transformers|leaderboard|search|mecab)\b", re.I)
_MODEL_WORDS = re.compile(
    r"(\b\d+(\.\d+)?b\b|\bgpt|bert\b|t5\b|\balign\b|\bvit\b|vit-|llama|mistral|mixtral|gemma|clip\b|\bcoca\b|resnet|"
    r"efficientnet|r-cnn|vqgan|ddpm|\bbeats\b|\bast\b|dreamfusion|hyena|dolphin|phi-\d|coder|\bmodel\b|"
    r"diffusion|encoder|decoder|network|transformer|adapter|\blm\b|-lm\b|lm-|llm|qwen|deepseek|palm|pali|"
    r"titan|\bclaude|gemini|internvl|llava|mae|palmyra|stablelm|starcoder|openchat|hermes|orca|retriever)",
    re.I,
)


def guess_type(name: str) -> str | None:
    """A class for a name nothing else knows, from its wording; None when it does not say."""
    if _TOOL_WORDS.search(name):
        return "Tool"
    if _DATASET_WORDS.search(name):
        return "Dataset"
    if _MODEL_WORDS.search(name):
        return "Model"
    return None


