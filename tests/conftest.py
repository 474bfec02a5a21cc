"""Shared fixtures: the shipped dataset and, when available, the archived documents."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from returnees.loader import PROJECT_ROOT

DATA_DIR = PROJECT_ROOT / "data"


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
