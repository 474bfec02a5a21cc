"""Serve the dashboard from several Streamlit processes behind HAProxy.

    python -m deploy.serve --workers 4 [--port 8501] [--address 0.0.0.0] [--remote HOST:PORT]

(`make serve WORKERS=4` runs this.) Streamlit serves a session from one process, whose Python
runs one thing at a time; several processes use several cores. This starts `--workers`
processes of `streamlit run app.py` on free loopback ports, waits until each answers its health
check, writes HAProxy's configuration from `deploy/haproxy.cfg` (one `server` line a process,
plus one for each `--remote` process started elsewhere), checks it with `haproxy -c`, and runs
HAProxy in front on `--address:--port`. HAProxy balances new viewers to the process with the
fewest connections, keeps each browser on its process with a cookie (a session's websocket,
downloads and media live in that process), and takes a process out of rotation while its
`/_stcore/health` fails.

Ctrl-C (or SIGTERM) stops HAProxy and then every worker, and waits for them; if any of them
exits on its own, the rest are stopped too. The workers share one cookie secret, so a browser's
XSRF token stays valid if HAProxy has to move it to another process.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from string import Template

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("haproxy.cfg")
HEALTH_TIMEOUT = 60  # seconds for a worker to answer /_stcore/health
STOP_TIMEOUT = 15  # seconds for a process to stop before it is killed


def haproxy_binary() -> str | None:
    """HAProxy as Debian installs it (`apt-get install haproxy`), or as RETURNEES_HAPROXY says."""
    named = os.environ.get("RETURNEES_HAPROXY")
    if named:
        return named
    return shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )


def free_port(address: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((address, 0))
        return s.getsockname()[1]


def streamlit_command(script: str | Path, port: int, address: str = "127.0.0.1") -> list[str]:
    """`streamlit run script` on one address and port, headless (run from the project folder,
    so it reads .streamlit/config.toml)."""
    return [
        *(sys.executable, "-m", "streamlit", "run", str(script)),
        *("--server.port", str(port), "--server.address", address),
        *("--server.headless", "true"),
    ]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
            return answer.read().strip() == b"ok"
    except OSError:
        return False


def wait_healthy(url: str, process: subprocess.Popen, timeout: float = HEALTH_TIMEOUT) -> bool:
    """Whether the server at `url` answers its health check before `timeout` or its exit."""
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        if healthy(url):
            return True
        time.sleep(0.25)
    return False


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process (and wait for it), killing it if it takes longer than STOP_TIMEOUT."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)


def render(servers: list[str], bind: str) -> str:
    """HAProxy's configuration: the template with the bind address and a server line each."""
    lines = [f"    server w{i} {address} check cookie w{i}" for i, address in enumerate(servers, 1)]
    return Template(TEMPLATE.read_text("utf-8")).substitute(bind=bind, servers="\n".join(lines))


def check(haproxy: str, config: Path) -> None:
    """`haproxy -c`: raise with HAProxy's own message if the configuration is not valid."""
    done = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    if done.returncode:
        raise ValueError(f"haproxy -c -f {config}: {done.stdout}{done.stderr}".strip())


@dataclass
class Deployment:
    """The running processes: HAProxy and the local workers."""

    url: str
    haproxy: subprocess.Popen
    workers: list[subprocess.Popen]
    folder: Path

    def processes(self) -> list[subprocess.Popen]:
        return [self.haproxy, *self.workers]

    def stop(self) -> None:
        """HAProxy first (no new requests), then the workers."""
        for process in self.processes():
            if process.poll() is None:
                process.terminate()
        for process in self.processes():
            stop(process)


def start(
    workers: int,
    port: int,
    address: str = "0.0.0.0",
    remote: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    folder: Path | None = None,
) -> Deployment:
    """Start the workers and HAProxy in front of them; stop everything if any part fails.

    Each process gets its own session (process group), so a Ctrl-C at the terminal reaches
    only this script, which then stops them in order.
    """
    haproxy = haproxy_binary()
    if haproxy is None:
        raise FileNotFoundError("haproxy not found: `apt-get install haproxy` (Debian)")
    folder = folder or Path(tempfile.mkdtemp(prefix="returnees-serve-"))
    shared = {
        **os.environ,
        # One secret for all: an XSRF token made by one process is accepted by another.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        **(env or {}),
    }
    started: list[subprocess.Popen] = []
    try:
        ports = []
        for i in range(workers):
            ports.append(free_port())
            with (folder / f"worker-{i + 1}.log").open("wb") as log:
                started.append(
                    subprocess.Popen(
                        streamlit_command("app.py", ports[-1]),
                        cwd=PROJECT_ROOT,
                        env=shared,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        for i, (process, worker_port) in enumerate(zip(started, ports, strict=True), 1):
            if not wait_healthy(f"http://127.0.0.1:{worker_port}", process):
                tail = (folder / f"worker-{i}.log").read_text("utf-8", "replace")[-2000:]
                raise RuntimeError(f"worker {i} did not answer its health check:\n{tail}")
        config = folder / "haproxy.cfg"
        servers = [f"127.0.0.1:{p}" for p in ports] + list(remote)
        config.write_text(render(servers, f"{address}:{port}"), "utf-8")
        check(haproxy, config)
        with (folder / "haproxy.log").open("wb") as log:
            front = subprocess.Popen(
                [haproxy, "-db", "-f", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        host = "127.0.0.1" if address in ("0.0.0.0", "") else address
        deployment = Deployment(f"http://{host}:{port}", front, started, folder)
        if not wait_healthy(deployment.url, front, HEALTH_TIMEOUT):
            tail = (folder / "haproxy.log").read_text("utf-8", "replace")[-2000:]
            deployment.stop()
            raise RuntimeError(f"HAProxy did not answer at {deployment.url}:\n{tail}")
        return deployment
    except BaseException:
        for process in started:
            stop(process)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.serve",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--workers", type=int, default=2, help="Streamlit processes here")
    parser.add_argument("--port", type=int, default=8501, help="HAProxy's port")
    parser.add_argument("--address", default="0.0.0.0", help="HAProxy's address")
    parser.add_argument(
        "--remote",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="a dashboard process started on another machine (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.workers < 0 or (args.workers == 0 and not args.remote):
        parser.error("--workers must be at least 1, or 0 with --remote")

    stopping: list[int] = []

    def on_signal(number: int, _frame) -> None:
        stopping.append(number)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        deployment = start(args.workers, args.port, args.address, tuple(args.remote))
    except (OSError, RuntimeError, ValueError) as error:
        print(f"deploy.serve: {error}", file=sys.stderr)
        return 1
    print(
        f"Returnee Figures at {deployment.url} ({args.workers} local worker(s)"
        + (f", {len(args.remote)} remote" if args.remote else "")
        + f", HAProxy pid {deployment.haproxy.pid}; logs in {deployment.folder}). "
        "Ctrl-C stops them all.",
        flush=True,
    )
    try:
        while not stopping and all(p.poll() is None for p in deployment.processes()):
            time.sleep(0.2)
    finally:
        ended = [p.args[0] for p in deployment.processes() if p.poll() is not None]
        deployment.stop()
    if ended and not stopping:
        print(
            f"deploy.serve: a process exited on its own ({ended}); stopped the rest",
            file=sys.stderr,
        )
        return 1
    print("deploy.serve: stopped HAProxy and every worker", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
