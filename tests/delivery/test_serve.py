"""Nightly scheduling: `selloff serve` refuses without a real Prefect server, and with one, the
deployment gets scheduled runs at the cron times in the stated time zone."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
import yaml

from tests.conftest import REPO, VENV_BIN, run_cli


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


@pytest.fixture
def real_prefect_server(tmp_path: Path) -> Iterator[str]:
    """`prefect server start` on 127.0.0.1 (offline), its scheduler looping every second."""
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")},
        "PREFECT_HOME": str(tmp_path / "prefect-server"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(VENV_BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(300):  # a bound on a hung start, not a performance check
            if server.poll() is not None:
                pytest.fail(f"prefect server exited: {(tmp_path / 'server.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("prefect server did not come up")
        yield api
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def test_serve_creates_scheduled_runs_at_the_cron_times(real_prefect_server: str, tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "SELLOFF_", "FRED_"))},
        "PREFECT_API_URL": real_prefect_server,
        "PREFECT_HOME": str(tmp_path / "prefect-client"),
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    serve = subprocess.Popen(
        [
            str(VENV_BIN / "selloff"),
            "--warehouse",
            str(tmp_path / "wh.duckdb"),
            "serve",
            "--cron",
            "30 19 * * 1-5",
            "--timezone",
            "America/New_York",
        ],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        runs: list[dict] = []
        for _ in range(240):  # a bound on a hung scheduler, not a performance check
            response = httpx.post(
                f"{real_prefect_server}/flow_runs/filter",
                json={"flow_runs": {"state": {"type": {"any_": ["SCHEDULED"]}}}, "limit": 50},
                timeout=10,
            )
            runs = [r for r in response.json() if r["deployment_id"]]
            if runs:
                break
            assert serve.poll() is None, serve.stdout.read() if serve.stdout else ""
            time.sleep(0.5)
        assert runs, "no scheduled run was created"
        deployment = httpx.get(
            f"{real_prefect_server}/deployments/{runs[0]['deployment_id']}", timeout=10
        ).json()
        assert deployment["name"] == "selloff-nightly"
        new_york = ZoneInfo("America/New_York")
        for run in runs:
            start = datetime.fromisoformat(run["expected_start_time"].replace("Z", "+00:00")).astimezone(
                new_york
            )
            assert (start.hour, start.minute) == (19, 30)
            assert start.weekday() < 5
    finally:
        serve.terminate()
        serve.wait(timeout=60)
