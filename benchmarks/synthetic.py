"""A realistic synthetic dataset of any size, in the layout of `data/`, for the benchmarks.

`write_dataset(out_dir, figures=N)` writes `sources.yaml` and one `figures/<source-id>.yaml` a
source (20 figures each), formatted like the hand-made files: real entity codes (every ISO 3166-1
country pycountry knows, XKX, WORLD and EU), every metric, every qualifier, ranges, figures
derived as a share or as the remainder of figures in the same file, `as_of` dates, attributions
and quotes that state their number. A few sources are listed with `no_figures`.

The dataset validates with no errors and no warnings; with `documents=DIR` it also writes each
source's document (its quotes, in prose) so the quote check passes. The same seed writes the
same files.
"""

from __future__ import annotations

import math
import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from returnees.schema import QUALIFIER_WORDS
from returnees.vocab import AGGREGATES, entity_names

FIGURES_PER_SOURCE = 20
VERIFIED_BY = ["Returnee Figures engineer", "Data desk", "A. Verifier", "Second reader"]
PUBLISHERS = [
    ("Example Daily News", "news"),
    ("The Example Herald", "news"),
    ("Example Broadcasting Corporation", "news"),
    ("Institute for Example Security Studies", "research_report"),
    ("Journal of Example Conflict Research", "journal_article"),
    ("Example Policy Centre", "policy_brief"),
    ("Example Ministry of the Interior", "government_report"),
    ("Example Parliamentary Committee", "other"),
]
AUTHORS = [
    "Anna Example",
    "Bilal Sample",
    "Chloé Martin",
    "Daniel Okafor",
    "Elif Yilmaz",
    "Farid Haddad",
    "Greta Lindqvist",
    "Hugo Moreau",
]
ATTRIBUTIONS = [
    "the Interior Ministry",
    "The Soufan Center",
    "Europol",
    "the public prosecutor",
    "a government spokesperson",
    "the security services",
]
TOPICS = [
    "Foreign fighters are coming home",
    "What to do with returning jihadists",
    "The returnees: numbers and policies",
    "After the caliphate: who came back",
    "Prosecuting returning foreign fighters",
    "Counting the foreign fighters",
]
# (share, the words of the quote it rests on)
SHARES = [
    (0.5, "Around half"),
    (0.25, "A quarter"),
    (0.1, "Ten percent"),
    (0.2, "One in five"),
    (0.75, "Three quarters"),
]
QUALIFIER_VARIANTS = {
    "exact": [""],
    "about": ["about ", "around ", "some ", "roughly "],
    "more_than": ["more than ", "over "],
    "at_least": ["at least "],
    "up_to": ["up to "],
    "fewer_than": ["fewer than ", "less than "],
}
SMALL_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]


@dataclass
class _Source:
    index: int
    id: str
    publisher: str
    kind: str
    year: int
    date: str
    document: str
    figures: list[dict[str, Any]] = field(default_factory=list)


def _entities() -> list[tuple[str, str]]:
    return sorted(entity_names().items())


def _people(code: str, name: str) -> str:
    if code == "WORLD":
        return "foreign fighters"
    if code == "EU":
        return "Europeans"
    return f"people from {name}"


def _count(rng: random.Random, code: str, low: int = 5) -> int:
    """A count of the size sources report: thousands for the world, tens to thousands else."""
    if code in AGGREGATES:
        return rng.randrange(5_000, 45_000)
    return int(math.exp(rng.uniform(math.log(low), math.log(6_000))))


def _say(rng: random.Random, number: int) -> str:
    if number < len(SMALL_WORDS) and rng.random() < 0.5:
        return SMALL_WORDS[number]
    return f"{number:,}"


def _stated(rng: random.Random, qualifier: str, figure: dict[str, Any]) -> str:
    """How the quote states the figure's value ("more than 1,200", "between 40 and 60")."""
    if qualifier == "range":
        return f"between {figure['low']:,} and {figure['high']:,}"
    return rng.choice(QUALIFIER_VARIANTS[qualifier]) + _say(rng, figure["value"])


