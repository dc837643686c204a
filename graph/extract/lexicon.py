"""Word lists and small compiled patterns shared by the extraction modules (compiled once, at import).

Nothing here names a specific company, model or person: these are the general words news uses around names.
"""

from __future__ import annotations

import re

__all__ = [
    "COUNTRY_ABBREVIATIONS", "CORP_FORMS", "DEPARTMENT_HEADS",
    "GOVERNMENT_WORDS", "INVESTOR_NAME_WORDS", "PAIR_DESCRIPTION", "ORG_SUFFIX", "ORG_UNIT_SUFFIX", "STOP_CAP", "ROLE_WORDS", "HONORIFICS", "PERSON_CUE_BEFORE",
    "ROLE", "ROLES", "EXEC_ROLES", "TITLE_QUALIFIERS", "SPEECH", "is_lead_role", "NEGATION", "HEDGE", "SOFT_HEDGE", "INTENT",
    "TELL", "HIRE", "COMPANY_CUE", "MODEL_CUE", "TOOL_CUE", "DATASET_CUE", "NAME_PARTICLES", "VERSION_TOKEN", "TOOL_SUFFIX", "PRODUCT_EDITIONS",
]

ORG_SUFFIX = frozenset(
    "Inc Corp Corporation Ltd LLC LLP PLC plc GmbH AG SA SE NV BV KK Co Labs Technologies Capital Ventures Partners "
    "Holdings Holding Management Company Investments Investment Robotics Systems Networks Software "
    "Semiconductor Semiconductors Bank Securities Associates Advisors Fund Funds Group Studios Dynamics "
    "Computing Analytics Intelligence AI Cloud Gruppe Groupe Grupo Health Healthcare Industries Electronics Telecom "
    "Telecommunications Communications Motor Motors Pharmaceuticals Therapeutics Biosciences Energy Financial "
    "Insurance Entertainment Airlines".split()
)
#: verbs whose first object is the listener ('told Reuters', 'briefed analysts'), never what the report is about
TELL = frozenset("tell tells told telling inform informs informed informing brief briefs briefed briefing".split())
#: verbs by which a company takes on another's people ('hired its CEO', 'poached X from Y')
HIRE = frozenset("hire hires hired hiring poach poaches poached poaching recruit recruits recruited recruiting lure "
                 "lures lured luring".split())
#: words in the name of a public body ('Department of Defense', 'European Commission'): a government, no company's
#: partner (partnersWith holds between companies and other organisations: publishers, labs, universities)
GOVERNMENT_WORDS = frozenset("Department Ministry Government Pentagon Commission Agency Parliament Senate Congress "
                             "Council Authority Administration".split())
#: 'the two companies', 'both firms': a description of the last two organisations named (two references at once)
PAIR_DESCRIPTION = re.compile(r"\b(?:[Tt]he two|[Bb]oth(?: the)?) (?:companies|firms|startups|groups|rivals|partners)\b")
#: last words of an investment firm's name ('Northwind Ventures', 'Tailspin Capital', 'Woodgrove Venture Partners')
INVESTOR_NAME_WORDS = frozenset("Capital Ventures Venture Partners Fund Funds Investments Investment".split())
#: company forms after a name ('Cohere Inc.', 'Fujitsu Ltd.'), written with or without their dot
CORP_FORMS = frozenset("Inc Corp Corporation Ltd LLC PLC Plc Co SA AG NV SE Bhd".split())
#: words after a known model's or product's name that make another product ('Copilot Studio', 'Claude Code')
PRODUCT_EDITIONS = frozenset("Studio Enterprise Code Live Business Team Edu Gov".split())
# last words of product names: 'Oracle Fusion Cloud Applications', 'Acme Data Platform', 'Foo Workspace'
TOOL_SUFFIX = frozenset("Applications Apps Suite Assistant Copilot Workspace Hub Platform Playground Console".split())
ORG_UNIT_SUFFIX = frozenset(
    "University Institute Foundation Ministry Government Commission Agency Department Council Board "
    "Office Lab Laboratory Authority Parliament Senate Congress Association Consortium Society Academy "
    "Center Centre School College Division Unit".split()
)
# capitalised words that start sentences or titles but are not names
STOP_CAP = frozenset(
    """The A An In On At By For With From As But And Or If When While Despite However Although Though After
    Before Since During Today Yesterday Tomorrow It Its He She They We I You Our His Her Their This That These
    Those What Why How Who Where Which Additionally Meanwhile Also Both Other Some Many Most According
    Following Unlike Like Then Thus Therefore Earlier Later Last Next New Former Previously Initially
    Famously Fellow Details Without Rather Calling Joining Founded Backed Writing More Users Shares Such
    There Here Now Still Even Just Only Each Every All No Not Yes So Because Given Under Over Into Through
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Series Read Share Tags Related Update Updated Photo Image
    Source Sources Why Go Overall Instead Further Furthermore Moreover Notably Separately Similarly Finally
    First Second Third Big Major Several Two Three One Another Chinese American European British Canadian
    French German Japanese Indian Korean US UK EU Is Are Was Were Has Have Had Do Does Did Can Could Will
    Would Should Might Must Per Via Amid Among Against Toward Towards Across Around About Above Below
    USD CAD EUR GBP JPY CNY RMB INR AUD NZD CHF SGD HKD KRW SEK NOK DKK""".split()
)
# words that, capitalised or not, are job titles rather than parts of names
ROLE_WORDS = frozenset(
    """ceo ceos cto coo cfo cio cmo cso cpo chief executive officer officers financial technology operating
    technical scientist scientists founder founders co-founder co-founders cofounder cofounders co-ceo
    co-ceos president vice chairman chairwoman chair analyst analysts senior principal reporter reporters
    minister secretary director directors manager head spokesperson spokesman spokeswoman engineer
    researcher professor editor correspondent economist partner general managing deputy boss vp svp evp
    interim acting lead commissioner governor senator chancellor premier mayor investor""".split()
)
#: abbreviations of countries and unions that modify an office ('U.S. President', 'UK Prime Minister')
COUNTRY_ABBREVIATIONS = frozenset("US U.S. USA UK U.K. EU E.U. UAE U.A.E.".split())
HONORIFICS = frozenset("Prince Princess King Queen Sheikh Sir Dame Dr Mr Mrs Ms Lord Lady President Senator".split())
PERSON_CUE_BEFORE = ROLE_WORDS | frozenset("colleague colleagues by billionaire entrepreneur founded".split())
NAME_PARTICLES = frozenset("de De van Van von Von bin Bin al Al le Le la La da Da di Di du Du del Del".split())

