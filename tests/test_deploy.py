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
        (supervisor,) = _children(process.pid)
        started = {supervisor, *_children(supervisor)}
        haproxy_pid = int(re.search(r"HAProxy pid (\d+)", banner).group(1))
        assert len(started) == 4 and haproxy_pid in started  # supervisord, 2 workers, HAProxy

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


def test_a_killed_worker_is_started_again_while_haproxy_serves_from_the_other(haproxy, tmp_path):
    deployment = serve.start(2, serve.free_port(), "127.0.0.1", folder=tmp_path)
    try:
        before = deployment.worker_pids()
        os.kill(before["worker-1"], signal.SIGKILL)
        failed, deadline = 0, time.monotonic() + 30
        while time.monotonic() < deadline:
            failed += not serve.healthy(deployment.url)  # new visitors, through HAProxy
            now = deployment.worker_pids()
            if now["worker-1"] not in (0, before["worker-1"]) and serve.healthy(
                f"http://127.0.0.1:{deployment.ports[0]}"
            ):
                break
            time.sleep(0.1)
        assert now["worker-1"] not in (0, before["worker-1"])  # started again
        assert now["worker-2"] == before["worker-2"] and now["haproxy"] == before["haproxy"]
        assert failed <= 2  # HAProxy retried on the other worker: at most a probe or two lost
        log = (tmp_path / "supervisord.log").read_text("utf-8")
        assert "exited: worker-1 (terminated by SIGKILL; not expected)" in log
    finally:
        deployment.stop()
    assert deployment.supervisor.poll() is not None


def test_haproxy_cuts_the_sessions_of_a_process_it_marks_down():
    text = serve.render(["127.0.0.1:9001"], "127.0.0.1:8501")
    assert "default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions" in text


def test_supervisord_restarts_every_program_and_logs_in_the_deployments_folder(tmp_path):
    text = serve.supervisor_config(tmp_path, [9001, 9002], "/usr/sbin/haproxy", tmp_path / "h.cfg")
    assert text.count("autorestart=true") == 3
    assert "[program:worker-2]" in text and "[program:haproxy]" in text
    assert f"logfile={tmp_path}/supervisord.log" in text
    assert "--server.port 9002" in text
