"""Storing a calibration in calib.* and reading the price impact back (real snapshot warehouse)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from selloff.calibration import store as calib_store
from selloff.calibration.calibrate import calibrate, price_impact
from selloff.calibration.config import CalibrationConfig
from selloff.calibration.results import CalibrationResult
from selloff.tenors import TENORS
from selloff.warehouse import runs, schema
from selloff.warehouse.errors import WarehouseError
from tests.calib_helpers import master_warehouse, private_copy

CONFIG = CalibrationConfig(n_draws=300)


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> CalibrationResult:
    with duckdb.connect(str(master_warehouse(tmp_path_factory)), read_only=True) as con:
        return calibrate(calib_store.read_panels(con), calib_store.load_prior(), CONFIG)


@pytest.fixture
def con(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(private_copy(master_warehouse(tmp_path_factory), tmp_path)))
    yield connection
    connection.close()


def _record_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, finished: datetime) -> None:
    runs.start_run(
        con,
        run_id=run_id,
        kind="calibrate",
        source=None,
        started_at=finished - timedelta(seconds=5),
        settings={},
        package_version="test",
    )
    runs.finish_run(con, run_id=run_id, status=status, finished_at=finished)  # type: ignore[arg-type]


def test_store_writes_every_table_and_the_contract_values(
    con: duckdb.DuckDBPyConnection, result: CalibrationResult
) -> None:
    calib_store.store_calibration(con, result, "calibrate-a")
    for table in calib_store.CALIB_TABLES:
        n = con.execute(f"select count(*) from {table} where run_id = 'calibrate-a'").fetchone()
        assert n is not None
        assert n[0] > 0, table
    params = con.execute("select * from calib.parameters where run_id = 'calibrate-a'").df()
    contract = ["run_id", "tenor", "term", "estimate", "std_error", "ci_low", "ci_high", "units", "method"]
    assert contract == list(params.columns[: len(contract)])
    main = params[params.term.isin(["impact", "long_run"])]
    assert set(main.tenor) == set(TENORS)
    assert set(main.units) == {"bp per $100bn", "bp per 1% of GDP"}
    assert set(main.method) == {"data", "prior", "blend"}
    assert len(main) == len(TENORS) * 2 * 2 * 3
    # bp per $100bn = bp per 1% of GDP x 100 x 100 / GDP, at the stored reference GDP
    gdp = con.execute(
        "select reference_gdp_usd_bn from calib.calibrations where run_id = 'calibrate-a'"
    ).fetchone()
    assert gdp is not None
    wide = main.pivot_table(index=["tenor", "term", "method"], columns="units", values="estimate")
    assert_allclose(wide["bp per $100bn"], wide["bp per 1% of GDP"] * 1e4 / gdp[0], rtol=1e-12)
    blend = main[main.method == "blend"]
    assert blend.blend_weight.between(0, 1).all()
    assert (main[main.method == "data"].blend_weight == 1).all()
    assert (main[main.method == "prior"].blend_weight == 0).all()
    assert (main.ci_low <= main.estimate).all()
    assert (main.estimate <= main.ci_high).all()


def test_storing_the_same_run_twice_replaces_it(
    con: duckdb.DuckDBPyConnection, result: CalibrationResult
) -> None:
    calib_store.store_calibration(con, result, "calibrate-a")
    counts = {t: con.execute(f"select count(*) from {t}").fetchone() for t in calib_store.CALIB_TABLES}
    calib_store.store_calibration(con, result, "calibrate-a")
    assert counts == {
        t: con.execute(f"select count(*) from {t}").fetchone() for t in calib_store.CALIB_TABLES
    }


def test_price_impact_round_trips_through_the_warehouse(
    con: duckdb.DuckDBPyConnection, result: CalibrationResult
) -> None:
    calib_store.store_calibration(con, result, "calibrate-a")
    _record_run(con, "calibrate-a", "ok", datetime(2026, 11, 30, 12, tzinfo=UTC))
    for method in ("blend", "prior"):
        stored = calib_store.load_price_impact(con, method=method)
        direct = price_impact(result, method, "calibrate-a")
        assert stored.calibration_run_id == "calibrate-a"
        assert stored.method == method
        assert_allclose(stored.irf_bp_per_pct_gdp, direct.irf_bp_per_pct_gdp, rtol=1e-12)
        assert_allclose(stored.long_run_bp_per_pct_gdp, direct.long_run_bp_per_pct_gdp, rtol=1e-12)
        assert_allclose(stored.point_irf_bp_per_pct_gdp, direct.point_irf_bp_per_pct_gdp, rtol=1e-12)
        assert_allclose(
            stored.point_long_run_bp_per_pct_gdp, direct.point_long_run_bp_per_pct_gdp, rtol=1e-12
        )
        assert stored.reference_gdp_usd_bn == direct.reference_gdp_usd_bn
        assert stored.largest_sale_pct_gdp == direct.largest_sale_pct_gdp
        assert stored.notes == direct.notes


def test_latest_successful_run_is_loaded_and_failed_runs_are_skipped(
    con: duckdb.DuckDBPyConnection, result: CalibrationResult
) -> None:
    with pytest.raises(ValueError, match="no successful calibration"):
        calib_store.load_price_impact(con)
    t0 = datetime(2026, 11, 30, 12, tzinfo=UTC)
    for run_id, status, finished in (
        ("calibrate-old", "ok", t0),
        ("calibrate-new", "ok", t0 + timedelta(hours=1)),
        ("calibrate-broken", "failed", t0 + timedelta(hours=2)),
    ):
        calib_store.store_calibration(con, result, run_id)
        _record_run(con, run_id, status, finished)
    assert calib_store.latest_calibration_run_id(con) == "calibrate-new"
    assert calib_store.load_price_impact(con).calibration_run_id == "calibrate-new"
    assert calib_store.load_price_impact(con, run_id="calibrate-old").calibration_run_id == "calibrate-old"
    assert set(calib_store.read_parameters(con).run_id) == {"calibrate-new"}


def test_data_method_is_refused_with_the_reason(
    con: duckdb.DuckDBPyConnection, result: CalibrationResult
) -> None:
    assert not result.data_method_allowed  # the snapshot's sign depends on D (see test_calibrate)
    calib_store.store_calibration(con, result, "calibrate-a")
    _record_run(con, "calibrate-a", "ok", datetime(2026, 11, 30, 12, tzinfo=UTC))
    with pytest.raises(ValueError, match="--method data refused for calibration calibrate-a") as info:
        calib_store.load_price_impact(con, method="data")
    # the fix first, then why
    assert "`selloff calibrate --method prior`" in str(info.value)
    assert "Why: over plausible D" in str(info.value)


def test_draws_are_joint_across_tenors(con: duckdb.DuckDBPyConnection, result: CalibrationResult) -> None:
    calib_store.store_calibration(con, result, "calibrate-a")
    rows = con.execute(
        "select tenor, list_extract(irf_bp_per_pct_gdp, 1) as impact from calib.draws "
        "where run_id = 'calibrate-a' and method = 'blend' order by draw"
    ).df()
    wide = pd.DataFrame({t: rows[rows.tenor == t].impact.to_numpy() for t in TENORS})
    assert len(wide) == CONFIG.n_draws
    assert np.corrcoef(wide["5y"], wide["10y"])[0, 1] > 0.3
    cov = con.execute(
        "select correlation from calib.covariance where run_id = 'calibrate-a' and method = 'blend' "
        "and tenor_a = '5y' and term_a = 'impact' and tenor_b = '10y' and term_b = 'impact'"
    ).fetchone()
    assert cov is not None
    assert cov[0] == pytest.approx(np.corrcoef(wide["5y"], wide["10y"])[0, 1], rel=1e-9)


def test_same_warehouse_same_numbers(con: duckdb.DuckDBPyConnection) -> None:
    frames = []
    for run_id in ("calibrate-1", "calibrate-2"):
        res = calibrate(calib_store.read_panels(con), calib_store.load_prior(), CONFIG)
        calib_store.store_calibration(con, res, run_id)
        frames.append(
            con.execute(
                "select * exclude (run_id) from calib.parameters where run_id = ? order by all", [run_id]
            ).df()
        )
    pd.testing.assert_frame_equal(frames[0], frames[1])
    draws = con.execute(
        "select count(*) from calib.draws as a join calib.draws as b using (method, draw, tenor) "
        "where a.run_id = 'calibrate-1' and b.run_id = 'calibrate-2' "
        "and a.irf_bp_per_pct_gdp = b.irf_bp_per_pct_gdp"
    ).fetchone()
    assert draws is not None
    assert draws[0] == 3 * CONFIG.n_draws * len(TENORS)


def test_schema_rejects_rows_outside_the_contract() -> None:
    con = duckdb.connect()
    schema.apply_sql(con)
    good = (
        "insert into calib.parameters (run_id, tenor, term, estimate, std_error, ci_low, ci_high, units, "
        "method, ci_level, estimable) "
        "values ('r', '10y', 'impact', 1, 1, 0, 2, 'bp per $100bn', 'blend', 0.9, true)"
    )
    con.execute(good)
    bad_rows = [
        good.replace("'blend'", "'ols'"),  # method outside data/prior/blend
        good.replace("'10y'", "'7y'"),  # tenor outside the vocabulary
        good.replace("'bp per $100bn'", "'quarters'"),  # units that do not go with the term
        good.replace("1, 1, 0, 2", "5, 1, 0, 2"),  # estimate outside its interval
        good.replace("'impact'", "'long_run'").replace(
            "1, 1, 0, 2", "null, null, null, null"
        ),  # estimable but null
    ]
    for statement in bad_rows:
        with pytest.raises(duckdb.ConstraintException):
            con.execute(statement)
    with pytest.raises(duckdb.ConstraintException):
        con.execute(good)  # the key (run_id, tenor, term, units, method)
    con.close()


def test_read_panels_explains_a_warehouse_without_the_panels() -> None:
    con = duckdb.connect()
    with pytest.raises(ValueError, match="no calibration panels"):
        calib_store.read_panels(con)
    con.close()


def test_load_prior_rejects_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "prior.toml"
    path.write_text("half_life_quarters = [", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid TOML"):
        calib_store.load_prior(path)
    default = calib_store.load_prior()
    assert default.get("10y", "long_run").sources


def test_the_parent_refresh_run_is_found(con: duckdb.DuckDBPyConnection) -> None:
    refresh = con.execute("select run_id from meta.runs where kind = 'refresh'").fetchall()
    assert len(refresh) == 1
    assert calib_store.latest_refresh_run_id(con) == refresh[0][0]
    assert calib_store.latest_refresh_run_id(duckdb_with_empty_runs()) is None


def duckdb_with_empty_runs() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    schema.apply_sql(con)
    return con


def test_storing_into_a_warehouse_without_the_calib_tables_says_what_to_do(
    result: CalibrationResult,
) -> None:
    con = duckdb.connect()
    con.execute("create schema calib")
    with pytest.raises(WarehouseError, match=r"lacks calib\.calibrations.*staged"):
        calib_store.store_calibration(con, result, "calibrate-a")
    con.close()