COMPANY_CUE = re.compile(
    r"(?:startup|start-up|company|firm|lab|rival|investor|maker|giant|chipmaker|developer|provider|"
    r"unicorn|outfit|competitor|peer|venture|subsidiary|affiliate|operator|manufacturer|vendor|fund|bank|lender|"
    r"insurer|retailer|automaker|carmaker|telco|conglomerate)s?\s+$"
    r"|[a-z]-based\s+$"  # 'France-based Mipsology': a place-based name is a company
    r"|\b(?:analyst|analysts|strategist|economist)\s+at\s+$"  # 'lead analyst at Techsponential': a research firm
)
MODEL_CUE = re.compile(r"(?:model|models|LLM|LLMs|language model|foundation model|family)\s*,?\s+$")
TOOL_CUE = re.compile(r"(?:chatbot|chat robot|assistant|app|application|tool|product|service|platform|bot)\s*,?\s+$")
DATASET_CUE = re.compile(r"(?:dataset|data set|corpus|benchmark)\s+$")
VERSION_TOKEN = re.compile(
    r"^(?:\d[\w.]*|[vV]\d[\w.]*|Pro|Ultra|Flash|Sonnet|Opus|Haiku|Mini|mini|Turbo|Large|Medium|Small|Nano|"
    r"Instruct|Chat|Vision|Max|Plus|Lite|Preview|preview|Coder|Reasoner|Thinking)$"
)

_LEAD = (
    r"(?:co-?)?(?:ceos?|chief executives?(?: officers?)?|founders?|cofounders?|chair(?:man|woman)?|head|boss|"
    r"leader|president|owner|managing director)"
)
_WORK = (
    r"(?:cto|coo|cfo|cio|cmo|cso|cpo|chief (?:[a-z]+ ){1,2}officer|chief scientist|chief [a-z]+|"
    r"analyst|reporter|engineer|researcher|scientist|spokes(?:person|man|woman)|executive|director|manager|"
    r"professor|editor|correspondent|economist|partner|vice president|vp|svp|evp|fellow|minister|"
    r"secretary|counsel|general partner)"
)
_MOD = (
    r"(?:(?:interim|acting|former|founding|senior|principal|lead|general|executive|deputy|global|technical|"
    r"research|staff|distinguished|then|new|newly appointed|current|longtime|long-time|incoming|outgoing|"
    r"co)[ -])*"
)
ROLE = rf"(?i:{_MOD}(?:{_LEAD}|{_WORK})(?: of [A-Z][\w&-]*(?: [A-Z][\w&-]*){{0,3}})?)"
# one or more roles joined by 'and', '&' or a comma: 'co-founder and Chief Scientist'
ROLES = rf"{ROLE}(?:(?:,| and| &) {ROLE}){{0,2}}"
EXEC_ROLES = r"(?i:(?:interim |acting |former )?(?:co-?)?(?:ceo|cto|coo|cfo|cio|chief (?:[a-z]+ ){1,2}officer|chief executive|founder|cofounder))"
_LEAD_RE = re.compile(rf"(?i)\b{_LEAD}\b")
_NOT_LEAD = re.compile(r"(?i)\b(?:vice|deputy|assistant)\b")
#: title words that head a department when a common noun comes before them ('design chief', 'sales head')
DEPARTMENT_HEADS = frozenset("chief head boss".split())
#: words that qualify a title without changing what it is ('new chief', 'longtime chief', 'former head')
TITLE_QUALIFIERS = frozenset("new former then ex- acting interim current longtime long-time incoming outgoing founding "
                             "top sole fellow veteran".split())
