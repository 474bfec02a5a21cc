"""`python -m benchmarks.app` runs end to end in headless Chromium and prints its figures last.

No timing is asserted: the numbers depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import re

import pytest

from benchmarks import app
from returnees.loader import load_or_raise
from tests.conftest import DATA_DIR

pytestmark = pytest.mark.browser


def test_the_app_benchmark_times_both_apps_and_prints_its_figures_last(chromium_path, capsys):
    # The shipped dataset, one measured visit and two clicks an app: ~30 s.
    assert app.main(["--runs", "1", "--clicks", "2"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    number = r"(\d+\.\d+)"
    found = re.fullmatch(
        rf"figures=(\d+) app_ready_s={number} floor_ready_s={number} ratio={number} "
        r"rerun_ms=(\d+) rss_mb=(\d+)",
        lines[-1],
    )
    assert found, lines[-1]
    assert int(found.group(1)) == len(load_or_raise(DATA_DIR).figures)  # the shipped dataset
    assert any(line.startswith("app: rerun after a click, ms: ") for line in lines)
    # The floor draws as many bars as the Overview: each counted in its own page.
    bars = {
        found.group(1): int(found.group(2))
        for line in lines
        if (found := re.fullmatch(r"(app|floor): ready median .*, (\d+) bars\)", line))
    }
    assert bars.keys() == {"app", "floor"}, lines
    assert bars["floor"] == bars["app"] > 0, lines
