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

# longer news sentences: clauses, appositions and quotations around the fact; people the registry does not know
NEWS_SHAPED: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Contoso said on Tuesday that its chief executive, Priya Natarajan, would step down next year after the deal, which still needs regulatory approval, closes.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan, who co-founded Contoso in 2015 after a decade at Fabrikam, said the company would keep its name.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso, whose chief executive Priya Natarajan has long argued for open models, said on Monday it would release Orbit.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "According to Tomas Lindqvist, Contoso's head of research, the model was trained in three weeks.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        '"We are excited," Priya Natarajan, founder and CEO of Contoso, said in a statement.',
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso was started in 2019 by Priya Natarajan, a former researcher at Fabrikam, and Tomas Lindqvist.",
        [("Priya Natarajan", "leads", "Contoso"), ("Tomas Lindqvist", "leads", "Contoso")],
    ),
    (
        "Contoso's founder and chief executive, Priya Natarajan, told reporters the company was not for sale.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan, Contoso's CEO since 2019, said demand was strong.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso CEO and co-founder Priya Natarajan said the chips would ship in May.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan, the chief executive of Contoso, which makes chips for phones, said prices would rise.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan, who took over as CEO of Contoso in March, said the company would hire.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan became Contoso's chief executive in 2020.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Tomas Lindqvist, president of Contoso's cloud business, said growth was slowing.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        "In an interview, Contoso co-founder Priya Natarajan said the firm had turned a profit.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Ngozi Adeyemi, Fabrikam's vice president of AI, said the company had tested Orbit for months.",
        [("Ngozi Adeyemi", "worksFor", "Fabrikam")],
    ),
    (
        "Carlos Mendes, an analyst at Lucerne Capital, said the deal made sense for both sides.",
        [("Carlos Mendes", "worksFor", "Lucerne Capital")],
    ),
    (
        '"It\'s a big step," said Carlos Mendes, senior analyst at Lucerne Capital.',
        [("Carlos Mendes", "worksFor", "Lucerne Capital")],
    ),
    (
        "The company's chief technology officer, Ngozi Adeyemi, said Fabrikam would open a lab in Lagos.",
        [("Ngozi Adeyemi", "worksFor", "Fabrikam")],
    ),
    (
        "Ngozi Adeyemi, who heads Fabrikam's AI research, said the model was ready.",
        [("Ngozi Adeyemi", "worksFor", "Fabrikam")],
    ),
    (
        "Fabrikam has appointed Ngozi Adeyemi, previously at Contoso, as its new chief executive.",
        [("Ngozi Adeyemi", "leads", "Fabrikam")],
    ),
    (
        "Fabrikam, founded by Ngozi Adeyemi and Carlos Mendes in 2021, makes tools for lawyers.",
        [("Ngozi Adeyemi", "leads", "Fabrikam"), ("Carlos Mendes", "leads", "Fabrikam")],
    ),
    (
        "Fabrikam's co-founders, Ngozi Adeyemi and Carlos Mendes, both previously worked at Contoso.",
        [("Ngozi Adeyemi", "leads", "Fabrikam"), ("Carlos Mendes", "leads", "Fabrikam")],
    ),
    (
        "Fabrikam was co-founded in 2021 by former Contoso researchers Ngozi Adeyemi and Carlos Mendes.",
        [("Ngozi Adeyemi", "leads", "Fabrikam"), ("Carlos Mendes", "leads", "Fabrikam")],
    ),
    (
        "The move puts Contoso in direct competition with Fabrikam, which launched a similar product last year.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "Contoso, one of Fabrikam's biggest rivals in the cloud market, also cut prices on Monday.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "HelperBot, which competes with WidgetGPT and DeskPilot, now has 10 million users.",
        [("HelperBot", "competesWith", "WidgetGPT"), ("HelperBot", "competesWith", "DeskPilot")],
    ),
    (
        "Analysts see Contoso as the strongest challenger to Fabrikam in the market for AI chips.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "Contoso is racing to catch up with Fabrikam and Northwind, which dominate the market.",
        [("Contoso", "competesWith", "Fabrikam"), ("Contoso", "competesWith", "Northwind")],
    ),
    (
        "The launch pits Contoso against Fabrikam, its longtime rival.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "Unlike rivals Fabrikam and Northwind, Contoso sells its chips directly.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "Contoso's new chatbot, HelperBot, is meant to take on WidgetGPT, the popular assistant from Fabrikam.",
        [("HelperBot", "competesWith", "WidgetGPT")],
    ),
    (
        "Contoso has lost market share to Fabrikam over the past year.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "Contoso and Fabrikam are locked in a fierce battle for cloud customers.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    ("HelperBot is Contoso's answer to WidgetGPT.", [("HelperBot", "competesWith", "WidgetGPT")]),
    (
        "Contoso said it would integrate WidgetGPT into its office software later this year.",
        [("Contoso", "uses", "WidgetGPT")],
    ),
    (
        "The new HelperBot assistant, which runs on Orbit, will be available in May.",
        [("HelperBot", "uses", "Orbit")],
    ),
    ("Contoso uses Orbit to power HelperBot.", [("HelperBot", "uses", "Orbit")]),
    (
        "Behind the scenes, HelperBot relies on Quasar, a model developed by Fabrikam.",
        [("HelperBot", "uses", "Quasar"), ("Fabrikam", "builds", "Quasar")],
    ),
    ("Contoso will offer Orbit to its cloud customers through DeskPilot.", [("DeskPilot", "uses", "Orbit")]),
    ("Fabrikam's HelperBot app is built on top of Orbit.", [("HelperBot", "uses", "Orbit")]),
    ("Contoso is one of the first companies to deploy Orbit at scale.", [("Contoso", "uses", "Orbit")]),
    (
        "Contoso said all its 5,000 engineers now use WidgetGPT for coding.",
        [("Contoso", "uses", "WidgetGPT")],
    ),
    ("The partnership lets Contoso use Orbit in its products.", [("Contoso", "uses", "Orbit")]),
    (
        "HelperBot, powered by Fabrikam's Quasar model, answers customer questions.",
        [("HelperBot", "uses", "Quasar"), ("Fabrikam", "builds", "Quasar")],
    ),
    (
        "Contoso on Tuesday unveiled Orbit, its most powerful model yet, which it says beats Quasar.",
        [("Contoso", "builds", "Orbit")],
    ),
    (
        "The model, called Orbit, was developed by Contoso's research lab in Zurich.",
        [("Contoso", "builds", "Orbit")],
    ),
    (
        "Contoso, which makes the popular HelperBot assistant, raised $1 billion.",
        [("Contoso", "develops", "HelperBot")],
    ),
    (
        "Last year Contoso released Orbit, a family of open models that has been downloaded millions of times.",
        [("Contoso", "builds", "Orbit")],
    ),
    (
        "Fabrikam's Quasar and Contoso's Orbit lead the benchmark.",
        [("Fabrikam", "builds", "Quasar"), ("Contoso", "builds", "Orbit")],
    ),
    ("Contoso's HelperBot, launched in 2023, has 100 million users.", [("Contoso", "develops", "HelperBot")]),
    ("Orbit is Contoso's latest large language model.", [("Contoso", "builds", "Orbit")]),
    ("The HelperBot maker Contoso said revenue doubled.", [("Contoso", "develops", "HelperBot")]),
    (
        "Contoso said on Monday it had agreed to buy Fabrikam, a maker of AI chips, for $2 billion in cash.",
        [("Contoso", "acquires", "Fabrikam")],
    ),
    (
        "Contoso completed its $2 billion purchase of Fabrikam on Friday.",
        [("Contoso", "acquires", "Fabrikam")],
    ),
    (
        "Fabrikam, which Contoso acquired for $650 million last year, makes legal software.",
        [("Contoso", "acquires", "Fabrikam")],
    ),
    ("Contoso will pay $2 billion for Fabrikam, the companies said.", [("Contoso", "acquires", "Fabrikam")]),
    (
        "Contoso and Fabrikam said on Tuesday they would jointly develop chips for data centers.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    (
        "Contoso announced a multiyear partnership with Fabrikam to bring HelperBot to banks.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    (
        "Contoso has invested more than $10 billion in Fabrikam since 2019.",
        [("Contoso", "investsIn", "Fabrikam")],
    ),
    ("The round, led by Northwind, values Fabrikam at $2 billion.", [("Northwind", "investsIn", "Fabrikam")]),
    (
        "Fabrikam raised $300 million in a round led by Northwind, with participation from Contoso and Tailspin.",
        [
            ("Northwind", "investsIn", "Fabrikam"),
            ("Contoso", "investsIn", "Fabrikam"),
            ("Tailspin", "investsIn", "Fabrikam"),
        ],
    ),
    (
        "Northwind, Fabrikam's largest shareholder, owns about 49% of the company.",
        [("Northwind", "investsIn", "Fabrikam")],
    ),
    (
        "Existing investors Contoso and Tailspin also took part in Fabrikam's round.",
        [("Contoso", "investsIn", "Fabrikam")],
    ),
]

