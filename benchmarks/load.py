"""Time loading and validating a synthetic dataset of N figures, against a bare PyYAML parse.

    python -m benchmarks.load --figures 10000 [--out DIR] [--seed S]

Writes the dataset (benchmarks/synthetic.py) to DIR (a temporary folder by default), then times
in one process:

- cold: `load_dataset` after clearing the loader's in-process caches (parse, validate, checks);
- warm: `load_dataset` again with nothing changed (the cache hit the app sees on every rerun);
- the same files read and parsed with `yaml.load(text, Loader=yaml.CSafeLoader)`, no validation.

The last line is machine-readable:
`figures=N load_validate_s=X warm_s=W pyyaml_c_parse_s=Y ratio=R` with R = X / Y.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks.synthetic import write_dataset
from returnees import loader


def _pyyaml_parse(data_dir: Path) -> float:
    paths = loader._data_files(data_dir)
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def measure(data_dir: Path) -> tuple[float, float, float, loader.LoadResult]:
    """(cold load+validate, warm load, bare PyYAML C parse) in seconds, and the result."""
    loader._FINGERPRINTS.clear()
    loader._RESULTS.clear()
    start = time.perf_counter()
    result = loader.load_dataset(data_dir)
    cold = time.perf_counter() - start

    start = time.perf_counter()
    again = loader.load_dataset(data_dir)
    warm = time.perf_counter() - start
    assert again is result, "the second load of an unchanged dataset must come from the cache"

    return cold, warm, _pyyaml_parse(data_dir), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__)
    parser.add_argument("--figures", type=int, required=True, help="number of figures (N)")
    parser.add_argument("--out", type=Path, help="write the dataset here (default: a temp dir)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="returnees-bench-") as tmp:
        data_dir = args.out or Path(tmp) / "data"
        start = time.perf_counter()
        write_dataset(data_dir, args.figures, seed=args.seed)
        files = len(loader._data_files(data_dir))
        size = sum(p.stat().st_size for p in loader._data_files(data_dir))
        print(
            f"wrote {args.figures} figures in {files} files ({size / 1e6:.1f} MB) to {data_dir} "
            f"in {time.perf_counter() - start:.2f} s"
        )
        cold, warm, parse, result = measure(data_dir)

    if result.dataset is None or result.problems:
        for problem in result.problems[:20]:
            print(problem, file=sys.stderr)
        print(f"the synthetic dataset has {len(result.problems)} problem(s)", file=sys.stderr)
        return 1
    print(
        f"figures={args.figures} load_validate_s={cold:.3f} warm_s={warm:.4f} "
        f"pyyaml_c_parse_s={parse:.3f} ratio={cold / parse:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