def _counted(rng: random.Random, figure: dict[str, Any], code: str, allow_range: bool) -> str:
    """Give `figure` a qualifier and a value (or low/high); return the qualifier."""
    qualifiers = [q for q in QUALIFIER_WORDS if allow_range or q != "range"]
    qualifier = rng.choice(qualifiers)
    n = _count(rng, code)
    if qualifier == "range":
        figure["low"], figure["high"] = n, n + max(1, n // rng.choice([3, 4, 5, 10]))
    else:
        figure["value"] = n
    if qualifier != "exact":
        figure["qualifier"] = qualifier
    return qualifier


def _lead(rng: random.Random, figure: dict[str, Any]) -> str:
    if rng.random() < 0.4:
        figure["attributed_to"] = rng.choice(ATTRIBUTIONS)
        return f"According to {figure['attributed_to']}, "
    return ""


def _as_of(rng: random.Random, source: _Source, figure: dict[str, Any]) -> None:
    if rng.random() < 0.25:
        year = source.year - rng.choice([0, 1, 1, 2])
        figure["as_of"] = str(year) if year == source.year else f"{year}-{rng.randint(1, 12):02d}"


def _new(source: _Source, code: str, metric: str) -> dict[str, Any]:
    return {
        "id": f"{source.id}-{code.lower()}-{metric.replace('_', '-')}",
        "entity": code,
        "metric": metric,
    }


# --------------------------------------------------------------------------- figure groups
# Each group is about one entity, so no two groups of a file share a (source, entity, metric)
# and "returned greater than travelled" never fires.


def _travel_group(rng: random.Random, source: _Source, code: str, name: str) -> list[dict]:
    """Travelled (any qualifier), a share of them returned (derived), some detained."""
    travelled = _new(source, code, "travelled")
    qualifier = _counted(rng, travelled, code, allow_range=True)
    lead = _lead(rng, travelled)
    travelled["quote"] = (
        f"{lead}{_stated(rng, qualifier, travelled)} {_people(code, name)} have travelled to "
        "Syria and Iraq to join the Islamic State since 2012."
    )
    _as_of(rng, source, travelled)
    share, words = rng.choice(SHARES)
    returned = _new(source, code, "returned")
    returned["qualifier"] = "about"
    returned["derived"] = {"method": "share", "of": travelled["id"], "share": share, "words": words}
    returned["quote"] = (
        f"{words} of them are believed to have returned home, officials in the region say."
    )
    estimate = (travelled.get("value") or travelled["high"]) * share
    detained = _new(source, code, "detained")
    detained["value"] = max(1, int(estimate * rng.uniform(0.2, 0.9)))
    detained["quote"] = (
        f"{_say(rng, detained['value']).capitalize()} returnees from {name} are now held in "
        "detention awaiting trial."
    )
    return [travelled, returned, detained]


def _return_group(rng: random.Random, source: _Source, code: str, name: str) -> list[dict]:
    """Returned, detained, the rest released (a remainder), prosecuted, convicted."""
    returned = _new(source, code, "returned")
    returned["value"] = _count(rng, code, low=20)
    if rng.random() < 0.5:
        returned["qualifier"] = rng.choice(["about", "at_least", "more_than"])
    lead = _lead(rng, returned)
    stated = _stated(rng, returned.get("qualifier", "exact"), returned)
    returned["quote"] = f"{lead}{stated} {_people(code, name)} have come back from Syria and Iraq."
    _as_of(rng, source, returned)
    detained = _new(source, code, "detained")
    detained["value"] = int(returned["value"] * rng.uniform(0.3, 0.9))
    rest = (
        f"Of the {returned['value']:,} who came back, {detained['value']:,} are in custody and "
        "the rest have been released under judicial supervision."
    )
    detained["quote"] = rest
    released = _new(source, code, "released_on_probation")
    released["derived"] = {
        "method": "remainder",
        "of": returned["id"],
        "minus": [detained["id"]],
        "words": "the rest",
    }
    released["quote"] = rest
    prosecuted = _new(source, code, "prosecuted")
    prosecuted["value"] = int(detained["value"] * rng.uniform(0.2, 1.0))
    prosecuted["quote"] = (
        f"Prosecutors in {name} have charged {_say(rng, prosecuted['value'])} returnees with "
        "terrorist offences."
    )
    convicted = _new(source, code, "convicted")
    convicted["value"] = int(prosecuted["value"] * rng.uniform(0.1, 0.9))
    convicted["qualifier"] = rng.choice(["exact", "at_least", "more_than"])
    stated = _stated(rng, convicted["qualifier"], convicted)
    convicted["quote"] = f"So far the courts have convicted {stated} of them."
    if convicted["qualifier"] == "exact":
        del convicted["qualifier"]
    return [returned, detained, released, prosecuted, convicted]


def _other_group(rng: random.Random, source: _Source, code: str, name: str) -> list[dict]:
    """Recruits imprisoned by ISIS itself, and a monthly rate of arrivals."""
    jailed = _new(source, code, "imprisoned_by_isis")
    jailed["value"] = rng.randint(1, 40)
    jailed["quote"] = (
        f"ISIS commanders in Raqqa jailed {_say(rng, jailed['value'])} recruits from {name} who "
        "wanted to go home."
    )
    jailed["notes"] = "Recruits who wanted to leave, imprisoned by their commanders."
    rate = _new(source, code, "travelling_per_month")
    rate["value"] = rng.randrange(5, 2_000 if code in AGGREGATES else 80)
    qualifier = rng.choice(["about", "up_to", "exact"])
    if qualifier != "exact":
        rate["qualifier"] = qualifier
    lead = _lead(rng, rate)
    rate["quote"] = (
        f"{lead}{_stated(rng, qualifier, rate)} {_people(code, name)} a month were crossing into "
        "Syria at the height of the flow."
    )
    return [jailed, rate]


def _single(rng: random.Random, source: _Source, code: str, name: str) -> list[dict]:
    travelled = _new(source, code, "travelled")
    qualifier = _counted(rng, travelled, code, allow_range=True)
    travelled["quote"] = (
        f"{_lead(rng, travelled)}{_stated(rng, qualifier, travelled)} {_people(code, name)} "
        "joined the group."
    )
    return [travelled]


Group = Callable[[random.Random, _Source, str, str], list[dict]]
GROUPS: list[tuple[int, Group, int]] = [  # (size, group, weight)
    (3, _travel_group, 4),
    (5, _return_group, 3),
    (2, _other_group, 2),
    (1, _single, 1),
]


def _fill(rng: random.Random, source: _Source, count: int, entities: list[tuple[str, str]]):
    pool = iter(rng.sample(entities, len(entities)))
    while len(source.figures) < count:
        room = count - len(source.figures)
        choices = [(group, weight) for size, group, weight in GROUPS if size <= room]
        group = rng.choices([g for g, _ in choices], [w for _, w in choices])[0]
        code, name = next(pool)
        source.figures.extend(group(rng, source, code, name))
    verified_on = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    verified_by = rng.choice(VERIFIED_BY)
    for i, figure in enumerate(source.figures):
        figure["source"] = source.id
        # Taken in turn, not drawn: the rest of the dataset stays what each seed always gave.
        figure["originator"] = ORIGINATORS[(source.index + i) % len(ORIGINATORS)]["id"]
        figure["verified"] = {"by": verified_by, "on": verified_on}


# Whose counts the synthetic figures are: one of each kind the schema knows.
ORIGINATORS: tuple[dict[str, str], ...] = (
    {"id": "research-centre", "name": "A Research Centre", "kind": "research"},
    {"id": "news-desk", "name": "A News Desk", "kind": "media"},
    {
        "id": "interior-ministry",
        "name": "An Interior Ministry",
        "kind": "government",
        "country": "FRA",
    },
    {"id": "unattributed", "name": "Not attributed on the page", "kind": "unknown"},
    {"id": "eu-body", "name": "An EU Body", "kind": "intergovernmental", "country": "EU"},
    {"id": "an-expert", "name": "An Expert", "kind": "expert"},
)


# --------------------------------------------------------------------------- YAML text

_RESERVED = {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"}


def _scalar(text: str) -> str:
    """A string as a YAML scalar: plain when that is safe, else single-quoted."""
    plain = (
        text
        and text[0].isalpha()
        and text.casefold() not in _RESERVED
        and all(c.isalnum() or c in " ,.()'-" for c in text)
        and text == text.strip()
    )
    return text if plain else "'" + text.replace("'", "''") + "'"


def _text(key: str, text: str, indent: int) -> list[str]:
    """A long text as a folded block (`>-`), wrapped as a person would write it."""
    pad = " " * indent
    if len(pad) + len(key) + len(text) + 2 <= 100:
        return [f"{pad}{key}: {_scalar(text)}"]
    wrapped = textwrap.wrap(text, width=96 - indent, break_long_words=False)
    return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in wrapped)]


