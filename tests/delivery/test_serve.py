"""Nightly scheduling: `selloff serve` refuses without a real Prefect server; with one, the deployment gets
scheduled runs at the cron times in the stated time zone, and a served run completes end to end (issue 12
§1): the warehouse published, the report linked, the run's logs in Prefect.

Every process a test starts leads its own session and the whole group is stopped in a `finally`, so a
failing assertion, a hang bound or Ctrl-C leaves no server, runner or flow-run process behind. Deadlines
only bound a hang (a loaded 2-core machine must not fail these); nothing asserts speed.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb
import httpx
import pytest
import yaml
from prefect.client.orchestration import SyncPrefectClient
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterState,
    FlowRunFilterStateType,
    LogFilter,
    LogFilterFlowRunId,
)
from prefect.client.schemas.objects import StateType
from prefect.exceptions import ObjectNotFound

from selloff.delivery.schedule import DEPLOYMENT_NAME, FLOW_NAME
from tests.conftest import REPO, VENV_BIN, run_cli

HANG_S = 900.0  # a bound on a hung start or run, never a performance check


def test_serve_refuses_without_a_prefect_server(tmp_path: Path) -> None:
    result = run_cli("serve", env={"PREFECT_HOME": str(tmp_path / "ph")})
    assert result.returncode == 2
    assert "prefect server start" in result.stderr
    assert "PREFECT_API_URL" in result.stderr


def test_serve_says_when_the_server_is_unreachable(tmp_path: Path) -> None:
    result = run_cli(
        "serve", env={"PREFECT_API_URL": "http://127.0.0.1:9/api", "PREFECT_HOME": str(tmp_path)}
    )
    assert result.returncode == 1
    assert "cannot reach the Prefect server" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"), [(["--timezone", "Mars/Olympus"], "time zone"), (["--cron", "61 * * * *"], "cron")]
)
def test_serve_validates_its_schedule(args: list[str], message: str, tmp_path: Path) -> None:
    result = run_cli("serve", *args, env={"PREFECT_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert message in result.stderr


def test_prefect_yaml_deploys_the_nightly_flow_with_a_timezone() -> None:
    spec = yaml.safe_load((REPO / "prefect.yaml").read_text())
    (deployment,) = spec["deployments"]
    assert deployment["entrypoint"] == "flows/nightly.py:nightly_flow"
    # named apart from `selloff serve`'s, so neither overwrites the other's schedule on one server
    assert deployment["name"] == "selloff-nightly-pool" != DEPLOYMENT_NAME
    (schedule,) = deployment["schedules"]
    assert schedule["timezone"] == "America/New_York"
    from prefect.schedules import validate_cron_string

    validate_cron_string(schedule["cron"])
    module, _, name = deployment["entrypoint"].partition(":")
    assert (REPO / module).exists()
    from flows import nightly

    assert getattr(nightly, name).name == "nightly"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _clean_env(**extra: str) -> dict[str, str]:
    """No developer settings leak in (no key, no warehouse, no Prefect profile or API), no telemetry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SELLOFF_", "FRED_"))}
    env |= {"DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    return env | extra


def _live_members(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` still running (zombies do not count)."""
    live = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            live.append(int(entry.name))
    return live


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the process group led by ``process``: SIGTERM, then SIGKILL for whatever is left after a grace
    period (a runner's flow-run children, a multiprocessing resource tracker…)."""
    for sig, grace_s in ((signal.SIGTERM, 60.0), (signal.SIGKILL, 30.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break  # the whole group is gone
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline and (process.poll() is None or _live_members(process.pid)):
            time.sleep(0.2)
        if process.poll() is not None and not _live_members(process.pid):
            break
    process.wait()


@contextmanager
def _process_group(args: list[str], *, log: Path, **kwargs: Any) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``args`` as the leader of a new session (its children join its process group), output to
    ``log``, and stop the whole group on the way out, whatever happened inside."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        try:
            yield process
        finally:
            _stop_group(process)
    assert not _live_members(process.pid), f"still running after the stop: {_live_members(process.pid)}"


def _tail(path: Path, chars: int = 3000) -> str:
    return path.read_text(errors="replace")[-chars:] if path.exists() else ""


def _wait_for(
    what: str, check: Callable[[], Any], process: subprocess.Popen[bytes], log: Path, poll_s: float = 0.5
) -> Any:
    """Poll ``check()`` until it returns something truthy; fail at once if ``process`` died."""
    deadline = time.monotonic() + HANG_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}:\n{_tail(log)}")
        try:
            result = check()
        except (httpx.HTTPError, ObjectNotFound):
            result = None
        if result:
            return result
        time.sleep(poll_s)
    pytest.fail(f"{what}: nothing after {HANG_S:.0f} s (a hang bound):\n{_tail(log)}")


@dataclass(frozen=True)
class RealServer:
    api_url: str
    process: subprocess.Popen[bytes]
    log: Path


@pytest.fixture
def real_prefect_server(tmp_path: Path) -> Iterator[RealServer]:
    """`prefect server start` on a free local port with its own PREFECT_HOME (offline, no UI, no telemetry),
    its scheduler looping every second."""
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    log = tmp_path / "prefect-server.log"
    env = _clean_env(
        PREFECT_HOME=str(tmp_path / "prefect-server-home"),
        PREFECT_UI_ENABLED="false",
        PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="1",
        PREFECT_LOGGING_LEVEL="WARNING",
    )
    args = [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)]
    with _process_group(args, log=log, env=env) as server:
        _wait_for(
            "prefect server start",
            lambda: httpx.get(f"{api}/health", timeout=10).status_code == 200,
            server,
            log,
        )
        yield RealServer(api, server, log)


@contextmanager
def _prefect_client(server: RealServer) -> Iterator[SyncPrefectClient]:
    """Prefect's own client, as `prefect deployment run` uses: it retries the 503 the server returns for a
    retryable database error (SQLite busy while the scheduler writes); a bare HTTP client would fail on it."""
    with SyncPrefectClient(server.api_url) as client:
        yield client


def _serve(server: RealServer, tmp_path: Path, warehouse: Path, *args: str) -> Any:
    env = _clean_env(PREFECT_API_URL=server.api_url, PREFECT_HOME=str(tmp_path / "prefect-client-home"))
    command = [str(VENV_BIN / "selloff"), "--warehouse", str(warehouse), "serve", *args]
    return _process_group(command, log=tmp_path / "serve.log", env=env, cwd=tmp_path)


@pytest.mark.slow
def test_serve_creates_scheduled_runs_at_the_cron_times(
    real_prefect_server: RealServer, tmp_path: Path
) -> None:
    with (
        _prefect_client(real_prefect_server) as client,
        _serve(
            real_prefect_server, tmp_path, tmp_path / "wh.duckdb", "--cron", "30 19 * * 1-5", "--timezone",
            "America/New_York",
        ) as serve,
    ):  # fmt: skip
        runs = _wait_for(
            "scheduled runs of the served deployment",
            lambda: [
                r
                for r in client.read_flow_runs(
                    flow_run_filter=FlowRunFilter(
                        state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))
                    ),
                    limit=50,
                )
                if r.deployment_id
            ],
            serve,
            tmp_path / "serve.log",
        )
        deployment = client.read_deployment(runs[0].deployment_id)
    assert deployment.name == DEPLOYMENT_NAME
    new_york = ZoneInfo("America/New_York")
    for run in runs:
        assert run.expected_start_time is not None
        start = run.expected_start_time.astimezone(new_york)
        assert (start.hour, start.minute) == (19, 30)
        assert start.weekday() < 5


@pytest.mark.slow
def test_a_served_run_completes_publishes_and_leaves_its_logs_in_prefect(
    real_prefect_server: RealServer, snapshot_warehouse_master: Path, tmp_path: Path
) -> None:
    """A served run executes in a fresh process that gets the flow by cloudpickle: before the fix it
    failed in seconds ("Refresh_FlowModel is not fully defined; you should define SourceChoice")."""
    warehouse = tmp_path / "warehouse" / "selloff.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(snapshot_warehouse_master, warehouse)  # the nightly then refreshes nothing new
    serve_log = tmp_path / "serve.log"
    with (
        _prefect_client(real_prefect_server) as client,
        _serve(real_prefect_server, tmp_path, warehouse, "--cron", "0 3 1 1 *") as serve,
    ):
        deployment = _wait_for(
            "selloff serve registers its deployment",
            lambda: client.read_deployment_by_name(f"{FLOW_NAME}/{DEPLOYMENT_NAME}"),
            serve,
            serve_log,
        )
        # as `prefect deployment run nightly/selloff-nightly-serve --param draws=100` does
        run_id = client.create_flow_run_from_deployment(deployment.id, parameters={"draws": 100}).id
        final = _wait_for(
            "the served run ends",
            lambda: (state := client.read_flow_run(run_id).state) and state.is_final() and state,
            serve,
            serve_log,
            poll_s=1.0,
        )
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])), limit=200)
        messages = [log.message for log in logs]
        assert final.type == StateType.COMPLETED, (
            f"{final.type}: {final.message}\n--- run logs\n"
            + "\n".join(m[:500] for m in messages)
            + f"\n--- selloff serve\n{_tail(serve_log)}"
        )

    assert messages, "the served run left no logs in Prefect"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        nightly = con.execute(
            "select status, failed_step from meta.runs where kind = 'nightly' "
            "order by started_at desc limit 1"
        ).fetchone()
    assert nightly == ("ok", None)
    assert (tmp_path / "reports" / "latest" / "report.html").is_file()
