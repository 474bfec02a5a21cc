"""What the extractor hands back: a `Candidate` (one number read as a figure), its `Locator`,
a number `Skipped` as not a count of people, and the `Extraction` of a whole document.

Every stage fills a candidate in place: `basis` says how its entity, metric and qualifier were
found, `checks` what was inferred and is to check, `blockers` why it is probably not a figure.
Its confidence and reason are read from those three lists, never set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Locator:
    line: int
    column: int
    offset: int
    length: int


@dataclass
class Candidate:
    entity: str | None
    metric: str | None
    qualifier: str
    value: int | None
    low: int | None
    high: int | None
    quote: str
    locator: Locator
    as_written: str
    sentence: int
    id: str = ""
    derived: dict[str, Any] | None = None
    base: Candidate | None = None  # the figure a share or remainder is computed from
    minus: list[Candidate] = field(default_factory=list)
    antecedent: Candidate | None = None  # the figure "Of them", "of whom" refers to
    attributed_to: str | None = None
    approx_value: float | None = None
    basis: list[str] = field(default_factory=list)  # how entity, metric, qualifier were found
    checks: list[str] = field(default_factory=list)  # what was inferred: check it
    blockers: list[str] = field(default_factory=list)  # why it is probably not a figure
    entity_explicit: bool = False
    metric_explicit: bool = False
    entity_tied: bool = False  # the parse ties the entity to the number, in its clause
    metric_tied: bool = False  # the parse ties the metric to the number, in its clause

    @property
    def confidence(self) -> str:
        if self.blockers:
            return "low"
        return "medium" if self.checks else "high"

    @property
    def reason(self) -> str:
        parts = []
        if self.blockers:
            parts.append("set aside: " + "; ".join(self.blockers))
        if self.checks:
            parts.append("check: " + "; ".join(self.checks))
        parts.append("; ".join(self.basis))
        return " ".join(". ".join(p for p in parts if p).split())

    @property
    def plotted(self) -> float | None:
        if self.value is not None:
            return float(self.value)
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.approx_value


@dataclass(frozen=True)
class Skipped:
    text: str
    reason: str
    line: int
    offset: int


@dataclass
class Extraction:
    source: str
    document: str
    sha256: str
    characters: int
    number_style: str
    candidates: list[Candidate]
    skipped: list[Skipped]

    @property
    def proposed(self) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence != "low"]

    @property
    def set_aside(self) -> list[Candidate]:
        return [c for c in self.candidates if c.confidence == "low"]
