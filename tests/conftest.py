"""Shared fixtures and settings: the shipped dataset, the archived documents, hypothesis.

What a test needs from outside the repository (the archived documents, Chromium) it asks for
through `require`: without it the test skips, saying how to provide it; with the `REQUIRE`
variable set to 1, as `.ci/run` sets both, it fails, so CI never passes with a need missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from returnees.loader import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"
REQUIRE_DOCUMENTS = "RETURNEES_REQUIRE_DOCUMENTS"
REQUIRE_BROWSER = "RETURNEES_REQUIRE_BROWSER"

# Property tests (tests/test_properties.py). `make test` and CI try the same examples on every
# run: "repeatable" is derandomized and keeps no example database. `python -m tests.fuzz` (or
# HYPOTHESIS_PROFILE=fuzz) tries new ones, ten times as many a test (see `examples`), and
# keeps the failures it finds in .hypothesis/ to try them first next time.
_COMMON = {
    "deadline": None,
    "print_blob": True,
    # Every example writes a fresh folder (so the loader's cache never answers): slow data.
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("repeatable", derandomize=True, database=None, **_COMMON)
settings.register_profile("fuzz", derandomize=False, max_examples=1000, **_COMMON)
# Mutation testing (benchmarks/mutation.py) runs the tests once a mutant: a tenth of the examples.
settings.register_profile("mutation", derandomize=True, database=None, max_examples=10, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


def examples(count: int) -> int:
    """`count` examples under the repeatable profile (100 by default), scaled with the profile's
    own `max_examples`: ten times as many under "fuzz"."""
    return max(1, count * settings.default.max_examples // 100)


def require(found: bool, variable: str, message: str) -> None:
    """Skip with `message` when a need is not `found`; fail instead when `variable` is 1."""
    if found:
        return
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def documents_dir() -> Path:
    """The archived source documents: the quote check and extraction on the real texts."""
    value = os.environ.get("RETURNEES_DOCUMENTS")
    require(
        bool(value) and Path(value).is_dir(),
        REQUIRE_DOCUMENTS,
        "set RETURNEES_DOCUMENTS to the folder of archived documents "
        f"(e.g. ../shared/seeds) to run the quote check (now {value or 'unset'})",
    )
    return Path(value)
