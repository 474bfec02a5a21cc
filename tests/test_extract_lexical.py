"""The reader of pages not in English (`extract.lexical`): digits, number words and a lexicon
kept as data a language; candidates are never high confidence unless a parse ties them (French,
`extract.french`)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from extract import french, lexical
from extract.candidates import extract_text
from extract.parse import FRENCH_MODEL, pipeline
from returnees.cli import main

LEXICON_FILES = sorted(lexical.LEXICONS.glob("*.yaml"))


def _read(text: str, language: str) -> list[tuple]:
    found = extract_text(text, "test-source", language=language).candidates
    return [(c.entity, c.metric, c.qualifier, c.value, c.confidence) for c in found]


@pytest.mark.parametrize("path", LEXICON_FILES, ids=lambda p: p.stem)
def test_every_lexicon_is_valid_and_named_after_its_language(path):
    lexicon = lexical.Lexicon.model_validate(yaml.safe_load(path.read_text("utf-8")))
    assert lexicon.language == path.stem
    assert lexicon.metrics, "a lexicon says what its numbers count"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"metrics": {"deported": ["expuls"]}}, "metrics", id="an unknown metric"),
        pytest.param({"names": {"XXX": ["x"]}}, "names", id="an unknown country"),
        pytest.param({"qualifiers": {"roughly": ["env"]}}, "qualifiers", id="an unknown qualifier"),
        pytest.param({"metrik": {}}, "metrik", id="a misspelt field"),
    ],
)
def test_a_lexicon_with_a_wrong_entry_is_refused(change, field):
    data = yaml.safe_load((lexical.LEXICONS / "fr.yaml").read_text("utf-8")) | change
    with pytest.raises(ValidationError) as raised:
        lexical.Lexicon.model_validate(data)
    assert field in str(raised.value)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param(
            "Selon le ministère, plus de 1.900 Français sont partis en Syrie.",
            "fr",
            [("FRA", "travelled", "more_than", 1900, "medium")],
            id="French: a lower bound, grouped with a dot",
        ),
        pytest.param(
            "Laut Verfassungsschutz sind etwa 300 Dschihadisten nach Deutschland zurückgekehrt.",
            "de",
            [("DEU", "returned", "about", 300, "medium")],
            id="German: about, returned",
        ),
        pytest.param(
            "Raporda, 33 ülkeden en az 5 bin 600 kişi Türkiye'ye dönmüş durumda.",
            "tr",
            [("TUR", "returned", "at_least", 5600, "medium")],
            id="Turkish: a number with its scale word; 33 countries are no people",
        ),
        pytest.param(
            "İŞİD'e katılan İstanbullu en az 1200 kişi Türkiye'ye dönmüş.",
            "tr",
            [("TUR", "returned", "at_least", 1200, "medium")],
            id="Turkish: a dotted capital I does not move what is read",
        ),
        pytest.param(
            "ثم ليبيا بـ600 مقاتل التحقوا بتنظيم داعش.",
            "ar",
            [("LBY", "travelled", "exact", 600, "medium")],
            id="Arabic: a preposition joined to the digits",
        ),
        pytest.param(
            "По 500 человек отправились на войну из Казахстана и Кыргызстана.",
            "ru",
            [
                ("KAZ", "travelled", "exact", 500, "medium"),
                ("KGZ", "travelled", "exact", 500, "medium"),
            ],
            id="Russian: one number for each of two countries",
        ),
        pytest.param(
            "Environ trois cents Belges sont revenus de Syrie.",
            "fr",
            [("BEL", "returned", "about", 300, "high")],
            id="French: a number in words, tied by the parse",
        ),
        pytest.param(
            "Delapan orang Indonesia ditangkap setelah pulang dari Suriah.",
            "id",
            [("IDN", "detained", "exact", 8, "medium")],
            id="Indonesian: a small number in words",
        ),
        pytest.param(
            "Црна Гора: осуђена су два држављанина.",
            "sr",
            [("MNE", "convicted", "exact", 2, "medium")],
            id="Serbian: a small number in words, Cyrillic",
        ),
        pytest.param(
            "Маалыматка караганда, Сирияга 300 кыргыз жараны кеткен.",
            "ky",
            [("KGZ", "travelled", "exact", 300, "medium")],
            id="Kyrgyz: a verb's start carries its suffixes",
        ),
        pytest.param(
            "Сириядан 595 отандасымыз елге қайтарылды.",
            "kk",
            [("KAZ", "returned", "exact", 595, "medium")],
            id="Kazakh: 'our compatriots' on a Kazakh page are Kazakhstan's",
        ),
        pytest.param(
            "Из Сирии эвакуировали 64 гражданина Казахстана.",
            "ru",
            [("KAZ", "returned", "exact", 64, "medium")],
            id="Russian: evacuated home is returned",
        ),
        pytest.param(
            "Из России воевать на Ближний Восток уехало больше пяти тысяч россиян.",
            "ru",
            [("RUS", "travelled", "more_than", 5000, "medium")],
            id="Russian: thousands in words",
        ),
        pytest.param(
            "Три россиянки вернулись из Сирии.",
            "ru",
            [("RUS", "returned", "exact", 3, "medium")],
            id="Russian: a small number in words",
        ),
    ],
)
def test_a_sentence_gives_its_figure(text, language, expected):
    assert _read(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "blocker"),
    [
        pytest.param(
            "30 Norweger er drept i Syria, og 40 har kommet tilbake til Norge.",
            "nb",
            "another fate",
            id="killed is not a metric",
        ),
        pytest.param(
            "Il y a 300 personnes dans la salle.",
            "fr",
            "no country",
            id="no country",
        ),
        pytest.param("La France compte 300 personnes.", "fr", "no metric word", id="no metric"),
    ],
)
def test_a_number_without_a_country_or_metric_is_set_aside(text, language, blocker):
    first = extract_text(text, "test-source", language=language).candidates[0]
    assert first.confidence == "low"
    assert blocker in first.reason


@pytest.mark.parametrize(
    ("text", "language"),
    [
        pytest.param("En 2015, la France a expulsé des imams.", "fr", id="a year"),
        pytest.param("Le 12 mars, la France a fermé ses frontières.", "fr", id="a date"),
        pytest.param(
            "7 и 9 мая Казахстан вернул граждан из Сирии.", "ru", id="a day joined to a date"
        ),
        pytest.param("Les 7-9 mars, la France a fermé ses frontières.", "fr", id="a span of days"),
        pytest.param("Die Reise dauerte 14 Tage.", "de", id="a duration"),
        pytest.param("Le budget de la France est de 300 euros.", "fr", id="money"),
        pytest.param("Seulement 12 % des Français sont partis.", "fr", id="a percentage"),
        pytest.param(
            "Sabtu, 28 November 2015 19:43 WIB. Indonesia pulang.", "id", id="a dateline's time"
        ),
        pytest.param("субота, јануар 15, 2022 / 11:52. Црна Гора осуђен.", "sr", id="hh:mm"),
    ],
)
def test_numbers_that_count_no_people_are_skipped(text, language):
    extraction = extract_text(text, "test-source", language=language)
    assert extraction.candidates == []
    assert extraction.skipped


def test_no_candidate_of_an_unparsed_language_is_high_confidence():
    text = "Mehr als 1.000 Deutsche sind ausgereist; etwa 300 sind nach Deutschland zurückgekehrt."
    found = extract_text(text, "test-source", language="de").candidates
    assert found and all(c.confidence != "high" for c in found)
    assert all("not parsed" in c.reason for c in found)


def test_a_language_without_a_lexicon_reads_digits_and_country_names_only():
    found = extract_text("Kosovo 300.", "test-source", language="lb").candidates
    assert [(c.entity, c.value, c.confidence) for c in found] == [("XKX", 300, "low")]


def test_english_is_parsed_not_read_by_the_lexicon():
    text = "More than 1,900 French citizens travelled to Syria."
    found = extract_text(text, "s", language="en").candidates
    assert [(c.entity, c.metric, c.confidence) for c in found] == [("FRA", "travelled", "high")]


def test_the_cli_reads_a_page_in_its_sources_language(tmp_path: Path, capsys):
    data = tmp_path / "data"
    (data / "figures").mkdir(parents=True)
    (data / "sources.yaml").write_text(
        "sources:\n  - id: lemonde-2016-departs\n    language: fr\n", encoding="utf-8"
    )
    page = tmp_path / "page.txt"
    page.write_text("Plus de 1.900 Français sont partis en Syrie.", encoding="utf-8")
    args = ["candidates", str(page), "--source", "lemonde-2016-departs", "--format", "json"]
    assert main([*args, "--data", str(data)]) == 0
    assert '"entity": "FRA"' in capsys.readouterr().out
    assert main([*args, "--data", str(data), "--language", "en"]) == 0
    assert '"entity": "FRA"' not in capsys.readouterr().out
    assert main([*args, "--data", str(data), "--language", "FR"]) == 0  # any case
    assert '"entity": "FRA"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Environ 300 djihadistes français sont revenus en France depuis 2014.",
            ("FRA", "returned", 300, "high"),
            id="the noun's place and its verb",
        ),
        pytest.param(
            "Au total, 58 personnes ont été condamnées en Belgique.",
            ("BEL", "convicted", 58, "high"),
            id="the verb's place",
        ),
        pytest.param(
            "La police belge a arrêté 12 hommes.",
            ("BEL", "detained", 12, "medium"),
            id="a place on the subject is not tied",
        ),
    ],
)
def test_the_french_parse_ties_a_number_to_its_verb_and_place(text, expected):
    (found,) = extract_text(text, "test-source", language="fr").candidates
    assert (found.entity, found.metric, found.value, found.confidence) == expected
    assert ("tied by the French parse" in found.reason) == (expected[-1] == "high")


@pytest.mark.parametrize("name", list(french.PATTERNS))
def test_each_french_pattern_matches_what_it_is_named_for(name):
    doc = pipeline(FRENCH_MODEL)("Environ 300 djihadistes français sont revenus en France.")
    assert french.relations(doc)[name], name
