"""The one schema: sources, figures and the files that hold them (strict pydantic v2 models).

Checks that need one record live here; checks across records live in `loader`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlparse

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    model_validator,
)

from returnees import dates
from returnees.vocab import AGGREGATES, METRICS, entity_names


@dataclass(frozen=True)
class JsonSchemaExtra:
    """What a validator function checks, said in the type's JSON Schema (for editors, and for
    the data package's Table Schema, which is derived from it): an enum, a pattern."""

    extra: Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(self, core_schema, handler):
        return {**handler(core_schema), **self.extra()}


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A quote is a short quotation (the archive rule), a few sentences at most: a longer one is a
# copy of the text.
QUOTE_MAX = 2_000
# A scope is printed beside its number in chart labels: a phrase, not a sentence.
SCOPE_MAX = 48
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=120),
]
# More than the people alive: no count of people is larger. Without a bound, a count of 400
# digits overflowed the float a chart plots ((low + high) / 2 raised OverflowError).
MAX_COUNT = 10_000_000_000
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]


def _year_as_text(value: object) -> object:
    # YAML reads a bare year (2014) as an integer; it is still a partial date.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# Every date on or before the day this module was imported is in the past; only later ones
# need today's date (date.today() for each of 100,000 figures is a tenth of a large load).
_IMPORTED_ON = date.today()


def _in_future(day: date) -> bool:
    return day > _IMPORTED_ON and day > date.today()


def _check_partial_date(value: str) -> str:
    try:
        dates.parse(value)
    except ValueError as exc:
        if value in str(exc):
            raise
        raise ValueError(f"{value!r} is not a date: {exc}") from None  # 2014-02-30
    if _in_future(dates.bounds(value)[0]):
        raise ValueError(f"{value} is in the future")
    return value


PartialDate = Annotated[
    str,
    BeforeValidator(_year_as_text),
    AfterValidator(_check_partial_date),
    JsonSchemaExtra(lambda: {"pattern": dates.PATTERN}),
]


def _check_url(value: str) -> str:
    parts = urlparse(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("must be an http:// or https:// address")
    # A space or a control character (a line break, a tab) is no part of an address: a
    # newline in one split lines of RIS and CSV, and could smuggle a second field in.
    if any(c.isspace() or unicodedata.category(c).startswith("C") for c in value):
        raise ValueError("an address has no spaces or control characters (line breaks, tabs)")
    return value


HttpAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    AfterValidator(_check_url),
    JsonSchemaExtra(lambda: {"pattern": r"^https?://[^/?#\s]+(?:[/?#]\S*)?$"}),
]


def _check_entity(code: str) -> str:
    if code not in entity_names():
        raise ValueError(
            f"unknown entity {code!r}: use an ISO 3166-1 alpha-3 code, XKX, or an aggregate "
            f"({', '.join(list(AGGREGATES)[:3])}, ...: the table of aggregates in docs/dataset.md)"
        )
    return code


def _check_metric(code: str) -> str:
    if code not in METRICS:
        raise ValueError(f"unknown metric {code!r}: one of {', '.join(METRICS)}")
    return code


EntityCode = Annotated[
    str, AfterValidator(_check_entity), JsonSchemaExtra(lambda: {"enum": sorted(entity_names())})
]
MetricCode = Annotated[
    str, AfterValidator(_check_metric), JsonSchemaExtra(lambda: {"enum": list(METRICS)})
]

SourceKind = Literal[
    "news", "research_report", "journal_article", "policy_brief", "government_report", "other"
]
Qualifier = Literal["exact", "about", "more_than", "at_least", "up_to", "fewer_than", "range"]

QUALIFIER_WORDS: dict[str, str] = {
    "exact": "",
    "about": "about",
    "more_than": "more than",
    "at_least": "at least",
    "up_to": "up to",
    "fewer_than": "fewer than",
    "range": "between",
}
# A bound's direction: the number is the least ("more than 900") or the most ("up to 500").
LOWER_BOUNDS = ("more_than", "at_least")
UPPER_BOUNDS = ("up_to", "fewer_than")


