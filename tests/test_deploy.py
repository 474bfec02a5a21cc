"""The HAProxy deployment: a valid configuration with sticky sessions and health checks, and a
`deploy.serve` that starts its processes and stops every one of them on Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from deploy import serve
from returnees.loader import PROJECT_ROOT


@pytest.mark.parametrize(
    ("servers", "bind"),
    [
        pytest.param(["127.0.0.1:9001"], "127.0.0.1:8501", id="one worker"),
        pytest.param([f"127.0.0.1:{9000 + i}" for i in range(4)], "0.0.0.0:8501", id="four"),
        pytest.param(
            ["127.0.0.1:9001", "10.0.0.7:8501", "10.0.0.8:8501"],
            "0.0.0.0:80",
            id="with remote machines",
        ),
    ],
)
def test_the_generated_configuration_passes_haproxys_check(haproxy, tmp_path, servers, bind):
    config = tmp_path / "haproxy.cfg"
    config.write_text(serve.render(servers, bind), "utf-8")
    serve.check(haproxy, config)  # raises with HAProxy's message when invalid
    text = config.read_text("utf-8")
    assert f"bind {bind}\n" in text
    for i, address in enumerate(servers, 1):
        assert f"    server w{i} {address} check cookie w{i}\n" in text + "\n"


def test_the_configuration_keeps_each_browser_on_its_process_and_checks_health():
    text = serve.render(["127.0.0.1:9001", "127.0.0.1:9002"], "127.0.0.1:8501")
    directives = {line.strip() for line in text.splitlines() if not line.strip().startswith("#")}
    assert "cookie RF_WORKER insert indirect nocache httponly" in directives
    assert "http-check send meth GET uri /_stcore/health" in directives
    assert "http-check expect string ok" in directives
    assert "timeout tunnel 1h" in directives  # a session's websocket outlives the http timeouts
    assert "option redispatch" in directives
    assert not [d for d in directives if "$" in d]  # every placeholder filled in


def test_a_configuration_haproxy_refuses_is_reported_with_its_message(haproxy, tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(serve.render(["127.0.0.1:9001"], "127.0.0.1:8501") + "    nonsense\n")
    with pytest.raises(ValueError, match="nonsense"):
        serve.check(haproxy, config)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_serve_starts_workers_behind_haproxy_and_ctrl_c_stops_them_all(haproxy):
    port = serve.free_port()
    command = [sys.executable, "-m", "deploy.serve", "--workers", "2", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--address", "127.0.0.1"],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        banner = process.stdout.readline()
        assert f"Returnee Figures at http://127.0.0.1:{port} (2 local worker(s)" in banner, banner
        assert serve.healthy(f"http://127.0.0.1:{port}")
        started = _children(process.pid)
        haproxy_pid = int(re.search(r"HAProxy pid (\d+)", banner).group(1))
        assert len(started) == 3 and haproxy_pid in started  # two workers and HAProxy

        process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert process.wait(timeout=60) == 0
        assert "stopped HAProxy and every worker" in process.stdout.read()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in started if _alive(pid)]
        assert not serve.healthy(f"http://127.0.0.1:{port}")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
