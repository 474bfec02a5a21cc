"""Start `streamlit run` on a free loopback port, read its memory, and launch Debian's headless
Chromium: for the benchmarks and the real-browser tests.

The server listens on 127.0.0.1 only. `Server.peak_rss_mb` reads the kernel's high-water mark
of the process's resident memory (`VmHWM` in /proc, Linux), so a peak between two samples is
not missed; `Server.cpu_seconds` its CPU time (user and system) so far.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from deploy import serve as deploy
from returnees.loader import PROJECT_ROOT

HEALTH_TIMEOUT = 60  # seconds for `streamlit run` to answer /_stcore/health
CHROMIUM = os.environ.get("RETURNEES_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, and this machine has
# no network: the calls fail, slowly.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 720}  # a projector, and a small laptop


class ServerError(RuntimeError):
    """The server did not start; the message ends with the tail of its log."""


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log: Path

    def url(self, path: str = "/") -> str:
        return self.base + path

    def log_tail(self) -> str:
        return self.log.read_text("utf-8", "replace")[-3000:] if self.log.exists() else ""

    def peak_rss_mb(self) -> float:
        """The server process's peak resident memory so far, in MB (10^6 bytes)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kib = next(int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmHWM:")
        return kib * 1024 / 1e6

    def cpu_seconds(self) -> float:
        """The CPU time the server process has used so far (user and system)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        deploy.stop(self.process)


def start(script: str | Path, log: Path, env: dict[str, str] | None = None) -> Server:
    """`streamlit run script` from the project folder (so it reads .streamlit/config.toml)."""
    port = deploy.free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            deploy.streamlit_command(script, port),
            cwd=PROJECT_ROOT,
            env={**deploy.SERVER_ENV, **os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", process, log)
    if not deploy.wait_healthy(server.base, process, HEALTH_TIMEOUT):
        server.stop()
        raise ServerError(
            f"`streamlit run {script}` did not answer {server.url('/_stcore/health')} "
            f"within {HEALTH_TIMEOUT} s (exit code {process.returncode}):\n{server.log_tail()}"
        )
    return server


def launch_chromium(playwright, executable: str = CHROMIUM):
    """Debian's Chromium through Playwright (`playwright install` cannot download here)."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