# The rules about several fields of a record are functions, each made the model's validator
# (`model_validator(mode="after")(rule)`) rather than a decorated method: mutation testing
# (benchmarks/mutation.py, mutmut) changes functions, and leaves decorated ones alone.


def _basis_when_not_printed(published: Published) -> Published:
    if not published.printed and not published.basis:
        raise ValueError("basis: say where the date comes from when it is not printed")
    return published


class Published(StrictModel):
    """When a source was published, and how we know."""

    date: PartialDate
    printed: StrictBool = Field(description="True when the date is printed in the document.")
    approximate: StrictBool = False
    basis: Text | None = Field(
        default=None, description="Where the date comes from when it is not printed."
    )

    _basis_when_not_printed = model_validator(mode="after")(_basis_when_not_printed)


def _not_future(day: date) -> date:
    if _in_future(day):
        raise ValueError(f"{day} is in the future")
    return day


_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _full_date(value: object) -> object:
    # Without this, pydantic reads a number as seconds since 1970 (on: 0 is 1970-01-01).
    if isinstance(value, date) or (isinstance(value, str) and _FULL_DATE.match(value)):
        return value
    raise ValueError(f"{value!r} is not a day written YYYY-MM-DD")


Day = Annotated[date, BeforeValidator(_full_date), AfterValidator(_not_future)]


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


def _check_language(code: str) -> str:
    # pycountry finds "FR" too, but the number words of a quote are looked up by "fr".
    if not re.fullmatch(r"[a-z]{2}", code) or pycountry.languages.get(alpha_2=code) is None:
        raise ValueError(f"unknown language {code!r}: use an ISO 639-1 code (en, fr, it, nl, ...)")
    return code


LanguageCode = Annotated[
    str,
    AfterValidator(_check_language),
    JsonSchemaExtra(lambda: {"pattern": r"^[a-z]{2}$"}),
    JsonSchemaExtra(
        lambda: {
            "enum": sorted(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))
        }
    ),
]


class Retrieved(StrictModel):
    """When a source's text was read from the web (it is not archived here)."""

    on: Day
    read: Text | None = Field(
        default=None, description="What of the page was read, when it was not the whole text."
    )


def _archived_or_retrieved(source: Source) -> Source:
    # Third-party texts are archived only for the seeds: every other source says when it
    # was read and where, and carries a hash of what was read instead of the text.
    if source.document is not None and source.retrieved is not None:
        raise ValueError(
            "retrieved: a source is archived ('document') or read from the web "
            "('retrieved'), not both"
        )
    if source.document is None and source.retrieved is None:
        raise ValueError(
            "document: give 'document' (the archived text's file name) or 'retrieved' "
            "(the day the page was read, for a text not archived here)"
        )
    if source.retrieved is not None and source.url is None:
        raise ValueError("url: a source read from the web needs the address it was read at")
    if source.retrieved is not None and source.sha256 is None:
        raise ValueError(
            "sha256: give the SHA-256 of the text as read, so a copy can be proved the same"
        )
    if source.retrieved is not None:
        published = dates.bounds(source.published.date)[0]
        if source.retrieved.on < published:
            raise ValueError(
                f"retrieved.on: {source.retrieved.on} is before the source's publication date "
                f"{source.published.date}"
            )
    return source