# people introduced by title, pronouns and descriptions across two sentences, product use and rivalry in context
IN_CONTEXT: list[tuple[str, list[tuple[str, str, str]]]] = [
    (
        "Contoso has named Priya Natarajan as chief executive. Natarajan, 45, previously worked at Fabrikam.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso said its CEO, Priya Natarajan, will testify before Congress.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan, 52, who founded Contoso in 2010, will step down.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. The startup was founded by Priya Natarajan, a former Fabrikam researcher.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Contoso is led by Priya Natarajan.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Contoso, led by chief executive Priya Natarajan, has grown quickly.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan, chief executive officer at Contoso, disagreed.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Contoso's boss Priya Natarajan has said little.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Contoso chief executive officer Priya Natarajan has said little.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Contoso Chairman Priya Natarajan has said little.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Priya Natarajan, Contoso's chairman and chief executive, said revenue doubled.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan is the co-founder and CEO of Contoso.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Natarajan started Contoso in her garage in 2012, Priya Natarajan's sister said.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso CEO Priya Natarajan and CTO Tomas Lindqvist presented the results.",
        [("Priya Natarajan", "leads", "Contoso"), ("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        "Contoso sells chips. The company's founder, Priya Natarajan, owns half of it.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan, who helms Contoso, spoke first.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Priya Natarajan, the head of Contoso, said the chips were late.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan took the helm at Contoso in 2021.", [("Priya Natarajan", "leads", "Contoso")]),
    ("Priya Natarajan has been Contoso's CEO since 2019.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Priya Natarajan, founder of Contoso and a former Fabrikam engineer, spoke.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Tomas Lindqvist, who joined Contoso from Fabrikam last year, leads its chip team.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        "Tomas Lindqvist, a partner at Lucerne Capital, which invested in Contoso, said the company was growing.",
        [("Tomas Lindqvist", "worksFor", "Lucerne Capital"), ("Lucerne Capital", "investsIn", "Contoso")],
    ),
    (
        "Contoso hired Tomas Lindqvist, a veteran of Fabrikam, to run its research lab.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        "Tomas Lindqvist, Contoso's chief scientist, said the model was ready.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        '"The demand is enormous," Contoso\'s Priya Natarajan told Reuters.',
        [("Priya Natarajan", "worksFor", "Contoso")],
    ),
    (
        "HelperBot now uses Fabrikam's Quasar model.",
        [("HelperBot", "uses", "Quasar"), ("Fabrikam", "builds", "Quasar")],
    ),
    ("Contoso signed a deal to use Orbit in HelperBot.", [("HelperBot", "uses", "Orbit")]),
    ("Contoso has chosen Orbit to power its new assistant, HelperBot.", [("HelperBot", "uses", "Orbit")]),
    (
        "Contoso is integrating Orbit across its products, including HelperBot.",
        [("Contoso", "uses", "Orbit")],
    ),
    ("Contoso customers can access Orbit through DeskPilot.", [("DeskPilot", "uses", "Orbit")]),
    ("Contoso's HelperBot, which uses Orbit, has 10 million users.", [("HelperBot", "uses", "Orbit")]),
    ("HelperBot, built on Orbit, has 10 million users.", [("HelperBot", "uses", "Orbit")]),
    (
        "Contoso will use Orbit, Fabrikam's flagship model, to power HelperBot.",
        [("HelperBot", "uses", "Orbit"), ("Contoso", "uses", "Orbit")],
    ),
    ("Contoso became the first bank to adopt WidgetGPT.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso is a big customer of Fabrikam's DeskPilot.", [("Contoso", "uses", "DeskPilot")]),
    ("Contoso runs HelperBot on Orbit.", [("HelperBot", "uses", "Orbit")]),
    ("The new version of HelperBot runs on Quasar.", [("HelperBot", "uses", "Quasar")]),
    ("Contoso said HelperBot would switch from Orbit to Quasar.", [("HelperBot", "uses", "Quasar")]),
    ("Orbit, Contoso's flagship model, beat Quasar on most tests.", [("Contoso", "builds", "Orbit")]),
    ("Orbit was created by researchers at Contoso.", [("Contoso", "builds", "Orbit")]),
    ("Contoso, the company that makes HelperBot, said sales rose.", [("Contoso", "develops", "HelperBot")]),
    ("Contoso, maker of HelperBot, said sales rose.", [("Contoso", "develops", "HelperBot")]),
    ("HelperBot creator Contoso said sales rose.", [("Contoso", "develops", "HelperBot")]),
    ("Contoso has released the weights of Orbit.", [("Contoso", "builds", "Orbit")]),
    ("Contoso debuted HelperBot in 2022.", [("Contoso", "develops", "HelperBot")]),
    (
        "Contoso announced that it has developed Orbit, a model that writes code.",
        [("Contoso", "builds", "Orbit")],
    ),
    ("Contoso's AI lab released Orbit in May.", [("Contoso", "builds", "Orbit")]),
    ("Contoso rolled out a new version of its HelperBot chatbot.", [("Contoso", "develops", "HelperBot")]),
    ("The company behind HelperBot, Contoso, raised money.", [("Contoso", "develops", "HelperBot")]),
    (
        "Contoso makes chips. It also develops HelperBot, a coding assistant.",
        [("Contoso", "develops", "HelperBot")],
    ),
    ("Contoso makes chips. The company released Orbit in May.", [("Contoso", "builds", "Orbit")]),
    (
        "Contoso unveiled Orbit and Quasar, two new models.",
        [("Contoso", "builds", "Orbit"), ("Contoso", "builds", "Quasar")],
    ),
    (
        "Contoso's models, including Orbit and Quasar, are open.",
        [("Contoso", "builds", "Orbit"), ("Contoso", "builds", "Quasar")],
    ),
    (
        "Contoso's Orbit is used by HelperBot.",
        [("HelperBot", "uses", "Orbit"), ("Contoso", "builds", "Orbit")],
    ),
    ("HelperBot has emerged as a serious rival to WidgetGPT.", [("HelperBot", "competesWith", "WidgetGPT")]),
    ("Contoso is going up against Fabrikam in the chip market.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso is Fabrikam's closest competitor.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso hopes to challenge Fabrikam's dominance in search.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Orbit outperformed Quasar on most benchmarks.", [("Orbit", "competesWith", "Quasar")]),
    ("Contoso and Fabrikam compete fiercely.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso's chief rival is Fabrikam.", [("Contoso", "competesWith", "Fabrikam")]),
    (
        "Contoso faces competition from Fabrikam and Northwind.",
        [("Contoso", "competesWith", "Fabrikam"), ("Contoso", "competesWith", "Northwind")],
    ),
    ("Fabrikam is seen as Contoso's biggest threat.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso snapped up Fabrikam last year.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso, which bought Fabrikam in 2020, owns the patents.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso's acquisition of Fabrikam closed in May.", [("Contoso", "acquires", "Fabrikam")]),
    ("Fabrikam, now owned by Contoso, makes chips.", [("Contoso", "acquires", "Fabrikam")]),
    ("Contoso has a partnership with Fabrikam.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso and Fabrikam have partnered to build chips.", [("Contoso", "partnersWith", "Fabrikam")]),
    ("Contoso announced a strategic collaboration with Fabrikam.", [("Contoso", "partnersWith", "Fabrikam")]),
    (
        "Contoso is partnering with Fabrikam and Northwind on the project.",
        [("Contoso", "partnersWith", "Fabrikam"), ("Contoso", "partnersWith", "Northwind")],
    ),
    ("Fabrikam is a key partner for Contoso.", [("Contoso", "partnersWith", "Fabrikam")]),
    (
        "The two companies, Contoso and Fabrikam, signed a partnership in May.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    (
        "Contoso inked a deal with Fabrikam to bring HelperBot to phones.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    ("WidgetGPT is coming to Contoso's cars later this year.", [("Contoso", "uses", "WidgetGPT")]),
    ("WidgetGPT is arriving in Contoso vehicles next month.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso will add WidgetGPT to its voice assistant.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso is bringing WidgetGPT to its cars.", [("Contoso", "uses", "WidgetGPT")]),
    ("Contoso has built WidgetGPT into its assistant.", [("Contoso", "uses", "WidgetGPT")]),
    ("Fabrikam challenger Contoso raised $300 million.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso overtakes Fabrikam with growth in AI.", [("Contoso", "competesWith", "Fabrikam")]),
    ("Contoso launches HelperBot and challenges WidgetGPT.", [("Contoso", "develops", "HelperBot")]),
    (
        "Priya Natarajan takes the helm at Contoso after Fabrikam nabs Tomas Lindqvist.",
        [("Priya Natarajan", "leads", "Contoso"), ("Tomas Lindqvist", "worksFor", "Fabrikam")],
    ),
    (
        "Contoso co-founder Priya Natarajan joins Fabrikam.",
        [("Priya Natarajan", "leads", "Contoso"), ("Priya Natarajan", "worksFor", "Fabrikam")],
    ),
    ("Contoso and Fabrikam announce $100 billion partnership.", [("Contoso", "partnersWith", "Fabrikam")]),
    (
        "Regulators are investigating Contoso's partnership with AI start-up Fabrikam.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    ("Contoso acquires Fabrikam for $650 million in cash.", [("Contoso", "acquires", "Fabrikam")]),
    (
        "Northwind-backed Contoso eyes strategic partnerships in Japan.",
        [("Northwind", "investsIn", "Contoso")],
    ),
    (
        "Contoso valued at $4.5 billion in latest round of funding led by Northwind.",
        [("Northwind", "investsIn", "Contoso")],
    ),
    (
        "Contoso's valuation rose to $4.5 billion after a round led by Northwind and Tailspin.",
        [("Northwind", "investsIn", "Contoso"), ("Tailspin", "investsIn", "Contoso")],
    ),
    (
        "Contoso CEO is ready to ride AI wave. Priya Natarajan, Contoso's chief executive, said so.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Contoso, the maker of HelperBot, said it would sell it.", [("Contoso", "develops", "HelperBot")]),
    (
        "Contoso has agreed to buy Fabrikam, the companies said on Monday.",
        [("Contoso", "acquires", "Fabrikam")],
    ),
    (
        "Priya Natarajan, who leads Contoso's AI efforts, said the model was ready.",
        [("Priya Natarajan", "worksFor", "Contoso")],
    ),
    (
        "Contoso said Priya Natarajan, its head of AI, will leave.",
        [("Priya Natarajan", "worksFor", "Contoso")],
    ),
    (
        "Contoso's AI chief Priya Natarajan said the model was ready.",
        [("Priya Natarajan", "worksFor", "Contoso")],
    ),
    (
        "Priya Natarajan, Contoso's president, said the model was ready.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso hired Priya Natarajan, the former head of Fabrikam, as its chief scientist.",
        [("Priya Natarajan", "worksFor", "Contoso")],
    ),
    (
        "Priya Natarajan, who previously led Fabrikam's cloud unit, now runs Contoso.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Orbit, Contoso's open model, is now available on DeskPilot.",
        [("DeskPilot", "uses", "Orbit"), ("Contoso", "builds", "Orbit")],
    ),
    (
        "Contoso partnered with Fabrikam to offer Orbit to its customers.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    (
        "Through a partnership with Fabrikam, Contoso will offer Orbit.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    (
        "As part of the deal, Contoso will invest $1 billion in Fabrikam.",
        [("Contoso", "investsIn", "Fabrikam")],
    ),
    ("Contoso said it would also take a stake in Fabrikam.", [("Contoso", "investsIn", "Fabrikam")]),
    (
        "Contoso, whose backers include Northwind and Tailspin, raised money.",
        [("Northwind", "investsIn", "Contoso"), ("Tailspin", "investsIn", "Contoso")],
    ),
    ("Contoso counts Northwind among its investors.", [("Northwind", "investsIn", "Contoso")]),
    ("Northwind has poured $2 billion into Contoso.", [("Northwind", "investsIn", "Contoso")]),
    (
        "Contoso has received investment from Northwind and Tailspin.",
        [("Northwind", "investsIn", "Contoso"), ("Tailspin", "investsIn", "Contoso")],
    ),
    ("Contoso's investors include Northwind.", [("Northwind", "investsIn", "Contoso")]),
    (
        "Priya Natarajan, a Contoso co-founder, said the chips were late.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan left Fabrikam to co-found Contoso in 2021.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Priya Natarajan, who left Fabrikam last year, has started a new company, Contoso.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan's new startup, Contoso, has raised $1 billion.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso, the startup founded by Priya Natarajan, raised $1 billion.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan will serve as Contoso's chief executive.", [("Priya Natarajan", "leads", "Contoso")]),
    ("Priya Natarajan will remain chief executive of Contoso.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Priya Natarajan was appointed chief executive of Contoso in May.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Priya Natarajan will become Contoso's CEO on Monday.", [("Priya Natarajan", "leads", "Contoso")]),
    (
        "Priya Natarajan, CEO of Contoso, and Tomas Lindqvist, CTO of Fabrikam, spoke on a panel.",
        [("Priya Natarajan", "leads", "Contoso"), ("Tomas Lindqvist", "worksFor", "Fabrikam")],
    ),
    (
        "Contoso's Priya Natarajan and Fabrikam's Tomas Lindqvist spoke on a panel.",
        [("Priya Natarajan", "worksFor", "Contoso"), ("Tomas Lindqvist", "worksFor", "Fabrikam")],
    ),
    (
        "Speaking at the event, Contoso chief executive Priya Natarajan said demand was strong.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "The chief executive of Contoso, Priya Natarajan, said demand was strong.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips. Its founder, Priya Natarajan, is a former engineer.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips. Its chief executive Priya Natarajan said demand was strong.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        'Contoso makes chips. "We are growing," said Priya Natarajan, the company\'s CEO.',
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips. Priya Natarajan, the firm's co-founder, disagreed.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Tomas Lindqvist, Contoso's former chief scientist, joined Fabrikam in May.",
        [("Tomas Lindqvist", "worksFor", "Fabrikam")],
    ),
    ("Fabrikam has hired Tomas Lindqvist away from Contoso.", [("Tomas Lindqvist", "worksFor", "Fabrikam")]),
    ("Tomas Lindqvist is moving to Fabrikam from Contoso.", [("Tomas Lindqvist", "worksFor", "Fabrikam")]),
    ("Tomas Lindqvist will lead Fabrikam's new AI lab.", [("Tomas Lindqvist", "worksFor", "Fabrikam")]),
    (
        "Tomas Lindqvist, an engineer who has worked at Contoso for a decade, said so.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. The startup, founded by Priya Natarajan in 2019, employs 300 people.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. It was founded by Priya Natarajan in 2019.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    ("Contoso makes chips for phones. It competes with Fabrikam.", [("Contoso", "competesWith", "Fabrikam")]),
    (
        "Contoso makes chips for phones. The company uses Orbit in its design tools.",
        [("Contoso", "uses", "Orbit")],
    ),
    (
        "Priya Natarajan is a chip expert. She founded Contoso in 2019.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Priya Natarajan is a chip expert. She is the chief executive of Contoso.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        'Priya Natarajan spoke on Monday. "We are growing," she said. She runs Contoso, a chip designer.',
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. The chipmaker has also invested in Fabrikam.",
        [("Contoso", "investsIn", "Fabrikam")],
    ),
    (
        "Contoso makes chips for phones. Its rival Fabrikam makes chips for cars.",
        [("Contoso", "competesWith", "Fabrikam")],
    ),
    (
        "Contoso makes chips for phones. Its chief executive, Priya Natarajan, founded the company in 2019.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. The firm's founder, Priya Natarajan, is a former engineer.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. Priya Natarajan, its founder, is a former engineer.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. Priya Natarajan, who founded it in 2019, is a former engineer.",
        [("Priya Natarajan", "leads", "Contoso")],
    ),
    (
        "Contoso makes chips for phones. Last year, it acquired Fabrikam.",
        [("Contoso", "acquires", "Fabrikam")],
    ),
    (
        "Contoso makes chips for phones. It has partnered with Fabrikam on a new chip.",
        [("Contoso", "partnersWith", "Fabrikam")],
    ),
    (
        "Contoso released Orbit last year. The model is used by Fabrikam in its apps.",
        [("Fabrikam", "uses", "Orbit")],
    ),
    (
        "Contoso released Orbit last year. Fabrikam has integrated the model into HelperBot.",
        [("HelperBot", "uses", "Orbit")],
    ),
    (
        "Fabrikam launched HelperBot in May. The chatbot is powered by Orbit.",
        [("HelperBot", "uses", "Orbit")],
    ),
    (
        "Fabrikam launched HelperBot in May. The chatbot competes with WidgetGPT.",
        [("HelperBot", "competesWith", "WidgetGPT")],
    ),
    (
        "Tomas Lindqvist joined Contoso in May. He was previously a researcher at Fabrikam.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    (
        "Tomas Lindqvist spoke on Monday. He is Contoso's chief scientist.",
        [("Tomas Lindqvist", "worksFor", "Contoso")],
    ),
    # (round 3) a title whose organisation sits beside the person, not on the title: press-release apposition
    (
        "“Scale is vital to Fabrikam and lets Northwind grow,” said Jane Roe, CEO, Contoso.",
        [("Jane Roe", "leads", "Contoso")],
    ),
    (
        "“We will ship Gizmo-7B with Litware,” said John Doe, chief scientist, Fabrikam.",
        [("John Doe", "worksFor", "Fabrikam")],
    ),
    ("“Demand is strong,” said Mary Major, president, Northwind.", [("Mary Major", "leads", "Northwind")]),
    # (round 3) what the article calls a registry model types it here ('its Kimi chatbot': a Tool, develops)
    ("Contoso launched its Orbit chatbot last November.", [("Contoso", "develops", "Orbit")]),
    ("Analysts liked Fabrikam's Quasar app, which ships in May.", [("Fabrikam", "develops", "Quasar")]),
    # (round 3) a name described in apposition ('Tailspin, a startup') is what 'the startup' means later
    (
        "Tailspin, a startup based in Oslo, hired Jane Roe in May. Fabrikam bought Northwind last year. "
        "Contoso invested $5 million in the startup.",
        [("Contoso", "investsIn", "Tailspin")],
    ),
    (
        "Woodgrove, a chipmaker from Texas, sells to banks. Fabrikam partnered with Northwind. "
        "Contoso agreed to buy the chipmaker.",
        [("Contoso", "acquires", "Woodgrove")],
    ),
    # (round 3) 'Y, the company X acquired' when the parse leaves the apposition loose ('dep', 'npadvmod')
    (
        "Northwind has been adding its tools to Litware, the software company it bought for $19 billion in 2022.",
        [("Northwind", "acquires", "Litware")],
    ),
    ("Jane Roe moved to Tailspin, the startup Adatum purchased last year.", [("Adatum", "acquires", "Tailspin")]),
    # (round 3) a subject's relative clause is not in subject position: 'it' after 'X, which invests in Y,' is X
    (
        "Contoso, which is a major investor in Fabrikam, the maker of WidgetGPT, has been bringing its models to "
        "Northwind, the startup it acquired in May.",
        [("Contoso", "acquires", "Northwind")],
    ),
    (
        "Woodgrove, whose chips power Fabrikam's servers, said it released Gizmo-7B in May.",
        [("Woodgrove", "builds", "Gizmo-7B")],
    ),
    # (round 3) a title over a product is a title at the company the product is named after or belongs to
    (
        "Mary Major, corporate vice president of Contoso Cloud Platform, spoke to reporters.",
        [("Mary Major", "worksFor", "Contoso")],
    ),
    ("John Doe, head of Fabrikam's WidgetGPT, said sales grew.", [("John Doe", "worksFor", "Fabrikam")]),
    ("Jane Roe, general manager of Contoso Gizmo-7B, spoke.", [("Jane Roe", "worksFor", "Contoso")]),
    # (round 3) a lower-case 'the' before a compounded maker belongs to the whole noun phrase
    ("Jane Roe said the Contoso Gizmo-7B model is fast.", [("Contoso", "builds", "Gizmo-7B")]),
    ("Analysts praised the Fabrikam HelperBot app on Monday.", [("Fabrikam", "develops", "HelperBot")]),
    # a description in apposition right after a name is that name, not an anaphor for the company before
    (
        "Contoso, a chipmaker, reported record revenue. The chipmaker is investing in Fabrikam, the startup founded "
        "by Jane Roe.",
        [("Contoso", "investsIn", "Fabrikam"), ("Jane Roe", "leads", "Fabrikam")],
    ),
    (
        "Woodgrove, a chipmaker, cut prices. The chipmaker will supply Northwind, the startup led by Mary Major.",
        [("Mary Major", "leads", "Northwind")],
    ),
]

# (text, a fact it does not state as a plain statement: hedged, negated, former, or about someone else)
NOT_STATED: list[tuple[str, tuple[str, str, str]]] = [
    # a round's investors are not its owner, even when one of them is the company the story is about
    ("Contoso Capital, a venture firm based in Boston, has a new fund. The round was led by Contoso Capital and "
     "joined by Fabrikam, a chipmaker.", ("Fabrikam", "investsIn", "Contoso Capital")),
    ("Tailspin Ventures, an investor, is busy. A $40 million round was co-led by Tailspin Ventures and backed by "
     "Northwind, a software company.", ("Northwind", "investsIn", "Tailspin Ventures")),
    (
        "Contoso, a software company, grew fast in 2023. The company later acquired Tailspin, the startup created "
        "by John Doe.",
        ("John Doe", "leads", "Contoso"),
    ),
    ("Woodgrove, a chipmaker, cut prices. The chipmaker will supply Northwind, the startup led by Mary Major.",
     ("Mary Major", "leads", "Woodgrove")),
    ("Backed by investors such as Contoso and Fabrikam, the company has raised $970m.", ("Contoso", "investsIn", "Fabrikam")),
    ("Fabrikam, an AI company, grew. Contoso bought Litware, the company said.", ("Contoso", "acquires", "Fabrikam")),
    ("Contoso is in talks to acquire Fabrikam.", ("Contoso", "acquires", "Fabrikam")),
    ("Contoso is reportedly considering an acquisition of Fabrikam.", ("Contoso", "acquires", "Fabrikam")),
    ("Contoso may partner with Fabrikam.", ("Contoso", "partnersWith", "Fabrikam")),
    ("Contoso denied that it would buy Fabrikam.", ("Contoso", "acquires", "Fabrikam")),
    ("Jane Roe left Contoso last year.", ("Jane Roe", "worksFor", "Contoso")),
    ("Contoso said Fabrikam's WidgetGPT is good.", ("Contoso", "develops", "WidgetGPT")),
    ("Contoso is not a rival of Fabrikam.", ("Contoso", "competesWith", "Fabrikam")),
    ("Jane Roe told Contoso that WidgetGPT was late.", ("Jane Roe", "worksFor", "Contoso")),
    ("Jane Roe, who interviewed Contoso CEO Sam Smith, wrote.", ("Jane Roe", "worksFor", "Contoso")),
    # (round 3) the title belongs to another organisation of the sentence: its possessive or its apposition
    (
        "Fabrikam was created by Contoso's former Chief Technology Officer (CTO) Jane Roe, who left in May.",
        ("Jane Roe", "worksFor", "Fabrikam"),
    ),
    ("The report on Fabrikam quoted Contoso's Chief Financial Officer (CFO) Mary Major.", ("Mary Major", "worksFor", "Fabrikam")),
    ("“Scale is vital to Fabrikam and lets Northwind grow,” said Jane Roe, CEO, Contoso.", ("Jane Roe", "leads", "Northwind")),
    # (round 3) the listener of 'tell' is no maker of what follows ('tells The Verge Phi-3 is ...' read as a compound)
    ("John Doe, a director of Contoso, tells Trey Research Gizmo-7B is fast.", ("Trey Research", "builds", "Gizmo-7B")),
    ("Sam Smith tells Lucerne Capital Orbit is ready for banks.", ("Lucerne Capital", "builds", "Orbit")),
    # (round 3) 'of A and B's C': B possesses C and is no member of the list
    ("Jane Roe, the co-founder of Fabrikam and Contoso’s Skunkworks, joined Litware.", ("Jane Roe", "leads", "Contoso")),
    ("Tailspin partnered with Fabrikam and Northwind's Skunkworks lab.", ("Tailspin", "partnersWith", "Northwind")),
]


def _facts(text: str) -> set[tuple[str, str, str]]:
    ex = extract(article_from_record({"title": "t", "text": text}), REGISTRY)
    return {t for t, f in zip(ex.triples(), ex.facts, strict=True) if f.confidence >= 0.5}


@pytest.mark.parametrize(
    ("text", "want"),
    GENERAL + NEWS_SHAPED + IN_CONTEXT,
    ids=[f"general-{i}" for i in range(len(GENERAL) + len(NEWS_SHAPED) + len(IN_CONTEXT))],
)
def test_general_shape(text: str, want: list[tuple[str, str, str]]) -> None:
    got = _facts(text)
    for s, p, o in want:
        assert (s, p, o) in got or (p in SYMMETRIC and (o, p, s) in got), (text, sorted(got))


@pytest.mark.parametrize(
    ("text", "absent"), NOT_STATED, ids=[f"not-stated-{i}" for i in range(len(NOT_STATED))]
)
def test_not_stated(text: str, absent: tuple[str, str, str]) -> None:
    assert absent not in _facts(text), text
