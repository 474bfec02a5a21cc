"""Mutation testing of the integrity core with mutmut: how many planted bugs the tests catch.

    .venv/bin/python -m benchmarks.mutation [--max-children 2] [--keep | --report] [PATTERN ...]

mutmut (configured in pyproject.toml, [tool.mutmut]) copies returnees/ to mutants/, makes each
small change ("mutant") to the functions of the integrity core (schema.py, loader.py, quotes.py,
citations.py, yamlio.py), of the modules that draw and ship numbers (views.py, frames.py,
charts.py, brief.py, datapackage.py) and of deploy/serve.py, and runs the unit tests that call
the changed function (only those of the unit test files named there, under the hypothesis
profile "mutation": derandomized, a tenth of the examples).
A mutant is killed when a test fails. Not part of `make test`: it takes tens of minutes.

Prints, per module, the mutants killed, survived, timed out and not run by any test, the
share killed, and the surviving mutants by name (`.venv/bin/mutmut show NAME` shows one's
change). Without --keep, results of an earlier run are removed first so that every mutant is
tried against the tests as they are; PATTERN (e.g. 'returnees.yamlio*') runs only the mutants
it matches, and --report prints the last results again. The last lines are machine-readable,
one a module: `module=returnees/yamlio.py mutants=N killed=K survived=S timeout=T no_tests=U
score=0.95`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from returnees.loader import PROJECT_ROOT

MUTANTS = PROJECT_ROOT / "mutants"
MODULES = [
    *(f"returnees/{name}.py" for name in ("schema", "loader", "quotes", "citations", "yamlio")),
    *(f"returnees/{name}.py" for name in ("views", "frames", "charts", "brief", "datapackage")),
    "deploy/serve.py",
]
# mutmut's exit codes of a mutant's test run (mutmut.stats.status_by_exit_code, 3.8.1). A run
# the mutant crashed (a segfault: the parser recursed without end) failed: it counts as killed.
STATUS = {1: "killed", 3: "killed", -11: "killed", -9: "killed", 0: "survived", 5: "no tests"}
STATUS |= {33: "no tests", 34: "skipped"} | dict.fromkeys([36, -24, 24, 152, 255], "timeout")
COLUMNS = ["killed", "survived", "timeout", "no tests"]


def _run(max_children: int, patterns: list[str]) -> int:
    env = {**os.environ, "HYPOTHESIS_PROFILE": "mutation"}
    documents = PROJECT_ROOT.parent / "shared" / "seeds"
    if "RETURNEES_DOCUMENTS" not in env and documents.is_dir():
        env["RETURNEES_DOCUMENTS"] = str(documents)  # absolute: mutmut runs in mutants/
    MUTANTS.mkdir(exist_ok=True)
    log = MUTANTS / "run.log"
    mutmut = Path(sys.executable).with_name("mutmut")
    command = [str(mutmut), "run", "--max-children", str(max_children), *patterns]
    print(f"running {' '.join(command[1:])} (its output: {log.relative_to(PROJECT_ROOT)})")
    sys.stdout.flush()
    with log.open("w", encoding="utf-8") as out:
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=out).returncode


def _results() -> dict[str, dict[str, str]]:
    """Each module's mutants and their status, from the files mutmut leaves in mutants/."""
    found = {}
    for module in MODULES:
        meta = MUTANTS / f"{module}.meta"
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"] if meta.is_file() else {}
        found[module] = {
            key: STATUS.get(code, "not run" if code is None else "suspicious")
            for key, code in codes.items()
        }
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.mutation", description=__doc__)
    parser.add_argument("--max-children", type=int, default=2, help="parallel test runs")
    parser.add_argument("--keep", action="store_true", help="keep an earlier run's results")
    parser.add_argument("--report", action="store_true", help="only print the last results")
    parser.add_argument("patterns", nargs="*", help="only the mutants these names match")
    args = parser.parse_args(argv)

    if not args.report:
        if not args.keep and not args.patterns:
            shutil.rmtree(MUTANTS, ignore_errors=True)
        code = _run(args.max_children, args.patterns)
        if code != 0:
            print(f"mutmut exited with {code}: see {MUTANTS / 'run.log'}", file=sys.stderr)
            return code

    # Modules none of whose mutants ran (MUTANT_PATTERN left them out) are not shown.
    results = {m: s for m, s in _results().items() if set(s.values()) - {"not run"}}
    print(f"mutation testing, {date.today().isoformat()}")
    header = f"{'module':<24}{'mutants':>8}" + "".join(f"{c:>10}" for c in COLUMNS)
    print(header + f"{'killed %':>10}")
    lines = []
    for module, statuses in results.items():
        counts = Counter(statuses.values())
        total = len(statuses)
        score = counts["killed"] / total if total else 0.0
        row = "".join(f"{counts[c]:>10}" for c in COLUMNS)
        print(f"{module:<24}{total:>8}{row}{score:>10.1%}")
        others = {s: n for s, n in counts.items() if s not in COLUMNS}
        if others:
            print(f"{'':<24}also: {', '.join(f'{n} {s}' for s, n in sorted(others.items()))}")
        lines.append(
            f"module={module} mutants={total} killed={counts['killed']} "
            f"survived={counts['survived']} timeout={counts['timeout']} "
            f"no_tests={counts['no tests']} score={score:.3f}"
        )
    for module, statuses in results.items():
        alive = sorted(k for k, s in statuses.items() if s not in ("killed", "timeout", "not run"))
        if alive:
            print(f"{module}: not killed: {', '.join(alive)}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