class Source(StrictModel):
    id: Slug
    publisher: Text
    title: Text
    authors: list[Text] = Field(default_factory=list)
    authors_basis: Text | None = Field(
        default=None, description="Where the authors come from when not printed, or why none."
    )
    published: Published
    url: HttpAddress | None = None
    document: Annotated[str, StringConstraints(pattern=r"^[\w.-]+$")] | None = Field(
        default=None, description="The archived text's file name in the documents folder."
    )
    retrieved: Retrieved | None = Field(
        default=None, description="When the text was read at `url`, for a source not archived."
    )
    sha256: Sha256 | None = Field(
        default=None, description="SHA-256 of the text as read (UTF-8), to prove a copy the same."
    )
    language: LanguageCode = Field(
        default="en", description="The text's language (ISO 639-1): quotes are in it."
    )
    kind: SourceKind
    same_page_as: Slug | None = Field(
        default=None,
        description="The id of a source that is a reading of the same page (same address or "
        "text): a second reading, recorded as a source of its own.",
    )
    republishes: Republishes | None = Field(
        default=None,
        description="The original publication, when the source reposts another publisher's text.",
    )
    no_figures: Text | None = Field(
        default=None, description="Why the source has no figures (it stays listed)."
    )
    notes: Text | None = None

    _archived_or_retrieved = model_validator(mode="after")(_archived_or_retrieved)

    @property
    def archived(self) -> bool:
        return self.document is not None


class Republishes(StrictModel):
    """The original publication a source reposts: the card names it first ("ICSR's report, as
    hosted by Docslib")."""

    publisher: Text
    title: Text
    url: HttpAddress | None = Field(
        default=None, description="The original's own address, where it is known."
    )


class Verification(StrictModel):
    by: Text
    on: Day


def _fields_for_method(derivation: Derivation) -> Derivation:
    if derivation.method == "share" and (derivation.share is None or derivation.minus):
        raise ValueError("a share needs 'share' (0 < share <= 1) and no 'minus'")
    if derivation.method == "remainder" and (derivation.share is not None or not derivation.minus):
        raise ValueError("a remainder needs 'minus' (the parts to subtract) and no 'share'")
    return derivation


class Derivation(StrictModel):
    """How a figure the source gives as a share or a remainder is computed from other figures."""

    method: Literal["share", "remainder"]
    of: Slug = Field(description="The figure this is a share of, or the total for a remainder.")
    share: Annotated[StrictFloat | StrictInt, Field(gt=0, le=1)] | None = None
    minus: list[Slug] = Field(default_factory=list)
    words: Text = Field(description="The words of the quote the derivation rests on.")

    _fields_for_method = model_validator(mode="after")(_fields_for_method)


def _value_matches_qualifier(figure: Figure) -> Figure:
    if figure.qualifier == "range":
        if figure.derived or figure.value is not None:
            raise ValueError("value: a range gives 'low' and 'high', not 'value'")
        if figure.low is None or figure.high is None:
            absent = "low" if figure.low is None else "high"
            raise ValueError(f"{absent}: a range needs both 'low' and 'high'")
        if figure.low >= figure.high:
            raise ValueError(
                f"low: the range's low ({figure.low}) must be below its high ({figure.high})"
            )
        return figure
    if figure.low is not None or figure.high is not None:
        present = "low" if figure.low is not None else "high"
        raise ValueError(f"{present}: only a range (qualifier: range) has 'low' and 'high'")
    if figure.derived and figure.value is not None:
        raise ValueError("value: a derived figure's value is computed, do not write it")
    if not figure.derived and figure.value is None:
        raise ValueError("value: missing (or give 'derived' for a computed figure)")
    return figure


def _no_date_when_unknown(figure: Figure) -> Figure:
    if figure.date_unknown and figure.as_of is not None:
        raise ValueError("as_of: a figure whose date is unknown ('date_unknown') has no 'as_of'")
    if figure.includes and figure.scope:
        raise ValueError("includes: a scoped count ('scope') counts only part of everyone")
    if figure.takes_in_others and not figure.scope:
        raise ValueError(
            "takes_in_others: say in 'scope' whom else the count takes in ('all IS members "
            "arrested', 'incl. those who never left')"
        )
    if figure.one_occasion and not figure.scope:
        raise ValueError(
            "one_occasion: say in 'scope' which occasion the count is of ('one repatriation "
            "flight', 'arrests during 2013 only')"
        )
    return figure


