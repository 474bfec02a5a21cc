"""Controlled vocabularies: entities (countries and declared aggregates) and metrics.

Country codes and names come from pycountry; only what ISO 3166-1 lacks is declared here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pycountry

# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code used by the EU and the IMF.
EXTRA_COUNTRIES: dict[str, str] = {"XKX": "Kosovo"}

# Aggregates are not countries: they are never summed with countries on a chart.
AGGREGATES: dict[str, str] = {
    "WORLD": "World (all countries reported)",
    "EU": "European Union",
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
            "People reported to have travelled to Syria or Iraq to join ISIS "
            "(or, where the source says so, the jihadist groups there).",
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
    names.update(AGGREGATES)
    return names


def entity_name(code: str) -> str:
    return entity_names()[code]


def is_aggregate(code: str) -> bool:
    return code in AGGREGATES
