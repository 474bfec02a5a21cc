"""Controlled vocabularies: entities (countries and declared aggregates) and metrics.

Country codes and names come from pycountry; only what ISO 3166-1 lacks is declared here.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry

# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code used by the EU and the IMF.
EXTRA_COUNTRIES: dict[str, str] = {"XKX": "Kosovo"}


@dataclass(frozen=True)
class Aggregate:
    """A group of countries a source reports as one number: never summed with countries.

    `members` is listed only where the group's membership is fixed; otherwise the definition
    says that it is the source's own, and the figure's note says how the source defines it.
    """

    code: str
    label: str
    definition: str
    members: tuple[str, ...] = ()


AS_THE_SOURCE_DEFINES = (
    "No fixed membership: the countries are those the source counts, and the figure's note "
    "says how the source defines the region where it does."
)

_FORMER_SOVIET_UNION = (
    "ARM", "AZE", "BLR", "EST", "GEO", "KAZ", "KGZ", "LVA", "LTU", "MDA", "RUS", "TJK", "TKM",
    "UKR", "UZB",
)  # fmt: skip

AGGREGATES: dict[str, Aggregate] = {
    a.code: a
    for a in (
        Aggregate(
            "WORLD",
            "World (all countries reported)",
            "Every country the source counts, worldwide.",
        ),
        Aggregate(
            "EU",
            "European Union",
            "The member states of the European Union at the figure's date: 28, including the "
            "United Kingdom, from July 2013 until 31 January 2020; 27 since 1 February 2020. "
            "An EU figure as of a date before February 2020 includes the United Kingdom. Not "
            "Europe as a whole (see EUROPE).",
        ),
        Aggregate(
            "EUROPE",
            "Europe",
            "Europe as a whole, not only the European Union (it may include the Western "
            "Balkans, and sometimes Russia or Turkey). " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "WESTERN_EUROPE",
            "Western Europe",
            "The countries of Western Europe. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "EASTERN_EUROPE",
            "Eastern Europe",
            "The countries of Eastern Europe. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "BALKANS",
            "The Balkans",
            "The countries of the Balkan peninsula. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "WESTERN_BALKANS",
            "Western Balkans",
            "The six countries of the Western Balkans.",
            ("ALB", "BIH", "XKX", "MKD", "MNE", "SRB"),
        ),
        Aggregate(
            "FORMER_SOVIET_UNION",
            "Former Soviet Union",
            "The fifteen states that were republics of the Soviet Union.",
            _FORMER_SOVIET_UNION,
        ),
        Aggregate(
            "CENTRAL_ASIA",
            "Central Asia",
            "The five countries of Central Asia.",
            ("KAZ", "KGZ", "TJK", "TKM", "UZB"),
        ),
        Aggregate(
            "MIDDLE_EAST",
            "Middle East",
            "The countries of the Middle East. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "MENA",
            "Middle East and North Africa",
            "The countries of the Middle East and North Africa. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "NORTH_AFRICA",
            "North Africa",
            "The countries of North Africa (often Algeria, Egypt, Libya, Morocco and Tunisia). "
            + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "SUB_SAHARAN_AFRICA",
            "Sub-Saharan Africa",
            "The countries of Africa south of the Sahara. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "SOUTH_ASIA",
            "South Asia",
            "The countries of South Asia. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "SOUTHEAST_ASIA",
            "Southeast Asia",
            "The countries of Southeast Asia. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "EAST_ASIA",
            "East Asia",
            "The countries of East Asia. " + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "AMERICAS",
            "The Americas",
            "The countries of North, Central and South America and the Caribbean. "
            + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "NORTH_AMERICA",
            "North America",
            "The countries of North America (often the United States and Canada). "
            + AS_THE_SOURCE_DEFINES,
        ),
        Aggregate(
            "AUSTRALASIA",
            "Australia and New Zealand",
            "Australia and New Zealand, with the Pacific islands where the source includes them.",
        ),
        Aggregate(
            "WESTERN_COUNTRIES",
            "Western countries",
            "Countries the source calls Western (Europe, North America, Australia and New "
            "Zealand, as a rule). " + AS_THE_SOURCE_DEFINES,
        ),
    )
}


@dataclass(frozen=True)
class Metric:
    code: str
    label: str
    definition: str
    unit: str = "people"


METRICS: dict[str, Metric] = {
    m.code: m
    for m in (
        Metric(
            "travelled",
            "Travelled",
            # Counts of 2013 and many since take in every armed group there (ICSR's "all
            # Syrian opposition groups"); their scope says so where the source does.
            "People reported to have travelled to Syria or Iraq to join ISIS, or to fight "
            "there with other armed groups where a source counts them together.",
        ),
        Metric(
            "returned",
            "Returned",
            "People reported to have come back home, or to have left ISIS-held areas, "
            "whatever happened to them afterwards.",
        ),
        Metric(
            "detained",
            "Detained",
            "Returnees arrested, held in detention or imprisoned by their own country's "
            "authorities.",
        ),
        Metric(
            "prosecuted",
            "Prosecuted",
            "Returnees charged or put on trial by their own country's authorities.",
        ),
        Metric(
            "convicted",
            "Convicted",
            "Returnees convicted by a court of their own country.",
        ),
        Metric(
            "released_on_probation",
            "Released on probation",
            "Returnees released under judicial supervision instead of being held.",
        ),
        Metric(
            "imprisoned_by_isis",
            "Imprisoned by ISIS",
            "Foreign recruits imprisoned by ISIS itself, for example for wanting to leave.",
        ),
        Metric(
            "travelling_per_month",
            "Arrivals per month",
            "Foreign fighters arriving in Syria and Iraq per month: a rate, not a total.",
            unit="people per month",
        ),
    )
}

# The three headline metrics, in the order charts show them.
CORE_METRICS: tuple[str, ...] = ("travelled", "returned", "detained")


@cache
def entity_names() -> dict[str, str]:
    """Every valid entity code with its display name."""
    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update(EXTRA_COUNTRIES)
    names.update({code: a.label for code, a in AGGREGATES.items()})
    return names


def entity_name(code: str) -> str:
    return entity_names()[code]


def find_entity(text: str, codes: Iterable[str] | None = None) -> str | None:
    """The code of the entity a person means, by code or name in any case ("deu", "germany",
    "Federal Republic of Germany", "DE"), among `codes` (default: every valid code); or None."""
    names = entity_names()
    pool = {code: names[code] for code in (names if codes is None else codes)}
    wanted = text.strip().casefold()
    for code, name in pool.items():
        if wanted in (code.casefold(), name.casefold()):
            return code
    try:  # official names, alpha-2 and numeric codes
        code = pycountry.countries.lookup(text.strip()).alpha_3
    except LookupError:
        code = None
    if code in pool:
        return code
    # The start of one name alone ("Bosnia").
    starting = [code for code, name in pool.items() if name.casefold().startswith(wanted)]
    return starting[0] if wanted and len(starting) == 1 else None


def nearest_entities(text: str, codes: Iterable[str] | None = None, n: int = 3) -> list[str]:
    """The codes whose code or name is nearest to `text`, nearest first, for "did you mean"."""
    names = entity_names()
    keys: dict[str, str] = {}
    for code in names if codes is None else codes:
        keys.setdefault(names[code].casefold(), code)
        keys.setdefault(code.casefold(), code)
    wanted = text.strip().casefold()
    containing = [k for k in keys if wanted and wanted in k]
    close = difflib.get_close_matches(wanted, keys, n=n * 2, cutoff=0.5)
    return list(dict.fromkeys(keys[k] for k in containing + close))[:n]


def entity_choices(codes: Iterable[str]) -> str:
    """'Germany (DEU), Kosovo (XKX)': codes named for a person choosing among them."""
    return ", ".join(f"{entity_name(code)} ({code})" for code in codes)


def is_aggregate(code: str) -> bool:
    return code in AGGREGATES


def aggregate_description(code: str) -> str | None:
    """What an aggregate counts, with its members by name where they are fixed; None for a
    country.

    >>> aggregate_description("WESTERN_BALKANS")[-68:]
    'Kosovo (XKX), North Macedonia (MKD), Montenegro (MNE), Serbia (SRB).'
    >>> aggregate_description("FRA") is None
    True
    """
    aggregate = AGGREGATES.get(code)
    if aggregate is None:
        return None
    if not aggregate.members:
        return aggregate.definition
    members = ", ".join(f"{entity_name(code)} ({code})" for code in aggregate.members)
    return f"{aggregate.definition} Members: {members}."
