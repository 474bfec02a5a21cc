"""The benchmarks run, and the synthetic dataset they time is a valid, realistic dataset.

No timing is asserted here: the numbers depend on the machine (see docs/performance.md).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from benchmarks import failover, load, viewers
from benchmarks.synthetic import write_dataset
from returnees.loader import load_dataset
from returnees.schema import QUALIFIER_WORDS
from returnees.vocab import METRICS


def test_the_synthetic_dataset_validates_and_passes_the_quote_check(tmp_path):
    data = write_dataset(tmp_path / "data", 300, seed=1, documents=tmp_path / "documents")
    result = load_dataset(data, tmp_path / "documents")
    assert [str(p) for p in result.problems] == []
    dataset = result.dataset
    assert len(dataset.figures) == 300

    # Realistic: one figure file a source, many entities, every metric and qualifier, and
    # derived figures of both kinds that refer to figures of their own file.
    files = sorted(p.name for p in (data / "figures").glob("*.yaml"))
    cited = {f.source for f in dataset.figures}
    assert files == sorted(f"{s}.yaml" for s in cited)
    assert len(dataset.sources) > len(cited)  # a few sources have no figures, and say why
    assert all(s.no_figures for s in dataset.sources.values() if s.id not in cited)
    assert len({f.entity for f in dataset.figures}) > 50
    assert {f.metric for f in dataset.figures} == set(METRICS)
    assert {f.qualifier for f in dataset.figures} == set(QUALIFIER_WORDS)
    methods = Counter(f.derived.method for f in dataset.figures if f.derived)
    assert methods["share"] > 0 and methods["remainder"] > 0
    for figure in dataset.figures:
        if figure.derived:
            for ref in [figure.derived.of, *figure.derived.minus]:
                assert dataset.figure_files[ref] == dataset.figure_files[figure.id]


def test_the_synthetic_dataset_depends_only_on_its_seed(tmp_path):
    def files(out):
        return {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.yaml"))}

    first = files(write_dataset(tmp_path / "a", 120, seed=7))
    assert first == files(write_dataset(tmp_path / "b", 120, seed=7))
    assert first != files(write_dataset(tmp_path / "c", 120, seed=8))


def test_rewriting_replaces_the_old_figure_files(tmp_path):
    write_dataset(tmp_path, 400)
    data = write_dataset(tmp_path, 41)
    result = load_dataset(data)
    assert result.problems == []
    assert len(result.dataset.figures) == 41


def test_the_load_benchmark_prints_its_figures_last(tmp_path, capsys):
    assert load.main(["--figures", "200", "--out", str(tmp_path / "data"), "--seed", "3"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    number = r"(\d+\.\d+)"
    found = re.fullmatch(
        rf"figures=200 load_validate_s={number} warm_s={number} "
        rf"pyyaml_c_parse_s={number} ratio={number}",
        last,
    )
    assert found, last
    cold, _, parse, ratio = map(float, found.groups())
    assert parse > 0 and cold > 0
    # The ratio is the load's time over the parse's, to the rounding of the printed times.
    low, high = (cold - 0.0005) / (parse + 0.0005), (cold + 0.0005) / max(parse - 0.0005, 1e-9)
    assert low - 0.005 <= ratio <= high + 0.005, (cold, parse, ratio)
    # What it timed is the dataset it says: 200 valid figures, left where --out put them.
    assert len(load_dataset(tmp_path / "data").dataset.figures) == 200


def test_the_viewers_benchmark_loads_both_servers_without_errors(capsys):
    # Two websocket viewers for 3 s on the shipped dataset, then on the floor app: ~20 s.
    # With seed 0 the first viewer opens the map page first, where it selects and clicks.
    assert viewers.main(["--sessions", "2", "--seconds", "3", "--think", "0.3"]) == 0
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    number = r"(\d+\.\d+)"
    found = re.fullmatch(
        rf"sessions=2 errors=(\d+) p95_s={number} floor_p95_s={number} ratio={number} "
        rf"rss_mb=(\d+)",
        lines[-1],
    )
    assert found, lines[-1]
    errors, p95, floor_p95, _, rss = found.groups()
    assert errors == "0", captured.err
    assert float(p95) > 0 and float(floor_p95) > 0 and int(rss) > 0
    # Every action ran on the dashboard: opens, selections and chart clicks (each click brought
    # up its citation, or it would count as an error).
    starts = [i for i, line in enumerate(lines) if line.startswith(("dashboard:", "floor:"))]
    dashboard = lines[starts[0] : starts[1]]
    for action in ("open", "select", "click"):
        assert any(re.match(rf"  {action} +n=[1-9]", line) for line in dashboard), lines


def test_the_brief_benchmark_prints_its_figures_last(capsys):
    from benchmarks import brief
    from tests.browser.conftest import require_chromium
    from tests.conftest import SEED_DIR

    require_chromium()
    assert brief.main(["--data", str(SEED_DIR), "--repeat", "1", "--sizes", "1,2"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(
        r"countries=1 figures=\d+ plan_s=\S+ charts_s=\S+ html_s=\S+ pdf_s=\S+ total_s=\S+ "
        r"pages=\d+ mb=\S+; countries=2 .* pages=\d+ mb=\S+",
        last,
    ), last


def test_the_failover_benchmark_prints_its_probes_through_a_kill(haproxy, capsys):
    failover.main(["--seconds", "6", "--kill-after", "1"])
    out = capsys.readouterr().out
    assert re.search(r"^workers: 2; probes: \d+ every 100 ms$", out, re.MULTILINE)
    assert re.search(r"^failed probes: \d+ \(\d+\.\d s of failures\)$", out, re.MULTILINE)
    assert "worker 1 killed at 1." in out


def test_the_benchmarks_servers_run_with_the_deployments_environment(monkeypatch, tmp_path):
    from benchmarks import serve
    from deploy import serve as deploy

    started = {}

    class Started(Exception):
        pass

    def popen(command, **kwargs):
        started.update(kwargs["env"])
        raise Started

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    with pytest.raises(Started):
        serve.start("app.py", tmp_path / "log", {"RF_X": "1"})
    assert {**deploy.SERVER_ENV, "RF_X": "1"}.items() <= started.items()