_ANY_QUALIFIER = "|".join(sorted(TITLE_QUALIFIERS - {"ex-"}, key=len, reverse=True))
_DEPARTMENT_HEAD = re.compile(rf"(?:(?:former|then|ex-|acting|interim|new|current) )?(?!(?:co|company|group|executive|"
                              rf"{_ANY_QUALIFIER})\b)[a-z][a-z-]* (?:chief|head|boss)")


def is_lead_role(role: str) -> bool:
    """True for roles that mean leading the organisation (CEO, founder, head, chair, president; 'chief' alone,
    as in 'Contoso chief Jane Roe'); not the head of a department ('design chief', 'sales head').

    >>> [is_lead_role(r) for r in ("chief", "co-founder and CEO", "design chief", "sales head", "vice president")]
    [True, True, False, False, False]
    >>> [is_lead_role(r) for r in ("new chief", "longtime chief", "interim head", "former design chief")]
    [True, True, True, False]
    """
    if _DEPARTMENT_HEAD.fullmatch(role.strip()):
        return False
    return (bool(_LEAD_RE.search(role)) or _QUALIFIED.sub("", role.strip().lower()) == "chief") and not _NOT_LEAD.search(role)


_QUALIFIED = re.compile(rf"^(?:(?:{'|'.join(sorted(TITLE_QUALIFIERS, key=len, reverse=True))}) ?)+")


SPEECH = (
    r"(?:said|says|say|noted|notes|added|adds|stated|states|told|tells|wrote|writes|tweeted|posted|explained|"
    r"explains|emphasi[sz]ed|emphasi[sz]es|argued|argues|claimed|claims|remarked|commented|acknowledged|"
    r"continued|insisted|warned|predicted|described|called|likened|compared|replied|responded|asked|"
    r"quipped|declared|announced|observed|recalled|admitted|conceded|suggested|stressed|cautioned|"
    r"confirmed|believes|believed|reckoned|put it|joked|concluded|highlighted|pointed out|summed up|"
    r"declared|shared|revealed|lamented|boasted|countered|agreed|mused|affirmed|affirms|underlined|underlines|"
    r"underscored|underscores|asserted|asserts|reiterated|maintained|indicated|assured|specified|observes|remarks|"
    r"recounted)"
)
NEGATION = re.compile(
    r"(?i)\b(?:not|n['’]t|never|no longer|neither|nor|denied|denies|deny|without|rather than|instead of|"
    r"refused|declined|rejected|ruled out|failed to|stopped|ended|ceased|abandoned|dropped|scrapped)\b"
)
HEDGE = re.compile(
    r"(?i)\b(?:may|might|could|would|should|if|whether|considering|considers|consider|considered|in talks|talks|"
    r"rumou?r(?:s|ed)?|reportedly|potential(?:ly)?|possible|possibly|unconfirmed|explor(?:e|es|ed|ing)|"
    r"weighing|mulling|hopes? to|seeks? to|seeking to|in discussions?|negotiat\w*|proposed|speculat\w*|"
    r"wants? to|wanted to|wanting to|desires? to|desire|ambitions? to|attempts? to|efforts? to|almost|"
    r"nearly (?=[a-z]+ed\b))\b"
)
# an intention: hedges a fact (a plan to buy is no purchase) but not a rivalry (who sets out to challenge X is its rival)
INTENT = re.compile(
    r"(?i)\b(?:wants?|wanted|wanting|hopes?|hoped|hoping|seeks?|seeking|aims?|aimed|aiming|ambitions?|desires?|"
    r"attempts?|efforts?|plans?|planning|intends?|set|expected|looks?|looking|bid) to\b|\bdesire\b")
SOFT_HEDGE = re.compile(r"(?i)\b(?:expected to|plans? to|planning to|set to|aims? to|intends? to|will)\b")
