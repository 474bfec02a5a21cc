"""Serve the dashboard from several Streamlit processes behind HAProxy, kept up by supervisord.

    python -m deploy.serve --workers 4 [--port 8501] [--address 0.0.0.0] [--remote HOST:PORT]

(`make serve WORKERS=4` runs this.) Streamlit serves a session from one process, whose Python
runs one thing at a time; several processes use several cores. This picks `--workers` free
loopback ports, writes HAProxy's configuration from `deploy/haproxy.cfg` (one `server` line a
process, plus one for each `--remote` process started elsewhere) and checks it with `haproxy -c`,
writes supervisord's from `deploy/supervisord.conf` (a program a worker, and HAProxy), and runs
supervisord, which starts them and starts again any that exits. HAProxy balances new viewers to
the process with the fewest connections, keeps each browser on its process with a cookie (a
session's websocket, downloads and media live in that process), takes a process out of rotation
while its `/_stcore/health` fails, and then cuts its sessions, whose browsers reconnect through
HAProxy to a healthy process.

Ctrl-C (or SIGTERM) stops supervisord, which stops HAProxy and every worker first. The workers
share one cookie secret, so a browser's XSRF token stays valid when HAProxy moves it to another
process.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shlex
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
SUPERVISOR_TEMPLATE = Path(__file__).with_name("supervisord.conf")
HEALTH_TIMEOUT = 60  # seconds for a worker to answer /_stcore/health
STOP_TIMEOUT = 15  # seconds for a process to stop before it is killed
# Each dashboard process's environment, unless the caller's sets it. glibc gives each thread
# that allocates its own heap arena (up to eight a core), and every Streamlit session runs in
# threads: with two arenas, 25 viewers at 100,000 figures peaked at 574 MB, not 609-614 MB.
# `make run` exports the same.
SERVER_ENV = {"MALLOC_ARENA_MAX": "2"}


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


def wait_healthy(url: str, process: subprocess.Popen, timeout: float | None = None) -> bool:
    """Whether the server at `url` answers its health check before `timeout` (HEALTH_TIMEOUT
    seconds) or the exit of `process`."""
    deadline = time.monotonic() + (HEALTH_TIMEOUT if timeout is None else timeout)
    while process.poll() is None and time.monotonic() < deadline:
        if healthy(url):
            return True
        time.sleep(0.25)
    return False


def stop(
    process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = STOP_TIMEOUT
) -> None:
    """Stop a process (and wait for it), killing it if it takes longer than `timeout`."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
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


def program(name: str, command: list[str], folder: Path, start_seconds: int) -> str:
    """A supervisord [program] section: restarted whenever it exits, its output in a log."""
    return "\n".join(
        [
            f"[program:{name}]",
            f"command={shlex.join(command)}",
            f"directory={PROJECT_ROOT}",
            "autostart=true",
            "autorestart=true",
            f"startsecs={start_seconds}",
            "startretries=10",
            "stopsignal=TERM",
            f"stopwaitsecs={STOP_TIMEOUT}",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            f"stdout_logfile={folder / (name + '.log')}",
            "",
        ]
    )


def supervisor_config(folder: Path, ports: list[int], haproxy: str, config: Path) -> str:
    """supervisord's configuration: a program a worker, and HAProxy."""
    programs = [
        program(f"worker-{i}", streamlit_command("app.py", port), folder, 5)
        for i, port in enumerate(ports, 1)
    ]
    programs.append(program("haproxy", [haproxy, "-db", "-f", str(config)], folder, 1))
    text = Template(SUPERVISOR_TEMPLATE.read_text("utf-8"))
    return text.substitute(folder=folder, programs="\n" + "\n".join(programs))


