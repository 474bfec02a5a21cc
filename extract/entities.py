"""Places and peoples in a text, resolved to the dataset's entity codes.

Every country pycountry knows is found by its name (`name`, `common_name`, `official_name`, and
the short form of names such as "Iran, Islamic Republic of"), by the everyday names in `ALIASES`,
and by its demonyms. Kosovo, which ISO 3166-1 lacks, is `XKX` as in `returnees.vocab`.

Demonyms: a country whose everyday name ends in "a" gets one by rule ("Russia" -> "Russian",
"Saudi Arabia" -> "Saudi Arabian", "Tunisia" -> "Tunisian"); every other demonym, and every
exception to the rule, is in `DEMONYMS` (forms separated by "|"). Plurals are generated
("Russian" -> "Russians", "Iraqi" -> "Iraqis", "Frenchman" -> "Frenchmen"); adjectives such as
"British", "French", "Swiss" and "Lebanese" have no plural. A form that two countries share
("Congolese", "Korean") is not indexed: the text must say which.

Aggregates: "European Union"/"EU" is `EU`; the regions `returnees.vocab.AGGREGATES` has codes
for are found by the names in `REGION_NAMES` ("Europe" and "Europeans" are `EUROPE`, never the
EU; "the Western Balkans" `WESTERN_BALKANS`, "Central Asia" `CENTRAL_ASIA`, "the former Soviet
Union" `FORMER_SOVIET_UNION`, "Westerners" `WESTERN_COUNTRIES`); "worldwide", "around the world"
and "people from 33 countries" are `WORLD`. Regions the dataset has no code for ("Scandinavia",
"the Caucasus", "Chechens") are recognised so that they are never mistaken for a country, and a
number that belongs to one is set aside with that reason.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

import pycountry
from text_to_num import text2num

from extract.text import words
from returnees.vocab import AGGREGATES, EXTRA_COUNTRIES

# Everyday names pycountry does not give (its names are ISO's: "Türkiye", "Russian Federation").
ALIASES: dict[str, str] = {
    "GBR": "Britain|Great Britain|UK|U.K.|England|Scotland|Wales|Northern Ireland",
    "USA": "US|U.S.|USA|U.S.A.|America|United States of America",
    "RUS": "Russia",
    "TUR": "Turkey",
    "NLD": "Holland",
    "CZE": "Czech Republic",
    "BIH": "Bosnia|Bosnia-Herzegovina",
    "MKD": "Macedonia|FYROM",
    "CIV": "Ivory Coast|Cote d'Ivoire",
    "MMR": "Burma",
    "SWZ": "Swaziland",
    "CPV": "Cape Verde",
    "TLS": "East Timor",
    "VAT": "Vatican|Vatican City",
    "PSE": "Palestine|Gaza|West Bank|Gaza Strip|Palestinian Territories",
    "COD": "DRC|DR Congo|Democratic Republic of Congo|Congo-Kinshasa",
    "COG": "Congo-Brazzaville",
    "PRK": "North Korea",
    "KOR": "South Korea",
    "BRN": "Brunei",
    "ARE": "UAE|U.A.E.|Emirates",
    "SAU": "KSA",
    "FSM": "Micronesia",
    "VNM": "Vietnam",
    "SYR": "Syria",
    "XKX": "Kosovo",
}

# Demonyms the rule ("...a" -> "...an") does not give. An entry replaces the rule's form.
DEMONYMS: dict[str, str] = {
    "AFG": "Afghan",
    "ALB": "Albanian",
    "AND": "Andorran",
    "ARE": "Emirati",
    "ARG": "Argentine|Argentinian|Argentinean",
    "ATG": "Antiguan|Barbudan",
    "AZE": "Azerbaijani|Azeri",
    "BDI": "Burundian",
    "BEL": "Belgian",
    "BEN": "Beninese",
    "BFA": "Burkinabe|Burkinabè",
    "BGD": "Bangladeshi",
    "BHR": "Bahraini",
    "BHS": "Bahamian",
    "BIH": "Bosnian|Bosniak|Herzegovinian",
    "BLR": "Belarusian|Belarussian",
    "BLZ": "Belizean",
    "BRA": "Brazilian",
    "BRB": "Barbadian|Bajan",
    "BRN": "Bruneian",
    "BTN": "Bhutanese",
    "BWA": "Botswanan|Motswana|Batswana",
    "CAN": "Canadian",
    "CAF": "Central African",
    "CHE": "Swiss",
    "CHL": "Chilean",
    # Uyghurs are counted as China's, as the dataset records them (their scope says so).
    "CHN": "Chinese|Uyghur|Uighur",
    "CIV": "Ivorian",
    "CMR": "Cameroonian",
    "COD": "Congolese",
    "COG": "Congolese",
    "COM": "Comoran|Comorian",
    "CPV": "Cape Verdean|Cabo Verdean",
    "CYP": "Cypriot",
    "CZE": "Czech",
    "DEU": "German",
    "DJI": "Djiboutian",
    "DMA": "Dominican",
    "DNK": "Danish|Dane",
    "DOM": "Dominican",
    "ECU": "Ecuadorian|Ecuadoran",
    "EGY": "Egyptian",
    "ESP": "Spanish|Spaniard",
    "FIN": "Finnish|Finn",
    "FJI": "Fijian",
    "FRA": "French|Frenchman|Frenchwoman",
    "FSM": "Micronesian",
    "GAB": "Gabonese",
    "GBR": (
        "British|Briton|Brit|English|Englishman|Englishwoman|Scottish|Scot|Scotsman|"
        "Welsh|Welshman|Northern Irish"
    ),
    "GHA": "Ghanaian",
    "GIN": "Guinean",
    "GNB": "Bissau-Guinean",
    "GNQ": "Equatorial Guinean|Equatoguinean",
    "GRC": "Greek",
    "GRD": "Grenadian",
    "GUY": "Guyanese",
    "HND": "Honduran",
    "HRV": "Croatian|Croat",
    "HTI": "Haitian",
    "HUN": "Hungarian",
    "IRL": "Irish|Irishman|Irishwoman",
    "IRN": "Iranian",
    "IRQ": "Iraqi",
    "ISL": "Icelandic|Icelander",
    "ISR": "Israeli",
    "ITA": "Italian",
    "JOR": "Jordanian",
    "JPN": "Japanese",
    "KAZ": "Kazakh|Kazakhstani",
    "KGZ": "Kyrgyz|Kyrgyzstani|Kirghiz",
    "KIR": "I-Kiribati",
    "KNA": "Kittitian|Nevisian",
    "KOR": "South Korean",
    "KWT": "Kuwaiti",
    "LAO": "Lao|Laotian",
    "LBN": "Lebanese",
    "LCA": "Saint Lucian|St Lucian",
    "LIE": "Liechtensteiner",
    "LSO": "Basotho|Mosotho",
    "LUX": "Luxembourgish|Luxembourger",
    "MAR": "Moroccan",
    "MCO": "Monegasque|Monacan",
    "MDG": "Malagasy",
    "MDV": "Maldivian",
    "MEX": "Mexican",
    "MHL": "Marshallese",
    "MKD": "Macedonian|North Macedonian",
    "MLI": "Malian",
    "MLT": "Maltese",
    "MMR": "Burmese",
    "MNE": "Montenegrin",
    "MOZ": "Mozambican",
    "MUS": "Mauritian",
    "MWI": "Malawian",
    "NER": "Nigerien",
    "NLD": "Dutch|Dutchman|Dutchwoman|Netherlander",
    "NOR": "Norwegian",
    "NPL": "Nepali|Nepalese",
    "NRU": "Nauruan",
    "NZL": "New Zealander|Kiwi",
    "OMN": "Omani",
    "PAK": "Pakistani",
    "PAN": "Panamanian",
    "PER": "Peruvian",
    "PHL": "Filipino|Filipina|Philippine",
    "PLW": "Palauan",
    "POL": "Polish|Pole",
    "PRK": "North Korean",
    "PRT": "Portuguese",
    "PRY": "Paraguayan",
    "PSE": "Palestinian",
    "QAT": "Qatari",
    "RUS": "Russian",
    "SAU": "Saudi|Saudi Arabian",
    "SDN": "Sudanese",
    "SEN": "Senegalese",
    "SGP": "Singaporean",
    "SLB": "Solomon Islander",
    "SLE": "Sierra Leonean",
    "SLV": "Salvadoran|Salvadorian",
    "SMR": "Sammarinese",
    "SOM": "Somali|Somalian",
    "SRB": "Serbian|Serb",
    "SSD": "South Sudanese",
    "STP": "Santomean",
    "SUR": "Surinamese",
    "SVK": "Slovak|Slovakian",
    "SVN": "Slovenian|Slovene",
    "SWE": "Swedish|Swede",
    "SWZ": "Swazi",
    "SYC": "Seychellois",
    "SYR": "Syrian",
    "TCD": "Chadian",
    "TGO": "Togolese",
    "THA": "Thai",
    "TJK": "Tajik|Tajikistani",
    "TKM": "Turkmen|Turkmenistani",
    "TLS": "Timorese|East Timorese",
    "TTO": "Trinidadian|Tobagonian",
    "TUR": "Turkish|Turk",
    "TUV": "Tuvaluan",
    "TWN": "Taiwanese",
    "UKR": "Ukrainian",
    "URY": "Uruguayan",
    "USA": "American",
    "UZB": "Uzbek|Uzbekistani",
    "VCT": "Vincentian",
    "VNM": "Vietnamese",
    "VUT": "Ni-Vanuatu",
    "XKX": "Kosovar|Kosovan",
    "YEM": "Yemeni",
    "ZAF": "South African",
    "ZWE": "Zimbabwean",
    # Territories with people of their own.
    "ABW": "Aruban",
    "AIA": "Anguillan",
    "ALA": "Ålander",
    "ASM": "American Samoan",
    "BMU": "Bermudian",
    "COK": "Cook Islander",
    "CUW": "Curaçaoan",
    "CXR": "Christmas Islander",
    "CYM": "Caymanian",
    "ESH": "Sahrawi|Sahrawian",
    "FLK": "Falkland Islander",
    "FRO": "Faroese",
    "GIB": "Gibraltarian",
    "GLP": "Guadeloupean",
    "GRL": "Greenlandic|Greenlander",
    "GUF": "French Guianese",
    "GUM": "Guamanian",
    "HKG": "Hongkonger|Hong Konger",
    "IMN": "Manx",
    "MAC": "Macanese",
    "MNP": "Northern Mariana Islander",
    "MSR": "Montserratian",
    "MTQ": "Martinican",
    "MYT": "Mahoran",
    "NCL": "New Caledonian",
    "NFK": "Norfolk Islander",
    "NIU": "Niuean",
    "PCN": "Pitcairn Islander",
    "PRI": "Puerto Rican",
    "PYF": "French Polynesian",
    "REU": "Réunionese",
    "SHN": "Saint Helenian",
    "TKL": "Tokelauan",
    "VGB": "British Virgin Islander",
    "VIR": "US Virgin Islander",
    "WLF": "Wallisian|Futunan",
}

# Places with no people of their own to speak of, or whose people take a neighbour's name.
NO_DEMONYM: frozenset[str] = words(
    "ATA ATF BES BLM BVT CCK GGY HMD IOT JEY MAF SGS SJM SPM SXM TCA UMI VAT"
)

EU_NAMES = ("European Union", "EU", "E.U.", "EU member states", "EU countries")
WORLD_WORDS = (
    "worldwide|world-wide|around the world|across the world|all over the world|"
    "around the globe|across the globe|globally"
)
# The names of the regions `returnees.vocab.AGGREGATES` has codes for. "Europe" is EUROPE,
# never the EU.
REGION_NAMES: dict[str, str] = {
    "EUROPE": "Europe|European|Europeans|European countries",
    # "western Europe" too: the lower case is common in news copy.
    "WESTERN_EUROPE": (
        "Western Europe|Western European|Western Europeans|western Europe|western European|"
        "western Europeans"
    ),
    "EASTERN_EUROPE": (
        "Eastern Europe|Eastern European|Eastern Europeans|eastern Europe|eastern European|"
        "eastern Europeans"
    ),
    "BALKANS": "Balkans|Balkan",
    "WESTERN_BALKANS": "Western Balkans|Western Balkan",
    "FORMER_SOVIET_UNION": (
        "former Soviet Union|Former Soviet Union|former USSR|former Soviet republics|"
        "former Soviet states|former Soviet countries|ex-Soviet states|ex-Soviet republics|"
        "ex-Soviet countries|post-Soviet states|post-Soviet countries|post-Soviet space|"
        # the nine that remain of the Commonwealth are ex-Soviet: the dataset counts it so
        "Commonwealth of Independent States|CIS"
    ),
    "CENTRAL_ASIA": "Central Asia|Central Asian|Central Asians",
    "MIDDLE_EAST": "Middle East|Middle Eastern",
    "MENA": "MENA|Middle East and North Africa",
    "NORTH_AFRICA": "North Africa|North African|North Africans|Northern Africa",
    "SUB_SAHARAN_AFRICA": (
        "Sub-Saharan Africa|sub-Saharan Africa|Sub-Saharan African|sub-Saharan African"
    ),
    # The UN's names too ("Southern Asia", "Eastern Asia"), which ICSR's tables use.
    "SOUTH_ASIA": "South Asia|South Asian|South Asians|Southern Asia",
    "SOUTHEAST_ASIA": (
        "Southeast Asia|South-East Asia|South East Asia|Southeast Asian|Southeast Asians|"
        "South-East Asian|South-East Asians|South-Eastern Asia"
    ),
    "EAST_ASIA": "East Asia|East Asian|East Asians|Eastern Asia",
    "AMERICAS": "Americas",
    "NORTH_AMERICA": "North America|North American|North Americans",
    "AUSTRALASIA": "Australasia|Australasian",
    "WESTERN_COUNTRIES": (
        "Westerners|Westerner|westerners|Western countries|Western nations|Western states|Western"
    ),
}
assert set(REGION_NAMES) <= set(AGGREGATES)
# Recognised, never mistaken for a country, but the dataset has no code for them.
REGIONS = (
    "Central Europe|Northern Europe|Southern Europe|Southeast Europe|South-East Europe|"
    "Southeastern Europe|Asia|Asian|Asians|Africa|African|Africans|Maghreb|Levant|Gulf|"
    "Gulf states|Caucasus|Latin America|Latin American|Latin Americans|"
    "South America|Scandinavia|Scandinavian|Scandinavians|Nordic|Arab|Arabs|Arab world|West|"
    "Kurd|Kurds|Kurdish|Yazidi|Yazidis"
)

# Parts of one country, and their peoples: a count of them is that country's, as the dataset
# records Sughd province's under Tajikistan, with a scope saying which part (a check asks for
# it). "Caucasus" spans three countries and stays a region.
PARTS: dict[str, str] = {
    "RUS": (
        "Chechnya|Chechen|Chechens|Dagestan|Daghestan|Dagestani|Dagestanis|Ingushetia|Ingush|"
        "Kabardino-Balkaria|North Caucasus|Tatarstan"
    ),
    "CHN": "Xinjiang",
    "GEO": "Pankisi|Pankisi Gorge",
    "TJK": "Sughd",
}

# Outlets and bodies whose names hold a place: "Radio Free Europe estimates that there are 200
# Tajik fighters" names no European. A place inside one of these is no mention.
ORGANISATIONS = re.compile(
    r"\b(?:Radio Free (?:Europe|Asia)|Voice of America|Council of Europe|Middle East (?:Eye|"
    r"Institute|Forum|Monitor|Media Research Institute)|Gulf News|Asia Times|Times of (?:Israel|"
    r"India|Malta|Oman)|Balkan Insight|Arab News|Arab Weekly|Japan Times|Jakarta Post|Bangkok "
    r"Post|Kyiv Post|Moscow Times|Tehran Times|Jordan Times|Egypt Independent|Libya Herald|"
    r"Morocco World News|Daily Sabah|Hurriyet Daily News|Turkish Minute|Kosovo Online|"
    r"Sarajevo Times|Malaysiakini|Malay Mail|Philippine Daily Inquirer|Philippine Star|"
    r"Pakistan Today|Express Tribune|Central Asia-Caucasus Institute|Agence France[- ]Presse|"
    r"Syrian Democratic Forces|France 24|Deutsche Welle|Russia Today|"
    r"Sputnik (?:News|International))\b"
)

# Nouns for people who travelled without a country named: "38,000 foreign fighters" is a
# worldwide count unless the sentence names a country.
FOREIGN_FIGHTERS = re.compile(
    r"\bforeign (?:terrorist )?fighters\b|\bforeigners\b|\bforeign (?:recruits|jihadists|"
    r"jihadis|militants|nationals|(?:[A-Z]{2,4} )?supporters)\b|\bFTFs?\b"
)

# People back in (or gone from) many countries, none named: "5,600 people have returned to
# their countries of origin" counts the world's.
MANY_HOMES = re.compile(
    r"\b(?:their|its) (?:home |own )?countries(?: of origin)?\b|\bcountries of origin\b|"
    r"\bhome countries\b",
    re.IGNORECASE,
)

# A place named right before one of these words is who speaks, not whom a number counts:
# "The U.S. Pentagon has reported", "French authorities", "Kosovo courts".
INSTITUTIONS = words(
    """pentagon government governments authorities authority officials official police
    intelligence agents agency agencies daily newspaper newspapers media press court courts
    judge judges judiciary ministry minister ministers army forces military security services
    embassy embassies consulate consulates parliament president prime department state-run
    prosecutor prosecutors prosecution justice interior foreign-ministry officers"""
)

# Roles of a place in its sentence, from the word before it.
_ROLE_WORDS = {
    "from": "from",
    "to": "to",
    "into": "to",
    "towards": "to",
    "toward": "to",
    "for": "to",
    "in": "in",
    "within": "in",
    "inside": "in",
    "across": "in",
}
# Syria and Iraq named as places are where people went (or came back from), never whom a
# figure counts; their demonyms ("33 Syrians") still count.
DESTINATIONS = frozenset({"SYR", "IRQ"})
# The regions that hold them: named as where people are or went ("in the Middle East"), they
# are the destination too; named as where people came from, they count.
DESTINATION_REGIONS = frozenset({"MIDDLE_EAST", "MENA"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    code: str | None  # None: a region the dataset has no code for
    kind: str  # name | demonym | part (of a country) | aggregate | region | world
    role: str = "bare"  # from | to | home | in | back-from | bare | institution | helper

    @property
    def usable(self) -> bool:
        return self.code is not None and self.role not in ("institution", "back-from", "helper")

    @property
    def where_they_went(self) -> bool:
        """Syria or Iraq named as a place, a region that holds them named as where people are
        or went ("still in the Middle East"), or where they came back from: never whom a
        number counts (their demonyms, "33 Syrians", still count)."""
        return (
            (self.kind == "name" and self.code in DESTINATIONS and self.role != "home")
            or (self.code in DESTINATION_REGIONS and self.role in ("in", "to"))
            or self.role == "back-from"
        )


def is_number_words(phrase: str) -> bool:
    try:
        text2num(phrase.replace("-", " "), "en")
    except ValueError:
        return False
    return True


def _plurals(form: str) -> list[str]:
    if form == "Czech":
        return [form, "Czechs"]
    if form.endswith("man") and not form.endswith("German") and form != "Oman":
        return [form, form[:-3] + "men"]
    if form.endswith(("ese", "sh", "ch", "ss", "z", "x", "y", "Manx", "Basotho", "Batswana")):
        return [form]
    if " " in form and not form.endswith(("an", "er", "i")):
        return [form]
    return [form, form + "s"]


def _short_names(name: str) -> list[str]:
    """'Iran, Islamic Republic of' -> 'Iran'; 'Holy See (Vatican City State)' -> 'Holy See'."""
    names = []
    if "(" in name:
        names.append(re.sub(r"\s*\(.*?\)", "", name).strip())
    if ", " in name:
        head, tail = name.split(", ", 1)
        names.append(head)
        if tail.endswith(" of") or tail.endswith(" of the"):
            names.append(f"{tail} {head}")
    return names


@dataclass(frozen=True)
class _Index:
    forms: dict[str, tuple[str | None, str]]  # text -> (code, kind)
    pattern: re.Pattern[str]
    demonyms: dict[str, list[str]]  # code -> demonym forms (for tests and docs)


@cache
def index() -> _Index:
    """All names, demonyms, aggregates and regions, with one compiled pattern (built once)."""
    names: dict[str, set[str]] = {}
    strong: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if not value:
                continue
            strong.setdefault(value, code)
            names.setdefault(value, set()).add(code)
            for short in _short_names(value):
                names.setdefault(short, set()).add(code)
    for code, name in EXTRA_COUNTRIES.items():
        strong[name] = code
    for code, aliases in ALIASES.items():
        for alias in aliases.split("|"):
            strong[alias] = code
    forms: dict[str, tuple[str | None, str]] = {}
    for text, codes in names.items():
        if len(codes) == 1:
            forms[text] = (next(iter(codes)), "name")
    for text, code in strong.items():  # an exact or everyday name beats a derived short one
        forms[text] = (code, "name")

    demonyms: dict[str, list[str]] = {}
    for country in [*pycountry.countries, None]:
        code = country.alpha_3 if country else "XKX"
        if code in DEMONYMS:
            demonyms[code] = DEMONYMS[code].split("|")
        elif code not in NO_DEMONYM:
            everyday = [
                n
                for n, c in strong.items()
                if c == code and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)*", n)
            ]
            base = (getattr(country, "common_name", None) or country.name) if country else ""
            candidates = [n for n in [*everyday, base] if n.endswith("a")]
            if candidates:
                demonyms[code] = [candidates[0] + "n"]
    seen: dict[str, set[str]] = {}
    for code, base_forms in demonyms.items():
        for base in base_forms:
            for form in _plurals(base):
                seen.setdefault(form, set()).add(code)
    for form, codes in seen.items():
        if len(codes) == 1 and form not in forms:
            forms[form] = (next(iter(codes)), "demonym")
        elif len(codes) > 1:
            forms.pop(form, None)  # shared by two countries: the text must say which
    # "Dominican" is the Dominican Republic's in nearly all text; Dominica's people are rare.
    forms["Dominican"] = ("DOM", "demonym")
    forms["Dominicans"] = ("DOM", "demonym")

    for text in EU_NAMES:
        forms[text] = ("EU", "aggregate")
    for text in WORLD_WORDS.split("|"):
        forms[text] = ("WORLD", "world")
    for code, names in REGION_NAMES.items():
        for text in names.split("|"):
            forms[text] = (code, "aggregate")
    for text in REGIONS.split("|"):
        forms[text] = (None, "region")
    for code, names in PARTS.items():
        for text in names.split("|"):
            forms[text] = (code, "part")

    alternatives = sorted(forms, key=len, reverse=True)
    # Every form starts with a capital except a few: the lookahead lets the engine
    # skip the ~1,100 alternatives at nearly every position (4x faster on long texts).
    pattern = re.compile(
        r"(?<![\w-])(?=[^\W\d_a-z]|world|around|across|all over|glob|former|ex-|post-|sub-|western|"
        r"eastern)(?:" + "|".join(re.escape(a) for a in alternatives) + r")(?![\w])"
    )
    return _Index(forms, pattern, demonyms)


_COUNTRIES_COUNT = re.compile(
    r"\b(?:from|in|across|of)\s+(?:more than |over |about |around |some |nearly |at least )?"
    r"(?P<n>\d[\d,.]*|[a-z]+(?:[- ][a-z]+)?)\s+(?:different\s+)?(?:countries|nations)\b"
)
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\W*$")
_WORD_AFTER = re.compile(r"^(?:['’]s)?[\s-]*([A-Za-z-]+)")
_THE_WARS = re.compile(
    r"\s+(?:civil\s+)?(?:war|conflict|crisis|front|frontline|battlefields?|rebels?|rebel|"
    r"opposition|government|regime|army|forces|border|territory|authorities|Kurds|Kurdish|"
    r"camps?|jihad)\b",
    re.IGNORECASE,
)
_BACK_FROM = re.compile(
    r"\b(?:returned|returning|returns?|back|home|fled|escaped|repatriated|deported)\s+from\s+"
    r"(?:the\s+)?$|"
    # "repatriated 435 women and children, mostly from Syria but also from Iraq"
    r"\b(?:returned|repatriated|brought\s+back|deported)\b[^.;:]{0,60}[\s,](?:mostly|also|"
    r"mainly|chiefly|largely)\s+from\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_HELPED = words("assisted helped supported facilitated funded praised welcomed hailed urged")
# "The report asserts that for the United States, 129 fighters ...": a clause that opens on
# "For <country>," names whose figures follow, not where anyone went.
_FRONTED_FOR = re.compile(r"(?:^|[.;:,]\s*|\b(?:that|but|and|while)\s+)for\s+(?:the\s+)?$", re.I)
_HOME_TO = re.compile(
    r"\b(?:back|returned|returning|repatriated|home)\s+to\s+(?:the\s+)?$", re.IGNORECASE
)
_TIES_TO = re.compile(
    r"\b(?:connections?|links?|ties|connected|linked)\s+to\s+(?:the\s+)?$", re.IGNORECASE
)
_BRINGS_HOME = re.compile(
    r"\s+(?:says\s+|said\s+)?(?:it\s+)?(?:has\s+|had\s+|have\s+)?(?:repatriated|brought\s+back|"
    r"received)\b",
    re.IGNORECASE,
)
_GAPPED_FROM = re.compile(r"^\s*,?\s*(?:and|while)\s+(?:\S+\s+){1,2}from\s+(?:the\s+)?$")
LIST_JOIN = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$")


def find_mentions(text: str) -> list[Mention]:
    """Every place, people, aggregate and region named in `text`, with its role, in order."""
    idx = index()
    mentions: list[Mention] = []
    organisations = [m.span() for m in ORGANISATIONS.finditer(text)]
    for match in idx.pattern.finditer(text):
        if any(start <= match.start() < end for start, end in organisations):
            continue
        surface = match.group(0)
        code, kind = idx.forms[surface]
        if code in DESTINATIONS and kind == "demonym" and _THE_WARS.match(text, match.end()):
            continue  # "the Syrian war", "Syrian rebels": the war's, not a people counted
        mentions.append(Mention(match.start(), match.end(), surface, code, kind))
    for match in _COUNTRIES_COUNT.finditer(text):
        if not match.group("n")[0].isdigit() and not is_number_words(match.group("n")):
            continue  # "from other countries" is not the world
        mentions.append(
            Mention(match.start(), match.end(), match.group(0), "WORLD", "world", "from")
        )
    mentions.sort(key=lambda m: m.start)
    return _with_roles(text, mentions)


def _with_roles(text: str, mentions: list[Mention]) -> list[Mention]:
    out: list[Mention] = []
    for m in mentions:
        if m.kind == "world" and m.role == "from":
            out.append(m)
            continue
        role = "bare"
        after = _WORD_AFTER.match(text[m.end : m.end + 40])
        if after and (
            after.group(1).lower().split("-")[0] in INSTITUTIONS
            or after.group(1).lower() in ("backed", "based", "led", "controlled", "run")
        ):
            role = "institution"
        elif m.code in DESTINATIONS and _BRINGS_HOME.match(text, m.end):
            role = "home"  # "Iraq says it has repatriated 14,500": its own people
        elif after and after.group(1).lower() in _HELPED:
            role = "helper"  # "Britain assisted the repatriation of 93": another's people
        elif _BACK_FROM.search(text[max(0, m.start - 100) : m.start]):
            role = "back-from"  # "returned from the Middle East": where they were, not who
        else:
            before = _WORD_BEFORE.search(text[max(0, m.start - 30) : m.start])
            word = before.group(1).lower() if before else ""
            if word == "the":
                before2 = _WORD_BEFORE.search(text[max(0, m.start - 40) : m.start - 4])
                word = before2.group(1).lower() if before2 else ""
            role = _ROLE_WORDS.get(word, "bare")
            fronted = _FRONTED_FOR.search(text[max(0, m.start - 40) : m.start])
            if role == "to" and fronted and text[m.end : m.end + 1] == ",":
                role = "bare"  # "for the United States, 129 fighters ...": whose they are
            if role == "to" and _HOME_TO.search(text[max(0, m.start - 40) : m.start]):
                role = "home"  # "Around 40 have come back to Sweden": theirs
            if role == "to" and _TIES_TO.search(text[max(0, m.start - 40) : m.start]):
                role = "from"  # "190 people with connections to Canada": theirs
            gapped = out and _GAPPED_FROM.match(text[out[-1].end : m.start])
            if role == "from" and gapped and out[-1].role == "back-from":
                role = "back-from"  # "ten returned from Syria and five from Ukraine"
            if role == "bare" and out and LIST_JOIN.match(text[out[-1].end : m.start]):
                # "from Russia and Saudi Arabia": the list shares its first member's role.
                role = out[-1].role if out[-1].role != "institution" else "bare"
        out.append(Mention(m.start, m.end, m.text, m.code, m.kind, role))
    return out


def mentions_between(
    mentions: list[Mention], start: int, end: int, starts: list[int] | None = None
) -> list[Mention]:
    """The mentions inside [start, end); pass `starts` (their start offsets) when calling often."""
    starts = starts if starts is not None else [m.start for m in mentions]
    i = bisect_left(starts, start)
    out = []
    while i < len(mentions) and mentions[i].start < end:
        if mentions[i].end <= end:
            out.append(mentions[i])
        i += 1
    return out


def resolve(text: str) -> str | None:
    """The entity code of a name or demonym as written ('Britons' -> 'GBR'), or None."""
    found = index().forms.get(text.strip())
    return found[0] if found else None
