"""The HAProxy deployment: a valid configuration with sticky sessions and health checks, and a
`deploy.serve` that starts its processes and stops every one of them on Ctrl-C."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from deploy import serve
from returnees.loader import PROJECT_ROOT
from tests.datasets import assert_golden


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
    with pytest.raises(ValueError, match="nonsense") as refused:
        serve.check(haproxy, config)
    message = str(refused.value)
    assert message.startswith(f"haproxy -c -f {config}: ") and "b'" not in message
    assert "\\n" not in message and "\n" in message  # HAProxy's lines, as text


def test_a_process_that_ignores_sigterm_is_killed_after_the_timeout():
    ignores = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
    process = subprocess.Popen([sys.executable, "-c", ignores])
    time.sleep(0.3)  # its handler is set
    started = time.monotonic()
    serve.stop(process, timeout=0.5)
    assert process.returncode == -signal.SIGKILL and time.monotonic() - started < 5


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


@pytest.mark.slow
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


@pytest.mark.slow
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


def test_supervisords_configuration_is_the_reviewed_one(tmp_path):
    config = tmp_path / "haproxy.cfg"
    text = serve.supervisor_config(tmp_path, [9001, 9002], "/usr/sbin/haproxy", config)
    for path, name in [
        (sys.executable, "{python}"),
        (tmp_path, "{folder}"),
        (PROJECT_ROOT, "{project}"),
    ]:
        text = text.replace(str(path), name)
    assert_golden("supervisord.conf", text)


@pytest.mark.parametrize(
    ("named", "found", "expected"),
    [
        pytest.param("/opt/haproxy", "/usr/bin/haproxy", "/opt/haproxy", id="named first"),
        pytest.param("", "/usr/bin/haproxy", "/usr/bin/haproxy", id="then on the PATH"),
        pytest.param(None, None, "/usr/sbin/haproxy", id="then Debian's"),
    ],
)
def test_haproxy_is_the_one_named_then_on_the_path_then_debians(
    monkeypatch, named, found, expected
):
    if named is None:
        monkeypatch.delenv("RETURNEES_HAPROXY", raising=False)
    else:
        monkeypatch.setenv("RETURNEES_HAPROXY", named)
    monkeypatch.setattr(serve.shutil, "which", {"haproxy": found}.get)
    monkeypatch.setattr(serve.Path, "exists", lambda path: str(path) == "/usr/sbin/haproxy")
    assert serve.haproxy_binary() == expected


def test_no_haproxy_at_all_is_none(monkeypatch):
    monkeypatch.delenv("RETURNEES_HAPROXY", raising=False)
    monkeypatch.setattr(serve.shutil, "which", {}.get)
    monkeypatch.setattr(serve.Path, "exists", lambda path: False)
    assert serve.haproxy_binary() is None


# A worker that answers the health check at once: `start` is tested in a second, not the
# seconds a Streamlit process takes to import.
FAKE_WORKER = """
import http.server, sys
class Answer(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok" if self.path == "/_stcore/health" else b"page"
        self.send_response(200 if MODE == "well" or self.path != "/_stcore/health" else 503)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        print("worker log line", flush=True)
MODE = sys.argv[2]
print("worker log line", flush=True)
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Answer).serve_forever()
"""


@pytest.fixture
def fake_workers(tmp_path, monkeypatch):
    """`serve.start` runs FAKE_WORKER instead of Streamlit; set `.mode` to "ill" to fail."""
    script = tmp_path / "worker.py"
    script.write_text(FAKE_WORKER, "utf-8")

    class Workers:
        mode = "well"

    def command(app: str, port: int, address: str = "127.0.0.1") -> list[str]:
        assert app == "app.py" and address == "127.0.0.1"
        return [sys.executable, str(script), str(port), Workers.mode]

    monkeypatch.setattr(serve, "streamlit_command", command)
    return Workers


def test_start_runs_workers_and_haproxy_under_supervisord_and_stop_ends_them(
    haproxy, fake_workers, tmp_path, monkeypatch
):
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)  # `make test` exports it
    port = serve.free_port()
    deployment = serve.start(2, port, "localhost", ("127.0.0.1:9",), {"RF_X": "1"}, tmp_path)
    try:
        assert deployment.url == f"http://localhost:{port}"
        assert len(deployment.ports) == 2 and deployment.folder == tmp_path
        assert serve.healthy(deployment.url)
        pids = deployment.worker_pids()
        assert list(pids) == ["worker-1", "worker-2", "haproxy"] and all(pids.values())
        assert set(pids.values()) <= _children(deployment.supervisor.pid)
        config = (tmp_path / "haproxy.cfg").read_text("utf-8")
        assert f"bind localhost:{port}" in config and "server w3 127.0.0.1:9 check" in config
        for i, worker_port in enumerate(deployment.ports, 1):
            assert f"server w{i} 127.0.0.1:{worker_port} check cookie w{i}" in config
        conf = tmp_path / "supervisord.conf"
        assert deployment.supervisorctl() == [
            *(sys.executable, "-m", "supervisor.supervisorctl", "-c", str(conf))
        ]
        environ = Path(f"/proc/{pids['worker-1']}/environ").read_bytes().split(b"\0")
        assert b"RF_X=1" in environ and b"MALLOC_ARENA_MAX=2" in environ
        (secret,) = [e for e in environ if e.startswith(b"STREAMLIT_SERVER_COOKIE_SECRET=")]
        assert len(secret.split(b"=", 1)[1]) == 64
        # A session of its own: a Ctrl-C at the terminal reaches serve.py, which stops it.
        assert os.getsid(deployment.supervisor.pid) == deployment.supervisor.pid
    finally:
        deployment.stop()
    assert deployment.supervisor.poll() is not None
    assert deployment.worker_pids() == dict.fromkeys(pids, 0)  # supervisord gone: none runs
    assert not any(_alive(pid) for pid in pids.values())
    assert not serve.healthy(deployment.url)


def test_start_without_a_folder_or_address_makes_one_and_binds_every_address(haproxy, fake_workers):
    port = serve.free_port()
    deployment = serve.start(1, port)
    try:
        assert deployment.url == f"http://127.0.0.1:{port}"  # every address: ask on loopback
        config = (deployment.folder / "haproxy.cfg").read_text("utf-8")
        assert f"bind 0.0.0.0:{port}" in config
        assert deployment.folder.name.startswith("returnees-serve-")
        assert (deployment.folder / "supervisord.conf").is_file()
        assert (deployment.folder / "supervisord.out").is_file()
    finally:
        deployment.stop()
        shutil.rmtree(deployment.folder)


def test_a_worker_never_healthy_stops_everything_and_shows_its_log(
    haproxy, fake_workers, tmp_path, monkeypatch
):
    fake_workers.mode = "ill"
    # Long enough for supervisord to start the worker on a loaded machine (1.5 s was not).
    monkeypatch.setattr(serve, "HEALTH_TIMEOUT", 4)
    started = []
    real_popen = serve.subprocess.Popen

    def popen(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    with pytest.raises(RuntimeError, match="worker 1 did not answer its health check:") as error:
        serve.start(1, serve.free_port(), "127.0.0.1", folder=tmp_path)
    assert "worker log line" in str(error.value)  # the tail of its log
    assert started[0].poll() is not None  # supervisord, and with it the worker, stopped


def test_haproxy_that_cannot_bind_stops_everything_and_shows_its_log(
    haproxy, fake_workers, tmp_path, monkeypatch
):
    monkeypatch.setattr(serve, "HEALTH_TIMEOUT", 3)
    with socket.socket() as taken:  # listening, never answering: HAProxy cannot bind there
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(RuntimeError) as error:
            serve.start(1, port, "127.0.0.1", folder=tmp_path)
    said = str(error.value)
    assert said.startswith(f"HAProxy did not answer at http://127.0.0.1:{port}:\n")
    # The log as it was when HAProxy failed: it may have written a line more since.
    shown = said.split("\n", 1)[1]
    assert shown != "(no log)" and shown in (tmp_path / "haproxy.log").read_text("utf-8")


def test_start_without_haproxy_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr(serve, "haproxy_binary", lambda: None)
    with pytest.raises(FileNotFoundError) as refused:
        serve.start(1, serve.free_port(), folder=tmp_path)
    assert str(refused.value) == "haproxy not found: `apt-get install haproxy` (Debian)"
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- main, in process
class _FakeDeployment:
    """What `serve.start` returns, around a process that stands for supervisord."""

    def __init__(self, supervisor: subprocess.Popen) -> None:
        self.url = "http://127.0.0.1:8600"
        self.supervisor = supervisor
        self.folder = Path("/tmp/returnees-serve-x")
        self.stopped = 0

    def worker_pids(self) -> dict[str, int]:
        return {"worker-1": 11, "haproxy": 4242}

    def stop(self) -> None:
        self.stopped += 1
        serve.stop(self.supervisor)


class _Starts:
    """The deployments `serve.start` gave, and how long the next one's supervisord lives."""

    def __init__(self) -> None:
        self.seconds = "30"
        self.calls: list[tuple[_FakeDeployment, tuple]] = []

    def __getitem__(self, index: int) -> tuple[_FakeDeployment, tuple]:
        return self.calls[index]

    def __call__(self, *args) -> _FakeDeployment:
        deployment = _FakeDeployment(subprocess.Popen(["sleep", self.seconds]))
        self.calls.append((deployment, args))
        return deployment


