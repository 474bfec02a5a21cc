"""The grammar of a figure, one dependency pattern per case, and what the extractor reads with it.

Each `extract.grammar.PATTERNS` entry is matched on a sentence made up to show it, and the
tokens it ties are checked by role. Then the failure patterns of issue 10 (sentences made up to
show each kind of failure of the regex extractor) are read end to end.
"""

from __future__ import annotations

import pytest

from extract import extract_text, grammar
from extract.parse import ModelMissing, parse, pipeline


def _matches(sentence: str) -> grammar.Matches:
    [parsed] = parse(sentence, [(0, len(sentence))])
    return grammar.Matches(parsed.doc)


def pattern(name: str, sentence: str, **roles: str):
    return pytest.param(name, sentence, roles, id=name)


PATTERN_CASES = [
    pattern("number-counts-noun", "Some 300 Tunisians returned.", number="300", noun="Tunisians"),
    pattern("conjunct-of", "90 returned to Austria and 40 to Norway.", item="40", first="returned"),
    pattern(
        "apposition-of",
        "The largest group, 300 Belgians, returned.",
        item="Belgians",
        first="group",
    ),
    pattern("n-of-m", "45 of the 150 Norwegians returned.", part="45", whole="Norwegians"),
    pattern("n-of-m-as-one-number", "In Norway, 45 of 150 returned.", part="45", whole="150"),
    pattern(
        "of-the-whole-on-the-verb",
        "Of the 64 individuals who reached Syria, 12 returned to the U.S.",
        verb="returned",
        whole="individuals",
        part="12",
    ),
    pattern(
        "n-out-of-m",
        "Nine people have returned out of an estimated 110.",
        head="returned",
        whole="110",
    ),
    pattern(
        "qualifier-parsed-as-preposition",
        "The report said that about 1500 of those who left have returned to the EU.",
        about="about",
        number="1500",
        verb="returned",
    ),
    pattern(
        "noun-subject-of-verb",
        "61 fighters have been convicted.",
        noun="fighters",
        verb="convicted",
    ),
    pattern(
        "noun-object-of-verb", "Police arrested 90 returnees.", noun="returnees", verb="arrested"
    ),
    pattern("noun-attribute-of-verb", "There are 100 returnees.", noun="returnees", verb="are"),
    pattern(
        "noun-of-event",
        "Saudi Arabia reported the return of 760 people.",
        noun="people",
        event="return",
    ),
    pattern(
        "verb-raises-verb",
        "Around half are believed to have returned.",
        verb="believed",
        inner="returned",
    ),
    pattern(
        "noun-described-by-clause",
        "Some 300 citizens who joined armed groups have since returned.",
        noun="citizens",
        verb="joined",
    ),
    pattern(
        "noun-described-by-modifier",
        "There are 100 returned jihadis in France.",
        noun="jihadis",
        modifier="returned",
    ),
    pattern(
        "noun-from-place",
        "About 850 people from the UK travelled.",
        noun="people",
        place="UK",
    ),
    pattern(
        "noun-of-place",
        "Some 300 nationals of Belgium travelled.",
        noun="nationals",
        place="Belgium",
    ),
    pattern(
        "noun-in-place",
        "There are 100 returned jihadis in France.",
        noun="jihadis",
        place="France",
    ),
    pattern(
        "noun-owned-by-place",
        "By 2018, 242 of Kosovo's foreign fighters had come back.",
        noun="fighters",
        place="Kosovo",
    ),
    pattern(
        "number-to-place",
        "Nine returned to Australia, and 45 of 150 to Norway.",
        number="45",
        place="Norway",
    ),
    pattern(
        "returned-to-country",
        "Nine people have returned to Australia.",
        verb="returned",
        place="Australia",
    ),
    pattern(
        "came-back-to-country",
        "Some 40 fighters came back to Britain.",
        verb="came",
        place="Britain",
    ),
    pattern(
        "verb-from-place", "About 850 people travelled from the UK.", verb="travelled", place="UK"
    ),
    pattern(
        "verb-in-place",
        "In France, 1,700 people travelled to Syria.",
        verb="travelled",
        place="France",
    ),
    pattern("left-country", "Around 150 people have left Denmark.", verb="left", place="Denmark"),
    pattern(
        "country-acts-on-them",
        "Austria arrested 90 returnees.",
        verb="arrested",
        place="Austria",
    ),
    pattern(
        "country-says-so",
        "Belgium says that 413 people have travelled.",
        verb="says",
        place="Belgium",
        inner="travelled",
    ),
    pattern("verb-negated", "About 300 have not returned.", verb="returned", **{"not": "not"}),
    pattern(
        "verb-hypothetical",
        "In France, 1,700 people will return home.",
        verb="return",
        modal="will",
    ),
    pattern(
        "verb-intended",
        "In France, 1,700 people want to return.",
        verb="return",
        intends="want",
    ),
]


def test_every_pattern_has_a_case():
    assert sorted({p.values[0] for p in PATTERN_CASES}) == sorted(grammar.PATTERNS)


