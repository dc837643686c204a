"""The relation frames: each one on invented sentences, and the census (every frame fires in two contexts)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from aikg.graph.articles import article_from_record
from aikg.graph.extract import extract, relations
from aikg.graph.extract.frames import VERBS, inflections

from .conftest import DEV_SET
from .frame_sentences import REGISTRY, SENTENCES, Triple, confident

SYMMETRIC = {"partnersWith", "competesWith"}


def _fired(text: str, registry=REGISTRY) -> tuple[set[tuple[str, str, str]], set[str]]:  # type: ignore[no-untyped-def]
    relations.FIRED.clear()
    ex = extract(article_from_record({"title": "t", "text": text}), registry)
    return set(ex.triples()), set(relations.FIRED)


@pytest.mark.parametrize(("frame", "text", "triple"), SENTENCES, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(SENTENCES)])
def test_frame_reads_its_sentence(frame: str, text: str, triple: tuple[str, str, str]) -> None:
    triples, fired = _fired(text)
    s, p, o = triple
    assert triple in triples or (p in SYMMETRIC and (o, p, s) in triples), (text, sorted(triples))
    assert frame in fired, (text, sorted(fired))


def test_census_every_frame_fires_in_two_contexts() -> None:
    """Each frame fires on at least two different articles of tests/dev-set or on two of our own sentences:
    a frame written for one article only has no place here."""
    contexts: dict[str, set[str]] = defaultdict(set)
    for i, (frame, text, _) in enumerate(SENTENCES):
        _, fired = _fired(text)
        if frame in fired:
            contexts[frame].add(f"sentence {i}")
    for path in sorted(DEV_SET.glob("*.json")):
        if path.name.endswith(".gold.json"):
            continue
        record = json.loads(path.read_text(encoding="utf-8"))
        relations.FIRED.clear()
        extract(article_from_record(record))
        for frame in relations.FIRED:
            contexts[frame].add(path.name)
    thin = {f: sorted(contexts[f]) for f in relations.FRAME_NAMES if len(contexts[f]) < 2}
    assert not thin, thin
    assert set(contexts) <= set(relations.FRAME_NAMES)


def test_own_sentences_come_from_different_contexts() -> None:
    by_frame: dict[str, list[str]] = defaultdict(list)
    for frame, text, _ in SENTENCES:
        by_frame[frame].append(text)
    for frame, texts in by_frame.items():
        assert len(set(texts)) == len(texts), frame


def test_verbs_are_data_with_generated_inflections() -> None:
    assert {"acquires", "acquired", "acquiring"} <= inflections("acquire")
    assert "committed" in inflections("commit") and "partnered" in inflections("partner")
    assert {f.name for f in VERBS["bought"]} == {"acquire"}
    frames = json.loads((Path(relations.__file__).parent.parent / "data" / "frames.json").read_text(encoding="utf-8"))
    assert {v["name"] for v in frames["verbs"]} <= {n.split(":")[-1] for n in relations.FRAME_NAMES}


NOT_STATED = {  # sentence -> the fact it does not state as a plain statement
    "Contoso did not acquire Fabrikam.": ("Contoso", "acquires", "Fabrikam"),
    "Contoso almost bought Fabrikam in 2006.": ("Contoso", "acquires", "Fabrikam"),
    "Contoso is in talks to acquire Fabrikam.": ("Contoso", "acquires", "Fabrikam"),
    "Contoso may invest in Fabrikam, reports say.": ("Contoso", "investsIn", "Fabrikam"),
    "Contoso sold its stake in Litware to Fabrikam.": ("Fabrikam", "acquires", "Contoso"),
    # a partnership ended is no partnership
    "Fabrikam is cutting ties with Contoso.": ("Fabrikam", "partnersWith", "Contoso"),
    "Fabrikam terminated its partnership with Contoso in May.": ("Fabrikam", "partnersWith", "Contoso"),
    "Fabrikam plans to end its relationship with Contoso, people familiar with the matter said.":
        ("Fabrikam", "partnersWith", "Contoso"),
}


@pytest.mark.parametrize(("text", "absent"), NOT_STATED.items())
def test_negated_and_hedged_facts_stay_below_the_threshold(text: str, absent: tuple[str, str, str]) -> None:
    assert absent not in confident(text, REGISTRY)


def test_definite_descriptions_and_pronouns_refer_back() -> None:
    text = ("Contoso, a chipmaker, sells servers. Fabrikam said it would invest in the chipmaker. "
            "Jane Roe joined Litware in May. She now leads the startup's research.")
    triples, _ = _fired(text)
    assert ("Fabrikam", "investsIn", "Contoso") in triples
    assert ("Jane Roe", "worksFor", "Litware") in triples



# (text, a fact it states, a fact it does not state): each row failed before the change that made it pass
READS: list[tuple[str, Triple | None, Triple | None]] = [
    # 'X, the company said': the company is the speaker, so 'the company' later still means the speaker
    ("Contoso released an update. It supports models from Fabrikam and Northwind, the company said. "
     "Jane Roe co-founded the company in 1999.", ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "leads", "Northwind")),
    ("Litware shipped servers on Monday. Its chips now power Tailspin, the company said. "
     "Ana Lee joined the company in 2021 as chief engineer.", ("Ana Lee", "worksFor", "Litware"), ("Ana Lee", "worksFor", "Tailspin")),
    # an office of a country is no title at the company the sentence talks about; a qualifier opening a sentence is no country
    ("Contoso opened an office in Paris. French President Jane Roe praised the company on Monday.", None,
     ("Jane Roe", "leads", "Contoso")),
    ("Fabrikam builds chips in Ohio. U.S. President John Doe toured the company's plant.", None, ("John Doe", "leads", "Fabrikam")),
    ("Litware hired engineers. Fellow co-founder Ana Lee praised the company.", ("Ana Lee", "leads", "Litware"), None),
    ("Contoso hired staff. Associate director Jane Roe praised the company.", ("Jane Roe", "worksFor", "Contoso"), None),
    ("Contoso hired staff. Regional director Jane Roe praised the company.", ("Jane Roe", "worksFor", "Contoso"), None),
    # coordinated titles keep their own organisation
    ("Contoso was founded by former Fabrikam engineer Jane Roe and former Northwind researchers John Doe and Ana Lee.",
     ("John Doe", "worksFor", "Northwind"), ("John Doe", "worksFor", "Fabrikam")),
    ("The deal was negotiated by Woodgrove executive Mary Major and former Adatum analysts Ana Lee and Sam Smith.",
     ("Ana Lee", "worksFor", "Adatum"), ("Ana Lee", "worksFor", "Woodgrove")),
    # a description after a clause break may mean a name before it
    ("Contoso released Orbit on Monday, and the model is already used by Fabrikam.", ("Fabrikam", "uses", "Orbit"), None),
    ("Fabrikam launched HelperBot last week, but the chatbot now runs on Gizmo-7B.", ("HelperBot", "uses", "Gizmo-7B"), None),
    # the head of a department works for the company; 'Contoso chief X' alone still leads it
    ("Contoso design chief Jane Roe said the phone was ready.", ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "leads", "Contoso")),
    ("The talks were led by Fabrikam design head John Doe.", ("John Doe", "worksFor", "Fabrikam"), ("John Doe", "leads", "Fabrikam")),
    ("Northwind hired Litware marketing boss Ana Lee in May.", ("Ana Lee", "worksFor", "Litware"), ("Ana Lee", "leads", "Litware")),
    ("Contoso chief Jane Roe said the phone was ready.", ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "worksFor", "Contoso")),
    ("Jane Roe is also chairman of Contoso's board.", ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "worksFor", "Contoso")),
    ("Ana Lee, chairwoman of Litware's board, declined to comment.", ("Ana Lee", "leads", "Litware"), None),
    ("Contoso's mobile chief Jane Roe declined to comment.", ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "leads", "Contoso")),
    ("Fabrikam's new chief John Doe declined to comment.", ("John Doe", "leads", "Fabrikam"), ("John Doe", "worksFor", "Fabrikam")),
    ("Litware's longtime chief Ana Lee retired in May.", ("Ana Lee", "leads", "Litware"), None),
    # a description whose first words are capitalised ('the Seattle company', 'the New York startup') refers back
    ("Contoso sells chips. The Seattle company, which was founded in 2019 by Jane Roe and John Doe, counts Fabrikam "
     "among its backers.", ("John Doe", "leads", "Contoso"), None),
    ("Contoso sells chips. The Seattle company, which was founded in 2019 by Jane Roe and John Doe, counts Fabrikam "
     "among its backers.", ("Fabrikam", "investsIn", "Contoso"), None),
    ("Fabrikam released Orbit in May. The New York startup later hired Ana Lee as chief scientist.",
     ("Ana Lee", "worksFor", "Fabrikam"), None),
    # a product named after a 'from' phrase does not come from there
    ("Contoso's answer engine uses models from Fabrikam and Litware as well as its own Orbit model, which is built "
     "on Tailspin's Quasar.", ("Contoso", "builds", "Orbit"), ("Fabrikam", "builds", "Orbit")),
    # a relative clause in the singular is about the last of a list only; in the plural, about all of it
    ("The Litware platform offers models from Contoso and Fabrikam as well as its own Gizmo-7B model, which is "
     "built on Orbit.", ("Gizmo-7B", "basedOn", "Orbit"), ("Contoso", "uses", "Orbit")),
    ("DeskPilot uses models from Woodgrove and Proseware as well as its own Nimbus 2 model, which is based on "
     "Tailspin's Quasar.", ("Nimbus 2", "basedOn", "Quasar"), ("Proseware", "uses", "Quasar")),
    ("Tailspin backed Contoso and Fabrikam, which have both invested in Litware.", ("Contoso", "investsIn", "Litware"),
     ("Tailspin", "investsIn", "Litware")),
    # a title over a product ('HelperBot's chief executive') is no title at another company of the sentence
    ("Contoso bought HelperBot in May. Jane Roe, HelperBot's chief executive, will stay on, Contoso said.", None,
     ("Jane Roe", "leads", "Contoso")),
    ("Fabrikam sells Quasar to banks. John Doe, Quasar's chief, said demand is strong.", None, ("John Doe", "leads", "Fabrikam")),
    # the parse gives the verb two subjects ('her startup', 'Contoso'): the one that is a name acts
    ("Jane Roe said on Friday that her startup Contoso has acquired Fabrikam.", ("Contoso", "acquires", "Fabrikam"), None),
    ("Ana Lee said his lab Woodgrove had invested in Proseware.", ("Woodgrove", "investsIn", "Proseware"), None),
    # a bare title ('co-founder X') is at the company the previous sentence was about, not the most named one
    ("Contoso sells chips. Contoso grew fast. Contoso hired staff. Fabrikam hired Jane Roe as its new CTO. She "
     "replaces co-founder John Doe, who will focus on research.", ("John Doe", "leads", "Fabrikam"),
     ("John Doe", "leads", "Contoso")),
    ("Litware released Orbit. Litware also sold Quasar. Litware grew fast. Tailspin named Ana Lee as chief "
     "executive on Monday. She succeeds founder Sam Smith, who will stay on the board.",
     ("Sam Smith", "leads", "Tailspin"), ("Sam Smith", "leads", "Litware")),
    # 'the company' in a 'where' clause is the place the clause is about
    ("Litware sells chips. Litware grew. John Doe moved to Contoso, where he now runs the company's research team.",
     ("John Doe", "worksFor", "Contoso"), ("John Doe", "worksFor", "Litware")),
    ("Tailspin grew. Tailspin hired staff. Ana Lee joined Fabrikam in May, where she leads the company's cloud unit.",
     ("Ana Lee", "worksFor", "Fabrikam"), ("Ana Lee", "worksFor", "Tailspin")),
    # a 'before'/'after' clause has its own modality: what was explored or considered is hedged, the rest is not
    ("Contoso explored buying Fabrikam last year before investing $2 billion in Litware instead.",
     ("Contoso", "investsIn", "Litware"), ("Contoso", "acquires", "Fabrikam")),
    ("Northwind considered acquiring Tailspin after partnering with Adatum in 2023.",
     ("Northwind", "partnersWith", "Adatum"), ("Northwind", "acquires", "Tailspin")),
    # investing in a round named for its company is investing in the company
    ("Contoso has invested in Fabrikam's latest funding round, according to a filing.",
     ("Contoso", "investsIn", "Fabrikam"), None),
    ("Litware put $40 million into the Tailspin round last week.", ("Litware", "investsIn", "Tailspin"), None),
    # backers named in a relative clause ('backers that include A and B')
    ("Tailspin has backers that include Northwind and Adatum.", ("Adatum", "investsIn", "Tailspin"), None),
    ("Proseware joined a list of Contoso backers that already includes Wingtip and Woodgrove.",
     ("Woodgrove", "investsIn", "Contoso"), None),
    # a verb the tagger read as a plural noun after a product noun ('the HelperBot assistant competes/NNS with')
    ("The startup's HelperBot assistant competes with WidgetGPT.", ("HelperBot", "competesWith", "WidgetGPT"), None),
    # a longer description after a name ('Orbit, a reasoning model that ...') describes it; 'the chatbot runs on X' does not
    ("Contoso released Orbit, a reasoning model that matches Fabrikam's Quasar. The model is built on Gizmo-7B.",
     ("Orbit", "basedOn", "Gizmo-7B"), ("Quasar", "basedOn", "Gizmo-7B")),
    ("Litware launched HelperBot, a customer service chatbot, beating Tailspin's DeskPilot to market. The chatbot runs "
     "on Orbit.", ("HelperBot", "uses", "Orbit"), ("DeskPilot", "uses", "Orbit")),
    # 'the company's' in apposition to a person titled at a named organisation is that organisation
    ("Fabrikam sells chips to Litware. Contoso co-founder Jane Roe, the company's chairman, said demand is strong.",
     ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "leads", "Fabrikam")),
    ("Northwind supplies Tailspin. Adatum engineer John Doe, the company's chief architect, spoke on Monday.",
     ("John Doe", "worksFor", "Adatum"), ("John Doe", "worksFor", "Northwind")),
    # 'venture fund', 'venture firm': a kind of company, no partnership
    ("Contoso raised $30 million from investors including Fabrikam's venture fund Litware, Tailspin and Adatum.",
     ("Tailspin", "investsIn", "Contoso"), ("Litware", "partnersWith", "Tailspin")),
    ("Proseware drew backers such as the venture firm Woodgrove and the venture arm of Northwind.",
     ("Woodgrove", "investsIn", "Proseware"), ("Northwind", "partnersWith", "Woodgrove")),
    # an unnamed product that is powered by or built on a model: its company uses the model
    ("Contoso said its new assistant is powered by Fabrikam's Orbit models.", ("Contoso", "uses", "Orbit"), None),
    ("The Litware app is built on Gizmo-7B.", ("Litware", "uses", "Gizmo-7B"), None),
    ("Northwind's assistant is powered by Nimbus 2.", ("Northwind", "uses", "Nimbus 2"), None),
    # losing staff to a company is no rivalry; losing market share to it is
    ("Contoso has lost researchers to Fabrikam and Litware this year.", None, ("Contoso", "competesWith", "Fabrikam")),
    ("Northwind lost engineers to Tailspin in May.", None, ("Northwind", "competesWith", "Tailspin")),
    ("Contoso lost market share to Fabrikam.", ("Contoso", "competesWith", "Fabrikam"), None),
    # who leads a company's effort works there
    ("Jane Roe now leads Contoso's superintelligence effort.", ("Jane Roe", "worksFor", "Contoso"), None),
    ("Fabrikam said John Doe runs its AI effort.", ("John Doe", "worksFor", "Fabrikam"), None),
    ("Contoso's models team will now be led by Jane Roe.", ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "leads", "Contoso")),
    ("Fabrikam's research group is run by John Doe.", ("John Doe", "worksFor", "Fabrikam"), None),
    # a person's name with an organisation after 'of', 'from' or 'at' works there
    ("\"It is early,\" said Jane Roe from Contoso.", ("Jane Roe", "worksFor", "Contoso"), None),
    ("The deal was approved by John Doe of Fabrikam and Ana Lee of Litware.", ("Ana Lee", "worksFor", "Litware"),
     ("Ana Lee", "worksFor", "Fabrikam")),
    ("Analyst Sam Smith at Tailspin said the deal was fair.", ("Sam Smith", "worksFor", "Tailspin"), None),
    ("Contoso bought the unit from Jane Roe and Fabrikam.", None, ("Jane Roe", "worksFor", "Fabrikam")),
    # who sets up or founds a company's team or lab works there (the company itself is founded: leads)
    ("Jane Roe joined Contoso in 2013 to set up its research lab.", ("Jane Roe", "worksFor", "Contoso"),
     ("Jane Roe", "leads", "Contoso")),
    ("John Doe founded Fabrikam's AI lab in 2019.", ("John Doe", "worksFor", "Fabrikam"), ("John Doe", "leads", "Fabrikam")),
    ("Ana Lee co-founded Litware in 2020.", ("Ana Lee", "leads", "Litware"), None),
    # who leads a function of a company works there
    ("\"It works,\" said Jane Roe, who leads product at Contoso.", ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "leads", "Contoso")),
    ("John Doe, who runs engineering at Fabrikam, declined to comment.", ("John Doe", "worksFor", "Fabrikam"), None),
    ("Sam Smith will lead sales for Tailspin.", ("Sam Smith", "worksFor", "Tailspin"), ("Sam Smith", "leads", "Tailspin")),
    ("Trey Research, the division led by Sam Smith, released Quasar on Monday.", ("Sam Smith", "leads", "Trey Research"), None),
    # 'A and B's HelperBot': a named product has one maker; A is a member of the list
    ("Contoso raised money in May. The startup competes with Fabrikam and Northwind's WidgetGPT assistant.",
     ("Contoso", "competesWith", "Fabrikam"), ("Fabrikam", "develops", "WidgetGPT")),
    ("The models power Contoso's HelperBot chatbot, which competes with Fabrikam's Orbit and Northwind's Quasar.",
     ("Northwind", "builds", "Quasar"), ("Northwind", "builds", "Orbit")),
    ("Investors see Tailspin as a rival to Litware and Adatum's HelperBot.", ("Tailspin", "competesWith", "Litware"), None),
    ("Tailspin said it competes with Litware and Adatum's HelperBot.", ("Tailspin", "competesWith", "Litware"), None),
    # 'a new startup called X' describes X; 'the company' may mean what was described as a startup
    ("Jane Roe, who left Contoso in May after serving as its chief technology officer, has launched a new AI startup "
     "called Fabrikam. The company has hired John Doe from Northwind.", ("John Doe", "worksFor", "Fabrikam"),
     ("John Doe", "worksFor", "Contoso")),
    # ... but only a little: the subject of the sentence before still wins over a name described as 'a startup'
    ("Contoso has agreed to buy Fabrikam, a startup that offers a database, for about $1 billion. Contoso chief "
     "executive Jane Roe said agents now create more databases on Fabrikam than humans. Fabrikam chief executive John "
     "Doe will join Contoso. Contoso, whose investors include Northwind, has previously acquired Litware. The company "
     "competes with Tailspin.", ("Contoso", "competesWith", "Tailspin"), ("Fabrikam", "competesWith", "Tailspin")),
    # a possessive description after 'is' refers back ('X is the startup's chief scientist')
    ("Contoso launched on Monday. Jane Roe, an early Fabrikam engineer who had joined Northwind in 2020, is the "
     "startup's chief scientist.", ("Jane Roe", "worksFor", "Contoso"), None),
    # the organisation of a person's present title may be what 'the company' later in the sentence means
    ("Tailspin has also shipped new models. Contoso chief executive Jane Roe said the company built Orbit in a year.",
     ("Contoso", "builds", "Orbit"), ("Tailspin", "builds", "Orbit")),
    ("Litware and Northwind invested in the round. John Doe, Fabrikam's chief executive, co-founded the company in "
     "2022 with Sam Smith.", ("Sam Smith", "leads", "Fabrikam"), ("Sam Smith", "leads", "Litware")),
    ("Contoso shipped Orbit in May. Jane Roe, a Fabrikam spokesperson, said the company would launch HelperBot next "
     "year.", ("Fabrikam", "develops", "HelperBot"), ("Contoso", "develops", "HelperBot")),
    ("Litware raised money. Ana Lee, a Northwind vice president, said the company had acquired Adatum.",
     ("Northwind", "acquires", "Adatum"), ("Litware", "acquires", "Adatum")),
    ("Contoso raised money in May. Jane Roe, a former Fabrikam engineer, founded the company in 2020.",
     ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "leads", "Fabrikam")),
    # ... and so may a name in a present aside of the subject
    ("Contoso builds data tools. Fabrikam, one of Contoso's biggest customers, has invested $20 million in the startup.",
     ("Fabrikam", "investsIn", "Contoso"), None),
    ("Northwind makes chips. Tailspin, which buys most of its chips from Northwind, agreed to acquire the chipmaker on "
     "Monday.", ("Tailspin", "acquires", "Northwind"), None),
    # 'its' never means the organisation of a person's past told in an aside; a present aside it may mean
    ("Tailspin opened in May. Mary Major, a former Litware research executive, is its chief technology officer.",
     ("Mary Major", "worksFor", "Tailspin"), None),
    ("Contoso raised $50 million in May. John Doe, who had worked at Fabrikam, is its chief executive.",
     ("John Doe", "leads", "Contoso"), ("John Doe", "leads", "Fabrikam")),
    ("Jane Roe, chief executive of Contoso, said its Orbit model beats rivals.", ("Contoso", "builds", "Orbit"), None),
    # a pronoun in a relative clause whose subject is the relative pronoun means the clause's noun
    ("Contoso competes with Fabrikam, which has built its own Orbit models, and with Litware.",
     ("Fabrikam", "builds", "Orbit"), ("Contoso", "builds", "Orbit")),
    ("Northwind partnered with Tailspin, which said its HelperBot app would use Quasar.",
     ("Tailspin", "develops", "HelperBot"), ("Northwind", "develops", "HelperBot")),
    ("Litware invested in Adatum, which plans to bring its Scribe Studio tool to Europe.",
     ("Adatum", "develops", "Scribe Studio"), ("Litware", "develops", "Scribe Studio")),
    # 'X also took part': in the round just described ('part' is the phrasal verb's noun, not an object)
    ("Tailspin raised 1.7 billion euros in a round led by Fabrikam. Litware and Northwind also took part.",
     ("Northwind", "investsIn", "Tailspin"), None),
    ("Contoso closed a $40 million round led by Adatum on Monday. Woodgrove took part as well.",
     ("Woodgrove", "investsIn", "Contoso"), None),
    # a holding sold is no investment; part of one sold, the rest still is
    ("Contoso sold its entire stake in Fabrikam for $5 billion.", None, ("Contoso", "investsIn", "Fabrikam")),
    ("Northwind has exited its stake in Litware.", None, ("Northwind", "investsIn", "Litware")),
    ("Tailspin sold part of its stake in Adatum.", ("Tailspin", "investsIn", "Adatum"), None),
    # 'X, a family of open-weight models': X is described as models ('the models' later means X)
    ("Contoso released Orbit, a family of open-weight models, and Fabrikam shipped Quasar the same day. The models "
     "are available on Litware's HelperBot, which uses them.", ("HelperBot", "uses", "Orbit"), ("HelperBot", "uses", "Quasar")),
    ("Fabrikam unveiled Nimbus 2, a series of small language models, on Monday, and Contoso showed Quasar. Tailspin "
     "said its DeskPilot app will run on the models.", ("DeskPilot", "uses", "Nimbus 2"), ("DeskPilot", "uses", "Quasar")),
    ("Contoso raised $40 million in a round led by Fabrikam. Litware, Northwind and Tailspin also invested.",
     ("Northwind", "investsIn", "Contoso"), None),
    ("Adatum closed a Series B round led by Woodgrove on Monday. Coho Ventures invested as well.",
     ("Coho Ventures", "investsIn", "Adatum"), None),
    # raising a forecast is no funding round: nothing later joins it
    ("Contoso raised its full-year forecast on Tuesday. Northwind and Tailspin also participated.", None,
     ("Northwind", "investsIn", "Contoso")),
    # a registry company stays itself beside its longer-named unit ('Contoso' / 'Contoso Ventures')
    ("Contoso Ventures backed Fabrikam in May. Jane Roe, Contoso's chief executive, praised the deal.",
     ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "leads", "Contoso Ventures")),
    # 'two models, A and the reasoning model B': B named in apposition to a conjunct noun is a member too
    ("Chinese search giant Contoso on Sunday released two new AI models, Nimbus 2 and the reasoning model Quasar, saying "
     "they match Fabrikam's Orbit at half the price.", ("Contoso", "builds", "Quasar"), ("Contoso", "builds", "Orbit")),
    # a pronoun opening a sentence continues the subject of the sentence before, not the story's most named company
    ("Contoso will put HelperBot in its cars next year, Contoso said. Contoso engineers will also use Fabrikam's "
     "models. Fabrikam, valued at 12 billion euros, counts Northwind among its investors. Its chief executive, Jane "
     "Roe, previously worked at Litware.", ("Jane Roe", "leads", "Fabrikam"), ("Jane Roe", "leads", "Contoso")),
    ("Contoso sells HelperBot to banks, and Contoso says Contoso has 40 customers. Litware recently raised $50 million "
     "from Tailspin. Its founder, John Doe, declined to comment.", ("John Doe", "leads", "Litware"),
     ("John Doe", "leads", "Contoso")),
    # "A's X, B Labs' Y and C's Z": each possessor owns the name after its own "'s"
    ("Weavy's platform lets users combine models such as Contoso's Orbit, Margie Partners' Quasar and Fabrikam's "
     "Nimbus 2.", ("Margie Partners", "builds", "Quasar"), ("Margie Partners", "builds", "Nimbus 2")),
    ("Users can pick Litware's HelperBot, Coho Ventures' DeskPilot or Adatum's Scribe Studio.",
     ("Coho Ventures", "develops", "DeskPilot"), ("Litware", "develops", "DeskPilot")),
    # a product the subject deploys, built on or powered by a model: the subject uses the model
    ("Northwind has deployed an assistant built on Fabrikam's Quasar to all of its advisers.", ("Northwind", "uses", "Quasar"), None),
    ("Litware said it had rolled out a chatbot powered by Gizmo-7B across its branches.", ("Litware", "uses", "Gizmo-7B"), None),
    # a singular relative clause after a plural noun belongs to the singular noun before it
    ("Contoso is rolling out HelperBot, an AI assistant for merchants that runs on Fabrikam's Orbit models, to all stores.",
     ("HelperBot", "uses", "Orbit"), None),
    ("Fabrikam sells DeskPilot, a research tool for lawyers that runs on Quasar.", ("DeskPilot", "uses", "Quasar"), None),
    # a possessive the parse hung on an adjective of the noun ("the start-up's open sourced, ... model, X")
    ("Contoso raised money in March. The Beijing start-up’s open sourced, foundational large language model, Orbit, is "
     "now available to developers around the world.", ("Contoso", "builds", "Orbit"), None),
    ("Contoso raised money in May. The Beijing start-up's open sourced, foundational large language model, Orbit, beat "
     "rivals.", ("Contoso", "builds", "Orbit"), None),
    # '$5 million in funding led by A': A invests in the company that raised it
    ("Contoso said it had raised $5 million in funding led by the startup fund of Fabrikam.",
     ("Fabrikam", "investsIn", "Contoso"), None),
    ("Tailspin has raised $12 million in seed funding led by Coho Ventures, it said on Monday.",
     ("Coho Ventures", "investsIn", "Tailspin"), None),
    # a product whose maker the article names is only used by another company that launches or builds it in
    ("Tailspin launched Fabrikam's Orbit model in Europe on Monday.", ("Tailspin", "uses", "Orbit"),
     ("Tailspin", "builds", "Orbit")),
    ("Northwind has built Contoso's Orbit model into its Galaxy phones for live translation.",
     ("Northwind", "uses", "Orbit"), ("Northwind", "builds", "Orbit")),
    ("Contoso said it would roll out HelperBot, an AI documentation tool from Fabrikam, across its 40 hospitals.",
     ("Fabrikam", "develops", "HelperBot"), ("Contoso", "develops", "HelperBot")),
    # the title in apposition to a verb's object is not at the verb's subject ('hired X, the CEO of ...')
    ("Contoso has hired Jane Roe, the co-founder and chief executive of AI agent startup Fabrikam, along with several "
     "of her colleagues.", ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "leads", "Contoso")),
    ("Northwind has hired Ana Lee, the founder and chief executive of a robotics company, to run its hardware unit.",
     ("Ana Lee", "worksFor", "Northwind"), ("Ana Lee", "leads", "Northwind")),
    ("The team left for the weekend, and Contoso left Fabrikam for dead.", None, ("Contoso", "worksFor", "Fabrikam")),
    # a title in apposition belongs to the name before it, not to one joined after it
    ("Contoso was founded by Jane Roe, Fabrikam's former chief technology officer, and John Doe.",
     ("Jane Roe", "worksFor", "Fabrikam"), ("John Doe", "worksFor", "Fabrikam")),
    ("The startup was founded in 2019 by Ana Lee, a former Litware executive, and Sam Smith.", None,
     ("Sam Smith", "worksFor", "Litware")),
    # a title owned by 'whose' is the relative clause's noun's, never the sentence subject's
    ("Litware later signed a similar deal with Contoso, whose chief executive Jane Roe is a Litware shareholder.",
     ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "leads", "Litware")),
    ("Fabrikam partnered with Northwind, whose founder John Doe praised the deal.", ("John Doe", "leads", "Northwind"),
     ("John Doe", "leads", "Fabrikam")),
    # "A's X and its Y": its = A
    ("Tailspin will use Fabrikam's Orbit model and its HelperBot app to train robots.", ("Fabrikam", "develops", "HelperBot"),
     ("Tailspin", "develops", "HelperBot")),
    # companies acting together, as they announce together, are partners; reporting or investing together is not
    ("Contoso and Fabrikam will build a 1 billion euro data center in Munich, the companies said on Tuesday.",
     ("Contoso", "partnersWith", "Fabrikam"), None),
    ("Northwind and Tailspin will launch a joint AI service in Japan, the two companies announced.",
     ("Northwind", "partnersWith", "Tailspin"), None),
    ("Contoso and Fabrikam reported higher sales, the companies said.", None, ("Contoso", "partnersWith", "Fabrikam")),
    ("Contoso and Fabrikam will invest $5 billion in Litware, the companies said.", None,
     ("Contoso", "partnersWith", "Fabrikam")),
    # an executive's title with no organisation in its sentence: the company the story is about; an analyst's is not
    ("Contoso posted record revenue on Wednesday. Chief financial officer Jane Roe said demand was strong.",
     ("Jane Roe", "worksFor", "Contoso"), None),
    ("Fabrikam grew sales by 20% in May. CFO John Doe said demand was strong.", ("John Doe", "worksFor", "Fabrikam"), None),
    ("Fabrikam grew sales by 20% in May. Analyst Jane Roe said demand was strong.", None, ("Jane Roe", "worksFor", "Fabrikam")),
    # a bare executive title in a sentence that names only the story's company (as a possessor here) is at it
    ("Contoso said Jane Roe is leaving. John Doe will lead a new group that combines the AI team with Contoso's chip "
     "groups, chief executive Ana Lee said in a memo to staff.", ("Ana Lee", "leads", "Contoso"), None),
    ("Contoso said Jane Roe is leaving. John Doe will lead Fabrikam's chip groups, chief executive Ana Lee said.", None,
     ("Ana Lee", "leads", "Contoso")),
    # a relation noun with a relative clause of its own subject: that subject holds it, the clause's verb the preposition
    ("The deal is part of Nimbus, the data center venture that Contoso formed with Fabrikam and Northwind in January.",
     ("Contoso", "partnersWith", "Northwind"), ("Nimbus", "partnersWith", "Fabrikam")),
    ("Contoso described the investment it made in Fabrikam.", ("Contoso", "investsIn", "Fabrikam"), None),
    # a title over a named part of the company ('president of Contoso's cloud unit') works there, it does not lead it
    ("\"We are committed,\" said Jane Roe, president of Contoso's cloud unit.", ("Jane Roe", "worksFor", "Contoso"),
     ("Jane Roe", "leads", "Contoso")),
    # 'in a funding round this month led by A': the participle parsed off its round still leads the round
    ("Contoso was valued at $183 billion in a funding round this month led by Northwind Capital.",
     ("Northwind Capital", "investsIn", "Contoso"), None),
    # 'the two companies' means the last two organisations named, both at once (its sentence is parsed for it)
    ("Contoso has invested $13 billion in Fabrikam, but the two companies have increasingly become rivals.",
     ("Contoso", "competesWith", "Fabrikam"), None),
    ("Northwind sells chips to Adatum. Contoso has invested in Fabrikam. The two companies are now rivals.",
     ("Contoso", "competesWith", "Fabrikam"), ("Northwind", "competesWith", "Adatum")),
    ("Contoso tested models from Fabrikam and Northwind before settling on Tailspin. The deal deepens ties between "
     "the two rivals.", None, ("Northwind", "partnersWith", "Tailspin")),
    # a possessed title in apposition makes nothing; 'models from A, B and C, including X, Y and Z' are the models,
    # and which maker made which is not said
    ("Litware built HelperBot. HelperBot draws on models from Contoso, Fabrikam and Northwind, including Orbit, Quasar "
     "and Gizmo-7B, Jane Roe, Litware's chief information officer, told reporters.", ("HelperBot", "uses", "Quasar"),
     ("Litware", "builds", "Orbit")),
    ("HelperBot draws on models from Contoso, Fabrikam and Northwind, including Orbit, Quasar and Gizmo-7B.",
     ("HelperBot", "uses", "Orbit"), ("Contoso", "builds", "Quasar")),
    # partners may be organisations that are not companies (publishers, institutes), but not a government body
    ("Contoso has signed content deals with publishers including the Harbor Press Association and Fabrikam.",
     ("Contoso", "partnersWith", "Harbor Press Association"), None),
    ("Contoso reached an agreement with the Department of Energy that allows it to use Orbit.", None,
     ("Contoso", "partnersWith", "Department of Energy")),
    # the story's protagonist (named three times or more) stays within reach after a long list of other names
    ("Contoso, the AI startup founded by Jane Roe, has raised $2 billion in a round led by Fabrikam. Northwind, "
     "Tailspin, Adatum, Litware, Proseware and Woodgrove also joined the round, the company said. The startup has "
     "hired researchers from Wingtip, Trey Research and Alpine Ski House, including John Doe, a Wingtip co-founder who "
     "briefly worked at Margie Partners. Ana Lee, who led research at Wingtip, is the startup's chief technology "
     "officer.", ("Ana Lee", "worksFor", "Contoso"), ("Ana Lee", "worksFor", "Alpine Ski House")),
    # an unnamed thing built on a product leaves its builder as the user ('building AI agents on X')
    ("Contoso is building AI agents on HelperBot for clients.", ("Contoso", "uses", "HelperBot"), None),
    ("Contoso has built a chatbot on top of Orbit.", ("Contoso", "uses", "Orbit"), None),
    # 'rolling out X across its A and B apps': the apps take X in
    ("Contoso is rolling out Orbit across its HelperBot and DeskPilot apps.", ("DeskPilot", "uses", "Orbit"), None),
    # 'succeeded X as chief executive': the subject takes the role, not the one succeeded
    ("Jane Roe succeeded John Doe as Contoso's chief executive.", ("Jane Roe", "leads", "Contoso"),
     ("John Doe", "leads", "Contoso")),
    # 'round' tagged as an adverb after the verb is still the round led
    ("Contoso led Fabrikam's latest funding round.", ("Contoso", "investsIn", "Fabrikam"), None),
    # a bare title beside a coordinated subject of several organisations: none of them is guessed
    ("Contoso reported record revenue. Jane Roe, the chief financial officer, said Fabrikam, Northwind and Tailspin "
     "were among its largest buyers.", None, ("Jane Roe", "worksFor", "Fabrikam")),
    # 'engineers will join Contoso, led by X': X leads the group that joins, not Contoso
    ("About 55 engineers from Fabrikam will join Contoso, led by Jane Roe, a former Northwind executive.",
     ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "leads", "Contoso")),
    # 'one of the first companies to partner with X': the infinitive's subject is the noun's referent
    ("Contoso was one of the first companies to partner with Fabrikam and uses HelperBot internally.",
     ("Contoso", "partnersWith", "Fabrikam"), None),
    # coordinated titles that each name their own organisation do not share them
    ("Jane Roe, the Tailwave co-founder and Contoso adviser, said the deal was good.", ("Jane Roe", "worksFor", "Contoso"),
     ("Jane Roe", "leads", "Contoso")),
    # a name in an aside about a person weighs little for what later sentences mean
    ("In 2023, Jane Roe co-founded Contoso with two friends, John Doe and Ana Lee, who were both working at Fabrikam. "
     "Within a year, the Paris-based startup had raised more than 1 billion euros. Its investors include Northwind and "
     "Tailspin.", ("Northwind", "investsIn", "Contoso"), ("Northwind", "investsIn", "Fabrikam")),
    # 'the Fabrikam acquisition' with no buyer named: the story's company bought; 'the Fabrikam deal' may be anything
    ("Contoso said the Fabrikam acquisition would close in May.", ("Contoso", "acquires", "Fabrikam"), None),
    ("Contoso makes chips. Regulators approved the Fabrikam deal.", None, ("Contoso", "acquires", "Fabrikam")),
    # 'competes/NNS' coordinated to a noun is the clause's verb; 'founded X to compete' with X a relative pronoun
    ("Orbit, released in February, is built on the company's own models and competes with Quasar and Fabrikam's "
     "Gizmo-7B.", ("Orbit", "competesWith", "Quasar"), None),
    ("Contoso, which Jane Roe founded in 2023 to compete with Fabrikam, will use the money to expand.",
     ("Contoso", "competesWith", "Fabrikam"), ("Jane Roe", "competesWith", "Fabrikam")),
    # 'The new group' introduces a new thing: it refers back to no organisation
    ("Contoso has hired Jane Roe, a former Fabrikam engineering chief, to lead a new team. Roe, who spent a decade at "
     "Fabrikam overseeing its data centers, will report to John Doe. The new group, called Nimbus Works, combines "
     "Contoso's developer division with its AI platform team. Ana Lee, who led HelperBot, will join the group.",
     None, ("Ana Lee", "worksFor", "Fabrikam")),
    # 'the partnership with X' with no holder in the sentence: the story's company's; 'A, B and C are the key partners'
    # are partners of something else, not of each other
    ("Contoso makes phones. Jane Roe said the partnership with Fabrikam would deepen.", ("Contoso", "partnersWith",
     "Fabrikam"), None),
    ("Nimbus will build data centers. Contoso, Fabrikam and Northwind are the key initial technology partners.", None,
     ("Contoso", "partnersWith", "Fabrikam")),
    # 'its DeskPilot editor' names the editor
    ("HelperBot is built on top of Fabrikam's open-source DeskPilot editor and lets developers choose among models.",
     ("HelperBot", "uses", "DeskPilot"), None),
    # '..., the company said': names inside the reported clause may be what the speaking description means
    ("Contoso has named Jane Roe as its chief executive. Roe takes over a company that has fallen behind Fabrikam and "
     "Northwind in AI chips. John Doe will remain chief financial officer, and Ana Lee will continue as chief "
     "executive of Contoso Products, the company said.", ("John Doe", "worksFor", "Contoso"),
     ("John Doe", "worksFor", "Northwind")),
    # 'chairman of the board' with no owner named: the story's company's board
    ("Contoso named Ana Lee chief executive in May. Sam Smith, the Tailwave co-founder, becomes executive chairman of "
     "the board.", ("Sam Smith", "leads", "Contoso"), None),
    # a round is never coordinated with companies: 'to lead the round and A, B and C considering investments'
    ("Contoso is in talks to raise $6.5 billion, with Fabrikam expected to lead the round and Northwind, Tailspin and "
     "Adatum considering investments.", ("Fabrikam", "investsIn", "Contoso"), ("Fabrikam", "investsIn", "Northwind")),
    # an apposition after a comma misparsed as the copula's attribute is no 'X is Contoso's model'
    ("Contoso released Orbit. The model is available to developers through HelperBot and DeskPilot, Fabrikam's "
     "platform for businesses, and to subscribers.", None, ("Fabrikam", "builds", "Orbit")),
    # 'appointed X, ..., as its chief executive, the startup said': the 'as' the parser hung on 'said' is the appointment's
    ("Contoso has appointed Jane Roe, a former vice president at Fabrikam, as its chief executive, the startup said on "
     "Friday.", ("Jane Roe", "leads", "Contoso"), None),
    # a possessor is no argument of its sentence's clauses: a description outside its noun may mean it
    ("Litware sells chips to Fabrikam. Contoso's AI work is overseen by Jane Roe, the company's vice president of research.",
     ("Jane Roe", "worksFor", "Contoso"), ("Jane Roe", "worksFor", "Fabrikam")),
    ("Northwind competes with Tailspin. Adatum's shares rose after the company hired John Doe as chief scientist.",
     ("John Doe", "worksFor", "Adatum"), ("John Doe", "worksFor", "Tailspin")),
    # an investment firm's name is no 'startup' or 'maker'
    ("Contoso said customers could use Fabrikam's Orbit models. Northwind Ventures is an investor in Fabrikam, and "
     "Tailspin has invested $8 billion in the startup.", ("Tailspin", "investsIn", "Fabrikam"),
     ("Tailspin", "investsIn", "Northwind Ventures")),
    ("Northwind competes with Tailspin. Adatum's investment in the startup was its first.", ("Adatum", "investsIn", "Tailspin"),
     ("Adatum", "investsIn", "Adatum")),
    # a small clause ('make X its provider') and a copula say the supplier of the possessive pronoun, which is not
    # the supplier itself; an infinitive under a noun with a 'by' agent is that agent's
    ("Fabrikam agreed to make DeskPilot its main cloud provider.", ("Fabrikam", "uses", "DeskPilot"), None),
    ("Litware said DeskPilot is its main cloud provider.", ("Litware", "uses", "DeskPilot"), ("DeskPilot", "uses", "DeskPilot")),
    ("Contoso said Fabrikam is its biggest rival.", ("Fabrikam", "competesWith", "Contoso"), None),
    ("Northwind's investment included a commitment by Fabrikam to make DeskPilot its main cloud provider.",
     ("Fabrikam", "uses", "DeskPilot"), ("Northwind", "uses", "DeskPilot")),
    # a possessive on a supplier or partner noun is that noun's other side, not a maker
    ("Fabrikam's cloud provider DeskPilot had an outage.", None, ("Fabrikam", "develops", "DeskPilot")),
    ("DeskPilot, Fabrikam's cloud provider, had an outage on Monday.", None, ("Fabrikam", "develops", "DeskPilot")),
    ("Contoso's customer service assistant HelperBot answers calls.", ("Contoso", "develops", "HelperBot"), None),
    # an elliptical clause copies the subject's relation: '..., as did X'
    ("Contoso invested in Fabrikam, as did Northwind and Tailspin.", ("Tailspin", "investsIn", "Fabrikam"), None),
    ("Contoso agreed to take part in Fabrikam's round, as did Northwind.", ("Northwind", "investsIn", "Fabrikam"), None),
    ("Contoso invested in Fabrikam, as it did in Litware.", None, ("Litware", "investsIn", "Fabrikam")),
    # what a partnership provides ('under which X will use Y') says nothing of who holds it
    ("Contoso and Fabrikam signed a partnership under which Contoso will use Orbit.", ("Contoso", "partnersWith", "Fabrikam"),
     None),
    ("Contoso Chief Technology Officer Jane Roe said on Monday that sales rose.", ("Jane Roe", "worksFor", "Contoso"),
     ("Jane Roe", "leads", "Contoso")),
    # 'together with' / 'along with' add one more of the same kind
    ("Contoso was founded by Jane Roe, a former Fabrikam executive, together with John Doe, one of the authors of the "
     "paper, and Sam Smith, a former diplomat.", ("Sam Smith", "leads", "Contoso"), ("Sam Smith", "leads", "Fabrikam")),
    ("Jane Roe, together with John Doe, founded Contoso in 2021.", ("John Doe", "leads", "Contoso"), None),
    # a unit named after a product is a part of the company ('head of Claude Relations'); 'committed $X combined to Y'
    ("Jane Roe, Contoso's head of Orbit Relations, said the model is good.", ("Jane Roe", "worksFor", "Contoso"),
     ("Jane Roe", "leads", "Contoso")),
    ("Fabrikam and Northwind last week committed up to $15 billion combined to Contoso.",
     ("Northwind", "investsIn", "Contoso"), None),
    # an unnamed 'a European company' inside a quotation introduces nothing the article's 'the company' could mean
    ('Contoso raised money from Fabrikam last year. "We want to show that a European company can build frontier '
     'models and keep control of its technology," said Jane Roe. The Paris-based company launched HelperBot on Monday.',
     ("Contoso", "develops", "HelperBot"), None),
    # 'who was a researcher at X': the preposition on the copula is the title's; the clause is about one name only
    ("Contoso was established in 2023 by Jane Roe, who was formerly a researcher at Fabrikam, and John Doe, one of "
     "the authors of the paper.", ("Jane Roe", "worksFor", "Fabrikam"), ("John Doe", "worksFor", "Contoso")),
    # 'venture capitals such as A and B', 'a venture company': kinds of company, no joint venture
    ("The round was joined by overseas venture capitals such as Northwind and Tailspin, according to Contoso.", None,
     ("Northwind", "partnersWith", "Tailspin")),
    # 'an investment from X' goes to the clause's subject
    ("In 2024 Contoso sold its stakes in Litware, clearing the way for a $1.5bn investment from Fabrikam.",
     ("Fabrikam", "investsIn", "Contoso"), ("Fabrikam", "investsIn", "Litware")),
    # 'the US group Fabrikam': a description with its name right after refers to nothing before
    ("Contoso sells HelperBot to banks. Last week the US group Fabrikam released Orbit.", ("Fabrikam", "builds", "Orbit"),
     ("Contoso", "builds", "Orbit")),
    # 'raised $300 million earlier this year in a round led by X': the amount the parse hung elsewhere still makes
    # the subject the round's company
    ("Contoso raised $2 billion from Tailspin in May. Fabrikam raised $300 million earlier this year in a round led by "
     "Northwind, and counts Adatum among its customers.", ("Northwind", "investsIn", "Fabrikam"),
     ("Northwind", "investsIn", "Contoso")),
    # 'the firm it agreed to buy': the relative clause's gap is the object of the verb under it
    ("Contoso praised Fabrikam, the startup it plans to acquire.", ("Contoso", "acquires", "Fabrikam"), None),
    # 'A and B, a former engineer at X': a singular apposition after a coordination is the nearest name's
    ("Contoso was founded in 2023 by Jane Roe and John Doe, a former research engineer at Fabrikam who worked on "
     "the group's early models.", ("John Doe", "worksFor", "Fabrikam"), ("Jane Roe", "worksFor", "Fabrikam")),
    # 'X has been one of its largest customers': 'its' is not X
    ("Contoso launched HelperBot in May. HelperBot answers calls, and Fabrikam has been one of its largest customers "
     "since 2024.", ("Fabrikam", "uses", "HelperBot"), None),
    # the organisation a sentence opens with as its setting is what a description in it means ('At X, ...')
    ("Jane Roe left Fabrikam in July after three months. At Contoso she is working on business finance and on the "
     "company's HelperBot product, reporting to president John Doe.", ("Contoso", "develops", "HelperBot"),
     ("Fabrikam", "develops", "HelperBot")),
    # what runs on a cloud service's chips uses the service
    ("Contoso also runs workloads on DeskPilot's Trainium chips and Nvidia GPUs.", ("Contoso", "uses", "DeskPilot"), None),
    # a deal to supply a customer is a deal with it
    ("Contoso signed a $14.2 billion agreement to supply Fabrikam with computing power through 2031.",
     ("Contoso", "partnersWith", "Fabrikam"), None),
    ("Contoso struck a deal to provide Fabrikam with chips.", ("Contoso", "partnersWith", "Fabrikam"), None),
    ("Contoso signed a deal to sell its chips in Europe.", None, ("Contoso", "partnersWith", "Contoso")),
    # 'they' as the subject of a report is the reporting subject
    ("Contoso and Fabrikam said they would invest $15 billion in Northwind.", ("Fabrikam", "investsIn", "Northwind"),
     None),
    ("Cloud providers including Contoso, Fabrikam and Tailspin said they have deployed Orbit on their platforms.",
     ("Tailspin", "uses", "Orbit"), None),
    # 'The tool, called X, sits inside Y. It is powered by Z': the subject's given name continues, and 'It is
    # <participle>' is no expletive
    ("Contoso launched a new assistant for teachers on Tuesday. The tool, called HelperBot, sits inside the DeskPilot "
     "learning system and can draft rubrics. It is powered by Fabrikam's Orbit model.", ("HelperBot", "uses", "Orbit"),
     ("DeskPilot", "uses", "Orbit")),
    # an object pronoun takes the parallel object: 'A has invested in the company, and B has also backed it'
    ("Contoso sells HelperBot. Fabrikam would remain Contoso's main partner. Fabrikam has invested $8 billion in the "
     "company, and Northwind has also backed it.", ("Northwind", "investsIn", "Contoso"),
     ("Northwind", "investsIn", "Fabrikam")),
    # offering a product is no making of it; licensing a model to others is no use of it
    ("Fabrikam sells Orbit through its DeskPilot service, and Northwind offers it through HelperBot.",
     ("HelperBot", "uses", "Orbit"), ("Northwind", "builds", "Orbit")),
    ("Contoso released Orbit in May. Contoso does not charge for the model, and the company said it has no plans to "
     "license it to rivals.", ("Contoso", "builds", "Orbit"), ("Contoso", "uses", "Orbit")),
    # 'the joint venture of A and B': 'of' with two names is 'between'
    ("Tailspin, the joint venture of Contoso and Fabrikam, said it will sell HelperBot.",
     ("Contoso", "partnersWith", "Fabrikam"), ("Tailspin", "partnersWith", "Contoso")),
    # a possessive pronoun in an apposition to a name is not that name's ('HelperBot, its own assistant app');
    # 'the German carrier' is a company
    ("Contoso really wants you to use its AI assistant. The German carrier is rolling out a big update to HelperBot, "
     "its own assistant app, starting today.", ("Contoso", "develops", "HelperBot"), None),
    # 'A, who co-founded X with C, and B': the relative clause before the second conjunct is the first's
    ("Contoso has also brought in Jane Roe, who co-founded Fabrikam with Sam Smith, and John Doe, a co-creator of "
     "HelperBot who left Northwind for the lab.", ("Jane Roe", "leads", "Fabrikam"), ("John Doe", "leads", "Fabrikam")),
    # the listener of 'told' is never what a description in the report means
    ("Contoso makes chips in Ohio. Chief executive Jane Roe told Northwind on Monday that the company's AI agent relies "
     "on Orbit.", ("Jane Roe", "leads", "Contoso"), ("Jane Roe", "leads", "Northwind")),
    # 'has fallen behind X' frames a rivalry
    ("Investors say Contoso has fallen behind Fabrikam, Northwind and Tailspin in generative AI.",
     ("Contoso", "competesWith", "Tailspin"), None),
    # a description in an embedded clause may mean a name outside it, unless the clause is about that name
    ("Fabrikam released Orbit in May. Contoso faces pressure from investors who say the company has fallen behind "
     "Northwind.", ("Contoso", "competesWith", "Northwind"), ("Fabrikam", "competesWith", "Northwind")),
    ("Litware bought chips in May. Critics wrote about Contoso in November, when the young startup emerged with news "
     "that Fabrikam had invested in it.", ("Fabrikam", "investsIn", "Contoso"), ("Fabrikam", "investsIn", "Litware")),
    ("Contoso released Orbit in May. Fabrikam, which has invested $4 billion in the startup, praised the model.",
     ("Fabrikam", "investsIn", "Contoso"), ("Fabrikam", "investsIn", "Fabrikam")),
    # a name in an apposition to a common noun is not what a later pronoun means
    ("The editor, a fork of Contoso's DeskPilot, lets developers hand off work, and it leans heavily on Orbit.",
     None, ("Contoso", "uses", "Orbit")),
]


@pytest.mark.parametrize(("text", "stated", "not_stated"), READS)
def test_reads_what_the_sentence_says(text: str, stated: Triple | None, not_stated: Triple | None) -> None:
    facts = confident(text, REGISTRY)
    assert stated is None or stated in facts, sorted(facts)
    assert not_stated is None or not_stated not in facts, sorted(facts)


@pytest.mark.parametrize(
    ("text", "former", "current"),
    [
        ("Jane Roe, who previously worked at Contoso, now works for Fabrikam.", "Contoso", "Fabrikam"),
        ("John Doe, who led Litware until last year, now heads Tailspin's AI group.", "Litware", "Tailspin"),
        ("John Doe, who formerly worked as an engineer at Fabrikam, now leads Litware.", "Fabrikam", "Litware"),
        ("Jane Roe previously served as chief executive of Contoso.", "Contoso", None),
        # 'former' at the start of a long title phrase
        ("The new group is led by former Contoso AI chief executive Jane Roe.", "Contoso", None),
        ("Sales are overseen by former Tailspin AI chief executive Sam Smith.", "Tailspin AI", None),
        ("Sam Smith, Contoso's previous chief executive, was ousted in December.", "Contoso", None),
        ("Jane Roe, who was previously president of Tailspin, had been an adviser to Contoso.", "Tailspin", None),
        # a title that is the object of a hiring verb is the job left behind
        ("Contoso has hired executives from Fabrikam and Northwind, including Jane Roe.", "Fabrikam", "Contoso"),
        ("Contoso hired Jane Roe, Fabrikam's chief scientist.", "Fabrikam", "Contoso"),
    ],
)
def test_a_role_said_to_be_over_counts_as_former(text: str, former: str, current: str | None) -> None:
    ex = extract(article_from_record({"title": "t", "text": text}), REGISTRY)
    conf = {ex.label(f.object): f.confidence for f in ex.facts if f.predicate in ("worksFor", "leads")}
    assert conf.get(former, 0) == 0.6 and (current is None or conf.get(current, 0) > 0.6), conf


def test_shared_surname_fans_out() -> None:
    text = "Jane and John Roe co-founded the startup Contoso in 2020."
    ex = extract(article_from_record({"title": "t", "text": text}))
    assert {e.label for e in ex.entities.values() if e.type == "Person"} >= {"Jane Roe", "John Roe"}
    assert {("Jane Roe", "leads", "Contoso"), ("John Roe", "leads", "Contoso")} <= set(ex.triples())


def _references(text: str) -> list[tuple[str, str]]:
    """(surface, entity label) of each pronoun or description the extraction resolved in ``text``."""
    ex = extract(article_from_record({"title": "t", "text": text}), REGISTRY)
    return [(m.text, ex.entities[m.entity].label) for m in ex.mentions if m.kind != "name"]


def test_a_description_that_speaks_is_the_reported_clause_subject() -> None:
    # 'X will ..., the company said': the speaking description is X, not a name inside the clause; 'IT' is no 'it'
    meant = dict(_references(
        "Contoso will roll out Fabrikam's Orbit to as many as 350,000 of its employees worldwide, the IT services "
        "company said on Monday."))
    assert meant.get("the IT services company") == "Contoso" and "IT" not in meant, meant


def test_a_pronoun_prefers_a_subject_to_a_possessor_inside_one() -> None:
    # 'X will make Y's models available to its customers': X is the subject; Y only owns the embedded subject
    meant = [label for surface, label in _references(
        "Contoso will make Fabrikam's Orbit models available to its more than 12,000 customers under an expanded "
        "agreement, the companies said on Monday.") if surface == "its"]
    assert meant == ["Contoso"], meant
