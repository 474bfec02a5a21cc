"""Shared fixtures: the shipped dataset and, when available, the archived documents."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

from returnees.loader import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"


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
    for seed in seeds:
        path = DATA_DIR / "figures" / f"{seed['id']}.yaml"
        if path.is_file():
            shutil.copy(path, folder / "figures" / path.name)
    return folder


SEED_DIR = _seed_copy()


@pytest.fixture(scope="session")
def documents_dir() -> Path:
    """The archived source documents; the tests that need them skip, saying how to run them."""
    value = os.environ.get("RETURNEES_DOCUMENTS")
    if not value or not Path(value).is_dir():
        pytest.skip(
            "set RETURNEES_DOCUMENTS to the folder of archived documents "
            "(e.g. ../shared/seeds) to run the quote check"
        )
    return Path(value)


@pytest.fixture(scope="session")
def haproxy() -> str:
    """Debian's HAProxy; the deployment tests skip without it, saying how to install it, or
    fail with RETURNEES_REQUIRE_HAPROXY=1 (CI), so a missing HAProxy cannot pass unnoticed."""
    from deploy import serve

    found = serve.haproxy_binary()
    if found and Path(found).exists():
        return found
    message = "haproxy not found: `apt-get install haproxy` to test the deployment"
    if os.environ.get("RETURNEES_REQUIRE_HAPROXY") == "1":
        pytest.fail(f"RETURNEES_REQUIRE_HAPROXY=1 but {message}", pytrace=False)
    pytest.skip(message)