class Figure(StrictModel):
    id: Slug
    entity: EntityCode
    metric: MetricCode
    qualifier: Qualifier = "exact"
    value: Count | None = None
    low: Count | None = None
    high: Count | None = None
    derived: Derivation | None = None
    scope: Annotated[Text, StringConstraints(max_length=SCOPE_MAX)] | None = Field(
        default=None,
        description="Whom the count is limited to, when it is not everyone the metric counts "
        "('men only', 'women and children only'), or with 'takes_in_others' whom else it counts: "
        "printed beside the number in every label, so short; the notes say the rest.",
    )
    includes: Text | None = Field(
        default=None,
        description="Whom the source says a count of everyone includes besides fighters "
        "('women and minors'): shown with the number.",
    )
    takes_in_others: StrictBool = Field(
        default=False,
        description="True when the count takes in, in a number the page does not give, people "
        "its metric does not count: people who never left, another conflict, proceedings not "
        "only against travellers ('scope' says whom). Such a count is shown with its country's "
        "figures but never stands for the metric on a chart.",
    )
    one_occasion: StrictBool = Field(
        default=False,
        description="True when the count is of one occasion only, not a total to date: one "
        "repatriation flight, one court case, one year's arrests ('scope' says which). Such a "
        "count is shown with its country's figures but never stands for the metric on a chart.",
    )
    as_of: PartialDate | None = None
    date_unknown: StrictBool = Field(
        default=False,
        description="True when the page says the number was given earlier without saying when "
        "('he previously insisted that the number was 49'): the figure has no date, only a "
        "latest one (the page's), and no cross-section can place it.",
    )
    source: Slug
    originator: Slug = Field(
        description="Whose count the number is: an id of originators.yaml (the body that "
        "counted, not the outlet that reported it)."
    )
    quote: Annotated[Text, StringConstraints(max_length=QUOTE_MAX)]
    translation: Annotated[Text, StringConstraints(max_length=QUOTE_MAX)] | None = Field(
        default=None,
        description="Our English translation of the quote, for a source not in English: shown "
        "beside the quote, marked as ours; the verbatim quote stays the record.",
    )
    attributed_to: Text | None = None
    verified: Verification
    notes: Text | None = None

    _value_matches_qualifier = model_validator(mode="after")(_value_matches_qualifier)
    _no_date_when_unknown = model_validator(mode="after")(_no_date_when_unknown)


OriginatorKind = Literal[
    "government", "intergovernmental", "research", "media", "expert", "unknown"
]


def _country_for_kind(originator: Originator) -> Originator:
    if originator.country is None:
        return originator
    aggregate = originator.country in AGGREGATES
    if originator.kind == "intergovernmental" and not aggregate:
        raise ValueError(
            "country: an intergovernmental body's 'country' is the aggregate of its members "
            "(EU, WORLD, ...)"
        )
    if originator.kind != "intergovernmental" and aggregate:
        raise ValueError(
            f"country: {originator.country} is an aggregate; only an intergovernmental body has one"
        )
    return originator


class Originator(StrictModel):
    """Whose count a figure is: a government, an intergovernmental body, a research centre, an
    outlet's own count, an expert, or unknown. Its kind decides a figure's standing."""

    id: Slug
    name: Text
    kind: OriginatorKind
    country: EntityCode | None = Field(
        default=None,
        description="The country it belongs to (ISO 3166-1 alpha-3, or XKX); for an "
        "intergovernmental body, the aggregate of its members.",
    )
    url: HttpAddress | None = Field(default=None, description="Its own web address.")
    notes: Text | None = None

    _country_for_kind = model_validator(mode="after")(_country_for_kind)


class OriginatorsFile(StrictModel):
    originators: list[Originator]


class SourcesFile(StrictModel):
    sources: list[Source]


class FiguresFile(StrictModel):
    figures: list[Figure]
