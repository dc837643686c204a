"""Invented sentences, two per relation frame from different contexts, with the fact each one states.

Names are invented (Contoso, Fabrikam, WidgetGPT ...) and known to a small test registry, so that these
sentences test the frames over the parse, not the recognition of names. ``tests/test_extract_frames.py`` checks
every sentence and counts them in the census (each frame fires on two articles or on two of these sentences).
"""

from __future__ import annotations

from aikg.graph.articles import article_from_record
from aikg.graph.extract import extract
from aikg.graph.extract.registry import Registry, RegistryEntry

__all__ = ["REGISTRY", "SENTENCES", "Triple", "confident"]

_NAMES = {
    "Company": ["Contoso", "Fabrikam", "Northwind", "Tailspin", "Litware", "Adatum", "Woodgrove", "Proseware",
                "Wingtip", "Alpine Ski House", "Trey Research", "Lucerne Capital", "Coho Ventures", "Margie Partners"],
    "Tool": ["WidgetGPT", "HelperBot", "Scribe Studio", "DeskPilot"],
    "Model": ["Gizmo-7B", "Orbit", "Nimbus 2", "Quasar"],
    "Person": ["Jane Roe", "John Doe", "Mary Major", "Sam Smith", "Ana Lee"],
    "Dataset": ["OpenCorpus", "WebPile"],
}
REGISTRY = Registry([RegistryEntry(n, t) for t, names in _NAMES.items() for n in names])

