"""The README stays honest: its metric table matches the vocabulary, its commands run."""

from __future__ import annotations

import re

import pytest

from returnees.cli import build_parser
from returnees.coverage import coverage_markdown
from returnees.loader import PROJECT_ROOT, load_or_raise
from returnees.vocab import AGGREGATES, METRICS

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("metric", list(METRICS.values()), ids=list(METRICS))
def test_every_metric_has_its_definition_in_the_readme(metric):
    assert f"| `{metric.code}` | {metric.label} | {metric.definition} |" in README


@pytest.mark.parametrize("aggregate", list(AGGREGATES.values()), ids=list(AGGREGATES))
def test_every_aggregate_has_its_definition_and_members_in_the_readme(aggregate):
    members = ", ".join(aggregate.members) if aggregate.members else "—"
    row = f"| `{aggregate.code}` | {aggregate.label} | {aggregate.definition} | {members} |"
    assert row in README


def test_the_readmes_coverage_section_is_what_returnees_coverage_prints():
    block = README.split("<!-- coverage: begin -->\n", 1)[1].split("<!-- coverage: end -->", 1)[0]
    assert block == coverage_markdown(load_or_raise(PROJECT_ROOT / "data")), (
        "run `returnees coverage` and paste its output into the README"
    )


def test_the_readme_names_exactly_two_setup_commands():
    block = README.split("## Set-up: two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readmes_test_command():
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "command", sorted(set(re.findall(r"^returnees (\w+)", README, re.MULTILINE)))
)
def test_every_returnees_command_in_the_readme_exists(command):
    subcommands = build_parser()._subparsers._group_actions[0].choices
    assert command in subcommands
