"""The warm worker (issue 13 §1): `selloff server start` leaves one beside the background server, and
pipeline commands run in it with the same output, exit status and Prefect records as when they run in
their own process; a caller whose import-time settings differ, or `SELLOFF_WORKER=off`, runs the command
itself; `selloff server stop` ends it. Nothing here measures speed (BENCHMARKS.md does)."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.objects import StateType

from selloff import worker
from tests.conftest import run_cli

HANG_S = 900.0  # bounds a hung start, never a performance check
RUN_ID = re.compile(r"(project|calibrate|refresh)-\d{8}T\d{6}Z-[0-9a-f]+")


def test_command_of_skips_the_global_warehouse_option() -> None:
    assert worker.command_of(["--warehouse", "w.duckdb", "project", "--scenario", "x"]) == "project"
    assert worker.command_of(["--warehouse=w.duckdb", "status"]) == "status"
    assert worker.command_of(["--help"]) is None
    assert worker.command_of([]) is None
    assert {"serve", "explore", "server"}.isdisjoint(worker.FORWARDED) and "sql" in worker.FORWARDED


def test_import_time_settings_compare_as_a_command_ends_up_with_them() -> None:
    # the defaults a pipeline command sets itself do not make a difference; a value of the caller's does
    assert worker.import_time_env({}) == worker.import_time_env({"DO_NOT_TRACK": "1", "HOME": "/x"})
    assert worker.import_time_env({}) != worker.import_time_env({"PREFECT_LOGGING_LEVEL": "DEBUG"})
    assert worker.import_time_env({}) != worker.import_time_env({"LANG": "de_DE.UTF-8"})


def test_the_code_fingerprint_changes_when_a_file_is_edited(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    module = tmp_path / "pkg" / "m.py"
    module.write_text("x = 1\n")
    before = worker.code_fingerprint([tmp_path])
    assert worker.code_fingerprint([tmp_path]) == before
    os.utime(module, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert worker.code_fingerprint([tmp_path]) != before
    (tmp_path / "pkg" / "new.py").write_text("")
    assert worker.code_fingerprint([tmp_path]) != before


@pytest.fixture
def server_with_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """`selloff server start` for a PREFECT_HOME of our own; the environment commands run with."""
    home = tmp_path / "prefect-home"
    home.mkdir()
    for name in ("PREFECT_API_URL", "PREFECT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    env = {"PREFECT_HOME": str(home)}
    started = run_cli("server", "start", "--json", env=env, timeout=HANG_S)
    try:
        assert started.returncode == 0, started.stderr
        state = json.loads(started.stdout)
        assert state["worker_pid"] is not None and worker.running_pid(home) == state["worker_pid"]
        yield env | {"api_url": state["api_url"]}
    finally:
        run_cli("server", "stop", env=env, timeout=HANG_S)
        worker.stop(home)


def _served(home: Path) -> list[str]:
    """The commands the worker ran, from its log (the proof a command did go through it)."""
    log = home / "selloff-worker.log"
    return [line for line in log.read_text().splitlines() if " ended with " in line]


def _completed_flow_runs(api_url: str) -> int:
    with SyncPrefectClient(api_url) as client:
        return sum(r.state_type == StateType.COMPLETED for r in client.read_flow_runs(limit=200))


@pytest.mark.slow
def test_commands_in_the_worker_match_commands_in_their_own_process(
    server_with_worker: dict[str, str], projected_warehouse: Path, tmp_path: Path
) -> None:
    env = {"PREFECT_HOME": server_with_worker["PREFECT_HOME"]}
    home = Path(env["PREFECT_HOME"])
    api_url = server_with_worker["api_url"]
    status = run_cli("server", "status", env=env)
    assert status.returncode == 0 and "selloff worker running" in status.stdout, status.stdout

    def both(*args: str) -> tuple[object, object]:
        served_before = len(_served(home))
        in_worker = run_cli("--warehouse", str(projected_warehouse), *args, env=env, timeout=HANG_S)
        assert len(_served(home)) == served_before + 1, "the command did not run in the worker"
        alone = run_cli(
            "--warehouse",
            str(projected_warehouse),
            *args,
            env=env | {"SELLOFF_WORKER": "off"},
            timeout=HANG_S,
        )
        assert len(_served(home)) == served_before + 1, "SELLOFF_WORKER=off still used the worker"
        return (
            (in_worker.returncode, RUN_ID.sub("RUN", in_worker.stdout), in_worker.stderr),
            (alone.returncode, RUN_ID.sub("RUN", alone.stdout), alone.stderr),
        )

    runs_before = _completed_flow_runs(api_url)
    served, alone = both(
        "project", "--scenario", "japan-full-dump", "--draws", "200", "--seed", "7", "--json"
    )
    assert served == alone
    assert served[0] == 0
    # both runs are recorded in the background server, the worker's as any other
    assert _completed_flow_runs(api_url) == runs_before + 2

    served, alone = both("sensitivity", "--bp", "25")
    assert served == alone and served[0] == 0

    # sql: the worker runs the console entry's fast path, with the same bytes and the same errors
    for query in ("select scenario, peak_10y_bp from report.scenarios order by 1", "select * from nowhere"):
        served, alone = both("sql", "--format", "csv", query)
        assert served == alone
    assert served[0] != 0

    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "x"\namount_usd_bn = "lots"\npace_months = -3\n')
    served, alone = both("project", "--scenario", str(bad))
    assert served == alone
    assert served[0] == 2


@pytest.mark.slow
def test_a_caller_with_other_import_time_settings_runs_the_command_itself(
    server_with_worker: dict[str, str], projected_warehouse: Path
) -> None:
    env = {"PREFECT_HOME": server_with_worker["PREFECT_HOME"]}
    home = Path(env["PREFECT_HOME"])
    result = run_cli(
        "--warehouse", str(projected_warehouse), "sensitivity", "--bp", "10",
        env=env | {"PREFECT_LOGGING_LEVEL": "ERROR"}, timeout=HANG_S,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "cumulative over" in result.stdout
    log = (home / "selloff-worker.log").read_text()
    assert "declined" in log and "different import-time settings" in log
    assert not _served(home)


@pytest.mark.slow
def test_server_stop_ends_the_worker(server_with_worker: dict[str, str]) -> None:
    env = {"PREFECT_HOME": server_with_worker["PREFECT_HOME"]}
    home = Path(env["PREFECT_HOME"])
    pid = worker.running_pid(home)
    assert pid is not None
    stopped = run_cli("server", "stop", env=env, timeout=HANG_S)
    assert stopped.returncode == 0, stopped.stderr
    assert worker.running_pid(home) is None
    assert (
        not Path(f"/proc/{pid}").exists() or "selloff.worker" not in Path(f"/proc/{pid}/cmdline").read_text()
    )
    assert not worker.socket_path(home).exists()


@pytest.mark.slow
def test_a_command_ends_with_its_caller_killed(
    server_with_worker: dict[str, str], projected_warehouse: Path
) -> None:
    """kill -9 of the `selloff` process ends the command it handed to the worker, as it would end the
    command in its own process. The test holds the warehouse's writer lock, so the command (waiting for
    it) is certainly still running when its caller is killed."""
    import signal
    import subprocess

    from selloff.warehouse import publish
    from tests.conftest import VENV_BIN

    home = Path(server_with_worker["PREFECT_HOME"])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SELLOFF_", "FRED_", "PREFECT_"))}
    env |= {
        "PREFECT_HOME": str(home),
        "PREFECT_LOGGING_LEVEL": "CRITICAL",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "SELLOFF_LOCK_TIMEOUT_SECONDS": str(HANG_S),
    }
    log = home / "selloff-worker.log"
    started = re.compile(r"project --scenario japan-full-dump' in (\d+)")
    with publish.writer_lock(projected_warehouse, timeout_s=60):
        caller = subprocess.Popen(
            [str(VENV_BIN / "selloff"), "--warehouse", str(projected_warehouse), "project", "--scenario",
             "japan-full-dump"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + HANG_S
        while not (found := started.search(log.read_text())) and time.monotonic() < deadline:
            assert caller.poll() is None, "the command ended before it reached the worker"
            time.sleep(0.2)
        assert found, "the command never reached the worker"
        command = int(found.group(1))
        caller.send_signal(signal.SIGKILL)
        caller.wait()
        while f"command in {command} ended" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
    text = log.read_text()
    assert f"the caller of {command} went away" in text
    assert f"command in {command} ended with -9" in text


@pytest.mark.slow
def test_a_command_killed_by_a_signal_kills_its_caller_with_the_same_signal(
    server_with_worker: dict[str, str], projected_warehouse: Path
) -> None:
    """A command that dies of a signal in the worker (here SIGKILL at a fault point, as the fault suite
    arms them) makes its caller die of the same signal, so a shell or a test sees what it would see."""
    env = {"PREFECT_HOME": server_with_worker["PREFECT_HOME"], "SELLOFF_FAULT_POINT": "after_copy"}
    home = Path(env["PREFECT_HOME"])
    result = run_cli(
        "--warehouse", str(projected_warehouse), "project", "--scenario", "japan-full-dump", env=env
    )
    assert result.returncode == -9, result.stderr
    assert "ended with -9" in (home / "selloff-worker.log").read_text()
