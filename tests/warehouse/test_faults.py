"""kill -9 at every fault point of a refresh: the published warehouse is the previous one and opens."""

from __future__ import annotations

import signal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import PrefectServer, run_cli, table_counts


@pytest.fixture
def small_warehouse(tmp_path: Path, prefect_server: PrefectServer) -> Path:
    """A published warehouse holding GS10 only, so a full refresh would change it a lot."""
    path = tmp_path / "wh" / "selloff.duckdb"
    result = run_cli(
        "--warehouse",
        str(path),
        "refresh",
        "--source",
        "snapshot",
        "--series",
        "GS10",
        "-q",
        prefect=prefect_server,
    )
    assert result.returncode == 0, result.stderr
    return path


@pytest.mark.parametrize("point", ["after_copy", "mid_load", "before_rename"])
def test_killed_refresh_leaves_the_previous_warehouse(
    small_warehouse: Path, prefect_server: PrefectServer, point: str
) -> None:
    before = table_counts(small_warehouse)
    result = run_cli(
        "--warehouse",
        str(small_warehouse),
        "refresh",
        "--source",
        "snapshot",
        "-q",
        env={"SELLOFF_FAULT_POINT": point},
        prefect=prefect_server,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert table_counts(small_warehouse) == before
    assert not small_warehouse.with_name(small_warehouse.name + ".wal").exists()
    # the next writer cleans up what the killed one left and succeeds
    again = run_cli(
        "--warehouse", str(small_warehouse), "refresh", "--source", "snapshot", "-q", prefect=prefect_server
    )
    assert again.returncode == 0, again.stderr
    assert table_counts(small_warehouse)["raw.observations"] > before["raw.observations"]
    assert sorted(p.name for p in small_warehouse.parent.iterdir()) == [
        "selloff.duckdb",
        "selloff.duckdb.lock",
    ]


def test_killed_after_rename_has_published_a_complete_warehouse(
    small_warehouse: Path, prefect_server: PrefectServer
) -> None:
    before = table_counts(small_warehouse)
    result = run_cli(
        "--warehouse",
        str(small_warehouse),
        "refresh",
        "--source",
        "snapshot",
        "-q",
        env={"SELLOFF_FAULT_POINT": "after_rename"},
        prefect=prefect_server,
    )
    assert result.returncode == -signal.SIGKILL
    after = table_counts(small_warehouse)
    assert after["raw.observations"] > before["raw.observations"]
    with duckdb.connect(str(small_warehouse), read_only=True) as con:
        assert con.execute("select status from meta.runs order by started_at desc limit 1").fetchone() == (
            "ok",
        )


def test_unknown_fault_point_is_rejected() -> None:
    from selloff.warehouse import faults

    with pytest.raises(ValueError, match="unknown fault point"):
        faults.arm("after_lunch")
    faults.arm(None)