@pytest.fixture
def run_main(monkeypatch):
    """serve.main in this process with `start` replaced; the signal handlers put back after."""
    handlers = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM)}
    starts = _Starts()
    monkeypatch.setattr(serve, "start", starts)
    yield starts
    for number, handler in handlers.items():
        signal.signal(number, handler)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["Ctrl-C", "SIGTERM"])
def test_main_says_where_it_serves_and_a_signal_stops_everything(run_main, capsys, sig):
    timer = threading.Timer(0.2, os.kill, (os.getpid(), sig))
    timer.start()
    argv = ["--workers", "3", "--port", "8600", "--address", "127.0.0.1"]
    assert serve.main([*argv, "--remote", "10.0.0.7:8501"]) == 0
    timer.join()
    (deployment, args), out = run_main[0], capsys.readouterr()
    assert args == (3, 8600, "127.0.0.1", ("10.0.0.7:8501",))
    assert out.out == (
        "Returnee Figures at http://127.0.0.1:8600 (3 local worker(s), 1 remote, HAProxy pid"
        f" 4242, kept up by supervisord pid {deployment.supervisor.pid}; logs in"
        " /tmp/returnees-serve-x). Ctrl-C stops them all.\n"
        "deploy.serve: stopped HAProxy and every worker\n"
    )
    assert deployment.stopped == 1 and deployment.supervisor.poll() is not None