@pytest.mark.parametrize(("name", "sentence", "roles"), PATTERN_CASES)
def test_pattern_ties_what_it_is_named_for(name, sentence, roles):
    found = [
        {role: token.text for role, token in match.items() if role in roles}
        for key, matches in _matches(sentence)._index.items()
        if key[0] == name
        for match in matches
    ]
    assert roles in found, f"{name} found {found}"


def test_the_pipeline_is_loaded_once_without_unused_components():
    assert pipeline() is pipeline()
    assert not {"ner", "senter"} & set(pipeline().pipe_names)
    assert {"tagger", "parser"} <= set(pipeline().pipe_names)


def test_a_missing_pipeline_says_how_to_install_it():
    with pytest.raises(ModelMissing, match=r"model-requirements\.txt"):
        pipeline("no_such_pipeline_xx")


def test_line_breaks_and_column_gaps_do_not_change_the_parse():
    text = "Some  300\nTunisians   have\n returned."
    [parsed] = parse(text, [(0, len(text))])
    assert [t.text for t in parsed.doc] == ["Some", "300", "Tunisians", "have", "returned", "."]
    tunisians = parsed.doc[2]
    assert text[parsed.start(tunisians) : parsed.end(tunisians)] == "Tunisians"


# --------------------------------------------------------------------------- issue 10's failures


def _read(text: str) -> list[tuple]:
    out = []
    for c in extract_text(text, "test-source").proposed:
        value = c.value if c.low is None else (c.low, c.high)
        if c.derived:
            value = ("share", c.derived["share"], c.base.value)
        out.append((c.entity, c.metric, c.qualifier, value, c.confidence))
    return out


def failure(id_: str, text: str, *expected: tuple):
    return pytest.param(text, list(expected), id=id_)


