"""The README and docs/ stay honest: the dataset guide's tables match the vocabulary and the
data, the README's commands run."""

from __future__ import annotations

import re

import pytest

from returnees import reference
from returnees.cli import build_parser
from returnees.coverage import coverage_markdown, originators_markdown
from returnees.loader import PROJECT_ROOT, load_or_raise
from returnees.vocab import AGGREGATES, METRICS
from tests.conftest import REQUIRE_BROWSER, REQUIRE_DOCUMENTS, REQUIRE_HAPROXY

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
# The dataset guide: originators, the rule, coverage, aggregates and metrics in full.
DATASET = (PROJECT_ROOT / "docs" / "dataset.md").read_text(encoding="utf-8")
DOCS = "\n".join(p.read_text("utf-8") for p in sorted((PROJECT_ROOT / "docs").glob("*.md")))


@pytest.mark.parametrize("metric", list(METRICS.values()), ids=list(METRICS))
def test_every_metric_has_its_definition_in_the_dataset_guide(metric):
    assert f"| `{metric.code}` | {metric.label} | {metric.definition} |" in DATASET


@pytest.mark.parametrize("aggregate", list(AGGREGATES.values()), ids=list(AGGREGATES))
def test_every_aggregate_has_its_definition_and_members_in_the_dataset_guide(aggregate):
    members = ", ".join(aggregate.members) if aggregate.members else "—"
    row = f"| `{aggregate.code}` | {aggregate.label} | {aggregate.definition} | {members} |"
    assert row in DATASET


def test_the_dataset_guides_coverage_section_is_what_returnees_coverage_prints():
    assert _block("coverage") == coverage_markdown(load_or_raise(PROJECT_ROOT / "data")), (
        "run `returnees coverage` and paste its output into docs/dataset.md"
    )


def _setup_commands() -> list[str]:
    block = README.split("## Set-up: two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def _ci_commands() -> list[str]:
    """The lines of .ci/run that run something: comments and blank lines dropped."""
    text = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = (re.sub(r"(?:^|\s)#.*", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def test_the_readme_names_exactly_two_setup_commands():
    assert _setup_commands() == ["make run", "make test"]


def test_ci_runs_the_readmes_test_command():
    assert _setup_commands()[1] in _ci_commands()


@pytest.mark.parametrize("variable", [REQUIRE_DOCUMENTS, REQUIRE_BROWSER, REQUIRE_HAPROXY])
def test_ci_fails_rather_than_skips_without_the_documents_chromium_or_haproxy(variable):
    commands = _ci_commands()
    assert f"export {variable}=1" in commands
    assert commands.index(f"export {variable}=1") < commands.index("make test")


@pytest.mark.parametrize(
    "command", sorted(set(re.findall(r"^returnees ([\w-]+)", README + DOCS, re.MULTILINE)))
)
def test_every_returnees_command_in_the_readme_and_docs_exists(command):
    subcommands = build_parser()._subparsers._group_actions[0].choices
    assert command in subcommands


def _block(name: str) -> str:
    return DATASET.split(f"<!-- {name}: begin -->\n", 1)[1].split(f"<!-- {name}: end -->", 1)[0]


def test_the_dataset_guides_standing_table_is_the_codes_definitions():
    rows = [
        f"| `{code}` | {reference.STANDING_DEFINITIONS[code]} |" for code in reference.STANDINGS
    ]
    assert _block("standing") == "| standing | what it is |\n|---|---|\n" + "\n".join(rows) + "\n"


def test_the_dataset_guides_rule_is_the_rule_the_code_documents():
    steps = [line for line in _block("rule").splitlines() if line]
    assert steps == [
        line.strip()
        for line in reference.__doc__.split("The rule, at a date D", 1)[1].splitlines()
        if re.match(r"\s*\d\. ", line)
    ]


def test_the_dataset_guides_originators_table_is_what_returnees_coverage_prints():
    assert _block("originators") == originators_markdown(load_or_raise(PROJECT_ROOT / "data")), (
        "run `returnees coverage --originators` and paste its output into docs/dataset.md"
    )