def _figure_lines(figure: dict[str, Any]) -> list[str]:
    lines = [
        f"  - id: {figure['id']}",
        f"    entity: {figure['entity']}",
        f"    metric: {figure['metric']}",
    ]
    if "qualifier" in figure:
        lines.append(f"    qualifier: {figure['qualifier']}")
    if "value" in figure:
        lines.append(f"    value: {figure['value']}")
    if "low" in figure:
        lines += [f"    low: {figure['low']}", f"    high: {figure['high']}"]
    if "derived" in figure:
        d = figure["derived"]
        lines += ["    derived:", f"      method: {d['method']}", f"      of: {d['of']}"]
        if "share" in d:
            lines.append(f"      share: {d['share']}")
        if "minus" in d:
            lines.append(f"      minus: [{', '.join(d['minus'])}]")
        lines.append(f"      words: {_scalar(d['words'])}")
    if "as_of" in figure:
        lines.append(f"    as_of: {figure['as_of']}")
    lines.append(f"    source: {figure['source']}")
    lines.append(f"    originator: {figure['originator']}")
    lines += _text("quote", figure["quote"], 4)
    if "attributed_to" in figure:
        lines.append(f"    attributed_to: {_scalar(figure['attributed_to'])}")
    if "notes" in figure:
        lines += _text("notes", figure["notes"], 4)
    v = figure["verified"]
    lines.append(f"    verified: {{by: {v['by']}, on: {v['on']}}}")
    return lines