# (frame, text, (subject, predicate, object))
SENTENCES: list[tuple[str, str, tuple[str, str, str]]] = [
    ("verb:create", "Contoso released Gizmo-7B on Tuesday.", ("Contoso", "builds", "Gizmo-7B")),
    ("verb:create", "Last year Fabrikam quietly launched HelperBot for banks.", ("Fabrikam", "develops", "HelperBot")),
    ("verb:found", "Jane Roe founded Contoso in 2019.", ("Jane Roe", "leads", "Contoso")),
    ("verb:found", "Fabrikam was co-founded by John Doe and Mary Major.", ("Mary Major", "leads", "Fabrikam")),
    ("verb:invest", "Northwind is investing up to $4 billion in the startup Contoso.", ("Northwind", "investsIn", "Contoso")),
    ("verb:invest", "Tailspin, which has also invested not only in Litware but in Adatum, is hiring.", ("Tailspin", "investsIn", "Adatum")),
    ("verb:commit", "Woodgrove committed $300 million to Proseware last week.", ("Woodgrove", "investsIn", "Proseware")),
    ("verb:commit", "The bank pledged new money to Contoso, Lucerne Capital said, and Lucerne Capital pledged $20 million to Fabrikam.", ("Lucerne Capital", "investsIn", "Fabrikam")),
    ("verb:back", "Contoso, a unicorn backed by Northwind, Tailspin and Litware, opened an office.", ("Tailspin", "investsIn", "Contoso")),
    ("verb:back", "Proseware raised $90 million. The round was led by Coho Ventures and joined by Woodgrove, Adatum and Wingtip.", ("Adatum", "investsIn", "Proseware")),
    ("verb:raise", "Proseware raised $270 million from Lucerne Capital, Margie Partners and Coho Ventures.", ("Margie Partners", "investsIn", "Proseware")),
    ("verb:raise", "Litware has secured fresh funding from Northwind.", ("Northwind", "investsIn", "Litware")),
    ("verb:acquire", "Contoso agreed to buy Fabrikam for $1 billion.", ("Contoso", "acquires", "Fabrikam")),
    ("verb:acquire", "Last summer Northwind bought Litware, a chip designer.", ("Northwind", "acquires", "Litware")),
    ("verb:use", "Contoso is deploying Gizmo-7B across its products.", ("Contoso", "uses", "Gizmo-7B")),
    ("verb:use", "Fabrikam has integrated WidgetGPT into HelperBot.", ("HelperBot", "uses", "WidgetGPT")),
    ("verb:sell_to", "Jane Roe co-founded Contoso in 2010 and sold it to Fabrikam four years later.",
     ("Fabrikam", "acquires", "Contoso")),
    ("verb:sell_to", "Northwind agreed to sell Litware to Tailspin for $2 billion.", ("Tailspin", "acquires", "Litware")),
    ("verb:integrate_with", "HelperBot is integrated with Orbit.", ("HelperBot", "uses", "Orbit")),
    ("verb:integrate_with", "DeskPilot, which integrates with Quasar, is popular with banks.", ("DeskPilot", "uses", "Quasar")),
    ("verb:use_on", "HelperBot runs on Orbit.", ("HelperBot", "uses", "Orbit")),
    ("verb:use_on", "The new DeskPilot app relies on Nimbus 2 for summaries.", ("DeskPilot", "uses", "Nimbus 2")),
    ("verb:switch", "Last month Scribe Studio switched to Quasar.", ("Scribe Studio", "uses", "Quasar")),
    ("verb:switch", "Woodgrove moved to Orbit after a long test.", ("Woodgrove", "uses", "Orbit")),
    ("verb:power", "The HelperBot assistant is powered by Gizmo-7B.", ("HelperBot", "uses", "Gizmo-7B")),
    ("verb:power", "Orbit now powers DeskPilot, Adatum said.", ("DeskPilot", "uses", "Orbit")),
    ("verb:train_on", "Quasar was trained on OpenCorpus.", ("Quasar", "trainedOn", "OpenCorpus")),
    ("verb:train_on", "Orbit is a small model that Contoso trained on WebPile.", ("Orbit", "trainedOn", "WebPile")),
    ("verb:derive", "Nimbus 2 was distilled from Quasar.", ("Nimbus 2", "basedOn", "Quasar")),
    ("verb:derive", "Litware said Orbit was derived from Gizmo-7B.", ("Orbit", "basedOn", "Gizmo-7B")),
    ("verb:partner", "Contoso has partnered with Fabrikam on chips.", ("Contoso", "partnersWith", "Fabrikam")),
    ("verb:partner", "Northwind and Tailspin teamed up to build data centres.", ("Northwind", "partnersWith", "Tailspin")),
    ("verb:compete", "Litware competes with Adatum in Europe.", ("Litware", "competesWith", "Adatum")),
    ("verb:compete", "Woodgrove will vie with Proseware for the contract.", ("Woodgrove", "competesWith", "Proseware")),
    ("verb:rival", "Contoso wants to take on Fabrikam in search.", ("Contoso", "competesWith", "Fabrikam")),
    ("verb:rival", "Launched this week, Wingtip aims to challenge the likes of Northwind.", ("Wingtip", "competesWith", "Northwind")),
    ("verb:hire", "Contoso hired Jane Roe as chief scientist.", ("Jane Roe", "worksFor", "Contoso")),
    ("verb:hire", "Fabrikam has poached John Doe from Litware.", ("John Doe", "worksFor", "Fabrikam")),
    ("verb:join", "Mary Major joined Tailspin in March.", ("Mary Major", "worksFor", "Tailspin")),
    ("verb:join", "Last year Sam Smith joined Adatum as head of research.", ("Sam Smith", "leads", "Adatum")),
    ("verb:work", "Ana Lee works at Woodgrove as an engineer.", ("Ana Lee", "worksFor", "Woodgrove")),
    ("verb:work", "John Doe, who worked for Proseware until May, spoke first.", ("John Doe", "worksFor", "Proseware")),
    ("noun:maker", "Contoso, the maker of HelperBot, is growing.", ("Contoso", "develops", "HelperBot")),
    ("noun:maker", "Investors like WidgetGPT maker Fabrikam.", ("Fabrikam", "develops", "WidgetGPT")),
    ("noun:rival", "Northwind is a rival to Tailspin.", ("Northwind", "competesWith", "Tailspin")),
    ("noun:rival", "Litware, a challenger to WidgetGPT maker Adatum, hired staff.", ("Litware", "competesWith", "Adatum")),
    ("noun:rivalry", "The deal sharpens Woodgrove's rivalry with Proseware.", ("Woodgrove", "competesWith", "Proseware")),
    ("noun:rivalry", "Analysts expect a long rivalry between Contoso and Fabrikam.", ("Contoso", "competesWith", "Fabrikam")),
    ("noun:investor", "Northwind, an early investor in Contoso, sold shares.", ("Northwind", "investsIn", "Contoso")),
    ("noun:investor", "Fabrikam counts Litware and Adatum among its backers.", ("Adatum", "investsIn", "Fabrikam")),
    ("noun:investment", "Tailspin announced a $2 billion investment in Woodgrove.", ("Tailspin", "investsIn", "Woodgrove")),
    ("noun:investment", "Regulators studied Proseware's stake in Wingtip.", ("Proseware", "investsIn", "Wingtip")),
    ("noun:acquisition", "Contoso's $1.3 billion purchase of Northwind closed on Monday.", ("Contoso", "acquires", "Northwind")),
    ("noun:acquisition", "Regulators approved the acquisition of Litware by Fabrikam.", ("Fabrikam", "acquires", "Litware")),
    ("noun:partnership", "Adatum struck a partnership with Woodgrove.", ("Adatum", "partnersWith", "Woodgrove")),
    ("noun:partnership", "Tailspin and Proseware formed an alliance last year.", ("Tailspin", "partnersWith", "Proseware")),
    ("noun:deal", "Wingtip signed a cloud deal with Contoso.", ("Wingtip", "partnersWith", "Contoso")),
    ("noun:deal", "Northwind said its agreement with Fabrikam will last until 2030.", ("Northwind", "partnersWith", "Fabrikam")),
    ("noun:partner", "Litware is a key partner of Adatum.", ("Litware", "partnersWith", "Adatum")),
    ("noun:partner", "Woodgrove and Proseware are longtime partners.", ("Woodgrove", "partnersWith", "Proseware")),
    ("noun:user", "Contoso is among the early users of Gizmo-7B.", ("Contoso", "uses", "Gizmo-7B")),
    ("noun:user", "Fabrikam, a customer of WidgetGPT, renewed its contract.", ("Fabrikam", "uses", "WidgetGPT")),
    ("noun:integration", "The integration of Orbit into HelperBot took a year.", ("HelperBot", "uses", "Orbit")),
    ("noun:integration", "Tailspin's reliance on Quasar worries investors.", ("Tailspin", "uses", "Quasar")),
    ("noun:supplier", "DeskPilot is the exclusive cloud provider to Litware.", ("Litware", "uses", "DeskPilot")),
    ("noun:supplier", "Scribe Studio became the main supplier for Woodgrove.", ("Woodgrove", "uses", "Scribe Studio")),
    ("noun:leadership", "Contoso, under the leadership of Jane Roe, doubled its sales.", ("Jane Roe", "leads", "Contoso")),
    ("noun:leadership", "Under the stewardship of John Doe, Fabrikam grew fast.", ("John Doe", "leads", "Fabrikam")),
    ("noun:pressure", "The launch of HelperBot puts pressure on Fabrikam, Contoso said. Contoso's launch puts pressure on Litware.", ("Contoso", "competesWith", "Litware")),
    ("noun:pressure", "Woodgrove is a growing threat to Proseware.", ("Woodgrove", "competesWith", "Proseware")),
    ("noun:participation", "Contoso raised $50 million, with participation from Northwind.", ("Northwind", "investsIn", "Contoso")),
    ("noun:participation", "Litware closed its round with backing from Tailspin and Adatum.", ("Adatum", "investsIn", "Litware")),
    ("role:leads", "Contoso chief Jane Roe said the chips were late.", ("Jane Roe", "leads", "Contoso")),
    ("role:leads", "Sam Smith, president at Northwind, disagreed.", ("Sam Smith", "leads", "Northwind")),
    ("role:worksFor", "Mary Major, a senior analyst at Litware, disagreed.", ("Mary Major", "worksFor", "Litware")),
    ("role:worksFor", "Northwind chief analyst Ana Lee expects more deals.", ("Ana Lee", "worksFor", "Northwind")),
    ("person:of", "\"It is early,\" said Jane Roe from Contoso.", ("Jane Roe", "worksFor", "Contoso")),
    ("person:of", "The deal was approved by John Doe of Fabrikam on Monday.", ("John Doe", "worksFor", "Fabrikam")),
    ("verb:oversee", "Jane Roe, who oversees cloud products at Contoso, said demand was high.",
     ("Jane Roe", "worksFor", "Contoso")),
    ("verb:oversee", "John Doe manages the European business for Litware.", ("John Doe", "worksFor", "Litware")),
    ("verb:leave_for", "Jane Roe left for Contoso in May.", ("Jane Roe", "worksFor", "Contoso")),
    ("verb:leave_for", "John Doe quit Fabrikam for Litware last year.", ("John Doe", "worksFor", "Litware")),
    ("poss:create", "Investors like Contoso's Gizmo-7B.", ("Contoso", "builds", "Gizmo-7B")),
    ("poss:create", "Fabrikam says its own HelperBot assistant is faster.", ("Fabrikam", "develops", "HelperBot")),
    ("adj:available", "Gizmo-7B is now available on DeskPilot for paying users.", ("DeskPilot", "uses", "Gizmo-7B")),
    ("adj:available", "Contoso made Orbit available through HelperBot last week.", ("HelperBot", "uses", "Orbit")),
    ("versus", "The HelperBot vs. WidgetGPT contest drew a crowd.", ("HelperBot", "competesWith", "WidgetGPT")),
    ("versus", "Analysts framed the race as Contoso versus Fabrikam.", ("Contoso", "competesWith", "Fabrikam")),
    ("verb:compare", "Litware compared Orbit with Quasar on ten tasks.", ("Orbit", "competesWith", "Quasar")),
    ("verb:compare", "In a new paper, Gizmo-7B is benchmarked against Nimbus 2.", ("Gizmo-7B", "competesWith", "Nimbus 2")),
    ("poss:leads", "Investors praised Jane Roe's Contoso.", ("Jane Roe", "leads", "Contoso")),
    ("poss:leads", "Under pressure, John Doe's Fabrikam cut its prices.", ("John Doe", "leads", "Fabrikam")),
    ("compound:create", "Developers tried the Contoso Orbit model.", ("Contoso", "builds", "Orbit")),
    ("compound:create", "Some banks now use Fabrikam DeskPilot every day.", ("Fabrikam", "develops", "DeskPilot")),
    ("hyphen:investsIn", "Northwind-backed Contoso eyes partnerships in Japan.", ("Northwind", "investsIn", "Contoso")),
    ("hyphen:investsIn", "The Tailspin-funded Litware opened a lab.", ("Tailspin", "investsIn", "Litware")),
    ("hyphen:uses", "The Quasar-powered DeskPilot went on sale.", ("DeskPilot", "uses", "Quasar")),
    ("hyphen:uses", "Woodgrove sells an Orbit-powered HelperBot.", ("HelperBot", "uses", "Orbit")),
    ("hyphen:acquires", "Northwind-owned Litware cut jobs.", ("Northwind", "acquires", "Litware")),
    ("hyphen:acquires", "The Contoso-owned Adatum brand is growing.", ("Contoso", "acquires", "Adatum")),
    ("hyphen:create", "The Fabrikam-made HelperBot is popular.", ("Fabrikam", "develops", "HelperBot")),
    ("hyphen:create", "Banks test the Contoso-developed DeskPilot.", ("Contoso", "develops", "DeskPilot")),
    ("hyphen:create", "The Contoso-made Quasar tops the charts.", ("Contoso", "builds", "Quasar")),
    ("verb:work_on", "Contoso is working on the next version of Orbit.", ("Contoso", "builds", "Orbit")),
    ("verb:work_on", "For two years Fabrikam worked on DeskPilot in secret.", ("Fabrikam", "develops", "DeskPilot")),
    ("noun:access", "Contoso gained access to Gizmo-7B.", ("Contoso", "uses", "Gizmo-7B")),
    ("noun:access", "Under the deal, Fabrikam gets early access to Orbit.", ("Fabrikam", "uses", "Orbit")),
    ("noun:creation", "Contoso's development of Orbit took two years.", ("Contoso", "builds", "Orbit")),
    ("noun:creation", "The launch of HelperBot by Fabrikam surprised analysts.", ("Fabrikam", "develops", "HelperBot")),
    ("poss:worksFor", "Wingtip's Sam Smith said the deal was good.", ("Sam Smith", "worksFor", "Wingtip")),
    ("poss:worksFor", "Analysts asked Northwind's Ana Lee about prices.", ("Ana Lee", "worksFor", "Northwind")),
    ("verb:offer", "Contoso will offer Orbit to its cloud customers through DeskPilot.", ("DeskPilot", "uses", "Orbit")),
    ("verb:offer", "Fabrikam brings Quasar into HelperBot this spring.", ("HelperBot", "uses", "Quasar")),
    ("verb:pay_for", "Contoso will pay $2 billion for Fabrikam, the companies said.", ("Contoso", "acquires", "Fabrikam")),
    ("verb:pay_for", "Northwind paid a record sum for Litware in 2021.", ("Northwind", "acquires", "Litware")),
    ("jointly", "Contoso and Fabrikam said on Tuesday they would jointly develop chips for data centers.",
     ("Contoso", "partnersWith", "Fabrikam")),
    ("jointly", "Northwind and Tailspin will together build a plant in Ohio.", ("Northwind", "partnersWith", "Tailspin")),
    ("verb:arrive", "WidgetGPT is coming to Contoso's cars later this year.", ("Contoso", "uses", "WidgetGPT")),
    ("verb:arrive", "Orbit is arriving in HelperBot next month.", ("HelperBot", "uses", "Orbit")),
    ("verb:move_to", "Tomas Lindqvist is moving to Fabrikam from Contoso.", ("Tomas Lindqvist", "worksFor", "Fabrikam")),
    ("verb:move_to", "Last year Jane Roe returned to Contoso as an adviser.", ("Jane Roe", "worksFor", "Contoso")),
    ("from:create", "Quasar from Contoso tops the charts.", ("Contoso", "builds", "Quasar")),
    ("from:create", "Banks now test assistants like HelperBot from Fabrikam.", ("Fabrikam", "develops", "HelperBot")),
    ("hyphen:leads", "The Jane Roe-led Contoso raised money.", ("Jane Roe", "leads", "Contoso")),
    ("hyphen:leads", "Investors backed the John Doe-led Fabrikam.", ("John Doe", "leads", "Fabrikam")),
]


Triple = tuple[str, str, str]


def confident(text: str, registry: Registry | None = None) -> set[Triple]:
    """The facts extracted from ``text`` at confidence 0.5 or more (the evaluation's threshold), as label triples;
    ``registry`` None is the shipped one."""
    ex = extract(article_from_record({"title": "t", "text": text}), registry)
    return {(ex.label(f.subject), f.predicate, ex.label(f.object)) for f in ex.facts if f.confidence >= 0.5}

