"""News in general: invented sentences in the shapes news uses for each relation (people and titles, rivalry,
product use, makers, acquisitions, partnerships, investments), and sentences that state no fact.

Every sentence uses invented names (tests/frame_sentences.REGISTRY), so this tests the frames over the parse, not
the recognition of known names; none of them comes from an article of the dev sets.
"""

from __future__ import annotations

import pytest

from aikg.graph.articles import article_from_record
from aikg.graph.extract import extract

from .frame_sentences import REGISTRY

SYMMETRIC = {"partnersWith", "competesWith"}

# (text, the facts it states)
GENERAL: list[tuple[str, list[tuple[str, str, str]]]] = [
    # (a) people
    (
        "Contoso CEO Jane Roe said sales grew. Roe added that the chips were late.",
        [("Jane Roe", "leads", "Contoso")],
    ),
    ("Fabrikam's CEO John Doe spoke on Monday.", [("John Doe", "leads", "Fabrikam")]),
    ("John Doe, who heads Fabrikam, spoke on Monday.", [("John Doe", "leads", "Fabrikam")]),
    ("Mary Major, who runs Northwind's research lab, spoke.", [("Mary Major", "worksFor", "Northwind")]),
    ("Jane Roe joined Litware as chief executive in May.", [("Jane Roe", "leads", "Litware")]),
    ("Sam Smith co-founded Adatum in 2015.", [("Sam Smith", "leads", "Adatum")]),
    ("Ana Lee, the founder of Woodgrove, declined to comment.", [("Ana Lee", "leads", "Woodgrove")]),
    ("Ana Lee, founder of Woodgrove, declined to comment.", [("Ana Lee", "leads", "Woodgrove")]),
    (
        "Jane Roe and John Doe co-founded Tailspin in 2020.",
        [("Jane Roe", "leads", "Tailspin"), ("John Doe", "leads", "Tailspin")],
    ),
    (
        "Jane Roe co-founded Tailspin with John Doe and Mary Major.",
        [("John Doe", "leads", "Tailspin"), ("Mary Major", "leads", "Tailspin")],
    ),
    (
        "Tailspin's two founders, Jane Roe and John Doe, spoke to reporters.",
        [("Jane Roe", "leads", "Tailspin"), ("John Doe", "leads", "Tailspin")],
    ),
    (
        "Founded in 2019 by Jane Roe, John Doe, and Mary Major, Proseware is valued at $5 billion.",
        [("Mary Major", "leads", "Proseware"), ("Jane Roe", "leads", "Proseware")],
    ),
    ("Proseware was founded by Jane Roe, John Doe and Mary Major.", [("Mary Major", "leads", "Proseware")]),
    ("Wingtip's Sam Smith said the deal was good.", [("Sam Smith", "worksFor", "Wingtip")]),
    (
        "CEO Sam Smith opened the event. Later, Wingtip's Sam Smith said the deal was good.",
        [("Sam Smith", "leads", "Wingtip")],
    ),
    (
        "Wingtip's Sam Smith said the deal was good. The CEO, Sam Smith, smiled.",
        [("Sam Smith", "leads", "Wingtip")],
    ),
    ("Sam Smith is the chief executive of Wingtip.", [("Sam Smith", "leads", "Wingtip")]),
    ("Sam Smith, chief executive officer of Wingtip, said so.", [("Sam Smith", "leads", "Wingtip")]),
    ('"We are growing," said Sam Smith, CEO of Wingtip.', [("Sam Smith", "leads", "Wingtip")]),
    ("Ana Lee, a spokesperson for Litware, declined to comment.", [("Ana Lee", "worksFor", "Litware")]),
    ("Litware spokesperson Ana Lee declined to comment.", [("Ana Lee", "worksFor", "Litware")]),
    ("Ana Lee, an engineer at Litware, wrote the code.", [("Ana Lee", "worksFor", "Litware")]),
    ("Jane Roe, who leads the AI team at Contoso, disagreed.", [("Jane Roe", "worksFor", "Contoso")]),
    (
        "Tailspin's co-founder and chief scientist, Mary Major, joined too.",
        [("Mary Major", "leads", "Tailspin")],
    ),
    (
        "Adatum chief executive Sam Smith and Contoso founder Jane Roe met.",
        [("Sam Smith", "leads", "Adatum"), ("Jane Roe", "leads", "Contoso")],
    ),
    ("Mary Major stepped down as CEO of Northwind.", [("Mary Major", "leads", "Northwind")]),
    ("Mary Major was named CEO of Northwind on Friday.", [("Mary Major", "leads", "Northwind")]),
    ("Northwind appointed Mary Major as its new chief executive.", [("Mary Major", "leads", "Northwind")]),
    # (b) competes
    ("Contoso is a fierce rival of Fabrikam.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Fabrikam's main rival Contoso cut prices.", [("Fabrikam", "competesWith", "Contoso")]),
    (
        "HelperBot, a rival chatbot to WidgetGPT, launched today.",
        [("HelperBot", "competesWith", "WidgetGPT")],
    ),
    ("Contoso competes against Fabrikam in chips.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso is challenging Fabrikam in the cloud market.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso and Fabrikam compete for the same customers.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso and Fabrikam are rivals.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso is battling Fabrikam for market share.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso overtook Fabrikam last quarter.", [("Contoso", "competesWith", "Fabrikam")]),
    ("HelperBot is an alternative to WidgetGPT.", [("HelperBot", "competesWith", "WidgetGPT")]),
    ("Contoso, a competitor of Fabrikam, hired staff.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso is vying with Fabrikam for the deal.", [("Contoso", "competesWith", "Fabrikam")]),
    ("HelperBot goes head-to-head with WidgetGPT.", [("HelperBot", "competesWith", "WidgetGPT")]),
    ("The launch was meant to take on rivals such as Fabrikam and Northwind, Contoso said.", []),
    ("Contoso's HelperBot rivals Fabrikam's WidgetGPT.", [("HelperBot", "competesWith", "WidgetGPT")]),
    ("Contoso, which competes with Fabrikam, raised money.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso launched HelperBot to compete with WidgetGPT.", [("HelperBot", "competesWith", "WidgetGPT")]),
    ("Contoso is seen as a challenger to Fabrikam.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso trails Fabrikam in the race for AI chips.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso is catching up with Fabrikam.", [("Contoso", "competesWith", "Fabrikam")]),
    # (c) uses
    ("HelperBot is built on Gizmo-7B.", [("HelperBot", "uses", "Gizmo-7B")]),
    ("DeskPilot, which is powered by Orbit, launched.", [("DeskPilot", "uses", "Orbit")]),
    ("Contoso integrates WidgetGPT into its products.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso adopted WidgetGPT last year.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso will deploy HelperBot to 10,000 employees.", [("Contoso", "uses", "HelperBot")]),
    ("Contoso taps Gizmo-7B for its search engine.", [("Contoso", "uses", "Gizmo-7B")]),
    ("Contoso relies on Orbit for translation.", [("Contoso", "uses", "Orbit")]),
    ("Contoso licenses Quasar from Fabrikam.", [("Contoso", "uses", "Quasar")]),
    ("HelperBot is based on Quasar.", [("HelperBot", "uses", "Quasar")]),
    ("Contoso gained access to Gizmo-7B.", [("Contoso", "uses", "Gizmo-7B")]),
    ("Contoso customers can now use Gizmo-7B.", []),
    ("The Contoso app uses WidgetGPT to answer questions.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso employees use WidgetGPT every day.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso rolled out WidgetGPT to all its staff.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso's HelperBot uses Orbit under the hood.", [("HelperBot", "uses", "Orbit")]),
    ("Contoso is using Orbit, Fabrikam's model, in its app.", [("Contoso", "uses", "Orbit")]),
    # (d) builds/develops
    ("Contoso's new model Gizmo-7B beats others.", [("Contoso", "builds", "Gizmo-7B")]),
    ("HelperBot, Fabrikam's chatbot, answers questions.", [("Fabrikam", "develops", "HelperBot")]),
    ("Contoso unveiled Orbit on Tuesday.", [("Contoso", "builds", "Orbit")]),
    ("Contoso rolled out HelperBot to users in Europe.", [("Contoso", "develops", "HelperBot")]),
    ("Orbit, developed by Contoso, is open source.", [("Contoso", "builds", "Orbit")]),
    ("HelperBot, made by Fabrikam, is popular.", [("Fabrikam", "develops", "HelperBot")]),
    ("Quasar from Contoso tops the charts.", [("Contoso", "builds", "Quasar")]),
    ("The Contoso-made Quasar tops the charts.", [("Contoso", "builds", "Quasar")]),
    ("Fabrikam, the company behind HelperBot, raised money.", [("Fabrikam", "develops", "HelperBot")]),
    ("Fabrikam, the developer of HelperBot, raised money.", [("Fabrikam", "develops", "HelperBot")]),
    ("Fabrikam, which makes HelperBot, raised money.", [("Fabrikam", "develops", "HelperBot")]),
    ("Fabrikam, the HelperBot creator, raised money.", [("Fabrikam", "develops", "HelperBot")]),
    ("Fabrikam introduced its latest model, Quasar, on Monday.", [("Fabrikam", "builds", "Quasar")]),
    ("Fabrikam released a new version of Quasar.", [("Fabrikam", "builds", "Quasar")]),
    ("Contoso is working on the next version of Orbit.", [("Contoso", "builds", "Orbit")]),
    ("Contoso announced Orbit, a new family of models.", [("Contoso", "builds", "Orbit")]),
    ("Contoso's development of Orbit took two years.", [("Contoso", "builds", "Orbit")]),
    # (e) acquisitions and partnerships
    ("Contoso has agreed to acquire Fabrikam for $2 billion.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso completed its acquisition of Fabrikam.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso's takeover of Fabrikam was approved.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso announced a deal to buy Fabrikam.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso struck a deal to buy Fabrikam for $1 billion.", [("Contoso", "acquires", "Fabrikam")]),
    ("Fabrikam was acquired by Contoso in 2021.", [("Contoso", "acquires", "Fabrikam")]),
    ("Fabrikam, which Contoso bought in 2021, makes chips.", [("Contoso", "acquires", "Fabrikam")]),
    ("Fabrikam, the startup Contoso acquired in 2021, makes chips.", [("Contoso", "acquires", "Fabrikam")]),
    (
        "Contoso's $2.85 billion planned acquisition of Fabrikam is under review.",
        [("Contoso", "acquires", "Fabrikam")],
    ),
    ("Contoso merged with Fabrikam in 2020.", []),
    ("Contoso teamed up with Fabrikam to build chips.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso and Fabrikam announced a partnership on Monday.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso is collaborating with Fabrikam on chips.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso formed a joint venture with Fabrikam.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso signed an agreement with Fabrikam to supply chips.", [("Contoso", "partnersWith", "Fabrikam")]),
    (
        "The partnership between Contoso and Fabrikam will last five years.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    ("Contoso's partnership with Fabrikam is growing.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso and Fabrikam agreed to set up a joint venture.", [("Contoso", "partnersWith", "Fabrikam")]),
    (
        "Contoso, Fabrikam and Northwind are working together on the project.",
        [("Contoso", "partnersWith", "Fabrikam"), ("Fabrikam", "partnersWith", "Northwind")],
    ),
    ("Contoso is working with Fabrikam on a new chip.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso has an alliance with Fabrikam.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso expanded its tie-up with Fabrikam.", [("Contoso", "partnersWith", "Fabrikam")]),
    # investments
    ("Contoso, which is backed by Northwind, raised money.", [("Northwind", "investsIn", "Contoso")]),
    ("Contoso is a major investor in Fabrikam.", [("Contoso", "investsIn", "Fabrikam")]),
    (
        "Contoso, which is both a major investor in Fabrikam and its cloud provider, slipped.",
        [("Contoso", "investsIn", "Fabrikam")],
    ),
    (
        "Fabrikam, a startup that recently secured $4 billion from Contoso, grew.",
        [("Contoso", "investsIn", "Fabrikam")],
    ),
    ("Investors in Fabrikam include Contoso and Northwind.", [("Northwind", "investsIn", "Fabrikam")]),
    ("Contoso led the $100 million round in Fabrikam.", [("Contoso", "investsIn", "Fabrikam")]),
    ("Contoso holds a 49% stake in Fabrikam.", [("Contoso", "investsIn", "Fabrikam")]),
    ("Contoso owns a stake in Fabrikam.", [("Contoso", "investsIn", "Fabrikam")]),
]

# (text, a fact it does not state as a plain statement: hedged, negated, former, or about someone else)
NOT_STATED: list[tuple[str, tuple[str, str, str]]] = [
    ("Contoso is in talks to acquire Fabrikam.", ("Contoso", "acquires", "Fabrikam")),
    ("Contoso is reportedly considering an acquisition of Fabrikam.", ("Contoso", "acquires", "Fabrikam")),
    ("Contoso may partner with Fabrikam.", ("Contoso", "partnersWith", "Fabrikam")),
    ("Contoso denied that it would buy Fabrikam.", ("Contoso", "acquires", "Fabrikam")),
    ("Jane Roe left Contoso last year.", ("Jane Roe", "worksFor", "Contoso")),
    ("Contoso said Fabrikam's WidgetGPT is good.", ("Contoso", "develops", "WidgetGPT")),
    ("Contoso is not a rival of Fabrikam.", ("Contoso", "competesWith", "Fabrikam")),
    ("Jane Roe told Contoso that WidgetGPT was late.", ("Jane Roe", "worksFor", "Contoso")),
    ("Jane Roe, who interviewed Contoso CEO Sam Smith, wrote.", ("Jane Roe", "worksFor", "Contoso")),
]


def _facts(text: str) -> set[tuple[str, str, str]]:
    ex = extract(article_from_record({"title": "t", "text": text}), REGISTRY)
    return {t for t, f in zip(ex.triples(), ex.facts, strict=True) if f.confidence >= 0.5}


@pytest.mark.parametrize(("text", "want"), GENERAL, ids=[f"general-{i}" for i in range(len(GENERAL))])
def test_general_shape(text: str, want: list[tuple[str, str, str]]) -> None:
    got = _facts(text)
    for s, p, o in want:
        assert (s, p, o) in got or (p in SYMMETRIC and (o, p, s) in got), (text, sorted(got))


@pytest.mark.parametrize(
    ("text", "absent"), NOT_STATED, ids=[f"not-stated-{i}" for i in range(len(NOT_STATED))]
)
def test_not_stated(text: str, absent: tuple[str, str, str]) -> None:
    assert absent not in _facts(text), text
