"""Scenario grids: validation, per-cell seeds, the projected cells, ``proj.grid``, and the fan-out on Dask.

The Dask tests start a real ``distributed.LocalCluster`` (two single-threaded worker processes) and check
that every headline number of every cell equals the single-process run to 1e-12.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from typing import Any

import dask
import duckdb
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.pipeline import BadInputError
from selloff.projection import grid
from selloff.projection import store as proj_store
from selloff.projection.baselines import load_baseline
from selloff.projection.fiscal import build_setup
from selloff.projection.project import project
from selloff.projection.scenarios import Scenario, ScenarioError, resolve_scenario
from selloff.warehouse import schema
from tests.conftest import PrefectServer, table_counts

SMALL_GRID = """
name = "test-grid"
title = "Japan sells half or all of its Treasuries, fast or slow, with or without the Fed"
base = "japan-full-dump"
seed = 7
draws = 64

[axes]
share_of_holdings = [0.5, 1.0]
pace_months = [6, 24]
fed_absorption_share = [0.0, 0.5]
"""

JAPAN_SELLERS = ("Japan", "China, Mainland", "United Kingdom")


def _spec(text: str = SMALL_GRID) -> grid.GridSpec:
    return grid.parse_grid_spec(text, source="test.toml")


def _grid(text: str = SMALL_GRID) -> grid.Grid:
    spec = _spec(text)
    return grid.check_grid(spec, resolve_scenario(spec.base), source="test.toml")


def _with_axes(axes: str, head: str = 'name = "g"\ntitle = "t"\nbase = "japan-full-dump"\n') -> str:
    return f"{head}\n[axes]\n{axes}\n"


# --- grid files: validation names the field ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        (_with_axes("pace_months = []"), "axes.pace_months", "at least one value"),
        (
            _with_axes("share_of_holdings = [0.5, 1.5]"),
            "axes.share_of_holdings[1]",
            "less than or equal to 1",
        ),
        (_with_axes("amount_usd_bn = [-10.0]"), "axes.amount_usd_bn[0]", "greater than or equal to 0"),
        (_with_axes("pace_months = [12, 0]"), "axes.pace_months[1]", "greater than or equal to 1"),
        (_with_axes("fed_absorption_share = [0.0, 0.5, 0.0]"), "axes.fed_absorption_share", "distinct"),
        (_with_axes("fed_absorption_share = [nan]"), "axes.fed_absorption_share[0]", "finite"),
        (_with_axes("share_of_holdings = [0.5]\namount_usd_bn = [100.0]"), "axes", "at most one sale-size"),
        (_with_axes("speed = [1]"), "axes.speed", "Extra inputs"),
        (_with_axes("pace_months = 12"), "axes.pace_months", "valid list"),
        ('name = "g"\ntitle = "t"\n', "base", "Field required"),
        ('name = "Bad Name"\ntitle = "t"\nbase = "x"\n', "name", "pattern"),
        ('name = "g"\ntitle = "t"\nbase = "japan-full-dump"\ndraws = 0\n', "draws", "greater than or equal"),
    ],
)
def test_grid_file_errors_name_the_field(text: str, field: str, fragment: str) -> None:
    with pytest.raises(grid.GridError) as info:
        grid.parse_grid_spec(text, source="bad.toml")
    assert info.value.field == field
    assert f": {field}: " in str(info.value)
    assert fragment in str(info.value)
    assert isinstance(info.value, ScenarioError) and isinstance(info.value, ValueError)  # CLI: exit 2


def test_grid_file_that_is_not_toml_is_named() -> None:
    with pytest.raises(grid.GridError, match=r"bad\.toml: not valid TOML"):
        grid.parse_grid_spec("name = ", source="bad.toml")


@pytest.mark.parametrize(
    ("text", "field", "fragment"),
    [
        # a 150-month sale does not end within the base's 120-month horizon
        (_with_axes("pace_months = [12, 150]"), "axes.pace_months[1]", "120-month horizon"),
        # a pure rate shock has no sale to vary
        (
            _with_axes("pace_months = [12]", 'name = "g"\ntitle = "t"\nbase = "rates-plus-100bp"\n'),
            "base",
            "[sale]",
        ),
        # 101 × 100 cells
        (
            _with_axes(
                f"amount_usd_bn = {list(map(float, range(101)))}\npace_months = {list(range(1, 101))}"
            ),
            "axes",
            "more than 10,000",
        ),
    ],
)
def test_grid_checked_against_its_base_names_the_field(text: str, field: str, fragment: str) -> None:
    with pytest.raises(grid.GridError) as info:
        _grid(text)
    assert info.value.field == field
    assert fragment in str(info.value)


def test_unknown_base_and_unknown_grid_are_named(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text('name = "g"\ntitle = "t"\nbase = "no-such-scenario"\n', encoding="utf-8")
    with pytest.raises(grid.GridError) as info:
        grid.load_grid(path)
    assert info.value.field == "base" and "no-such-scenario" in str(info.value)
    with pytest.raises(grid.GridError, match="no bundled grid 'nope'"):
        grid.resolve_grid("nope")
    with pytest.raises(grid.GridError, match="cannot read"):
        grid.resolve_grid(str(tmp_path / "missing.toml"))


def test_base_with_an_unknown_seller_names_the_scenario_field(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text(
        'name = "b"\ntitle = "t"\n[sale]\nseller = "Atlantis"\namount_usd_bn = 10.0\n', encoding="utf-8"
    )
    (tmp_path / "g.toml").write_text('name = "g"\ntitle = "t"\nbase = "base.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        grid.load_grid(tmp_path / "g.toml", known_sellers=JAPAN_SELLERS)
    assert info.value.field == "sale.seller" and "Atlantis" in str(info.value)


def test_base_file_is_found_beside_the_grid_file(tmp_path: Path) -> None:
    (tmp_path / "base.toml").write_text(
        'name = "b"\ntitle = "t"\nseed = 3\n[sale]\nseller = "Japan"\namount_usd_bn = 10.0\n'
        "pace_months = 4\n",
        encoding="utf-8",
    )
    (tmp_path / "g.toml").write_text(
        'name = "g"\ntitle = "t"\nbase = "base.toml"\n[axes]\namount_usd_bn = [10.0, 20.0]\n',
        encoding="utf-8",
    )
    loaded = grid.load_grid(tmp_path / "g.toml", known_sellers=JAPAN_SELLERS)
    assert loaded.base.name == "b" and loaded.seed == 3  # no grid seed: the base's
    assert loaded.shape == (2, 1, 1)


def test_bundled_japan_grid_is_three_sizes_by_three_paces_by_two_fed_responses() -> None:
    loaded = grid.resolve_grid("japan-grid", known_sellers=JAPAN_SELLERS)
    cells = grid.expand_grid(loaded)
    assert loaded.shape == (3, 3, 2) and len(cells) == 18
    assert {(c.size, c.pace_months, c.fed_absorption_share) for c in cells} == {
        (s, p, f) for s in (0.25, 0.5, 1.0) for p in (6, 12, 36) for f in (0.0, 0.5)
    }


# --- cells ------------------------------------------------------------------------------------------


def test_cells_are_validated_scenarios_derived_from_the_base() -> None:
    g = _grid()
    cells = grid.expand_grid(g)
    assert [c.index for c in cells] == [(i, j, k) for i in range(2) for j in range(2) for k in range(2)]
    base = g.base
    for c in cells:
        sc = c.scenario
        assert sc.sale is not None and base.sale is not None
        assert (sc.sale.share_of_holdings, sc.sale.pace_months, sc.fed.absorption_share) == (
            c.size,
            c.pace_months,
            c.fed_absorption_share,
        )
        assert sc.name == f"test-grid-{c.index[0]}-{c.index[1]}-{c.index[2]}"
        assert (sc.draws, sc.seed, sc.label) == (64, c.seed, None)
        # everything else is the base's
        assert sc.sale.seller == base.sale.seller and sc.sale.shape == base.sale.shape
        assert (sc.horizon_months, sc.persistence, sc.baseline) == (
            base.horizon_months,
            base.persistence,
            base.baseline,
        )
        # a cell is a complete scenario: its JSON validates back to itself
        assert Scenario.model_validate_json(sc.to_json()) == sc


def test_amount_axis_replaces_the_bases_share_and_draws_precedence() -> None:
    g = _grid(
        _with_axes("amount_usd_bn = [60.0, 120.0]", 'name = "g"\ntitle = "t"\nbase = "japan-full-dump"\n')
    )
    cells = grid.expand_grid(g)
    for c in cells:
        assert c.scenario.sale is not None
        assert (c.scenario.sale.amount_usd_bn, c.scenario.sale.share_of_holdings) == (c.size, None)
        assert c.size_field == "amount_usd_bn" and c.scenario.draws == g.base.draws  # no grid draws: base's
    assert {c.scenario.draws for c in grid.expand_grid(_grid(), draws=9)} == {9}  # argument over grid
    with pytest.raises(grid.GridError, match="draws"):
        grid.expand_grid(g, draws=0)


def test_cell_seeds_follow_the_seedsequence_recipe() -> None:
    key = grid.cell_key("share_of_holdings", 0.5, 12, 0.0)
    assert key == "sale.share_of_holdings=0.5;sale.pace_months=12;fed.absorption_share=0.0"
    # an independent reimplementation of the documented recipe
    import hashlib

    digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
    words = [int.from_bytes(digest[i : i + 4], "little") for i in (0, 4, 8, 12)]
    expected = int(np.random.SeedSequence(7, spawn_key=words).generate_state(1, np.uint64)[0]) // 2
    assert grid.cell_seed(7, key) == expected
    with pytest.raises(ValueError, match="non-negative"):
        grid.cell_seed(-1, key)


def test_cell_seeds_are_deterministic_distinct_and_keyed_by_coordinates() -> None:
    cells = grid.expand_grid(_grid())
    seeds = [c.seed for c in cells]
    assert seeds == [c.seed for c in grid.expand_grid(_grid())]  # deterministic
    assert len(set(seeds)) == len(seeds)  # distinct
    assert all(0 <= s < 2**63 for s in seeds)  # fits proj.grid.seed (bigint)
    # keyed by coordinates, not position: reversing an axis and adding a value elsewhere change no seed
    bigger = SMALL_GRID.replace("[0.5, 1.0]", "[1.0, 0.25, 0.5]").replace("[6, 24]", "[24, 6, 36]")
    by_key = {c.key: c.seed for c in grid.expand_grid(_grid(bigger))}
    assert all(by_key[c.key] == c.seed for c in cells)
    # another grid seed gives other seeds
    other = {c.seed for c in grid.expand_grid(_grid(SMALL_GRID.replace("seed = 7", "seed = 8")))}
    assert not other & set(seeds)


# --- projected cells ----------------------------------------------------------------------------------


@pytest.fixture
def cell_inputs(projected_warehouse: Path) -> grid.CellInputs:
    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        inputs = proj_store.read_inputs(con)
    setup = build_setup(load_baseline("cbo-2025-01"), inputs.yields_monthly)
    return grid.CellInputs(inputs.impact, setup, inputs.holdings)


def test_project_cell_is_the_engines_projection_of_the_cell(cell_inputs: grid.CellInputs) -> None:
    cell = grid.expand_grid(_grid())[5]
    result = grid.project_cell(cell, cell_inputs, run_id="r")
    direct = project(
        cell.scenario, cell_inputs.impact, cell_inputs.setup, cell_inputs.holdings, run_id="r", seed=cell.seed
    )
    assert result.headline == direct.headline
    assert result.cell is cell


def test_grid_cells_move_the_right_way(cell_inputs: grid.CellInputs) -> None:
    text = _with_axes("share_of_holdings = [0.25, 0.5, 1.0]\nfed_absorption_share = [0.0, 0.5, 1.0]")
    results = {
        (c.size, c.fed_absorption_share): grid.project_cell(c, cell_inputs, run_id="r").headline
        for c in grid.expand_grid(_grid(text), draws=16)
    }
    for fed in (0.0, 0.5):  # point estimates: bigger sales push the 10-year higher and cost more
        peaks = [results[(s, fed)].peak_10y_bp for s in (0.25, 0.5, 1.0)]
        costs = [results[(s, fed)].ten_year_extra_interest_usd_bn for s in (0.25, 0.5, 1.0)]
        assert peaks == sorted(peaks) and peaks[0] > 0
        assert costs == sorted(costs) and costs[0] > 0
        # linear in the amount sold: twice the sale, twice the peak
        assert_allclose(peaks[2], 2 * peaks[1], rtol=1e-9)
    for size in (0.25, 0.5, 1.0):
        assert results[(size, 0.5)].peak_10y_bp == pytest.approx(
            results[(size, 0.0)].peak_10y_bp / 2, rel=1e-9
        )
        # the Fed absorbing the whole sale leaves yields and the Treasury's interest bill unchanged
        full = results[(size, 1.0)]
        assert full.peak_10y_bp == pytest.approx(0.0, abs=1e-9)
        assert full.ten_year_extra_interest_usd_bn == pytest.approx(0.0, abs=1e-6)


# --- proj.grid ----------------------------------------------------------------------------------------


def _fake_results(g: grid.Grid, cell_inputs: grid.CellInputs) -> list[grid.CellResult]:
    return [grid.project_cell(c, cell_inputs, run_id="r") for c in grid.expand_grid(g, draws=8)]


def test_proj_grid_rows_round_trip_and_keys_hold(cell_inputs: grid.CellInputs) -> None:
    g = _grid()
    results = _fake_results(g, cell_inputs)
    frame = grid.grid_frame("r1", g, results)
    con = duckdb.connect(":memory:")
    schema.apply_sql(con)
    grid.store_grid(con, frame)
    stored = con.execute("select * from proj.grid order by sale_index, pace_index, fed_index").df()
    assert list(stored.columns) == list(grid.GRID_COLUMNS)
    assert len(stored) == 8 and stored["cell"].is_unique
    assert_allclose(stored["peak_10y_bp_p50"], [r.headline.peak_10y_bp_p50 for r in results], rtol=0, atol=0)
    assert stored["seed"].tolist() == [r.cell.seed for r in results]
    assert json.loads(stored["spec_json"][3])["seed"] == results[3].cell.seed
    with pytest.raises(duckdb.ConstraintException, match=r"[Dd]uplicate key"):
        grid.store_grid(con, frame)  # the same run twice
    bad = grid.grid_frame("r2", g, results).assign(peak_10y_bp_p5=1e9)
    with pytest.raises(duckdb.ConstraintException, match="CHECK"):
        grid.store_grid(con, bad)
    assert con.execute("select count(*) from proj.grid").fetchone() == (8,)  # nothing half-written
    with pytest.raises(ValueError, match="columns"):
        grid.store_grid(con, frame.drop(columns=["warnings"]))


def test_worker_environment_mismatches_are_described() -> None:
    here = grid.environment()
    assert set(here) == {"selloff", "numpy", "python"}
    workers = {"tcp://b:1": dict(here), "tcp://a:1": {**here, "numpy": "1.0.0"}}
    assert grid.environment_mismatches(here, workers) == [f"tcp://a:1: numpy 1.0.0 (here {here['numpy']})"]


# --- the flow: single process vs a real Dask cluster -------------------------------------------------------


@pytest.fixture
def grid_file(tmp_path: Path) -> Path:
    path = tmp_path / "test-grid.toml"
    path.write_text(SMALL_GRID, encoding="utf-8")
    return path


def _stored_grid(path: Path, run_id: str) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select * from proj.grid where run_id = ? order by cell", [run_id]).df()


def _assert_same_numbers(local: pd.DataFrame, other: pd.DataFrame) -> float:
    """Every headline number of every cell equal to 1e-12; returns the largest absolute difference."""
    assert other["cell"].tolist() == local["cell"].tolist()
    assert other["seed"].tolist() == local["seed"].tolist()
    assert other["last_fy"].tolist() == local["last_fy"].tolist()
    assert other["warnings"].map(list).tolist() == local["warnings"].map(list).tolist()
    numbers = list(grid.HEADLINE_NUMBERS)
    a, b = local[numbers].to_numpy(dtype=float), other[numbers].to_numpy(dtype=float)
    assert_allclose(b, a, rtol=0, atol=1e-12)
    return float(np.nanmax(np.abs(b - a)))


def _task_runs(flow_run_id: str) -> list[Any]:
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))


@pytest.mark.slow
def test_grid_on_a_local_dask_cluster_equals_the_single_process_run(
    projected_warehouse: Path, grid_file: Path, prefect_server: PrefectServer
) -> None:
    from distributed import LocalCluster

    from flows.grid import LOCAL_PROCESS, grid_flow

    local = grid_flow(str(grid_file), dask_address=LOCAL_PROCESS, warehouse=str(projected_warehouse))
    assert local["executor"] == LOCAL_PROCESS
    assert local["workers"] == [f"{socket.gethostname()}:{os.getpid()}"]
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
    ) as cluster:
        remote = grid_flow(
            str(grid_file), dask_address=cluster.scheduler_address, warehouse=str(projected_warehouse)
        )
        worker_pids = _worker_pids(cluster)
    assert remote["executor"].startswith(f"dask {cluster.scheduler_address} (2 workers")
    # every cell ran in a worker process, none in this one
    ran_in = {int(w.rsplit(":", 1)[1]) for w in remote["workers"]}
    assert ran_in and ran_in <= worker_pids and os.getpid() not in ran_in

    local_rows = _stored_grid(projected_warehouse, local["run_id"])
    remote_rows = _stored_grid(projected_warehouse, remote["run_id"])
    assert len(local_rows) == 8
    _assert_same_numbers(local_rows, remote_rows)
    # the summaries carry the same numbers as the stored rows
    assert [c["peak_10y_bp_p95"] for c in remote["cells"]] == [c["peak_10y_bp_p95"] for c in local["cells"]]

    with duckdb.connect(str(projected_warehouse), read_only=True) as con:
        runs = con.execute(
            "select run_id, status, parent_run_ids, settings from meta.runs where run_id in (?, ?)",
            [local["run_id"], remote["run_id"]],
        ).fetchall()
    assert {r[1] for r in runs} == {"ok"}
    assert all(r[2] == [local["calibration_run_id"]] for r in runs)
    assert {json.loads(r[3])["grid"] for r in runs} == {"test-grid"}
    # the workers reported their task runs to this test's Prefect server
    cell_runs = [t for t in _task_runs(remote["flow_run_id"]) if t.name.startswith("project-test-grid-")]
    assert len(cell_runs) == 8 and {t.state_type.value for t in cell_runs} == {"COMPLETED"}


def _worker_pids(cluster: Any) -> set[int]:
    from distributed import Client

    with Client(cluster) as client:
        return set(client.run(os.getpid).values())


@pytest.mark.slow
def test_grid_on_a_temporary_local_cluster_equals_the_single_process_run(
    projected_warehouse: Path, grid_file: Path, prefect_server: PrefectServer
) -> None:
    from flows.grid import LOCAL_PROCESS, grid_flow

    local = grid_flow(
        str(grid_file), dask_address=LOCAL_PROCESS, draws=16, warehouse=str(projected_warehouse)
    )
    temporary = grid_flow(str(grid_file), draws=16, warehouse=str(projected_warehouse))
    assert temporary["executor"].startswith("dask LocalCluster (")
    assert os.getpid() not in {int(w.rsplit(":", 1)[1]) for w in temporary["workers"]}
    local_rows = _stored_grid(projected_warehouse, local["run_id"])
    assert set(local_rows["draws"]) == {16}
    _assert_same_numbers(local_rows, _stored_grid(projected_warehouse, temporary["run_id"]))


def test_unreachable_scheduler_is_bad_input_and_writes_nothing(
    projected_warehouse: Path, grid_file: Path, prefect_server: PrefectServer
) -> None:
    from flows.grid import grid_flow

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    before = table_counts(projected_warehouse)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), pytest.raises(BadInputError) as info:
        grid_flow(str(grid_file), dask_address=address, warehouse=str(projected_warehouse))
    assert address in str(info.value)
    assert table_counts(projected_warehouse) == before


def test_bad_grid_fails_before_anything_is_recorded(
    projected_warehouse: Path, tmp_path: Path, prefect_server: PrefectServer
) -> None:
    from flows.grid import LOCAL_PROCESS, grid_flow

    bad = tmp_path / "bad.toml"
    bad.write_text(_with_axes("pace_months = [12, 150]"), encoding="utf-8")
    before = table_counts(projected_warehouse)
    with pytest.raises(grid.GridError, match=r"axes\.pace_months\[1\]"):
        grid_flow(str(bad), dask_address=LOCAL_PROCESS, warehouse=str(projected_warehouse))
    with pytest.raises(BadInputError, match="empty"):
        grid_flow(str(bad), dask_address=" ", warehouse=str(projected_warehouse))
    assert table_counts(projected_warehouse) == before