@dataclass
class Deployment:
    """supervisord and the ports of the workers it keeps up."""

    url: str
    supervisor: subprocess.Popen
    ports: list[int]
    folder: Path

    def worker_pids(self) -> dict[str, int]:
        """The process id of each program supervisord runs now, by name (0: not running)."""
        names = [f"worker-{i}" for i in range(1, len(self.ports) + 1)] + ["haproxy"]
        pids = {}
        for name in names:
            done = subprocess.run(
                [*self.supervisorctl(), "pid", name], capture_output=True, text=True
            )
            pids[name] = int(done.stdout.strip()) if done.stdout.strip().isdigit() else 0
        return pids

    def supervisorctl(self) -> list[str]:
        """The command that talks to this deployment's supervisord (`... status`, `... pid`)."""
        conf = str(self.folder / "supervisord.conf")
        return [sys.executable, "-m", "supervisor.supervisorctl", "-c", conf]

    def stop(self) -> None:
        """supervisord stops every program (HAProxy and the workers, each given STOP_TIMEOUT),
        then itself."""
        stop(self.supervisor, timeout=STOP_TIMEOUT * (len(self.ports) + 2))


def start(
    workers: int,
    port: int,
    address: str = "0.0.0.0",
    remote: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    folder: Path | None = None,
) -> Deployment:
    """Start supervisord with the workers and HAProxy; stop everything if any part fails.

    supervisord gets its own session (process group), so a Ctrl-C at the terminal reaches only
    this script, which then stops it.
    """
    haproxy = haproxy_binary()
    if haproxy is None:
        raise FileNotFoundError("haproxy not found: `apt-get install haproxy` (Debian)")
    folder = folder or Path(tempfile.mkdtemp(prefix="returnees-serve-"))
    shared = {
        **SERVER_ENV,
        **os.environ,
        # One secret for all: an XSRF token made by one process is accepted by another.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        **(env or {}),
    }
    ports = [free_port() for _ in range(workers)]
    config = folder / "haproxy.cfg"
    servers = [f"127.0.0.1:{p}" for p in ports] + list(remote)
    config.write_text(render(servers, f"{address}:{port}"), "utf-8")
    check(haproxy, config)
    supervisor_conf = folder / "supervisord.conf"
    supervisor_conf.write_text(supervisor_config(folder, ports, haproxy, config), "utf-8")
    with (folder / "supervisord.out").open("wb") as log:
        supervisor = subprocess.Popen(
            [sys.executable, "-m", "supervisor.supervisord", "-n", "-c", str(supervisor_conf)],
            cwd=PROJECT_ROOT,
            env=shared,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    host = "127.0.0.1" if address in ("0.0.0.0", "") else address
    deployment = Deployment(f"http://{host}:{port}", supervisor, ports, folder)
    try:
        for i, worker_port in enumerate(ports, 1):
            if not wait_healthy(f"http://127.0.0.1:{worker_port}", supervisor):
                tail = _tail(folder / f"worker-{i}.log")
                raise RuntimeError(f"worker {i} did not answer its health check:\n{tail}")
        if not wait_healthy(deployment.url, supervisor):
            raise RuntimeError(
                f"HAProxy did not answer at {deployment.url}:\n{_tail(folder / 'haproxy.log')}"
            )
        return deployment
    except BaseException:
        deployment.stop()
        raise


def _tail(path: Path) -> str:
    return path.read_text("utf-8", "replace")[-2000:] if path.exists() else "(no log)"


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
    haproxy_pid = deployment.worker_pids().get("haproxy")
    print(
        f"Returnee Figures at {deployment.url} ({args.workers} local worker(s)"
        + (f", {len(args.remote)} remote" if args.remote else "")
        + f", HAProxy pid {haproxy_pid}, kept up by supervisord pid {deployment.supervisor.pid};"
        f" logs in {deployment.folder}). Ctrl-C stops them all.",
        flush=True,
    )
    try:
        while not stopping and deployment.supervisor.poll() is None:
            time.sleep(0.2)
    finally:
        ended = deployment.supervisor.poll() is not None
        deployment.stop()
    if ended and not stopping:
        print("deploy.serve: supervisord exited on its own; see its log", file=sys.stderr)
        return 1
    print("deploy.serve: stopped HAProxy and every worker", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
