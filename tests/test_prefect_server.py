"""The Prefect API a pipeline command reports to (selloff.prefect_server): a running server is found and
reused, a background server starts and stops on request, and a command's temporary server never outlives
it — not even a kill -9 (issue 12 D4, issue 13 §1).

Servers here are real (uvicorn serving Prefect's app); deadlines only bound a hang, they never check speed.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.client.schemas.objects import StateType

from selloff import prefect_server, worker
from tests.conftest import VENV_BIN, run_cli

HANG_S = 600.0  # a bound on a hung start or stop, never a performance check


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_until(condition: object, what: str) -> None:
    deadline = time.monotonic() + HANG_S
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"{what}: nothing after {HANG_S:.0f} s (a hang bound)"
        time.sleep(0.1)


@pytest.fixture
def prefect_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PREFECT_HOME of our own, and no Prefect API configured by the developer or the test session."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(home))
    return home


# ---------------------------------------------------------------------------------------------------
# choosing the API (no server started)
# ---------------------------------------------------------------------------------------------------


def test_a_configured_api_wins_from_the_environment_or_the_active_profile(
    prefect_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert prefect_server.running_api() is None
    (prefect_home / "profiles.toml").write_text(
        'active = "work"\n[profiles.work]\nPREFECT_API_URL = "http://10.0.0.1:4200/api"\n'
        '[profiles.other]\nPREFECT_API_URL = "http://10.0.0.2:4200/api"\n'
    )
    assert prefect_server.running_api() == prefect_server.PrefectApi("http://10.0.0.1:4200/api", "configured")
    monkeypatch.setenv("PREFECT_PROFILE", "other")
    assert prefect_server.configured_api_url() == "http://10.0.0.2:4200/api"
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    api = prefect_server.choose_api()  # nothing is started or probed for a configured API
    assert api == prefect_server.PrefectApi("http://127.0.0.1:9/api", "configured")
    assert not api.own_server


def test_a_stale_state_file_is_ignored_and_removed(prefect_home: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    state = prefect_server.ServerState(
        pid=gone.pid,
        port=9,
        api_url="http://127.0.0.1:9/api",
        prefect_home=str(prefect_home),
        prefect_version="3.9.1",
        started_at="2026-01-01T00:00:00+00:00",
        log=str(prefect_home / "x.log"),
    )
    prefect_server.state_path(prefect_home).write_text(json.dumps(state.__dict__))
    assert prefect_server.discover(prefect_home) is None
    assert not prefect_server.state_path(prefect_home).exists()
    # a recorded pid now held by an unrelated process (this one) is neither used nor signalled
    prefect_server.state_path(prefect_home).write_text(json.dumps(state.__dict__ | {"pid": os.getpid()}))
    assert prefect_server.stop_background(prefect_home) is not None
    assert _running(os.getpid()) and not prefect_server.state_path(prefect_home).exists()


# ---------------------------------------------------------------------------------------------------
# D4: the temporary server dies with its command
# ---------------------------------------------------------------------------------------------------

PARENT = textwrap.dedent(
    """
    import os, subprocess, sys, time
    from selloff import prefect_server, worker
    if sys.argv[1] == "serving":
        server = prefect_server.start_temporary()  # returns once /health answers
        print(server.process.pid, flush=True)
    else:  # still importing Prefect: killed before uvicorn has installed its signal handlers
        process = subprocess.Popen(
            prefect_server._server_command(prefect_server._free_port(), die_with=os.getpid()),
            env=prefect_server._server_env(temporary=True), start_new_session=True,
        )
        print(process.pid, flush=True)
    time.sleep(3600)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["importing", "serving"])
def test_kill_9_of_the_command_stops_its_temporary_server(moment: str, prefect_home: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, moment], stdout=subprocess.PIPE, text=True, cwd=prefect_home
    )
    server = 0
    try:
        assert parent.stdout is not None
        server = int(parent.stdout.readline())  # blocks until started (serving: healthy)
        assert _running(server)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        # ~0.1 s while importing (PR_SET_PDEATHSIG), ≤ ~5.5 s once serving (the watchdog's grace)
        _wait_until(lambda: not _running(server), f"server {server} outlived its parent")
    finally:
        parent.kill()
        parent.wait()
        if server and _running(server):
            os.kill(server, signal.SIGKILL)


