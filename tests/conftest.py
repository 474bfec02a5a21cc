"""Shared fixtures and settings: the shipped dataset, a copy of its seed sources, the archived
documents, hypothesis.

What a test needs from outside the repository (the archived documents, Chromium, HAProxy) it
asks for through `require`: without it the test skips, saying how to provide it; with its
`REQUIRE` variable set to 1, as `.ci/run` sets each, it fails, so CI never passes with a need
missing.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings

from returnees import charts, citations, loader, ui, views
from returnees.loader import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"
REQUIRE_DOCUMENTS = "RETURNEES_REQUIRE_DOCUMENTS"
REQUIRE_BROWSER = "RETURNEES_REQUIRE_BROWSER"
REQUIRE_HAPROXY = "RETURNEES_REQUIRE_HAPROXY"

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


# Pages run by the tests build what they show themselves: no views built ahead in a thread that
# would outlive the test that loaded its dataset (tests/test_views.py tests that thread).
ui.BUILT_AHEAD = 0


@pytest.fixture(autouse=True)
def _fresh_loads_under_mutation_testing():
    # mutmut runs each mutant's tests in a process forked from one that already loaded the
    # shipped data: the loader's cached result, the views built per version and the results
    # functions keep (hover text, formatted references), made by the code unchanged, would
    # hide it.
    if "MUTANT_UNDER_TEST" in os.environ:
        loader._RESULTS.clear()
        loader._FINGERPRINTS.clear()
        views._PER_VERSION.clear()
        charts._hover_source.cache_clear()
        citations._reference.cache_clear()


def require(found: bool, variable: str, message: str) -> None:
    """Skip with `message` when a need is not `found`; fail instead when `variable` is 1."""
    if found:
        return
    if os.environ.get(variable) == "1":
        pytest.fail(f"{variable}=1 but {message}", pytrace=False)
    pytest.skip(message)


def _seed_copy() -> Path:
    """A data folder with only the five archived seed sources and their figures.

    Tests that assert what particular figures look like on a page (a headline, a bar, a note
    where sources disagree) read this fixed dataset: the shipped one grows with every source
    read from the web, which changes which figure a chart shows.
    """
    folder = Path(tempfile.mkdtemp(prefix="returnees-seeds-")) / "data"
    (folder / "figures").mkdir(parents=True)
    atexit.register(shutil.rmtree, folder.parent, ignore_errors=True)
    sources = yaml.safe_load((DATA_DIR / "sources.yaml").read_text("utf-8"))["sources"]
    seeds = [s for s in sources if s.get("document")]
    text = yaml.safe_dump({"sources": seeds}, allow_unicode=True, sort_keys=False)
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    named = set()
    for seed in seeds:
        path = DATA_DIR / "figures" / f"{seed['id']}.yaml"
        if path.is_file():
            shutil.copy(path, folder / "figures" / path.name)
            named |= {
                f.get("originator") for f in yaml.safe_load(path.read_text("utf-8"))["figures"]
            }
    path = DATA_DIR / "originators.yaml"
    originators = yaml.safe_load(path.read_text("utf-8")) if path.is_file() else None
    used = [o for o in (originators or {}).get("originators", []) if o["id"] in named]
    text = yaml.safe_dump({"originators": used}, allow_unicode=True, sort_keys=False)
    (folder / "originators.yaml").write_text(text, encoding="utf-8")
    return folder


SEED_DIR = _seed_copy()


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


@pytest.fixture(scope="session")
def haproxy() -> str:
    """Debian's HAProxy; the deployment tests skip without it, saying how to install it, or
    fail with RETURNEES_REQUIRE_HAPROXY=1 (CI), so a missing HAProxy cannot pass unnoticed."""
    from deploy import serve

    found = serve.haproxy_binary()
    require(
        bool(found) and Path(found).exists(),
        REQUIRE_HAPROXY,
        "haproxy not found: `apt-get install haproxy` to test the deployment",
    )
    return found
