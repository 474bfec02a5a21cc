"""Probes of `/` through HAProxy, every 100 ms, while a worker is killed: how many failed.

    python -m benchmarks.failover [--workers 2] [--seconds 20] [--kill-after 3]

Starts `deploy.serve` (supervisord, the workers and HAProxy), probes `/` as a new visitor would
(no cookie), SIGKILLs worker 1 after `--kill-after` seconds, and prints the failed probes, the
longest run of failures in seconds, when HAProxy marked the worker down and up again (from its
log), and how long supervisord took to have the worker answering again. Targets: no failure
after HAProxy marks the worker down, and at most 2 s of failures in all.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import tempfile
import time
from pathlib import Path

from deploy import serve

PROBE_SECONDS = 0.1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--kill-after", type=float, default=3)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="returnees-failover-"))
    deployment = serve.start(args.workers, serve.free_port(), "127.0.0.1", folder=folder)
    try:
        victim = deployment.worker_pids()["worker-1"]
        probes: list[tuple[float, bool]] = []
        start = time.monotonic()
        killed_at = back_at = None
        while time.monotonic() - start < args.seconds:
            now = time.monotonic() - start
            if killed_at is None and now >= args.kill_after:
                os.kill(victim, signal.SIGKILL)
                killed_at = now
            probes.append((now, serve.healthy(deployment.url)))
            worker = f"http://127.0.0.1:{deployment.ports[0]}"
            if killed_at is not None and back_at is None and serve.healthy(worker):
                back_at = time.monotonic() - start
            time.sleep(PROBE_SECONDS)
    finally:
        deployment.stop()
    failed = [t for t, ok in probes if not ok]
    log = (folder / "haproxy.log").read_text("utf-8", "replace")
    marks = re.findall(r"Server streamlit/w1 is (DOWN|UP)", log)
    print(f"workers: {args.workers}; probes: {len(probes)} every {PROBE_SECONDS * 1000:.0f} ms")
    print(
        f"worker 1 killed at {killed_at:.1f} s; answering again at {back_at or float('nan'):.1f} s"
    )
    print(f"HAProxy on worker 1: {' then '.join(marks) or 'no change'}")
    print(f"failed probes: {len(failed)} ({len(failed) * PROBE_SECONDS:.1f} s of failures)")


if __name__ == "__main__":
    main()