def test_the_temporary_server_is_stopped_when_its_command_exits(prefect_home: Path) -> None:
    """The ordinary way out: the command ends and the server goes with it (atexit), no orphan."""
    script = "from selloff import prefect_server; print(prefect_server.start_temporary().process.pid)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_S)
    assert done.returncode == 0, done.stderr
    server = int(done.stdout)
    _wait_until(lambda: not _running(server), "the temporary server after its command exited")


# ---------------------------------------------------------------------------------------------------
# the background server: `selloff server start|status|stop`, reused by pipeline commands
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
def background_server(prefect_home: Path) -> Iterator[prefect_server.ServerState]:
    started = run_cli("server", "start", "--json", env={"PREFECT_HOME": str(prefect_home)}, timeout=HANG_S)
    try:
        assert started.returncode == 0, started.stderr
        state = prefect_server.ServerState(
            **{k: v for k, v in json.loads(started.stdout).items() if k not in {"started", "worker_pid"}}
        )
        yield state
    finally:
        worker.stop(prefect_home)  # started beside the server by `selloff server start`
        prefect_server.stop_background(prefect_home)
        state_file = prefect_server.read_state(prefect_home)
        assert state_file is None


@pytest.mark.slow
def test_pipeline_commands_reuse_a_background_server_and_record_their_runs_there(
    background_server: prefect_server.ServerState, prefect_home: Path, snapshot_warehouse: Path
) -> None:
    env = {"PREFECT_HOME": str(prefect_home)}
    state = background_server
    assert _running(state.pid)
    again = run_cli("server", "start", env=env)
    assert again.returncode == 0 and "already running" in again.stdout, again.stderr
    assert run_cli("server", "status", env=env).returncode == 0

    result = run_cli("--warehouse", str(snapshot_warehouse), "calibrate", "-q", env=env, timeout=HANG_S)

    assert result.returncode == 0, result.stderr
    # Prefect's own client: it retries the 503 the server sends for a retryable (SQLite busy) error
    with SyncPrefectClient(state.api_url) as client:
        flow_runs = client.read_flow_runs(limit=10)
        assert [r.state_type for r in flow_runs] == [StateType.COMPLETED]
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_runs[0].id])), limit=50)
    assert logs, "the run's logs are in Prefect although the console stayed quiet"
    assert result.stderr == ""
    # DO_NOT_TRACK=1: Prefect's SDK analytics never ran (no device id, no first-run notice)
    assert not (prefect_home / ".sdk_telemetry").exists()

    stopped = run_cli("server", "stop", env=env, timeout=HANG_S)
    assert stopped.returncode == 0 and state.api_url in stopped.stdout, stopped.stderr
    _wait_until(lambda: not _running(state.pid), "the background server after `selloff server stop`")
    assert run_cli("server", "status", env=env).returncode == 1


def test_server_start_refuses_when_an_api_is_configured(prefect_home: Path) -> None:
    result = run_cli(
        "server",
        "start",
        env={"PREFECT_HOME": str(prefect_home), "PREFECT_API_URL": "http://127.0.0.1:9/api"},
    )
    assert result.returncode == 2
    assert "PREFECT_API_URL is set" in result.stderr
    assert not prefect_server.state_path(prefect_home).exists()


def test_the_launcher_runs_uvicorn() -> None:
    """The temporary server's command is Prefect's own (uvicorn serving its app factory), behind our
    launcher: checked by asking uvicorn for its version through the launcher."""
    done = subprocess.run(
        [
            str(VENV_BIN / "python"),
            "-m",
            "selloff.prefect_server",
            "--die-with",
            str(os.getpid()),
            "--version",
        ],
        capture_output=True,
        text=True,
        timeout=HANG_S,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Running uvicorn")