FAILURES = [
    failure(
        "a number far from its verb",
        "Official data show that only 61 Belgian fighters suspected of having fought in Syria "
        "have been convicted.",
        ("BEL", "convicted", "exact", 61, "high"),
    ),
    failure(
        "a relative clause does not lend its verb",
        "Some 300 Tunisians who joined armed groups there have since returned.",
        ("TUN", "returned", "about", 300, "high"),
    ),
    failure(
        "a return's destination is the home country; N out of M and N of M make M the base",
        "9 people have returned to Australia out of an estimated 110, and 45 of 150 to Norway.",
        ("AUS", "returned", "exact", 9, "high"),
        ("AUS", "travelled", "about", 110, "high"),
        ("NOR", "returned", "exact", 45, "high"),
        ("NOR", "travelled", "exact", 150, "high"),
    ),
    failure(
        "each number has its own participle (the place is the sentence's: medium)",
        "In Denmark, previous estimates of around 600 people leaving and 300 returning were "
        "revised.",
        ("DNK", "travelled", "about", 600, "medium"),
        ("DNK", "returned", "about", 300, "medium"),
    ),
    failure("a time stamp", "Updated 4:12 PM"),
    failure("a date in digits", "Published 03/11/2019 in Britain."),
    failure("an anecdote", "Two men who went to Syria were jailed."),
    failure(
        "counts of other fates",
        "Officials said 120 Moroccans had been stop-listed, 40 deported and 15 banned from "
        "travelling to Syria.",
    ),
    failure(
        "conjuncts share the verb",
        "The ministry said 90 had returned to Austria and 40 to Norway.",
        ("AUT", "returned", "exact", 90, "high"),
        ("NOR", "returned", "exact", 40, "high"),
    ),
    failure(
        "the country that acts on its own people",
        "Austrian authorities arrested 90 returnees.",
        ("AUT", "detained", "exact", 90, "high"),
    ),
    failure(
        "the country that says so is not tied: medium",
        "Belgium says 413 of its nationals have travelled.",
        ("BEL", "travelled", "exact", 413, "medium"),
    ),
    failure(
        "a place elsewhere in the sentence is not tied: medium",
        "Around 150 Danes have left, and 67 have come back.",
        ("DNK", "travelled", "about", 150, "high"),
        ("DNK", "returned", "exact", 67, "medium"),
    ),
    failure(
        "counts of cases are not people",
        "Prosecutors in Belgium opened 212 cases.",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FAILURES)
def test_issue_10_failure_patterns(text, expected):
    assert _read(text) == expected


# Forms the dev half of the pages read from the web showed (sentences made up to show each).
DEV_FORMS = [
    failure(
        "each list item is a sentence, each dash-separated number takes its own verb",
        "• Britain – 850 left – 425 returned\n• France – 1,910 left – 271 returned",
        ("GBR", "travelled", "exact", 850, "medium"),
        ("GBR", "returned", "exact", 425, "medium"),
        ("FRA", "travelled", "exact", 1910, "medium"),
        ("FRA", "returned", "exact", 271, "medium"),
    ),
    failure(
        "one operation is to check",
        "Kosovo on Saturday repatriated 110 of its citizens.",
        ("XKX", "returned", "exact", 110, "medium"),
    ),
    failure(
        "conjoined verbs give a figure each",
        "In Morocco, 200 returnees have been arrested and charged.",
        ("MAR", "detained", "exact", 200, "high"),
        ("MAR", "prosecuted", "exact", 200, "high"),
    ),
    failure(
        "rates per head of population",
        "The highest rates are in Belgium (39 per 1m people) and Denmark (27).",
    ),
    failure(
        "two years are not a range of people",
        "Some 153 Americans were arrested between 2011 and 2017.",
        ("USA", "detained", "about", 153, "high"),
    ),
    failure(
        "a share of a number in its own phrase",
        "Around half the estimated 700 Britons who went to Syria have returned.",
        ("GBR", "returned", "about", ("share", 0.5, 700), "medium"),
        ("GBR", "travelled", "about", 700, "high"),
    ),
    failure(
        "a region that holds Syria and Iraq is where they are, not whom a figure counts",
        "Around 100 Australians are fighting with IS in the Middle East, and around 40 have "
        "already returned.",
        ("AUS", "travelled", "about", 100, "high"),
        ("AUS", "returned", "about", 40, "medium"),
    ),
    failure(
        "a relative clause in the passive says who they are too",
        "Thirty Kosovars who were repatriated from Syria have been arrested.",
        ("XKX", "detained", "exact", 30, "medium"),
    ),
    failure(
        "'that' after a verb opens what was said, not a relative clause",
        "Officials said that 50 Tunisians who travelled to Syria have returned.",
        ("TUN", "returned", "exact", 50, "high"),
    ),
    failure(
        "bodies retrieved are not people brought back",
        "Kurdish forces retrieved the bodies of 40 Belgian fighters.",
    ),
    failure(
        "a government that retrieves its nationals brings them back",
        "Sudan said it retrieved five nationals who had joined ISIS in Syria.",
        ("SDN", "returned", "exact", 5, "medium"),
    ),
    failure(
        "a relative clause says who they are, the clause's own verb what the number counts",
        "Eleven South Africans, including three children, who travelled to Syria earlier this "
        "year have returned home.",
        ("ZAF", "returned", "exact", 11, "medium"),
    ),
    failure(
        "changes in brackets after their places",
        "Germany (up from 240 to 600) and Britain (366 to 600) counted the most foreign fighters.",
        ("DEU", "travelled", "exact", 240, "medium"),
        ("DEU", "travelled", "exact", 600, "medium"),
        ("GBR", "travelled", "exact", 366, "medium"),
        ("GBR", "travelled", "exact", 600, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), DEV_FORMS)
def test_forms_of_the_pages_read_from_the_web(text, expected):
    assert _read(text) == expected


# Forms of the first batch of fresh pages of 7 December 2026 (sentences made up to show each).
FRESH_FORMS = [
    failure(
        "fleeing to Syria is travelling",
        "The repatriation comes amid reports that over 100 Maldivians had fled to Syria.",
        ("MDV", "travelled", "more_than", 100, "high"),
    ),
    failure(
        "held in a named prison is detained",
        "Forty Palestinians are being held in PA prisons on suspicion of fighting in Syria.",
        ("PSE", "detained", "exact", 40, "high"),
    ),
    failure(
        "'may have gone' estimates what happened: no hypothesis",
        "Kenyan officials estimate that around one hundred Kenyans may have gone to join IS.",
        ("KEN", "travelled", "about", 100, "high"),
    ),
    failure(
        "'late 2011' is a year even where a change starts",
        "From late 2011 to 10 December 2013, between 300 and 1,100 Belgians went to Syria.",
        ("BEL", "travelled", "range", (300, 1100), "high"),
    ),
    failure(
        "western Europe in lower case is Western Europe",
        "It said 5,718 fighters from western Europe had joined IS.",
        ("WESTERN_EUROPE", "travelled", "exact", 5718, "high"),
    ),
    failure(
        "'exceeds' is more than",
        "The number of Belgians who have joined IS now exceeds 500.",
        ("BEL", "travelled", "more_than", 500, "medium"),
    ),
    failure(
        "a list's items take the metric of the figures it continues; '~1910' is no year",
        "About 5,000 Europeans travelled to Syria. The numbers for the largest countries are:\n"
        "• France: ~1910,\n• Germany: ~915,",
        ("EUROPE", "travelled", "about", 5000, "high"),
        ("FRA", "travelled", "about", 1910, "medium"),
        ("DEU", "travelled", "about", 915, "medium"),
    ),
    failure(
        "both ends of '20-30%' are shares, not a count of 20",
        "Approximately 20-30% of European foreign fighters have returned.",
    ),
    failure(
        "a place in an outlet's name names no one's people",
        "Around 410 Central Asians are fighting in Syria. Radio Free Europe estimates that "
        "there are 200 Tajik fighters, but the government has reported that there are just 110.",
        ("CENTRAL_ASIA", "travelled", "about", 410, "high"),
        ("TJK", "travelled", "about", 200, "medium"),
        ("TJK", "travelled", "exact", 110, "medium"),
    ),
    failure(
        "a region that holds Syria, where people still are, is not whom they are",
        "Some 5,000 Europeans have travelled to Syria. The coordinator believes that between "
        "2,000 and 2,500 European nationals are still in the Middle East.",
        ("EUROPE", "travelled", "about", 5000, "high"),
        ("EUROPE", "travelled", "range", (2000, 2500), "medium"),
    ),
    failure(
        "the UN's region names",
        "Of the foreign fighters, 1,010 came from Eastern Asia and 447 from Southern Asia.",
        ("EAST_ASIA", "travelled", "exact", 1010, "medium"),
        ("SOUTH_ASIA", "travelled", "exact", 447, "medium"),
    ),
    failure(
        "those who were not charged are no count of the charged",
        "They are among the 17 repatriated Americans who have not been charged.",
    ),
    failure(
        "a total's parts by sex are to check",
        "The service said that about 300 people — 280 men and 20 women — have left Germany for "
        "Syria.",
        ("DEU", "travelled", "about", 300, "high"),
        ("DEU", "travelled", "exact", 280, "medium"),
        ("DEU", "travelled", "exact", 20, "medium"),
    ),
    failure(
        "a whole named first counts who they are, its part what happened",
        "Of over 4,000 Europeans who had gone to Syria, 30 percent returned.",
        ("EUROPE", "travelled", "more_than", 4000, "medium"),
        ("EUROPE", "returned", "about", ("share", 0.3, 4000), "medium"),
    ),
    failure(
        "a whole of foreign fighters is worldwide, not its part's",
        "Of the 27,000 foreign fighters who travelled to Syria, 5,000 are European.",
        ("WORLD", "travelled", "exact", 27000, "medium"),
        ("EUROPE", "travelled", "exact", 5000, "medium"),
    ),
    failure(
        "Syria and Iraq named as where they went do not stop a paragraph's country",
        "Under a quarter of returning British jihadists have been charged. More than 500 are "
        "suspected of having travelled to Iraq and Syria.",
        ("GBR", "travelled", "more_than", 500, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), FRESH_FORMS)
def test_forms_of_the_first_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms of the second batch of fresh pages of 7 December 2026 (sentences made up to show each).
SECOND_FRESH_FORMS = [
    failure(
        "Uyghurs are counted as China's, as the dataset records them",
        "Chinese state media say around 300 Uighurs are fighting with ISIS in Syria.",
        ("CHN", "travelled", "about", 300, "high"),
    ),
    failure(
        "the region people returned from is where they were, not whom they are",
        "Half of Sweden’s 300 Islamic State fighters have returned from the Middle East, but a "
        "survey shows that towns know little of them.",
        ("SWE", "returned", "about", ("share", 0.5, 300), "medium"),
        ("SWE", "travelled", "exact", 300, "medium"),
    ),
    failure(
        "'brought to criminal responsibility' is prosecuted",
        "Over 1,000 Azerbaijani citizens joined armed groups abroad. He said that 109 of them "
        "were brought to criminal responsibility.",
        ("AZE", "travelled", "more_than", 1000, "high"),
        ("AZE", "prosecuted", "exact", 109, "medium"),
    ),
    failure(
        "'successfully prosecuted' is convicted",
        "Around 40 Britons have been successfully prosecuted so far.",
        ("GBR", "convicted", "about", 40, "high"),
    ),
    failure(
        "those who lost their lives are victims",
        "Some 400 Kosovars went to Syria. Over 70 have lost their lives, while around 130 have "
        "returned home.",
        ("XKX", "travelled", "about", 400, "high"),
        ("XKX", "returned", "about", 130, "medium"),
    ),
    failure(
        "an age between commas after a name",
        "Ikar Mao, 22, is accused of leaving Canada to join IS.",
    ),
    failure(
        "a count of one operation is to check",
        "They were among 11 Macedonian nationals arrested in a nationwide police operation.",
        ("MKD", "detained", "exact", 11, "medium"),
    ),
    failure(
        "a region that holds Syria does not stop a paragraph's country",
        "Some 400 Kosovars went to Syria and 130 have returned. Over 50 people have been "
        "convicted for their involvement in the Middle East wars.",
        ("XKX", "travelled", "about", 400, "high"),
        ("XKX", "returned", "exact", 130, "medium"),
        ("XKX", "convicted", "more_than", 50, "medium"),
    ),
    failure(
        "'156 to Uzbekistan' in a sentence of returns is Uzbekistan's",
        "About 2,000 citizens of the CIS countries were held in Syria. In 2019, 524 of them - "
        "mostly women and children - were repatriated to Kazakhstan, 156 to Uzbekistan and 84 to "
        "Tajikistan.",
        ("KAZ", "returned", "exact", 524, "medium"),
        ("UZB", "returned", "exact", 156, "medium"),
        ("TJK", "returned", "exact", 84, "medium"),
    ),
    failure(
        "'or so' is the number's, and its people are its own",
        "The 300 or so Americans are a small part of the estimated 30,000 foreign fighters who "
        "joined IS.",
        ("USA", "travelled", "about", 300, "medium"),
        ("WORLD", "travelled", "about", 30000, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECOND_FRESH_FORMS)
def test_forms_of_the_second_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms of report pages that list countries (sentences made up to show each).
LIST_FORMS = [
    failure(
        "a share named for a country is of that country's figure, in the sentence's metric",
        "The Soufan Group counts about 850 Britons and about 480 Belgians who travelled to Syria. "
        "Officials say that many fighters have returned to Europe. "
        "Europol adds that the rates differ widely by country. "
        "These numbers are 50% for the United Kingdom and 21% for Belgium.",
        ("GBR", "travelled", "about", 850, "medium"),
        ("BEL", "travelled", "about", 480, "medium"),
        ("GBR", "returned", "about", ("share", 0.5, 850), "medium"),
        ("BEL", "returned", "about", ("share", 0.21, 480), "medium"),
    ),
    failure(
        "'each' gives the figure to every country of its list",
        "Sweden, Austria and the Netherlands each have seen between 200 and 300 of their "
        "citizens leave for Syria.",
        ("NLD", "travelled", "range", (200, 300), "medium"),
        ("AUT", "travelled", "range", (200, 300), "medium"),
        ("SWE", "travelled", "range", (200, 300), "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), LIST_FORMS)
def test_forms_of_pages_that_list_countries(text, expected):
    assert _read(text) == expected


# Forms of the third batch of fresh pages of 7 December 2026 (sentences made up to show each).
THIRD_FRESH_FORMS = [
    failure(
        "a verb with its own number is no conjoined verb; Syria's people are not the topic",
        "Jordan has stepped up arrests of militants returning from next-door Syria. Since "
        "December, authorities have arrested 120 suspected fighters and sent 90 to stand trial. "
        "More than 40 have been convicted.",
        ("JOR", "detained", "exact", 120, "medium"),
        ("JOR", "prosecuted", "exact", 90, "medium"),
        ("JOR", "convicted", "more_than", 40, "medium"),
    ),
    failure(
        "a journalist's interviews are no research sample",
        "Jordanian officials estimated in interviews that about 300 militants have returned.",
        ("JOR", "returned", "about", 300, "medium"),
    ),
    failure(
        "fleeing the ruins of the caliphate is leaving it",
        "At least 425 British ISIS members had already fled the ruins of the self-declared "
        "caliphate.",
        ("GBR", "returned", "at_least", 425, "high"),
    ),
    failure(
        "'another' refers back to a figure whose metric no word says",
        "The ministry earlier gave the figure of 500 Kyrgyz people. Another 40 have returned.",
        ("KGZ", "returned", "exact", 40, "medium"),
    ),
    failure(
        "'the Syrian war' is the war's; fighters from a country travelled",
        "ICSR estimated the Albanian participation in the Syrian war at between 9 and 140 "
        "fighters, with 4 to 150 fighters from Kosovo.",
        ("ALB", "travelled", "range", (9, 140), "medium"),
        ("XKX", "travelled", "range", (4, 150), "medium"),
    ),
    failure(
        "reaching Syria is travelling there; a share of young men is what they are",
        "About 500 people from Belgium were listed. Out of them more than 400 actually reached "
        "Syria and 80 % among them were young men.",
        ("BEL", "travelled", "more_than", 400, "medium"),
    ),
    failure(
        "people who flew to Syria themselves are no operation",
        "At least 50 Trinidadians have flown to Syria to join ISIS.",
        ("TTO", "travelled", "at_least", 50, "high"),
    ),
    failure(
        "westerners in lower case",
        "More than 15,000 foreign fighters, including 2,000 westerners, have gone to Syria.",
        ("WORLD", "travelled", "more_than", 15000, "medium"),
        ("WESTERN_COUNTRIES", "travelled", "exact", 2000, "medium"),
    ),
    failure(
        "'N of whom' takes the relative clause's verb",
        "In total, 102 Malaysians have travelled to Syria to join IS, 11 of whom have since "
        "returned.",
        ("MYS", "travelled", "exact", 102, "high"),
        ("MYS", "returned", "exact", 11, "medium"),
    ),
    failure(
        "people watched are counted by what describes them",
        "Police are monitoring the 11 jihadists who are known to have returned to Italy.",
        ("ITA", "returned", "exact", 11, "medium"),
    ),
    failure(
        "an intelligence service's confirmed cases are people",
        "Of the Swiss jihad travellers, 16 (13 confirmed cases) are thought to have returned to "
        "Switzerland.",
        ("CHE", "returned", "exact", 16, "medium"),
        ("CHE", "returned", "exact", 13, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), THIRD_FRESH_FORMS)
def test_forms_of_the_third_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms of the fifth batch of fresh pages (7 December 2026, sixth session): written from the
# misses of its dev half only, each failing on the code before.
FIFTH_FRESH_FORMS = [
    failure(
        "a part of a country counts as the country, with a check to give its scope",
        "Officials say 320 people from Dagestan have joined ISIS in Syria.",
        ("RUS", "travelled", "exact", 320, "medium"),
    ),
    failure(
        "people helped to return home returned",
        "Police said they helped 45 Kazakhs to return home from Syria.",
        ("KAZ", "returned", "exact", 45, "medium"),
    ),
    failure(
        "a return to the Middle East is a return to the fight",
        "Of 60 Tajiks who came back, 20 have returned to the Middle East to rejoin ISIS.",
        ("TJK", "returned", "exact", 60, "medium"),
    ),
    failure(
        "'all of them' is the whole of the figure before it",
        "Since 2016, 12 Swiss jihadists have come back, and all of them were charged.",
        ("CHE", "returned", "exact", 12, "high"),
        ("CHE", "prosecuted", "about", ("share", 1.0, 12), "medium"),
    ),
    failure(
        "former IS supporters are people",
        "This applies to the more than 200 former IS supporters who are now back in Germany.",
        ("DEU", "returned", "more_than", 200, "high"),
    ),
    failure(
        "a metric's words across a line break",
        "More than 200 Germans are now\nback in Germany.",
        ("DEU", "returned", "more_than", 200, "high"),
    ),
    failure(
        "people who went to, or came back from, another war are not counted",
        "Five Montenegrin citizens travelled to Ukraine, while ten returned from Syria and five "
        "from Ukraine.",
        ("MNE", "returned", "exact", 10, "medium"),
    ),
    failure(
        "a count that takes in another war is to check",
        "The ministry said 31 Montenegrin citizens had left to fight in foreign wars in Syria and "
        "Ukraine.",
        ("MNE", "travelled", "exact", 31, "medium"),
    ),
    failure(
        "people stopped before they left are no returnees",
        "Police in Kazakhstan detained 23 people while attempting to leave for Syria.",
    ),
    failure(
        "whose passports they hold is what they are",
        "Twelve Sudanese students left for Syria. Of them, 7 hold British passports.",
        ("SDN", "travelled", "exact", 12, "high"),
    ),
    failure(
        "two defendants are a handful of individuals",
        "Seven Bosnians were jailed. Two defendants, each sentenced to 22 months, were also found "
        "guilty of arms offences.",
        ("BIH", "detained", "exact", 7, "high"),
    ),
    failure(
        "the parts set out after a whole are its people; what they did next is a figure",
        "On Saturday, 110 Kosovar citizens — four alleged foreign fighters, 32 women and 74 "
        "children — were brought back home. The four alleged foreign fighters have been arrested.",
        ("XKX", "returned", "exact", 110, "medium"),
        ("XKX", "returned", "exact", 4, "medium"),
        ("XKX", "returned", "exact", 32, "medium"),
        ("XKX", "returned", "exact", 74, "medium"),
        ("XKX", "detained", "exact", 4, "medium"),
    ),
    failure(
        "people brought back returned",
        "Uzbekistan has previously brought back more than 240 people.",
        ("UZB", "returned", "more_than", 240, "high"),
    ),
    failure(
        "places a return came from, listed after the number, are where they were",
        "Kazakhstan began Operation Zhusan in 2019. Five operations repatriated 435 women and "
        "children, mostly from Syria but also from Iraq and Afghanistan.",
        ("KAZ", "returned", "exact", 435, "medium"),
    ),
    failure(
        "a country that assisted a return is not whose people came back",
        "Uzbekistan began Operation Mehr in 2019. Britain assisted the latest repatriation of 93 "
        "women and children from Syria.",
        ("UZB", "returned", "exact", 93, "medium"),
    ),
    failure(
        "wanting to come home is no return",
        "More than 100 Malaysians joined IS, and now around 13 Malaysians want to come home.",
        ("MYS", "travelled", "more_than", 100, "high"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIFTH_FRESH_FORMS)
def test_forms_of_the_fifth_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms of the sixth batch of fresh pages, written after its first run was recorded.
SIXTH_FRESH_FORMS = [
    failure(
        "the Commonwealth of Independent States is the former Soviet Union",
        "Between 27,000 and 31,000 people have traveled to Iraq and Syria from at least 86 "
        "countries. These include 6,000 who have arrived from Tunisia and 4,700 from the "
        "Commonwealth of Independent States (CIS).",
        ("WORLD", "travelled", "range", (27000, 31000), "high"),
        ("TUN", "travelled", "exact", 6000, "medium"),
        ("FORMER_SOVIET_UNION", "travelled", "exact", 4700, "medium"),
    ),
    failure(
        "a region with no code does not beat the people it describes",
        "The CIA estimated up to 3,000 Russian nationals from the Caucasus were fighting in Syria.",
        ("RUS", "travelled", "up_to", 3000, "high"),
    ),
    failure(
        "people who came back to a country are its own",
        "Around 40 are confirmed to have come back to Sweden.",
        ("SWE", "returned", "about", 40, "medium"),
    ),
    failure(
        "people held in Syria are not counted as having travelled",
        "About 2,000 citizens of Kazakhstan were held in Syria.",
    ),
    failure(
        "a ban after they joined did not stop them",
        "Kosovo banned participation in foreign wars in 2015 after more than 400 citizens had "
        "joined the conflict in Syria.",
        ("XKX", "travelled", "more_than", 400, "medium"),
    ),
    failure(
        "'return from' is a return; 'subject to investigation' is no research subject",
        "France has seen 271 jihadists return from war zones in Iraq and Syria, and all of them "
        "are subject to investigation.",
        ("FRA", "returned", "exact", 271, "medium"),
    ),
    failure(
        "'join' in a headline is travelling",
        "126 Macedonian nationals join ISIS, 38 were killed, 69 returned.",
        ("MKD", "travelled", "exact", 126, "high"),
        ("MKD", "returned", "exact", 69, "medium"),
    ),
    failure(
        "a count of those who travelled or tried to is to check",
        "An estimated 143 citizens of North Macedonia traveled or attempted to travel to Syria.",
        ("MKD", "travelled", "about", 143, "medium"),
    ),
    failure(
        "people in the conflict zones went there",
        "He said the total number of Tunisians in the conflict zones was 3,000.",
        ("TUN", "travelled", "exact", 3000, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SIXTH_FRESH_FORMS)
def test_forms_of_the_sixth_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms of the seventh batch of fresh pages, written after its first run was recorded.
SEVENTH_FRESH_FORMS = [
    failure(
        "people handed over to their countries returned, each to the country named after it",
        "The Syrian Kurds handed over 92 women and children to Uzbekistan, 62 to Russia and 11 "
        "others to Macedonia.",
        ("UZB", "returned", "exact", 92, "high"),
        ("RUS", "returned", "exact", 62, "high"),
        ("MKD", "returned", "exact", 11, "high"),
    ),
    failure(
        "a group's verb is its people's",
        "Security authorities in Azerbaijan have arrested a group of 10 citizens who allegedly "
        "fought in Syria.",
        ("AZE", "detained", "exact", 10, "medium"),
    ),
    failure(
        "Iraq bringing its people home is their country",
        "Iraq says it has repatriated over 14,500 women and children from al-Hol camp in Syria.",
        ("IRQ", "returned", "more_than", 14500, "medium"),
    ),
    failure(
        "'repatriates' in a headline",
        "Belgium repatriates 16 women and children from a Syrian camp.",
        ("BEL", "returned", "exact", 16, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SEVENTH_FRESH_FORMS)
def test_forms_of_the_seventh_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms of the eighth batch of fresh pages, written after its first run was recorded.
EIGHTH_FRESH_FORMS = [
    failure(
        "a quotation opening before a number is no footnote mark",
        'Officials were quoted as saying that over "100 Indian men could have already joined the '
        'ISIS in Iraq".',
        ("IND", "travelled", "more_than", 100, "high"),
    ),
    failure(
        "a fall by a percentage is a change, not a share of people",
        "Some 30,000 foreign fighters have travelled to Syria. The number joining each month has "
        "plummeted by as much as 90 per cent.",
        ("WORLD", "travelled", "about", 30000, "medium"),
    ),
    failure(
        "fighters per month are arrivals a month",
        "More than 30,000 foreign fighters have joined Islamic State. At the peak that would "
        "equal roughly 500 fighters per month.",
        ("WORLD", "travelled", "more_than", 30000, "medium"),
        ("WORLD", "travelling_per_month", "about", 500, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), EIGHTH_FRESH_FORMS)
def test_forms_of_the_eighth_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms from a tenth batch of fresh pages (7 December 2026, seventh session), tuned on it; an
# eleventh batch, fetched at the same time, was kept back to measure them.
NINTH_FRESH_FORMS = [
    failure(
        "numbers set beside the figure before take its metric",
        "At least 75 people have left Sweden to take part in the civil war. From Denmark and "
        "Norway, the comparable numbers are 90 and 40 respectively.",
        ("SWE", "travelled", "at_least", 75, "high"),
        ("DNK", "travelled", "exact", 90, "medium"),
        ("NOR", "travelled", "exact", 40, "medium"),
    ),
    failure(
        "a clause opened by 'for' a country names whose figures follow",
        "The report says that for the United States, 129 fighters succeeded in leaving the "
        "country.",
        ("USA", "travelled", "exact", 129, "medium"),
    ),
    failure(
        "returned to their countries of origin, no country named: the world's",
        "Roughly 5,600 people have returned to their countries of origin.",
        ("WORLD", "returned", "about", 5600, "medium"),
    ),
    failure(
        "the parts a sentence counts into the figure before take its metric",
        "More than 5,000 fighters have returned to their home countries, a report says. This "
        "included 400 of the 3,417 fighters from Russia.",
        ("WORLD", "returned", "more_than", 5000, "medium"),
        ("RUS", "returned", "exact", 400, "medium"),
        ("RUS", "travelled", "exact", 3417, "high"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), NINTH_FRESH_FORMS)
def test_forms_of_the_tenth_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms from the eleventh batch of fresh pages, read as a dev batch once it had been scored
# twice (7 December 2026, eighth session); batches twelve and thirteen were kept back.
TENTH_FRESH_FORMS = [
    failure(
        "several countries named as one list count together: their smallest fixed group",
        "Since 2019, Bosnia and Herzegovina, Kosovo and North Macedonia have repatriated a total "
        "of 27 men from Syria.",
        ("WESTERN_BALKANS", "returned", "exact", 27, "medium"),
    ),
    failure(
        "citizens of two countries together are not the first one's",
        "The returnees who arrived included 40 Russian citizens from Dagestan and 9 citizens of "
        "Kazakhstan and Uzbekistan.",
        ("RUS", "returned", "exact", 40, "medium"),
        ("CENTRAL_ASIA", "returned", "exact", 9, "medium"),
    ),
    failure(
        "several countries with no fixed group: no entity, set aside",
        "Last year 300 women and children were repatriated to Belgium, Sweden and Tajikistan.",
    ),
    failure(
        "'together, they' refers to the group the sentence before names; a colon's list is "
        "its parts'",
        "The efforts of three of the Central Asian countries are large. Together, they have "
        "brought back about 1,500 citizens: Kazakhstan, the most, 600 people.",
        ("CENTRAL_ASIA", "returned", "about", 1500, "medium"),
        ("KAZ", "returned", "exact", 600, "medium"),
    ),
    failure(
        "a news agency's name is no place; 'we' in a quotation is the country named before",
        "Tunisia is trying to put returnees on trial, its anti-terror chief told Agence "
        'France-Presse. "We have charged more than 150 returnees," he said.',
        ("TUN", "prosecuted", "more_than", 150, "medium"),
    ),
    failure(
        "'the government', unnamed, is the state its paragraph names after it",
        "The government has brought back 17 people from camps in Syria. The operation was "
        "announced by the Maldivian authorities on Monday.",
        ("MDV", "returned", "exact", 17, "medium"),
    ),
    failure(
        "flown home is returned",
        "On Monday, six Americans were flown home from Syria.",
        ("USA", "returned", "exact", 6, "medium"),
    ),
    failure(
        "awaiting trial is prosecuted; a plea deal is a conviction",
        "Five other Americans await trial on charges of supporting the group. Two more agreed to "
        "plea deals.",
        ("USA", "prosecuted", "exact", 5, "high"),
        ("USA", "convicted", "exact", 2, "medium"),
    ),
    failure(
        "a percentage in brackets after a count restates it: no share of its own",
        "In all, 5,000 citizens from 60 countries travelled to the region; 1,200 (24%) of these "
        "fighters have returned to their countries.",
        ("WORLD", "travelled", "exact", 5000, "high"),
        ("WORLD", "returned", "exact", 1200, "medium"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), TENTH_FRESH_FORMS)
def test_forms_of_the_eleventh_fresh_pages(text, expected):
    assert _read(text) == expected


# Forms from the twelfth batch, read as a dev batch after its first run; batches thirteen to
# fifteen were kept back (7 December 2026, eighth session).
ELEVENTH_FRESH_FORMS = [
    failure(
        "Islamists are people",
        "More than 700 Islamists have left Austria to join jihadi groups in Syria.",
        ("AUT", "travelled", "more_than", 700, "high"),
    ),
    failure(
        "a share whose qualifier the parse took for a preposition takes the main verb",
        "More than 700 Islamists have left Austria to join jihadi groups in Syria. Around a "
        "third of Islamists who had joined up with the militants abroad had also returned to "
        "Austria.",
        ("AUT", "travelled", "more_than", 700, "high"),
        ("AUT", "returned", "about", ("share", 0.333333, 700), "medium"),
    ),
    failure(
        "people with connections to a country are its own; activity abroad is travel",
        "The annual report says some 180 people with connections to Canada are suspected of "
        "terrorist activity abroad.",
        ("CAN", "travelled", "about", 180, "medium"),
    ),
    failure(
        "those who fought travelled; the risk of returning is no return",
        "At least 40 or 50 people with links to Denmark have fought, or are currently fighting, "
        "with forces opposed to the regime and run the risk of returning as radical fighters.",
        ("DNK", "travelled", "range", (40, 50), "medium"),
    ),
    failure(
        "those who joined before returning are returnees",
        "Since 2013, an estimated 300 Belgian citizens have joined the group before returning "
        "to Belgium.",
        ("BEL", "returned", "about", 300, "medium"),
    ),
    failure(
        "the Syrian Democratic Forces are no Syrians",
        "Some 40 fighters surrendered to the Syrian Democratic Forces in Syria last year.",
    ),
]


@pytest.mark.parametrize(("text", "expected"), ELEVENTH_FRESH_FORMS)
def test_forms_of_the_twelfth_fresh_pages(text, expected):
    assert _read(text) == expected
