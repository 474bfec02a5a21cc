"""The quote check reads numbers as numbers: a grouped number is one number, and an ordinal, a
percentage or a part of a date is not a count of people."""

from __future__ import annotations

import pytest

from returnees import quotes
from returnees.loader import load_dataset
from tests.datasets import figure, source, write_dataset


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        pytest.param("At least 5,600 people returned.", 600, id="one group of 5,600"),
        pytest.param("At least 5.600 Menschen kehrten zurück.", 600, id="one group of 5.600"),
        pytest.param("Some 15,600 returned.", 5600, id="the last groups of 15,600"),
        pytest.param("He was the 21st to return.", 21, id="an ordinal"),
        pytest.param("About 40% of them returned.", 40, id="a percentage"),
        pytest.param("About 40 per cent of them returned.", 40, id="a percentage in words"),
        pytest.param("They returned in 2014.", 2014, id="a year"),
        pytest.param("The 2014-15 returns were few.", 2014, id="a span of years"),
        pytest.param("On 12 June 2019 they returned.", 12, id="a day before its month"),
        pytest.param("On June 12 they returned.", 12, id="a day after its month"),
        pytest.param("Der 12. Juni war der Tag.", 12, id="a German date"),
    ],
)
def test_a_number_that_is_no_count_does_not_state_a_figure(quote, value):
    assert quotes.unstated(quote, [value]) == [value]


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        pytest.param("At least 5,600 people returned.", 5600, id="a grouped number whole"),
        pytest.param("from 2000 to 500 a month", 2000, id="a count that looks like a year"),
        pytest.param("1,910 left for Syria in 2014.", 1910, id="a grouped count near a year"),
        pytest.param("300 may have returned.", 300, id="'may' after a count is no month"),
        pytest.param("Finland | 50-70 | 13 |", 50, id="a range's low"),
        pytest.param("On 12 June 2019, 300 people returned.", 300, id="a count after a date"),
    ],
)
def test_a_count_is_read_whole_wherever_it_stands(quote, value):
    assert quotes.unstated(quote, [value]) == []


@pytest.mark.parametrize(
    ("quote", "document", "found"),
    [
        pytest.param("600 people returned", "At least 5,600 people returned.", False, id="5,600"),
        pytest.param("they counted 5", "they counted 5,600 in all", False, id="5 of 5,600"),
        pytest.param("600 people returned", "At least 600 people returned.", True, id="600"),
        pytest.param("they counted 5", "they counted 5, then 6", True, id="a comma after"),
        pytest.param(
            "600 people returned",
            "15,600 people returned; 600 people returned",
            True,
            id="a later whole occurrence",
        ),
    ],
)
def test_a_quote_is_in_its_document_only_with_its_numbers_whole(quote, document, found):
    assert quotes.quote_in_document(quote, document) is found


def test_a_figure_whose_quote_states_only_a_year_is_refused(tmp_path):
    figures = [figure("f", "FRA", "travelled", 2014, quote="They left in 2014.")]
    result = load_dataset(write_dataset(tmp_path, [source()], figures))
    assert [p.message for p in result.errors] == ["the quote does not state the number 2,014"]


@pytest.mark.parametrize(
    ("quote", "language", "value", "stated"),
    [
        pytest.param("sedangkan delapan lainnya ditangkap", "id", 8, True, id="Indonesian eight"),
        pytest.param("Један повратник је осуђен", "sr", 1, True, id="Serbian one, Cyrillic"),
        pytest.param("osuđene su dvije osobe", "bs", 2, True, id="Bosnian two, feminine"),
        pytest.param("None of the 150 who returned were convicted.", "en", 0, True, id="none"),
        pytest.param("Not a single returnee was convicted.", "en", 0, True, id="not a single"),
        pytest.param("A nonexistent record.", "en", 0, False, id="'none' inside a word"),
        pytest.param("Peti dan su pušteni.", "sr", 5, False, id="an ordinal is no number"),
        pytest.param("lima orang", "en", 5, False, id="a word of another language"),
        pytest.param("lima orang", "ms", 5, False, id="a language without its words"),
    ],
)
def test_small_numbers_in_words_are_read_in_the_languages_that_have_them(
    quote, language, value, stated
):
    assert quotes.unstated(quote, [value], language) == ([] if stated else [value])
    spans = quotes.number_spans(quote, {value}, language=language)
    assert bool(spans) is stated


@pytest.mark.parametrize(
    ("quote", "value", "marked"),
    [
        pytest.param("уехало больше пяти тысяч россиян", 5000, "пяти тысяч", id="five thousand"),
        pytest.param("около двух тысяч граждан", 2000, "двух тысяч", id="two thousand, genitive"),
        pytest.param("свыше 4 тыс. человек", 4000, "4 тыс.", id="digits and тыс."),
        pytest.param("Около 2,4 тыс. граждан", 2400, "2,4 тыс.", id="a decimal comma"),
        pytest.param("до полутора тысяч выходцев", 1500, "полутора тысяч", id="one and a half"),
        pytest.param("примерно 1,2-1,5 тысячи человек", 1200, "1,2-1,5 тысячи", id="a range's low"),
        pytest.param("примерно 1,2-1,5 тысячи человек", 1500, "1,2-1,5 тысячи", id="its high"),
        pytest.param("вернулись три женщины", 3, "три", id="a small number"),
        pytest.param("337 человек вернулись", 337, "337", id="digits"),
        pytest.param("до 2000 боевиков", 2000, "2000", id="'up to' before a count like a year"),
    ],
)
def test_russian_counts_of_thousands_are_read_as_thousands(quote, value, marked):
    assert quotes.unstated(quote, [value], "ru") == []
    assert [quote[a:b] for a, b in quotes.number_spans(quote, {value}, language="ru")] == [marked]


@pytest.mark.parametrize(
    ("quote", "value"),
    [
        pytest.param("свыше 4 тыс. человек", 4, id="the 4 of 4 тыс."),
        pytest.param("Около 2,4 тыс. граждан", 4, id="a decimal's digit"),
        pytest.param("уехало больше пяти тысяч россиян", 5, id="the five of five thousand"),
        pytest.param("несколько тысяч человек", 1000, id="several thousand"),
        pytest.param("в 2019 году", 2019, id="a year"),
        pytest.param("о своей семью", 7, id="'family' is no seven"),
    ],
)
def test_a_russian_quote_does_not_state_a_part_of_its_number(quote, value):
    assert quotes.unstated(quote, [value], "ru") == [value]