def test_main_defaults_to_two_workers_on_every_address_at_8501(run_main, capsys):
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    assert serve.main([]) == 0
    timer.join()
    assert run_main[0][1] == (2, 8501, "0.0.0.0", ())
    assert "(2 local worker(s), HAProxy pid 4242" in capsys.readouterr().out


def test_main_fails_when_supervisord_exits_on_its_own(run_main, capsys):
    run_main.seconds = "0.3"
    assert serve.main(["--workers", "1"]) == 1
    deployment, _ = run_main[0]
    assert deployment.stopped == 1
    out = capsys.readouterr()
    assert out.err == "deploy.serve: supervisord exited on its own; see its log\n"
    assert "stopped HAProxy" not in out.out


@pytest.mark.parametrize(
    "error",
    [
        FileNotFoundError("haproxy not found"),
        RuntimeError("worker 1 did not answer"),
        ValueError("haproxy -c: bad"),
    ],
    ids=["no HAProxy", "a worker never healthy", "configuration refused"],
)
def test_main_reports_a_failed_start_in_one_line(run_main, monkeypatch, capsys, error):
    def failing(*_args):
        raise error

    monkeypatch.setattr(serve, "start", failing)
    assert serve.main(["--workers", "1"]) == 1
    assert capsys.readouterr().err == f"deploy.serve: {error}\n"


@pytest.mark.parametrize(
    "argv", [["--workers", "0"], ["--workers", "-1"], ["--workers", "-1", "--remote", "h:1"]]
)
def test_main_refuses_no_worker_at_all(argv, capsys):
    with pytest.raises(SystemExit) as stopped:
        serve.main(argv)
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: --workers must be at least 1, or 0 with --remote\n"
    )


def test_main_with_only_remote_workers_starts_none_here(run_main, capsys):
    timer = threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    assert serve.main(["--workers", "0", "--remote", "h:1", "--remote", "h:2"]) == 0
    timer.join()
    assert run_main[0][1][0] == 0 and run_main[0][1][3] == ("h:1", "h:2")
    assert "(0 local worker(s), 2 remote, " in capsys.readouterr().out


def test_main_help_names_every_option(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # each option's help on one line
    with pytest.raises(SystemExit):
        serve.main(["--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("usage: python -m deploy.serve ")
    # The description as written: its example line is not reflowed.
    assert "\n    python -m deploy.serve --workers 4 [--port 8501] [--address 0.0.0.0]" in shown
    for option, words in [
        ("--workers WORKERS", "Streamlit processes here"),
        ("--port PORT", "HAProxy's port"),
        ("--address ADDRESS", "HAProxy's address"),
        ("--remote HOST:PORT", "a dashboard process started on another machine (repeatable)"),
    ]:
        assert re.search(rf"\n  {re.escape(option)} +{re.escape(words)}\n", shown), option


@pytest.mark.parametrize(("size", "kept"), [(10, "0123456789"), (2_500, None)])
def test_a_log_is_shown_by_its_last_2000_characters(tmp_path, size, kept):
    text = "".join(str(i % 10) for i in range(size))
    (tmp_path / "w.log").write_bytes(b"\xff" * 3000 + text.encode())  # not UTF-8, then text
    shown = serve._tail(tmp_path / "w.log")
    assert shown == (("\ufffd" * 1990 + kept) if kept else text[-2000:]) and len(shown) == 2000
    assert serve._tail(tmp_path / "missing.log") == "(no log)"


def test_make_run_gives_the_dashboard_the_environment_a_deployment_gives_its_workers():
    makefile = (serve.PROJECT_ROOT / "Makefile").read_text("utf-8")
    for name, value in serve.SERVER_ENV.items():
        assert f"\nexport {name} ?= {value}\n" in makefile
