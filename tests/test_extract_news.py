"""Sentences of news stories written for testing, with real company and product names and the shipped registry:
the parser tags real names differently from invented ones, so some shapes only show with them. None comes from
an article of the dev sets. Each row: the text, a fact it states, and a fact it does not state (scored like the
evaluation, at confidence 0.5 or more).
"""

from __future__ import annotations

import pytest

from .frame_sentences import Triple, confident

NEWS: list[tuple[str, Triple | None, Triple | None]] = [
    # a product's features, requests or queries stand for the product ('Galaxy AI functions', 'Siri requests')
    ("Samsung said some Galaxy AI features run in the cloud. Other Galaxy AI functions are powered by Gauss, the "
     "company's in-house model.", ("Galaxy AI", "uses", "Gauss"), ("Samsung", "uses", "Gauss")),
    ("Under the deal, Apple routes some Siri requests to OpenAI's ChatGPT when users agree.",
     ("Siri", "uses", "ChatGPT"), ("Apple", "uses", "Siri")),
    ("Amazon said Anthropic's Claude handled the majority of Alexa+ requests during internal testing.",
     ("Alexa+", "uses", "Claude"), ("Amazon", "uses", "Alexa+")),
    # 'Alexa+' is a product of its own; what the models it runs on are available through is used too
    ("Under the hood, Alexa+ runs on large language models available through Amazon Bedrock, the company's AI model "
     "marketplace.", ("Alexa+", "uses", "Amazon Bedrock"), ("Amazon Bedrock", "uses", "Alexa+")),
    # a name written before 'PCs' or 'phones' is a device ('Copilot+ PCs')
    ("Microsoft said Copilot+ PCs will run some Phi models locally.", None, ("Copilot+", "uses", "Phi")),
    # 'run pilots of X' is a use ('Rivals' is no given name); 'upgraded to X' a switch; 'co-developed' a creation
    ("Rivals Westpac and National Australia Bank have both run pilots of Microsoft's Copilot assistant with staff.",
     ("Westpac", "uses", "Copilot"), ("Microsoft", "uses", "Copilot")),
    ("Meta said its Meta AI assistant has already been upgraded to Llama 4 in 40 countries.",
     ("Meta AI", "uses", "Llama 4"), None),
    ("In July, Mistral AI co-developed Mathstral, a model for maths reasoning, with Project Numina.",
     ("Mistral AI", "builds", "Mathstral"), None),
    # 'the investment firm founded by X' is no investment of X's
    ("The round was led by Thrive Capital, the New York investment firm founded by Josh Kushner, with participation "
     "from GV.", ("Josh Kushner", "leads", "Thrive Capital"), None),
    # a company form ends its sentence before a capitalised word that is no title; a subject written with its
    # company form ('Fujitsu Ltd.') is a named subject for the pronoun of its relative clause
    ("SoftBank Corp. unit SB Intuitions is developing its Sarashina series, while Fujitsu Ltd. has released Takane, a "
     "model it co-developed with Canadian startup Cohere Inc. KDDI Corp., NTT's rival carrier, acquired Tokyo-based "
     "AI developer ELYZA Inc. last year.", ("KDDI", "acquires", "ELYZA"), ("SB Intuitions", "builds", "Takane")),
    # a subject pronoun after an opening adverbial ('Last year it ...') goes on with the sentence before's subject
    ("Alphabet reported results on Tuesday. Alphabet said its cloud revenue grew, and Alphabet raised its spending "
     "plans. Isomorphic Labs, a drug discovery startup, predicts how molecules bind to proteins. Last year it "
     "co-developed AlphaFold 3 with Google DeepMind.",
     ("Isomorphic Labs", "uses", "AlphaFold 3"), ("Alphabet", "uses", "AlphaFold 3")),
    # a currency code is no company ('$500-million USD funding round')
    ("Toronto-based Cohere has closed a $500-million USD funding round. The round was led by Radical Ventures and "
     "Inovia Capital.", ("Radical Ventures", "investsIn", "Cohere"), ("Radical Ventures", "investsIn", "USD")),
    # the head of an apposition's nouns types it ('the customer service software company'); a name before 'agent'
    # is a product, and its name without 'AI' the same product
    ("Intercom, the customer service software company founded in Dublin, has switched its Fin AI agent to Anthropic's "
     "Claude. Fin was launched in 2023. Intercom competes with Zendesk and Salesforce.",
     ("Intercom", "competesWith", "Salesforce"), ("Fin", "develops", "Fin AI")),
    # a semicolon outside a quotation ends a sentence for the parser
    ("Mistral AI raised money in September. Mistral competes with OpenAI, Anthropic and Google in selling models to "
     "enterprises, though it remains far smaller; OpenAI was last valued at about $300 billion.",
     ("Mistral AI", "competesWith", "Anthropic"), None),
    # an unknown name opening a list of companies is one too ('include Klarna, Replit, ...')
    ("LangChain sells LangSmith, an observability platform. Companies using LangSmith include Klarna, Replit, "
     "Elastic and Cloudflare.", ("Klarna", "uses", "LangSmith"), None),
    # ... but not a person's name the recogniser found ('Kakao CEO Chung Shin-a and OpenAI CEO Sam Altman')
    ("The deal was announced in Seoul by Kakao CEO Chung Shin-a and OpenAI CEO Sam Altman, who arrived on Tuesday.",
     ("Sam Altman", "leads", "OpenAI"), ("Sam Altman", "leads", "Chung Shin")),
    # 'took part in the company's Series D' is a round (a colon ends the clause that named the company), and the
    # story's funded company from then on
    ("OpenAI raised money last year. Runway released a video model on Monday. Nvidia is also a Runway investor: it "
     "took part in the company's $308 million Series D in April. Fidelity and SoftBank's Vision Fund 2 also "
     "participated.", ("Fidelity", "investsIn", "Runway"), ("Fidelity", "investsIn", "OpenAI")),
    # a plural noun the tagger read as a verb, where the parse makes it an argument, is a noun again
    ("Tsai said Alibaba's Qwen models would power Apple Intelligence features on iPhones in the mainland.",
     ("Apple Intelligence", "uses", "Qwen"), None),
    # more company-name endings: 'Samsung Heavy Industries' is a company of its own, not Samsung
    ("Samsung Heavy Industries signed a separate agreement with OpenAI on Wednesday.",
     ("Samsung Heavy Industries", "partnersWith", "OpenAI"), ("Samsung", "partnersWith", "OpenAI")),
    # a model named after its maker is the same model by the rest of its name ('R1' after 'DeepSeek-R1'); 'connected
    # X to Y' is a use
    ("Some WeChat users can switch to a mode powered by DeepSeek-R1. Smartphone maker Honor has connected R1 to its "
     "YOYO assistant.", ("YOYO", "uses", "DeepSeek-R1"), None),
    # a name ends before a preposition no name holds ('AI Adoption at BBVA' is no one organisation)
    ("BBVA will give ChatGPT Enterprise to its staff. For Elena Alfaro, global head of AI Adoption at BBVA, the key "
     "factor was the training.", ("Elena Alfaro", "worksFor", "BBVA"),
     ("Elena Alfaro", "worksFor", "AI Adoption at BBVA")),
    # a description whose noun is a word of a name means that name ('the bank' after 'Deutsche Bank')
    ("Deutsche Bank has signed a deal with OpenAI. OpenAI will provide ChatGPT Enterprise to its staff. The bank's "
     "chief executive, Christian Sewing, called it a turning point.", ("Christian Sewing", "leads", "Deutsche Bank"),
     ("Christian Sewing", "leads", "OpenAI")),
    # a title's organisation is never a name inside a quotation, and 'at X' hung on the person is the title's
    ("\"DeepSeek has changed the calculation for everyone,\" said Zhang Yi, CEO and chief analyst at iiMedia "
     "Research.", ("Zhang Yi", "leads", "iiMedia Research"), ("Zhang Yi", "leads", "DeepSeek")),
    # in a round, 'alongside B' names another investor, not the company invested in
    ("Meta is investing $14.3 billion in Scale AI. Scale AI was founded in 2016 by Alexandr Wang. Its backers include "
     "Accel, Nvidia and Amazon, which joined a $1 billion round last year alongside Meta.", ("Nvidia", "investsIn", "Scale AI"), ("Nvidia", "investsIn", "Meta")),
    # an ambiguous registry name opening a sentence is a name before ', which'; a model built on another says its
    # maker uses the other (beside the model's basedOn)
    ("Perplexity, which started out as a thin layer over OpenAI's GPT-3.5, switched its default answers to its own "
     "Sonar models, built on Meta's Llama.", ("Perplexity", "uses", "Llama"), ("OpenAI", "builds", "Sonar")),
    # 'the models were made available through A, B and C' (the passive subject; the preposition on 'made')
    ("Meta released Llama 4 on Saturday. The models were also made available on day one through Amazon Web "
     "Services, Microsoft Azure, Google Cloud, Databricks and Snowflake.", ("Databricks", "uses", "Llama 4"), None),
    # a list member the parse hung on a version number ('Claude Sonnet 4.5 and GPT-5')
    ("Cursor has largely relied on models from Anthropic and OpenAI, such as Claude Sonnet 4.5 and GPT-5.",
     ("Cursor", "uses", "GPT-5"), None),
    # an unknown first word is a company before ', co-founded by' (and the subject the parse read as an adverb)
    ("Poolside, co-founded by former GitHub chief technology officer Jason Warner and Eiso Kant, raised $500 million "
     "last year.", ("Eiso Kant", "leads", "Poolside"), None),
    # 'hire X ... into Y': the people work for the unit they are hired into
    ("Google struck a $2.4 billion deal to license Windsurf's technology and hire CEO Varun Mohan, co-founder Douglas "
     "Chen and a group of researchers into Google DeepMind.", ("Douglas Chen", "worksFor", "Google DeepMind"), None),
    # ... but not a second object the parse made of a list: 'build X into Siri and its other Apple Intelligence features'
    ("The filing argues that Apple's decision to build OpenAI's ChatGPT into Siri and its other Apple Intelligence "
     "features gave the chatbot a head start.", ("Siri", "uses", "ChatGPT"), ("Siri", "uses", "Apple Intelligence")),
    # 'chief executive/ADJ X said' at the end of a long sentence: the title still leads the sentence's company
    ("Klarna, the Swedish buy-now-pay-later company, is hiring human customer-service agents again after relying on an "
     "OpenAI-powered assistant to handle most chats, chief executive Sebastian Siemiatkowski said.",
     ("Sebastian Siemiatkowski", "leads", "Klarna"), ("Sebastian Siemiatkowski", "leads", "OpenAI")),
    # a chip is no company, so 'the chipmaker' is Nvidia
    ("Nvidia reported record quarterly revenue of $35.1 billion on Wednesday, driven by demand for its Hopper and "
     "Blackwell chips. Chief financial officer Colette Kress said Blackwell production was ramping. The chipmaker "
     "faces growing competition from AMD.", ("Nvidia", "competesWith", "AMD"), ("Colette Kress", "leads", "Nvidia")),
    # 'its' in a sentence whose names stand in asides of a person's past
    ("Mira Murati has launched a new AI startup called Thinking Machines Lab. Barret Zoph, a former OpenAI research "
     "executive, is its chief technology officer.", ("Barret Zoph", "worksFor", "Thinking Machines Lab"), None),
    # a named model has one maker: 'Google and OpenAI's ChatGPT search'
    ("Perplexity raised money in May. The startup competes with Google and OpenAI's ChatGPT search.",
     ("Perplexity", "competesWith", "Google"), ("Google", "develops", "ChatGPT")),
    # a pronoun opening a sentence continues the sentence before's subject
    ("Stellantis will integrate Le Chat into its vehicles, the carmaker said. Mistral, valued at about 12 billion "
     "euros, counts Microsoft among its investors. Its chief executive, Arthur Mensch, previously worked at Google "
     "DeepMind.", ("Arthur Mensch", "leads", "Mistral AI"), ("Arthur Mensch", "leads", "Stellantis")),
    # 'Alibaba' is not 'Alibaba Cloud'
    ("Alibaba Cloud released Qwen3 on Monday. Eddie Wu, Alibaba's chief executive, has pledged to spend $53 billion on "
     "AI infrastructure.", ("Eddie Wu", "leads", "Alibaba"), ("Eddie Wu", "leads", "Alibaba Cloud")),
    # 'led by' hung on 'the investors in Y's round': the round's company is the investee
    ("MGX, the Abu Dhabi technology investment firm, is among the investors in OpenAI's $40 billion funding round led "
     "by SoftBank, people familiar with the matter said.", ("SoftBank", "investsIn", "OpenAI"),
     ("SoftBank", "investsIn", "MGX")),
    # 'A, B and C also invested': in the round just described
    ("Cohere sells its Command models to businesses. The company's latest funding round, led by Radical Ventures and "
     "Inovia Capital, valued it at $6.8 billion. Nvidia, Salesforce Ventures and Cisco also invested.",
     ("Cisco", "investsIn", "Cohere"), None),
    # a verb the parse coordinated with the object noun ('has eight employees and runs/conj on X')
    ("Wix has acquired Base44, a six-month-old Israeli startup. Base44, founded by Maor Shlomo, has eight employees and "
     "runs on Anthropic's Claude models.", ("Base44", "uses", "Claude"), ("Wix", "uses", "Claude")),
    # 'including X' hung on the organisation after a plural title
    ("Analysts at Morgan Stanley, including Erik Woodring, said the change was overdue.",
     ("Erik Woodring", "worksFor", "Morgan Stanley"), None),
    # a first word the tagger reads as a common word ('Poolside/ADV'), called a startup right after
    ("Poolside, a Paris- and San Francisco-based startup that builds AI models for software development, has raised "
     "$500 million from investors led by Bain Capital Ventures, with participation from eBay Ventures and Nvidia.",
     ("Nvidia", "investsIn", "Poolside"), ("Nvidia", "investsIn", "Bain Capital Ventures")),
    ("Amazon's self-driving unit Zoox will use Nvidia's Drive platform and its Cosmos models to train the software for "
     "its robotaxis, the companies said.", ("Nvidia", "builds", "Cosmos"), ("Amazon", "builds", "Cosmos")),
    # a list of products, each with its own maker
    ("The app now offers Google's Imagen 4 and Veo 3, OpenAI's GPT image model and Flux from Black Forest Labs.",
     ("Black Forest Labs", "builds", "Flux"), ("Black Forest Labs", "builds", "Imagen 4")),
    ("The app now offers Google's Imagen 4 and Veo 3, OpenAI's GPT image model and Flux from Black Forest Labs.",
     ("Google", "builds", "Imagen 4"), ("OpenAI", "builds", "Imagen 4")),
    # 'runs' read as a plural noun after a product noun: still the verb; 'a mix of models, including A and B' is A and B
    ("Mistral AI said its Le Chat assistant had a million downloads. Its Le Chat assistant runs on Mistral Large.",
     ("Le Chat", "uses", "Mistral Large"), None),
    ("Perplexity's answer engine runs on a mix of models, including OpenAI's GPT-4o and Anthropic's Claude 3.5 Sonnet.",
     ("Perplexity", "uses", "GPT-4o"), ("OpenAI", "uses", "GPT-4o")),
    ("Oracle shares surged on Wednesday. The agreement is part of Stargate, the data center venture that OpenAI formed "
     "with SoftBank and Oracle in January.", ("OpenAI", "partnersWith", "Oracle"), ("Stargate", "partnersWith", "Oracle")),
    # a known product's name with an edition word is another product ('Copilot Studio', 'Claude Code')
    ("Microsoft sells Copilot to businesses. Claude models will also be available in Copilot Studio, the company's tool "
     "for building agents.", ("Copilot Studio", "uses", "Claude"), ("Copilot", "uses", "Claude")),
    ("Anthropic's Claude Code is a coding tool. It runs on Claude models.", ("Anthropic", "develops", "Claude Code"),
     ("Anthropic", "builds", "Claude Code")),
    # 'its Bing search engine': the name compounded to the first word of a two-word product noun
    ("Microsoft integrated GPT-4 into its Bing search engine.", ("Bing", "uses", "GPT-4"), None),
    # an ambiguous registry name opening a sentence is a name when a business verb follows it ('Apple chose')
    ("Apple chose Google's Gemini to power the new Siri.", ("Apple", "uses", "Gemini"), None),
    # 'has lagged behind A and B': a rivalry
    ("Apple has lagged behind Google and Microsoft in generative AI.", ("Apple", "competesWith", "Microsoft"), None),
    # 'by four MIT graduates: A, B, C and D': the list after the colon is the noun's
    ("Anysphere was founded in 2022 by four MIT graduates: Michael Truell, Sualeh Asif, Arvid Lunnemark and Aman "
     "Sanger.", ("Aman Sanger", "leads", "Anysphere"), None),
    # testing a product is no making of it
    ("Apple has reached a formal agreement with Google to evaluate and test a Gemini model for its revamped Siri voice "
     "assistant.", None, ("Apple", "builds", "Gemini")),
    ("Mercedes-Benz began testing ChatGPT in its MBUX system last year.", None, ("Mercedes-Benz", "develops", "ChatGPT")),
    # 'A, B and C, whose R1 model': the name right before 'whose' owns the product
    ("OpenAI is under pressure from rivals including Google, Anthropic and DeepSeek, whose R1 model matched OpenAI's o1 "
     "at a fraction of the cost.", ("DeepSeek", "builds", "R1"), ("Google", "builds", "R1")),
    # a capitalised title before a name the NER cut to its surname; the title read once, on the name's company
    ('"Mistral AI brings AI that is sovereign, open and close to the needs of industrial customers," ASML Chief '
     "Executive Christophe Fouquet said in a statement.", ("Christophe Fouquet", "leads", "ASML"),
     ("Christophe Fouquet", "worksFor", "Mistral AI")),
    # 'the two companies' again, with investors named in between; a partnership 'under which' one uses something
    ("ASML has led a funding round in Mistral AI, the two companies said on Tuesday. Existing backers Nvidia, "
     "Andreessen Horowitz and General Catalyst also took part in the round, as did DST Global. The two companies also "
     "signed a strategic partnership under which ASML will use Mistral's models.",
     ("ASML", "partnersWith", "Mistral AI"), ("Nvidia", "partnersWith", "Mistral AI")),
    ("ASML has led a funding round in Mistral AI, the two companies said on Tuesday. Existing backers Nvidia, "
     "Andreessen Horowitz and General Catalyst also took part in the round, as did DST Global.",
     ("DST Global", "investsIn", "Mistral AI"), None),
    # a name the tagger read as an adverb before its apposition ('Anysphere/RB, the startup behind ...')
    ("Anysphere, the startup behind the wildly popular AI code editor Cursor, has raised $900 million in a round led "
     "by Thrive Capital.", ("Anysphere", "develops", "Cursor"), None),
    # 'models — A and B among them': examples after a dash; 'X rival Y' with the adjective compounded to the name
    ("The editor, a fork of Microsoft's VS Code, lets developers hand off whole chunks of work to AI agents, and it "
     "leans heavily on frontier models from outside labs — Anthropic's Claude Sonnet 4 and OpenAI's GPT-4.1 among them.",
     ("Anthropic", "builds", "Claude Sonnet 4"), ("Microsoft", "uses", "GPT-4.1")),
    ("Investors love Cursor, which reportedly crossed $500 million in annualized revenue. The editor, a fork of "
     "Microsoft's VS Code, lets developers hand off whole chunks of work to AI agents, and it leans heavily on frontier "
     "models from outside labs — Anthropic's Claude Sonnet 4 and OpenAI's GPT-4.1 among them — though the company has "
     "been training some smaller in-house models, too.", ("Cursor", "uses", "GPT-4.1"), None),
    # 'Among new investors is X': the copula's subject after it
    ("Sakana AI has completed Series B funding of about 20 billion yen. The round was led by Mitsubishi UFJ Financial "
     "Group. Among new investors is Santander Group of Spain.", ("Santander Group", "investsIn", "Sakana AI"),
     ("Santander Group", "investsIn", "Mitsubishi UFJ Financial Group")),
    ("OpenAI reportedly came close to buying Cursor rival Windsurf for about $3 billion before that deal fell apart.",
     ("Windsurf", "competesWith", "Cursor"), None),
    # 'startup' is read as the noun it is (the tagger took it for a verb in one sentence of five)
    ("Amazon has agreed to invest up to $4 billion in the AI startup Anthropic.", ("Amazon", "investsIn", "Anthropic"),
     None),
    ("Microsoft has hired Mustafa Suleyman and Karén Simonyan, the two co-founders of the AI startup Inflection AI, to "
     "lead a new organisation called Microsoft AI.", ("Karén Simonyan", "leads", "Inflection AI"),
     ("Karén Simonyan", "leads", "Microsoft")),
    # 'Moonshot' after 'Moonshot AI' is the company; 'Thinking' versions a model; 'K2 Thinking' ends its name
    ("Beijing-based start-up Moonshot AI has released a new model. Kimi K2 Thinking, which Moonshot published on "
     "Hugging Face last week, scored 44.9 per cent. Moonshot, founded in 2023 by Yang Zhilin, is backed by Alibaba "
     "and Tencent. Artificial Analysis ranked K2 Thinking as the strongest open-weight model it had tested.",
     ("Tencent", "investsIn", "Moonshot AI"), ("K2 Thinking", "competesWith", "Kimi K2 Thinking")),
    ("Beijing-based start-up Moonshot AI has released a new model. Kimi K2 Thinking, which Moonshot published on "
     "Hugging Face last week, scored 44.9 per cent.", ("Moonshot AI", "builds", "Kimi K2 Thinking"), None),
    # 'Opus 4.5' after 'Claude Opus 4.5' is that model
    ("Anthropic on Monday released Claude Opus 4.5, its newest flagship model. Opus 4.5 is available today through "
     "Anthropic's API and on Amazon Bedrock.", ("Amazon Bedrock", "uses", "Claude Opus 4.5"), None),
    # "Musk's AI startup/nsubj xAI/nsubj sued": the possessive's company noun describes the name after it
    ("Elon Musk's artificial intelligence startup xAI sued Apple and OpenAI in a U.S. federal court in Texas on "
     "Monday.", ("Elon Musk", "leads", "xAI"), ("Elon Musk", "leads", "Apple")),
    # the maker named as a product's owner does not use it there; the product it goes into does
    ("The lawsuit claims Apple's 2024 partnership with OpenAI, which integrated OpenAI's ChatGPT into Siri, Apple's "
     "voice assistant, has locked rival chatbots out.", ("Siri", "uses", "ChatGPT"), ("OpenAI", "uses", "ChatGPT")),
    ("Samsung also uses its own Gauss model for some tasks, the company said.", ("Samsung", "uses", "Gauss"), None),
    # a dateline's place named again is no company ('(dpa-AFX)' agencies too); 'Gruppe' ends a company's name;
    # 'together with' on the verb adds subjects
    ("HEIDELBERG (dpa-AFX) - The Heidelberg artificial intelligence company Aleph Alpha is deepening its cooperation "
     "with Schwarz Digits.", ("Aleph Alpha", "partnersWith", "Schwarz Digits"),
     ("Heidelberg", "partnersWith", "Schwarz Digits")),
    ("Aleph Alpha raised money. The Schwarz Gruppe had already participated in the financing round of over 500 million "
     "US dollars in November 2023, together with Bosch Ventures, SAP and Hewlett Packard Enterprise.",
     ("Hewlett Packard Enterprise", "investsIn", "Aleph Alpha"), None),
    # 'with A, B and C also taking part' where the parse hung 'with' on the lead investor's name
    ("Skild AI, founded in 2023 by Carnegie Mellon University professors Deepak Pathak and Abhinav Gupta, announced "
     "the Series B round on Monday. The investment was led by Japan's SoftBank Group, with Nvidia's venture arm "
     "NVentures, Lightspeed Venture Partners, Coatue, Sequoia Capital and Bezos Expeditions, the investment firm of "
     "Amazon founder Jeff Bezos, also taking part, according to a news release from the company.",
     ("Coatue", "investsIn", "Skild AI"), None),
    ("Hugging Face said on Tuesday it was expanding its partnership with Google Cloud, giving developers on its "
     "platform faster access to Google's TPUs and Vertex AI.", None, ("Google Cloud", "uses", "Vertex AI")),
    # 'Altman and Greg Brockman' after 'Sam Altman': a known surname shares no other
    ("The board ousted CEO Sam Altman on Friday. Microsoft then hired Altman and Greg Brockman, an OpenAI co-founder.",
     ("Greg Brockman", "leads", "OpenAI"), ("Altman Brockman", "leads", "OpenAI")),
    # 'with A, B and C among the other backers'
    ("Thinking Machines Lab, which Murati founded in early 2025, raised a $2 billion seed round led by Andreessen "
     "Horowitz at a $12 billion valuation, with Nvidia, AMD, Cisco and Accel among the other backers.",
     ("Cisco", "investsIn", "Thinking Machines Lab"), ("Cisco", "investsIn", "Andreessen Horowitz")),
    # 'with A, B and C piling in'
    ("Black Forest Labs, the German image-generation startup behind the FLUX models, has closed a $300m Series B at a "
     "$3.25bn post-money valuation. Salesforce Ventures led the round, with Andreessen Horowitz, General Catalyst and "
     "NVentures, Nvidia's venture arm, piling in.", ("General Catalyst", "investsIn", "Black Forest Labs"), None),
    # 'Rival X' opening a sentence: the story's company's rival
    ("Infosys has rolled out Microsoft's Copilot to about 20,000 of its employees, the IT services company said. "
     "Rival Tata Consultancy Services has partnered with Nvidia to train 50,000 staff on AI.",
     ("Tata Consultancy Services", "competesWith", "Infosys"), ("Tata Consultancy Services", "competesWith", "Nvidia")),
    ("Infosys has rolled out Microsoft's Copilot to about 20,000 of its employees, the IT services company said. "
     "HCLTech, another competitor, works with Google Cloud on Gemini deployments.",
     ("HCLTech", "competesWith", "Infosys"), ("HCLTech", "competesWith", "Google Cloud")),
    # 'a blend of models including A and B'
    ("Ask Bixby about a ramen spot nearby and the answer comes from Perplexity, which itself leans on a blend of models "
     "including its in-house Sonar and OpenAI's GPT-5.", ("Perplexity", "uses", "GPT-5"), None),
    # 'Anysphere/RB, the startup behind ...' still describes Anysphere as a startup (the parse made the description
    # the subject; only a name in a phrase of its own, 'like OpenAI, the company', is not described)
    ("Anysphere, the startup behind the wildly popular AI coding editor Cursor, has raised $900 million at a $9.9 "
     "billion valuation. Thrive Capital led the round, and OpenAI also invested. Backers said the startup will hire "
     "Michael Truell as chief scientist.", ("Michael Truell", "worksFor", "Anysphere"), None),
    # a city dateline with a colon ('HYDERABAD:') is no common noun the company stands in apposition to
    ("HYDERABAD: Chennai-headquartered Apollo Hospitals Enterprise Ltd on Monday announced that it will deploy "
     "MedGemma, the open medical AI model of Google, across its more than 70 hospitals for preparing discharge "
     "summaries.", None, ("Google", "uses", "MedGemma")),
    # a new clause after a colon is no list the noun before it names
    ("He is the latest high-profile recruit in Meta CEO Mark Zuckerberg's very expensive hiring spree: Bloomberg "
     "reported that Meta offered him a package worth more than $200 million over several years.",
     ("Mark Zuckerberg", "leads", "Meta"), ("Mark Zuckerberg", "leads", "Bloomberg")),
    # 'A and B, another Google Brain alumnus': the nearest name's; 'joined as chief AI officer' after a relative
    # clause about the person's past employer: the story's company
    ("He started Cohere in 2019 with Ivan Zhang and Nick Frosst, another Google Brain alumnus, and has spent the years "
     "since steering it away from consumer chatbots.", ("Nick Frosst", "worksFor", "Google Brain"),
     ("Ivan Zhang", "worksFor", "Google Brain")),
    ("In August, Cohere raised $500 million at a $6.8 billion valuation. The company has also been hiring. Joelle "
     "Pineau, who ran Meta's FAIR research lab for eight years, joined as chief AI officer the same month.",
     ("Joelle Pineau", "worksFor", "Cohere"), None),
    # 'under co-founder and chief executive Robin Li': the name the parse left loose after coordinated titles
    ("Baidu reported a 7 per cent drop in third-quarter revenue on Tuesday, but the Beijing-based search giant said "
     "sales from its artificial intelligence products grew by more than half, underscoring a painful transition under "
     "co-founder and chief executive Robin Li.", ("Robin Li", "leads", "Baidu"), None),
    # 'the ChatGPT maker': the known maker of the product the description names, when the article names it
    ("Microsoft has invested in OpenAI. Alphabet also owns a stake of about 14% in the ChatGPT maker.",
     ("Alphabet", "investsIn", "OpenAI"), None),
    ("Alphabet also owns a stake of about 14% in Anthropic. Amazon has invested in the Claude maker too.",
     ("Amazon", "investsIn", "Anthropic"), None),
    ("Amazon has invested in the Claude maker too.", None, ("Amazon", "investsIn", "Claude")),
    # a known product rolled out by a company the article does not call its maker: used, not made
    ("The deal comes as European banks race to put generative AI to work. Lloyds Banking Group has rolled out "
     "Microsoft 365 Copilot to thousands of staff.", ("Lloyds Banking Group", "uses", "Microsoft 365 Copilot"),
     ("Lloyds Banking Group", "develops", "Microsoft 365 Copilot")),
    # a place as the subject with the company in apposition ('Mountain View, California-based Moveworks, ... has
    # raised'): the company continues into 'Its assistant' of the next sentence
    ("March 10 (Reuters) - ServiceNow said on Monday it would acquire Moveworks for $2.85 billion in cash "
     "and stock, the largest deal in the software company's history, as it races to put AI agents at the "
     "center of how employees get help at work. Mountain View, California-based Moveworks, founded in 2016"
     " by Bhavin Shah, Vaibhav Nivargi, Varun Singh and Jiang Chen, has raised about $315 million from "
     "backers including Kleiner Perkins, Lightspeed Venture Partners, Tiger Global and Bain Capital "
     "Ventures. Its assistant, which is used by nearly 10% of Fortune 500 companies including Toyota and "
     "Palo Alto Networks, runs on a mix of its own fine-tuned models and OpenAI's GPT-4o, according to the"
     " company's website.",
     ("Moveworks", "uses", "GPT-4o"), ("ServiceNow", "uses", "GPT-4o")),
    # a name that is (or owns) the apposition itself still may be what a later pronoun means
    ("Salesforce agreed to acquire Informatica for about $8 billion. The deal, Salesforce's largest since it bought "
     "Slack in 2021, will give it tools to organize the data that its Agentforce AI agents rely on.",
     ("Salesforce", "acquires", "Slack"), ("Informatica", "acquires", "Slack")),
    # an acronym in brackets is the name before it; 'Unlike OpenAI, the company ...' does not describe OpenAI
    ("The round was led by Mitsubishi UFJ Financial Group (MUFG), which is already a customer of Sakana AI. "
     "MUFG invested in the startup last year.", ("Mitsubishi UFJ Financial Group", "investsIn", "Sakana AI"),
     ("MUFG", "investsIn", "Sakana AI")),
    ("Sakana AI raised money from Nvidia. Different from big American labs like OpenAI, the company concentrates on "
     "small models. Ren Ito, who is COO, said the company will open an office in the United States.",
     ("Ren Ito", "worksFor", "Sakana AI"), ("Ren Ito", "worksFor", "OpenAI")),
    # 'in (large) part by': the agent the parse hung on 'part'
    ("The new Alexa is powered in part by Anthropic's Claude models.", ("Alexa", "uses", "Claude"), None),
    ("Perplexity's answer engine is driven in large part by Meta's Llama models, the company said.",
     ("Perplexity", "uses", "Llama"), None),
    # 'A led the round, with participation from B': B invests in the round's company, never in A
    ("Figure AI raised $675 million on Thursday. SoftBank led the round, with participation from Nvidia and Microsoft.",
     ("Nvidia", "investsIn", "Figure"), ("Nvidia", "investsIn", "SoftBank")),
    ("SoftBank led the round, with participation from Nvidia and Microsoft.", None, ("Nvidia", "investsIn", "SoftBank")),
    # 'its' in 'counts A and B among its investors' is the clause's subject, not one of the names
    ("The startup counts Microsoft and Nvidia among its investors.", None, ("Nvidia", "investsIn", "Microsoft")),
    # a product name with a plus; a person after 'by' described by a title; a list's first member the parse hung
    ("The new assistant, called Alexa+, was unveiled on Wednesday by Panos Panay, Amazon's head of devices. "
     "OpenAI's ChatGPT, Google's Gemini assistant and Apple's Siri are all competing with Alexa+ for customers.",
     ("ChatGPT", "competesWith", "Alexa+"), ("Gemini", "competesWith", "Siri")),
    ("The new assistant, called Alexa+, was unveiled on Wednesday by Panos Panay, Amazon's head of devices.",
     ("Panos Panay", "worksFor", "Amazon"), None),
    # a description opening a clause after ', and' means the earlier clause's object, not its subject (which would
    # go on as a pronoun)
    ("Amazon has invested $8 billion in Anthropic since 2023, and the San Francisco-based company uses Amazon Web "
     "Services as its primary cloud.", ("Anthropic", "uses", "Amazon Web Services"),
     ("Amazon", "uses", "Amazon Web Services")),
    ("Meta has agreed to pay $14.3 billion for a stake in Scale AI, and as part of the bargain the data-labeling "
     "outfit's founder and CEO Alexandr Wang is heading to Menlo Park.", None, ("Alexandr Wang", "leads", "Meta")),
    # the short name of an 'X AI' company, where the NER found it on its own, is that company
    ("Meta bought a stake in Scale AI. The deal values Scale at more than $29 billion. Jason Droege, the startup's "
     "chief strategy officer, steps up as interim CEO.", ("Jason Droege", "worksFor", "Scale AI"),
     ("Jason Droege", "worksFor", "Meta")),
    # a stock listing in brackets: no exchange is an entity, the ticker is the company's name
    ("Investing.com -- Advanced Micro Devices Inc (NASDAQ:AMD) shares soared 24% in premarket trading Monday after "
     "the chipmaker struck a deal to supply OpenAI with processors, a win analysts said validates AMD as a credible "
     "alternative to Nvidia Corporation (NASDAQ:NVDA).", ("AMD", "competesWith", "Nvidia"),
     ("AMD", "competesWith", "NASDAQ")),
    ("Salesforce (NYSE:CRM) shares climbed about 4% in extended trading Wednesday after the cloud software company "
     "raised its outlook and said its Agentforce AI agents were finally showing up in the numbers.",
     ("Salesforce", "develops", "Agentforce"), ("NYSE", "develops", "Agentforce")),
    ("Anthropic raised money. It counts Amazon (AMZN) and Alphabet's (GOOGL) Google among its largest strategic "
     "backers.", ("Google", "investsIn", "Anthropic"), ("GOOGL", "investsIn", "Anthropic")),
    # the dash of an aside before 'which': the clause is about the name before the dash
    ("Despite pressure for his reinstatement at OpenAI, Microsoft — which pledged an estimated $13 billion investment "
     "in OpenAI earlier this year — said Altman would lead a new team.", ("Microsoft", "investsIn", "OpenAI"), None),
    # a conjunct with a title of its own does not share the title before the list
    ("Altman was joined by Oracle co-CEO Clay Magouyrk, Crusoe CEO Chase Lochmiller and U.S. Sen. Ted Cruz on the "
     "tour.", ("Chase Lochmiller", "leads", "Crusoe"), ("Ted Cruz", "leads", "Crusoe")),
    # a title after a capitalised name the article does not know is that organisation's: no guess at another one
    ("Elon Musk's xAI has switched on its supercomputer in Memphis. Memphis Light, Gas and Water President and CEO "
     "Doug McGowen said the utility has approved 150 megawatts for the site and that xAI has agreed to build a "
     "wastewater recycling plant.", None, ("Doug McGowen", "leads", "xAI")),
    # a dateline with a state's abbreviation and a station's call sign names no company
    ("MEMPHIS, Tenn. (WREG) — Elon Musk's artificial intelligence company xAI has switched on what it calls the "
     "world's largest supercomputer.", ("Elon Musk", "leads", "xAI"), ("Elon Musk", "leads", "WREG")),
    # a company's name and one more word the NER calls a person is the company's product; its short name later
    ("Snowflake is bringing Mistral's models to customers through Snowflake Cortex. Cortex already gives customers "
     "access to Meta's Llama 2.", ("Snowflake Cortex", "uses", "Llama 2"), None),
    # 'rivals X' as the subject of a clause inside another: rivals of the outer clause's subject
    ("Apple's sales in China fell 11% in the quarter, while domestic rivals Huawei and Xiaomi gained ground.",
     ("Xiaomi", "competesWith", "Apple"), None),
    ("Meta released Llama 4 in April. Since then the company has watched rivals OpenAI, Google and Anthropic pull "
     "ahead.", ("OpenAI", "competesWith", "Meta"), None),
    # 'the ChatGPT maker' resolved to a name the article gives: the text says that name makes ChatGPT
    ("OpenAI has signed a deal with Walmart. Shoppers will be able to buy items inside ChatGPT, using a standard the "
     "ChatGPT maker developed with Stripe.", ("OpenAI", "develops", "ChatGPT"), None),
    # a list member's whole name (compounds of compounds, a title word inside an organisation's name); a name stops
    # at a bracket
    ("Aleph Alpha has raised $500 million in a Series B round. The round is led by Innovation Park Artificial "
     "Intelligence (Ipai), Bosch Ventures and the Schwarz Group. SAP, Hewlett Packard Enterprise, Christ&Company "
     "Consulting and Burda Principal Investments are also taking part, the company said.", ("Burda Principal Investments", "investsIn", "Aleph Alpha"),
     ("Investments", "investsIn", "Aleph Alpha")),
    ("Aleph Alpha has raised $500 million in a Series B round. The round is led by Innovation Park Artificial "
     "Intelligence (Ipai), Bosch Ventures and the Schwarz Group.", ("Innovation Park Artificial Intelligence", "investsIn", "Aleph Alpha"), None),
    # a product's name the NER calls a person ('App Store'); a lower-case tier after a hyphen ('Doubao-1.5-pro')
    ("DeepSeek's R1 model sent the company's free AI assistant to the top of Apple's US App Store, overtaking ChatGPT.",
     ("Apple", "develops", "App Store"), ("App Store", "worksFor", "Apple")),
    ("TikTok owner ByteDance last week released Doubao-1.5-pro, which it said outperformed OpenAI's o1.",
     ("ByteDance", "builds", "Doubao-1.5-pro"), ("ByteDance", "builds", "Doubao-1.5")),
    # 'among the partners' with no one named whose: the story's company's partners
    ("Meta released Llama 3.1 last month. Google Cloud, Microsoft, Groq, Dell and Snowflake are among the partners "
     "that now offer Llama 3.1.", ("Groq", "partnersWith", "Meta"), None),
    ("Nvidia unveiled its Rubin platform on Monday. Foxconn and Wistron were among the partners showing servers built "
     "on the chips.", ("Foxconn", "partnersWith", "Nvidia"), None),
    # a title in the singular is one person's, in a compound or in apposition after a list
    ("Altman was also scheduled to meet SK Group Chairman Chey Tae-won, Samsung Electronics Chairman Lee Jae-yong and "
     "Son Masayoshi, chairman of Japan's SoftBank Group, according to industry sources.",
     ("Son Masayoshi", "leads", "SoftBank"), ("Lee Jae-yong", "leads", "SoftBank")),
    ("Altman was also scheduled to meet SK Group Chairman Chey Tae-won, Samsung Electronics Chairman Lee Jae-yong and "
     "Son Masayoshi, chairman of Japan's SoftBank Group, according to industry sources.",
     ("Chey Tae-won", "leads", "SK Group"), ("Son Masayoshi", "leads", "SK Group")),
    # a bare public office before a name is no title at the sentence's company
    ("In January 2024, a robocall mimicking President Joe Biden's voice was traced to an ElevenLabs account, prompting "
     "the startup to ban the user.", None, ("Joe Biden", "leads", "ElevenLabs")),
    # a name in a list of investors is less salient than the company the story is about
    ("That company, Runway, has since become one of the most watched names in generative video. On Thursday it said it "
     "had raised $308 million in a round led by General Atlantic. Fidelity Management & Research, Baillie Gifford, "
     "Nvidia and SoftBank Vision Fund 2 also participated. Google, Nvidia and Salesforce Ventures had backed the "
     "company in a 2023 round.", ("Salesforce Ventures", "investsIn", "Runway"),
     ("Salesforce Ventures", "investsIn", "Fidelity Management & Research")),
    # 'A's own X models and Y from B': the 'from' phrase is the last conjunct's; a hosting service's examples are
    # hosted there, not made by its owner
    ("Under the hood, Alexa+ draws on multiple large language models available through Amazon Bedrock, the company's "
     "cloud AI service, including Amazon's own Nova models and Claude from Anthropic, the San Francisco startup in "
     "which Amazon has invested $8 billion.", ("Anthropic", "builds", "Claude"), ("Anthropic", "builds", "Nova")),
    ("Under the hood, Alexa+ draws on multiple large language models available through Amazon Bedrock, the company's "
     "cloud AI service, including Amazon's own Nova models and Claude from Anthropic, the San Francisco startup in "
     "which Amazon has invested $8 billion.", ("Amazon", "builds", "Nova"), ("Amazon", "builds", "Claude")),
    # a title after a field word compounded to the organisation ('Apple software chief X')
    ("Apple said it would pay OpenAI for access to its models. Apple software chief Craig Federighi told the audience "
     "at the company's annual developer conference that other models could follow.",
     ("Craig Federighi", "worksFor", "Apple"), ("Craig Federighi", "worksFor", "OpenAI")),
    # 'it' as the object of a verb of use is a model or a tool, not the company named before
    ("Google released Gemini 3 on Tuesday. Developers can access it through AI Studio and Vertex AI.",
     ("Vertex AI", "uses", "Gemini 3"), None),
    ("Salesforce launched Agentforce in October. Customers can run it on OpenAI's GPT-4o, the company said.",
     ("Agentforce", "uses", "GPT-4o"), ("Salesforce", "uses", "GPT-4o")),
    # a product that offers a model uses it (a company that offers one may only host it)
    ("Microsoft updated Copilot on Monday. Copilot now offers Anthropic's Claude models alongside GPT-4o.",
     ("Copilot", "uses", "Claude"), None),
    # a given name the NER left out before a surname; an apposition the parse lost; a job before a name the NER
    # called an organisation
    ("ASML will invest in Mistral AI. For Christophe Fouquet, ASML's chief executive, the alliance can bring clear "
     "benefits to customers.", ("Christophe Fouquet", "leads", "ASML"), None),
    ("\"Walmart is going where the traffic is,\" said Oppenheimer analyst Rupesh Parikh.",
     ("Rupesh Parikh", "worksFor", "Oppenheimer"), None),
    # a product's name with a leader's title after it is the company of that name in this article
    ("Google is paying $2.4 billion to license Windsurf's technology. Windsurf CEO Varun Mohan and a small group of "
     "researchers are joining Google DeepMind.", ("Varun Mohan", "leads", "Windsurf"), None),
    # a given name that also opens sentences ('Will') stays in a person's name
    ("\"Without AI, Apple is at a real disadvantage in China,\" said Will Wong, a senior research manager at IDC.",
     ("Will Wong", "worksFor", "IDC"), None),
    # the name after 'analyst at' is a firm, also when the NER read its last word as a person
    ("\"It's going to come down to trust,\" said Avi Greengart, lead analyst at Techsponential.",
     ("Avi Greengart", "worksFor", "Techsponential"), None),
    ("\"This is less about chips,\" said Ben Barringer, technology analyst at Quilter Cheviot.",
     ("Ben Barringer", "worksFor", "Quilter Cheviot"), ("Ben Barringer", "worksFor", "Quilter")),
    # a pronoun right after the name that opens the sentence continues the subject of the sentence before
    ("OpenAI accused DeepSeek of copying its models. OpenAI said it was reviewing the claims. Microsoft, OpenAI's "
     "biggest backer, took a more pragmatic line: within days it made R1 available to customers of Azure AI Foundry, "
     "its cloud platform. Satya Nadella, its chief executive, called the gains good news.",
     ("Satya Nadella", "leads", "Microsoft"), ("Satya Nadella", "leads", "OpenAI")),
    # 'its' of a title a company hires is not the hirer's
    ("Meta is investing $14.3 billion in artificial intelligence startup Scale AI and bringing on its CEO, Alexandr "
     "Wang, to help lead the social media company's push toward superintelligence.",
     ("Alexandr Wang", "leads", "Scale AI"), ("Alexandr Wang", "leads", "Meta")),
    # 'keep pace with'; a Reuters ticker in brackets; 'with shipping giant X' read as a gerund by the parse
    ("Apple Inc (AAPL.O) will integrate ChatGPT into Siri. Apple must keep pace with Microsoft (MSFT.O) and "
     "Alphabet's Google, analysts said.", ("Apple", "competesWith", "Microsoft"), ("Apple", "competesWith", "MSFT.O")),
    ("Mistral AI has also signed partnerships with shipping giant CMA CGM and carmaker Stellantis.",
     ("Mistral AI", "partnersWith", "Stellantis"), None),
    # a unit named before its unit noun is led by the one who leads the unit
    ("Microsoft is also developing its own models. Last month its Microsoft AI division, led by Mustafa Suleyman, "
     "released MAI-1-preview, a model trained on Nvidia chips.", ("Mustafa Suleyman", "leads", "Microsoft AI"), None),
    # a model named in apposition after 'model,'
    ("Samsung is building its own model, Gauss, to rival OpenAI's GPT-4.", ("Samsung", "builds", "Gauss"), None),
    # the last member of 'A, B, and C' hung on the verb by the parse (parse_repairs)
    ("Cohere was founded in 2019 by Aidan Gomez, Nick Frosst, and Ivan Zhang.", ("Ivan Zhang", "leads", "Cohere"), None),
    ("Nvidia has invested in Mistral AI, Cohere, and Perplexity in the past year.",
     ("Nvidia", "investsIn", "Perplexity"), None),
    # 'Inc.’s' read as a clause by the parse, with the company its subject (parse_repairs)
    ("(Bloomberg) — ServiceNow Inc.’s $2.85 billion planned acquisition of artificial intelligence firm Moveworks Inc. "
     "is facing an in-depth antitrust review by the US Justice Department.", ("ServiceNow", "acquires", "Moveworks"),
     None),
    ("(Reuters) — Snowflake Inc.’s $250 million acquisition of data startup Neeva Inc. closed on Friday.",
     ("Snowflake", "acquires", "Neeva"), None),
    # a title of someone hired, with no organisation named, is at the company left behind, not the hirer's
    ("Microsoft paid Inflection about $650 million in licensing fees and hired co-founder Mustafa Suleyman to run "
     "a new unit.", ("Mustafa Suleyman", "worksFor", "Microsoft"), ("Mustafa Suleyman", "leads", "Microsoft")),
    ("Google paid $2.4 billion to license the coding startup's technology and hired CEO Varun Mohan.",
     ("Varun Mohan", "worksFor", "Google"), ("Varun Mohan", "leads", "Google")),
    # the second title of 'A founder X, president Y' hired together is A's, not the hirer's
    ("Nvidia agreed to hire Groq founder Jonathan Ross, president Sunny Madra and much of the engineering team.",
     ("Sunny Madra", "worksFor", "Nvidia"), ("Sunny Madra", "leads", "Nvidia")),
    # 'X's Y deal' is not a purchase of Y (a supply contract, a licence, a partnership)
    ("AMD's OpenAI deal is real validation for its chips.", None, ("AMD", "acquires", "OpenAI")),
    ("Nvidia's Groq deal is the biggest \"license and hire\" yet.", None, ("Nvidia", "acquires", "Groq")),
    # 'put X into Y' puts a product into another (money put in stays an investment); one's own product built into
    # another is used by that one, not by its maker
    ("Google has put its Gemini assistant into the Chrome browser for desktop users.", ("Chrome", "uses", "Gemini"),
     ("Google", "uses", "Gemini")),
    ("Samsung has put its Gauss model into Bixby, the assistant on its phones.", ("Bixby", "uses", "Gauss"),
     ("Samsung", "investsIn", "Bixby")),
    ("Microsoft put $10 billion into OpenAI in 2023.", ("Microsoft", "investsIn", "OpenAI"), None),
    ("Microsoft has built its Copilot assistant into Edge with a mode that can reason across your open tabs.",
     ("Edge", "uses", "Copilot"), ("Microsoft", "uses", "Copilot")),
    # 'A led the round, joined by B': B invests in the round's company, not in A
    ("Mistral AI raised €1.7 billion. ASML led the round, joined by existing investors Andreessen Horowitz, "
     "Lightspeed Venture Partners and Nvidia.", ("Nvidia", "investsIn", "Mistral AI"), ("Nvidia", "investsIn", "ASML")),
    ("Glean raised $150 million. Wellington Management led the round, joined by new investors Khosla Ventures, "
     "Bicycle Capital and Geodesic Capital.", ("Khosla Ventures", "investsIn", "Glean"),
     ("Khosla Ventures", "investsIn", "Wellington Management")),
    # the passive too: 'the round was co-led by A, with participation from B'
    ("Glean raised $150 million in a Series F round. The round was co-led by Premji Invest, Radical Ventures and "
     "ICONIQ Growth, with participation from Salesforce Ventures and Workday Ventures.",
     ("Workday Ventures", "investsIn", "Glean"), ("Workday Ventures", "investsIn", "Premji Invest")),
    # a sentence with one name that raises money is read (it says whose round the next sentence's is)
    ("Generative AI startup Writer Inc. today introduced Palmyra X5, its newest model.\n\nWriter raised $200 million "
     "in a Series C round in November. The round was co-led by Premji Invest and Radical Ventures, with participation "
     "from Salesforce Ventures and Adobe Ventures.", ("Adobe Ventures", "investsIn", "Writer"), None),
    # a bare ticker in brackets after a company form ('Inc.'): a name of that company, not a company of its own
    ("Klarna Group plc listed on Wednesday. The company competes with Affirm Holdings Inc. (AFRM) and PayPal Holdings "
     "Inc. (PYPL) in pay-later lending.", ("Klarna Group plc", "competesWith", "PayPal Holdings"),
     ("Klarna Group plc", "competesWith", "PYPL")),
    ("Shares of Upstart Holdings Inc. (UPST) fell after Affirm Holdings Inc. (AFRM) said it would compete with Upstart.",
     None, ("AFRM", "competesWith", "Upstart Holdings")),
    # a press release's 'Name, Title, Organisation, said'
    ("Perplexity and Airtel signed the deal on Thursday. Aravind Srinivas, Co-founder and CEO, Perplexity, said, "
     "\"This partnership is a great way to make AI accessible to more people in India.\"",
     ("Aravind Srinivas", "leads", "Perplexity"), None),
    ("Telecom operator Bharti Airtel has partnered with Perplexity. Speaking on the partnership, Gopal Vittal, Vice-Chairman and Managing Director, Bharti Airtel, said, \"We are "
     "delighted to announce this partnership with Perplexity.\"", ("Gopal Vittal", "leads", "Bharti Airtel"), None),
    ("Infosys unveiled the models on Tuesday. Jayesh Sanghrajka, Executive Vice President and Chief Financial Officer, "
     "Infosys, said, \"Our models give enterprises a head start.\"", ("Jayesh Sanghrajka", "worksFor", "Infosys"),
     ("Jayesh Sanghrajka", "leads", "Infosys")),
    # piloting or trialling a product is using it (British spelling too)
    ("ANZ has been piloting GitHub Copilot with its software developers.", ("ANZ", "uses", "GitHub Copilot"), None),
    ("Commonwealth Bank is trialling GitHub Copilot with 500 engineers.", ("Commonwealth Bank", "uses", "GitHub Copilot"),
     None),
    # 'X, the startup Y bought in 2022': a description that says who bought it, with no 'that'
    ("Sonantic, the London startup Spotify bought in 2022, powers the AI DJ.", ("Spotify", "acquires", "Sonantic"),
     None),
    ("Amazon designs its own chips. Annapurna Labs, the Israeli chip start-up Amazon bought in 2015 for about $350m, "
     "designs the chips.", ("Amazon", "acquires", "Annapurna Labs"), ("Annapurna Labs", "acquires", "Amazon")),
    # handing or routing requests to a product is using it; 'to ChatGPT' read as an infinitive by the parse
    ("It also already lets Siri hand some questions to ChatGPT.", ("Siri", "uses", "ChatGPT"), None),
    ("Even Apple, with one of the deepest research benches in the industry, hands the hardest Siri questions to "
     "ChatGPT.", ("Apple", "uses", "ChatGPT"), None),
    ("Microsoft routes some Copilot queries to Anthropic's Claude models.", ("Microsoft", "uses", "Claude"), None),
    # a round named by its series ('Series B') stands for its company, like 'round'
    ("Anysphere is buying Graphite. Accel, which led Mistral AI's $52 million Series B in March, is also one of "
     "Anysphere's largest backers.", ("Accel", "investsIn", "Mistral AI"), None),
    ("As part of the agreement, Snowflake Ventures is also investing in Mistral AI's Series A.",
     ("Snowflake Ventures", "investsIn", "Mistral AI"), None),
    # a title the tagger reads as an adjective ('chief/JJ') before a name
    ("Rival Krutrim, founded by Ola chief Bhavish Aggarwal, has also bid for government-backed compute.",
     ("Bhavish Aggarwal", "leads", "Ola"), None),
    # a relative clause in the singular after 'A and B' is about B, the name before it
    ("Replit and Cognition, which now owns the Windsurf editor, are chasing the same budgets.", None,
     ("Replit", "uses", "Windsurf")),
    ("Amazon and Anthropic, which makes the Claude models, deepened their ties.", ("Anthropic", "builds", "Claude"),
     ("Amazon", "builds", "Claude")),
    # 'the company behind X': X is its product
    ("Atlassian, the Australian company behind Jira, agreed to buy The Browser Company.", ("Atlassian", "develops", "Jira"),
     None),
    ("Poolside, the French startup behind Malibu, raised $500 million.", ("Poolside", "develops", "Malibu"), None),
]


@pytest.mark.parametrize(("text", "stated", "not_stated"), NEWS)
def test_reads_news(text: str, stated: Triple | None, not_stated: Triple | None) -> None:
    facts = confident(text)
    assert stated is None or stated in facts, sorted(facts)
    assert not_stated is None or not_stated not in facts, sorted(facts)
