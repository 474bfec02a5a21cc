"""Run the property tests randomized, round after round, for as long as given.

    .venv/bin/python -m tests.fuzz [--minutes 5] [--seed N]

`make test` runs tests/test_properties.py derandomized: the same examples every run. This runs it
under the hypothesis profile "fuzz" (tests/conftest.py: randomized, ten times the examples a
test), each round with a new seed, printed so that a round can be replayed:

    HYPOTHESIS_PROFILE=fuzz .venv/bin/python -m pytest tests/test_properties.py \\
        --hypothesis-seed=SEED

Hypothesis keeps what fails in .hypothesis/ and tries it first in the next round. No round
starts after --minutes; the exit status is 1 when any round failed. Pin what a failure found
with `@example` on its test, so that `make test` tries it on every run.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time

from returnees.loader import PROJECT_ROOT

TESTS = "tests/test_properties.py"
# A round that runs this much longer than the time it was given has hung.
HANG_MARGIN_S = 900


def _round(seed: int, timeout: float) -> tuple[bool, str]:
    command = [sys.executable, "-m", "pytest", TESTS, "-q", "-p", "no:cacheprovider"]
    command.append(f"--hypothesis-seed={seed}")
    env = {**os.environ, "HYPOTHESIS_PROFILE": "fuzz"}
    try:
        done = subprocess.run(
            command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return False, f"the round did not finish in {timeout:.0f} s: a hang?"
    return done.returncode == 0, done.stdout + done.stderr


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--minutes", type=float, default=5, help="start no round after this")
    parser.add_argument("--seed", type=int, help="the first round's seed (default: random)")
    args = parser.parse_args(argv)

    start = time.monotonic()
    deadline = start + args.minutes * 60
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    rounds, failed = 0, []
    while rounds == 0 or time.monotonic() < deadline:
        began = time.monotonic()
        passed, output = _round(seed, max(deadline - began, 0) + HANG_MARGIN_S)
        rounds += 1
        summary = output.strip().splitlines()[-1] if output.strip() else ""
        print(f"round {rounds}: seed {seed}: {summary} ({time.monotonic() - began:.0f} s)")
        if not passed:
            failed.append(seed)
            print(output)
        sys.stdout.flush()
        seed = random.SystemRandom().randrange(2**32)
    minutes = (time.monotonic() - start) / 60
    print(
        f"rounds={rounds} failed={len(failed)} minutes={minutes:.1f}"
        + (f" failing_seeds={','.join(map(str, failed))}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