def _source_lines(rng: random.Random, source: _Source, no_figures: bool) -> list[str]:
    authors = rng.sample(AUTHORS, rng.randint(0, 3))
    lines = [
        f"  - id: {source.id}",
        f"    publisher: {_scalar(source.publisher)}",
        f"    title: {_scalar(rng.choice(TOPICS))}",
        f"    authors: [{', '.join(authors)}]",
    ]
    if not authors:
        lines.append("    authors_basis: None printed; the piece is an unsigned report.")
    lines += ["    published:", f"      date: {source.date}"]
    if rng.random() < 0.2:
        lines += [
            "      printed: false",
            "      approximate: true",
            "      basis: Not printed; looked up in the publisher's archive.",
        ]
    else:
        lines.append("      printed: true")
    slug = source.id.rsplit("-", 1)[0]
    lines += [
        f"    url: https://www.example.org/{source.year}/{slug}-{source.index}",
        f"    document: {source.document}",
        f"    kind: {source.kind}",
    ]
    if no_figures:
        lines.append("    no_figures: Discusses policy only; it reports no count of people.")
    return lines


def _document(source: _Source) -> str:
    quotes = dict.fromkeys(f["quote"] for f in source.figures)
    return f"{source.publisher}\n\n" + "\n\n".join(quotes) + "\n"


def _new_source(rng: random.Random, index: int) -> _Source:
    publisher, kind = rng.choice(PUBLISHERS)
    year = rng.randint(2013, 2023)
    precision = rng.random()
    if precision < 0.6:
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    elif precision < 0.85:
        date = f"{year}-{rng.randint(1, 12):02d}"
    else:
        date = str(year)
    initials = "".join(w[0] for w in publisher.split() if w[0].isupper()).lower()
    document = f"{index:05d}_{rng.getrandbits(64):016x}.txt"
    return _Source(index, f"{initials}-{year}-{index:05d}", publisher, kind, year, date, document)


def write_dataset(
    out_dir: Path, figures: int, seed: int = 0, documents: Path | None = None
) -> Path:
    """Write a valid synthetic dataset of `figures` figures into `out_dir`; return `out_dir`.

    Figure files already in `out_dir/figures` are replaced. With `documents`, also write each
    source's document there, so the quote check passes too.
    """
    if figures < 1:
        raise ValueError("figures must be at least 1")
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    figures_dir = out_dir / "figures"
    figures_dir.mkdir(parents=True, exist_ok=True)
    for old in [*figures_dir.glob("*.yaml"), *figures_dir.glob("*.yml")]:
        old.unlink()

    entities = _entities()
    with_figures = math.ceil(figures / FIGURES_PER_SOURCE)
    without_figures = max(1, with_figures // 40)
    sources = [_new_source(rng, i) for i in range(with_figures + without_figures)]
    no_figures = set(rng.sample(range(len(sources)), without_figures))

    left = figures
    source_lines = ["# Synthetic dataset written by benchmarks/synthetic.py.", "sources:"]
    for source in sources:
        empty = source.index in no_figures
        if not empty:
            count = min(FIGURES_PER_SOURCE, left)
            _fill(rng, source, count, entities)
            left -= count
            lines = [f"# Figures from {source.id} (synthetic).", "figures:"]
            for i, figure in enumerate(source.figures):
                lines += ([""] if i else []) + _figure_lines(figure)
            (figures_dir / f"{source.id}.yaml").write_text("\n".join(lines) + "\n", "utf-8")
        source_lines += [*_source_lines(rng, source, empty), ""]
        if documents is not None:
            documents.mkdir(parents=True, exist_ok=True)
            (documents / source.document).write_text(_document(source), "utf-8")
    assert left == 0, left
    (out_dir / "sources.yaml").write_text("\n".join(source_lines), "utf-8")
    named = {f["originator"] for source in sources for f in source.figures}
    lines = ["# Synthetic originators written by benchmarks/synthetic.py.", "originators:"]
    for originator in ORIGINATORS:
        if originator["id"] in named:
            lines.append(f"  - id: {originator['id']}")
            lines += [f"    {key}: {value}" for key, value in originator.items() if key != "id"]
    (out_dir / "originators.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    return out_dir
